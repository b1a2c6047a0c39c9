"""A text's stance towards each alliance it names, from cue words (cues.yaml) in the sentences that
name the alliance, and in the next sentence when it goes on about it ("It …", "该机制…").

Counting: each cue counts once in each such sentence; cues inside an alliance's name (合作 in
人工智能全球合作伙伴组织, "Control" in Missile Technology Control Regime) do not count. A
negated cue (not restrict, 不会限制, 未列入) is dropped, except a negated relaxing cue (will not
lift), which counts as restrictive. A relaxing cue governs the restriction it names: "lifted
sanctions", 放宽出口管制 count once, as relaxing.

Decision: restrictive and relaxing cues both speak of the blockade side (relaxing is about
restrictions), cooperative cues of the cooperation side. Stance = blockade when restrictive +
relaxing > cooperative, cooperation when cooperative is larger, mixed on a tie above zero,
neutral with no cue. Direction = relaxing when relaxing cues outnumber restrictive ones, else
restrictive for a blockade stance and cooperative for a cooperation stance (none for mixed and
neutral).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from techbloc.documents.model import Mention, Stance
from techbloc.documents.tagging.sentences import Sentences
from techbloc.documents.tagging.trie import trie_pattern

CueKind = Literal["restrictive", "cooperative", "relaxing"]
KINDS: tuple[CueKind, ...] = ("restrictive", "cooperative", "relaxing")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_CLAUSE = re.compile(r"[,;:，；：。!?！？()（）\n]")
_WORDS = re.compile(r"[A-Za-z']+")


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    start: int
    end: int


class StanceCues:
    """The cue lists compiled: one pattern per language, the longest cue first."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._kinds: list[CueKind] = []
        english: list[tuple[int, str, CueKind]] = []
        self._zh_kind: dict[str, CueKind] = {}
        for kind in KINDS:
            english += [(len(cue), _cue_regex(cue), kind) for cue in data[kind]["en"]]
            self._zh_kind.update({cue: kind for cue in data[kind]["zh"]})
        self._en = self._compile(english, r"(?<![A-Za-z0-9])(?:{})(?![A-Za-z0-9])", re.IGNORECASE)
        self._en_kinds = list(self._kinds)
        literals = [([re.escape(ch) for ch in cue], "") for cue in self._zh_kind]
        self._zh = re.compile(trie_pattern(literals))  # Chinese cues are literals: one trie
        self._governs = data["relaxing_governs_within"]
        neg = data["negators"]
        negators: list[str] = sorted(neg["en"], key=len, reverse=True)
        self._en_negator = re.compile(
            "|".join(
                (r"(?<![A-Za-z])" if w[0].isalpha() else "") + re.escape(w) + r"(?![A-Za-z])"
                for w in negators
            ),
            re.IGNORECASE,
        )
        self._en_not_negating = tuple(neg["en_not_negating"])
        self._zh_adjacent = tuple(neg["zh_adjacent"])
        self._zh_near = tuple(neg["zh_near"])
        starts = data["continuation_starts"]
        self._continues = re.compile(
            "(?:"
            + "|".join(re.escape(s) + r"(?![A-Za-z])" for s in starts["en"])
            + "|"
            + "|".join(re.escape(s) for s in starts["zh"])
            + ")"
        )

    def _compile(
        self, alternatives: list[tuple[int, str, CueKind]], frame: str, flags: int = 0
    ) -> re.Pattern[str]:
        alternatives.sort(key=lambda a: -a[0])
        self._kinds = [kind for _, _, kind in alternatives]
        body = "|".join(f"({regex})" for _, regex, _ in alternatives)
        return re.compile(frame.format(body), flags)

    def continues(self, sentence: str) -> bool:
        """Does this sentence go on about what the sentence before named?"""
        return self._continues.match(sentence) is not None

    def cues(self, text: str, start: int, end: int, masked: Sequence[tuple[int, int]]) -> list[Cue]:
        """Counted cues of ``text[start:end]``: negation and governing applied, masked spans out."""
        raw: list[tuple[CueKind, int, int, bool]] = []
        found: list[tuple[re.Match[str], CueKind]] = []
        if _LATIN.search(text, start, end):
            kinds = self._en_kinds
            found += [
                (m, kinds[(m.lastindex or 1) - 1]) for m in self._en.finditer(text, start, end)
            ]
        if _HAN.search(text, start, end):
            found += [(m, self._zh_kind[m[0]]) for m in self._zh.finditer(text, start, end)]
        for m, kind in found:
            if any(a < m.end() and m.start() < b for a, b in masked):
                continue
            raw.append((kind, m.start(), m.end(), self._negated(text, start, m.start())))
        relaxing = [(a, b) for kind, a, b, _ in raw if kind == "relaxing"]
        counted = []
        for kind, a, b, negated in raw:
            if kind == "restrictive" and any(self._governed(text, a, b, r) for r in relaxing):
                continue
            if negated:
                if kind != "relaxing":
                    continue
                kind = "restrictive"
            counted.append(Cue(kind, a, b))
        return sorted(counted, key=lambda c: c.start)

    def _negated(self, text: str, floor: int, at: int) -> bool:
        before = text[max(floor, at - 40) : at]
        clause = _CLAUSE.split(before)[-1]
        if _HAN.search(text[at : at + 1]):
            return clause.endswith(self._zh_adjacent) or any(
                n in clause[-6:] for n in self._zh_near
            )
        tail = " ".join(_WORDS.findall(clause)[-3:])
        found = self._en_negator.search(tail)
        if found is None:
            return False
        rest = (tail[found.start() :] + " " + text[at : at + 12]).lower()
        return not rest.startswith(self._en_not_negating)

    def _governed(self, text: str, a: int, b: int, relaxing: tuple[int, int]) -> bool:
        lo, hi = (b, relaxing[0]) if b <= relaxing[0] else (relaxing[1], a)
        if lo > hi:
            return False
        window = self._governs["zh" if _HAN.search(text[a:b]) else "en"]
        return hi - lo <= window and not _CLAUSE.search(text, lo, hi)


