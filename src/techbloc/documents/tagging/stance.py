"""A text's stance towards each alliance it names, from cue words (cues.yaml) in the sentences that
name the alliance, and in the sentences after them while these go on about it ("It …", "Members …",
"该机制…", "成员国…").

Counting: each cue counts once in each such sentence; cues inside an alliance's name (合作 in
人工智能全球合作伙伴组织, "Control" in Missile Technology Control Regime) do not count. A
negated cue (not restrict, 不会限制, 未列入, will not lift) is not counted. A relaxing cue governs
the restriction it names: "lifted sanctions", 放宽出口管制 count once, as relaxing.

Decision: restrictive cues, and relaxing cues that ease a restriction on others, speak of the
blockade side; cooperative cues, and relaxing cues that ease restrictions among members (a sentence
naming members, partners, allies), of the cooperation side. Stance = blockade or cooperation for the
larger side, mixed on a tie above zero, neutral without cues. Direction = restrictive for a blockade
and cooperative for a cooperation stance, or relaxing when that side's relaxing cues outnumber its
other cues (on the cooperation side, when they are at least as many: easing among members is the
more specific act); none for mixed and neutral.
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
    among_members: bool = False  # a relaxing cue in a sentence about members, partners, allies
    weak: bool = False  # a topic word ("export controls", 出口管制), not an act


class StanceCues:
    """The cue lists compiled: one pattern per language, the longest cue first."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._kinds: list[tuple[CueKind, bool]] = []
        english: list[tuple[int, str, tuple[CueKind, bool]]] = []
        self._zh_kind: dict[str, tuple[CueKind, bool]] = {}
        lists: list[tuple[str, CueKind, bool]] = [(kind, kind, False) for kind in KINDS]
        lists.append(("restrictive_topics", "restrictive", True))
        for key, kind, weak in lists:
            english += [(len(cue), _cue_regex(cue), (kind, weak)) for cue in data[key]["en"]]
            self._zh_kind.update({cue: (kind, weak) for cue in data[key]["zh"]})
        self._en = self._compile(english, r"(?<![A-Za-z0-9])(?:{})(?![A-Za-z0-9])", re.IGNORECASE)
        self._en_kinds = list(self._kinds)
        literals = [([re.escape(ch) for ch in cue], "") for cue in self._zh_kind]
        self._zh = re.compile(trie_pattern(literals))  # Chinese cues are literals: one trie
        self._zh_patterns = [
            (re.compile(p), kind) for kind in KINDS for p in data[kind].get("zh_patterns") or []
        ]
        self._governs = data["relaxing_governs_within"]
        members = data["relaxing_among_members"]
        self._members = re.compile(
            "|".join(
                [rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" for w in members["en"]]
                + [re.escape(w) for w in members["zh"]]
            ),
            re.IGNORECASE,
        )
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
        self,
        alternatives: list[tuple[int, str, tuple[CueKind, bool]]],
        frame: str,
        flags: int = 0,
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
        raw: list[tuple[CueKind, bool, int, int, bool]] = []
        found: list[tuple[re.Match[str], tuple[CueKind, bool]]] = []
        if _LATIN.search(text, start, end):
            kinds = self._en_kinds
            found += [
                (m, kinds[(m.lastindex or 1) - 1]) for m in self._en.finditer(text, start, end)
            ]
        if _HAN.search(text, start, end):
            literal = [(m, self._zh_kind[m[0]]) for m in self._zh.finditer(text, start, end)]
            acts = [  # an act (加强对…的管制) wins over the topic word inside it (管制)
                (m, (kind, False))
                for pattern, kind in self._zh_patterns
                for m in pattern.finditer(text, start, end)
                if not any(_overlap(m, o) for o, (_, weak) in literal if not weak)
            ]
            found += [
                (m, k) for m, k in literal if not (k[1] and any(_overlap(m, a) for a, _ in acts))
            ]
            found += acts
        for m, (kind, weak) in found:
            if any(a < m.end() and m.start() < b for a, b in masked):
                continue
            raw.append((kind, weak, m.start(), m.end(), self._negated(text, start, m.start())))
        relaxing = [(a, b) for kind, _, a, b, _ in raw if kind == "relaxing"]
        members = bool(relaxing) and self._members.search(text, start, end) is not None
        counted = []
        for kind, weak, a, b, negated in raw:
            if negated:
                continue
            if kind == "restrictive" and any(self._governed(text, a, b, r) for r in relaxing):
                continue
            counted.append(Cue(kind, a, b, kind == "relaxing" and members, weak))
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
    """A cue's words joined by any spaces; a word ending in * takes any ending."""
    words = [
        re.escape(w.rstrip("*")) + ("[A-Za-z]*" if w.endswith("*") else "") for w in cue.split()
    ]
    return r"\s+".join(words)


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
        i = sentences.index_of(m.start)
        found = where.setdefault(m.key, [])
        while True:  # the sentence that names it, then those that go on about it
            if i not in found:
                found.append(i)
            i += 1
            if i >= len(sentences) or not cues.continues(sentences.sentence(i)):
                break
    counted: dict[int, list[Cue]] = {}
    result = []
    for alliance_id, indices in where.items():
        per_sentence = []
        for i in indices:
            if i not in counted:
                a, b = sentences.span(i)
                counted[i] = cues.cues(text, a, b, masked.get(i, []))
            per_sentence.append((i, _tally(counted[i])))
        result.append(_decide(alliance_id, per_sentence, sentences))
    return result


_Tally = dict[str, int]  # restrictive (acts, topics), cooperative, relaxing (target, members)


def _tally(found: list[Cue]) -> _Tally:
    tally = {
        "restrictive": 0,
        "restrictive_topic": 0,
        "cooperative": 0,
        "relaxing_target": 0,
        "relaxing_members": 0,
    }
    for cue in found:
        if cue.kind == "relaxing":
            tally["relaxing_members" if cue.among_members else "relaxing_target"] += 1
        elif cue.weak:
            tally["restrictive_topic"] += 1
        else:
            tally[cue.kind] += 1
    return tally


def _decide(
    alliance_id: str, per_sentence: list[tuple[int, _Tally]], sentences: Sentences
) -> Stance:
    total = {k: sum(t[k] for _, t in per_sentence) for k in _tally([])}
    c, x_target, x_members = (
        total[k] for k in ("cooperative", "relaxing_target", "relaxing_members")
    )
    # topic words count only where nothing cooperative is said (coordinating controls is not
    # restricting)
    r = total["restrictive"] + (total["restrictive_topic"] if c + x_members == 0 else 0)
    block, coop = r + x_target, c + x_members
    stance: Literal["blockade", "cooperation", "mixed", "neutral"]
    direction: Literal["restrictive", "cooperative", "relaxing"] | None = None
    if block == 0 and coop == 0:
        stance = "neutral"
    elif block > coop:
        stance = "blockade"
        direction = "relaxing" if x_target > r else "restrictive"
    elif coop > block:
        stance = "cooperation"
        direction = "relaxing" if x_members and x_members >= c else "cooperative"
    else:
        stance = "mixed"
    evidence, evidence_start = None, None
    if stance != "neutral":
        keys = {
            "blockade": ("restrictive", "restrictive_topic", "relaxing_target"),
            "cooperation": ("cooperative", "relaxing_members"),
            "mixed": tuple(total),
        }[stance]
        best = max(per_sentence, key=lambda item: sum(item[1][k] for k in keys))
        evidence, evidence_start = sentences.sentence(best[0]), sentences.starts[best[0]]
    return Stance(
        alliance_id, stance, direction, r, c, x_target + x_members, evidence, evidence_start
    )


def _overlap(a: re.Match[str], b: re.Match[str]) -> bool:
    return a.start() < b.end() and b.start() < a.end()
