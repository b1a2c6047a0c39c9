"""The document tagger: mentions with spans and evidence, stances, event dates (docs/methodology.md,
"Documents: tagging"). Build it once (``from_kb`` or ``from_store``) and reuse it for every text."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import duckdb

from techbloc.documents.model import Block, Mention, TagResult
from techbloc.documents.tagging.dates import event_dates
from techbloc.documents.tagging.entries import Entry
from techbloc.documents.tagging.gazetteer import Candidate, Gazetteer, resolve
from techbloc.documents.tagging.rules import Rules, load_rules
from techbloc.documents.tagging.sentences import Sentences, split_sentences
from techbloc.documents.tagging.stance import StanceCues, load_cues, stances
from techbloc.documents.tagging.textprep import matching_text
from techbloc.documents.tagging.vocabulary import (
    Vocabulary,
    vocabulary_from_kb,
    vocabulary_from_store,
)
from techbloc.kb.loader import KnowledgeBase, load_kb

TAGGER_VERSION = "gazetteer-1"


class DocumentTagger:
    """Tags texts with the concepts of one knowledge base."""

    version = TAGGER_VERSION

    def __init__(
        self, vocabulary: Vocabulary, rules: Rules | None = None, cues: StanceCues | None = None
    ) -> None:
        self.vocabulary = vocabulary
        self.rules = rules or load_rules()
        self.cues = cues or load_cues()
        self.gazetteer = Gazetteer(vocabulary, self.rules)

    @classmethod
    def from_kb(cls, kb: KnowledgeBase | None = None) -> DocumentTagger:
        return cls(vocabulary_from_kb(kb or load_kb()))

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> DocumentTagger:
        """From the knowledge-base tables of a store; a read-only connection is enough."""
        return cls(vocabulary_from_store(con))

    def tag(self, text: str, blocks: Sequence[Block] | None = None) -> TagResult:
        prepared = matching_text(text)
        sentences = split_sentences(text)
        candidates = self.gazetteer.find(prepared)
        chosen = resolve(candidates)
        supported = _supported(candidates, chosen)
        if supported is not candidates:
            candidates = supported
            chosen = resolve(candidates)
        mentions = [
            *self._mentions(text, chosen, sentences, blocks),
            *self._mentions(
                text,
                _countries_in_names(self.gazetteer, prepared, chosen, candidates),
                sentences,
                blocks,
                "-in-alliance-name",
            ),
        ]
        mentions.sort(key=lambda m: (m.start, m.end, m.type, m.key))
        return TagResult(
            mentions=mentions,
            stances=stances(prepared, sentences, mentions, self.cues),
            event_dates=event_dates(text, prepared, sentences, blocks),
        )

    def _mentions(
        self,
        text: str,
        chosen: list[Candidate],
        sentences: Sentences,
        blocks: Sequence[Block] | None,
        method_suffix: str = "",
    ) -> list[Mention]:
        starts = [b.start for b in blocks] if blocks else []
        found = []
        for c in chosen:
            seen: set[tuple[str, str]] = set()
            for i, entry in _most_specific(c.entries, self.vocabulary.domain_parents):
                if (entry.type, entry.key) in seen:
                    continue
                seen.add((entry.type, entry.key))
                start, end = c.span_of(i)
                index = sentences.index_of(start)
                block = _block_at(blocks, starts, start)
                found.append(
                    Mention(
                        type=entry.type,
                        key=entry.key,
                        label=entry.label,
                        surface=text[start:end],
                        start=start,
                        end=end,
                        sentence=sentences.sentence(index),
                        sentence_start=sentences.starts[index],
                        method=entry.method + method_suffix,
                        block_index=block.index if block else None,
                        page=block.page if block else None,
                    )
                )
        return found


def _supported(candidates: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """Ambiguous aliases (WA, AG, MSP, 中国委员会) count only when the text also names the alliance
    by another name; the candidates without the unsupported ones (the same list when none)."""
    doubtful = [c for c in chosen if any(e.needs_support for e in c.entries)]
    if not doubtful:
        return candidates
    named = {
        e.key for c in chosen for e in c.entries if e.type == "alliance" and not e.needs_support
    }
    if all(e.key in named for c in doubtful for e in c.entries if e.needs_support):
        return candidates
    kept = []
    for c in candidates:
        if not any(e.needs_support for e in c.entries):
            kept.append(c)
            continue
        entries = tuple(e for e in c.entries if not e.needs_support or e.key in named)
        if entries:
            kept.append(Candidate(c.start, c.end, entries))
    return kept


def _countries_in_names(
    gazetteer: Gazetteer, text: str, chosen: list[Candidate], candidates: list[Candidate]
) -> list[Candidate]:
    """Countries named inside an alliance's name as a pair or list: 美日荷 in 美日荷协议, EU and US
    in EU-US TTC, India in U.S.-India TRUST. A lone country name inside one (Australia in Australia
    Group, London in London Club) is not a mention."""
    found = []
    runs = sorted((c for c in candidates if c.parts), key=lambda c: c.start)
    run_starts = [c.start for c in runs]
    for alliance in chosen:
        if not any(e.type == "alliance" for e in alliance.entries):
            continue
        hyphenated = "-" in text[alliance.start : alliance.end]
        lo = bisect.bisect_left(run_starts, alliance.start)
        hi = bisect.bisect_left(run_starts, alliance.end)
        found += [c for c in runs[lo:hi] if c.end <= alliance.end]
        if not hyphenated:
            continue
        inner = [
            Candidate(c.start, c.end, entries)
            for c in gazetteer.find_within(text, alliance.start, alliance.end)
            if (entries := tuple(e for e in c.entries if e.type == "country" and not e.is_blocker))
        ]
        found += [c for c in inner if _hyphen_joined(inner, c)]
    return found


def _hyphen_joined(candidates: list[Candidate], c: Candidate) -> bool:
    """Another country touches this one across a hyphen (EU-US, U.S.-India)."""
    return any(
        other is not c and (other.start == c.end + 1 or other.end + 1 == c.start)
        for other in candidates
    )


def _most_specific(
    entries: tuple[Entry, ...], parents: dict[str, str | None]
) -> list[tuple[int, Entry]]:
    """A keyword of a domain and of its parent (AI: computing-ai, artificial-intelligence) names the
    child only."""
    if len(entries) == 1:
        return [(0, entries[0])]
    domains = {e.key for e in entries if e.type == "domain"}
    covered = {parents.get(d) for d in domains}
    return [(i, e) for i, e in enumerate(entries) if e.type != "domain" or e.key not in covered]


def _block_at(blocks: Sequence[Block] | None, starts: list[int], offset: int) -> Block | None:
    if not blocks:
        return None
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and blocks[i].start <= offset < blocks[i].end:
        return blocks[i]
    return None