@lru_cache(maxsize=1)
def load_cues() -> StanceCues:
    text = resources.files(__package__).joinpath("cues.yaml").read_text(encoding="utf-8")
    return StanceCues(yaml.safe_load(text))


def _cue_regex(cue: str) -> str:
    wild = cue.endswith("*")
    words = cue.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    return body + (r"[A-Za-z]*" if wild else "")


def stances(
    text: str,
    sentences: Sentences,
    mentions: Iterable[Mention],
    cues: StanceCues | None = None,
) -> list[Stance]:
    """The stance towards every alliance mentioned, in order of first mention."""
    cues = cues or load_cues()
    alliance_mentions = [m for m in mentions if m.type == "alliance"]
    masked: dict[int, list[tuple[int, int]]] = {}  # sentence -> spans of alliance names in it
    for m in alliance_mentions:
        masked.setdefault(sentences.index_of(m.start), []).append((m.start, m.end))
    where: dict[str, list[int]] = {}
    for m in alliance_mentions:
        index = sentences.index_of(m.start)
        found = where.setdefault(m.key, [])
        for i in (index, index + 1):
            if i == index + 1 and (
                i >= len(sentences) or not cues.continues(sentences.sentence(i))
            ):
                continue
            if i not in found:
                found.append(i)
    counted: dict[int, list[Cue]] = {}
    result = []
    for alliance_id, indices in where.items():
        totals = {kind: 0 for kind in KINDS}
        per_sentence = []
        for i in indices:
            if i not in counted:
                a, b = sentences.span(i)
                counted[i] = cues.cues(text, a, b, masked.get(i, []))
            tally = {kind: sum(c.kind == kind for c in counted[i]) for kind in KINDS}
            per_sentence.append((i, tally))
            for kind in KINDS:
                totals[kind] += tally[kind]
        result.append(_decide(alliance_id, totals, per_sentence, sentences))
    return result


def _decide(
    alliance_id: str,
    totals: dict[CueKind, int],
    per_sentence: list[tuple[int, dict[CueKind, int]]],
    sentences: Sentences,
) -> Stance:
    r, c, x = totals["restrictive"], totals["cooperative"], totals["relaxing"]
    block = r + x
    stance: Literal["blockade", "cooperation", "mixed", "neutral"]
    if block == 0 and c == 0:
        stance = "neutral"
    elif block > c:
        stance = "blockade"
    elif c > block:
        stance = "cooperation"
    else:
        stance = "mixed"
    direction: Literal["restrictive", "cooperative", "relaxing"] | None = None
    if x > r:
        direction = "relaxing"
    elif stance == "blockade":
        direction = "restrictive"
    elif stance == "cooperation":
        direction = "cooperative"
    evidence, evidence_start = None, None
    if stance != "neutral":
        kinds: tuple[CueKind, ...] = (direction,) if direction else KINDS
        best = max(per_sentence, key=lambda item: sum(item[1][k] for k in kinds))
        evidence, evidence_start = sentences.sentence(best[0]), sentences.starts[best[0]]
    return Stance(alliance_id, stance, direction, r, c, x, evidence, evidence_start)
