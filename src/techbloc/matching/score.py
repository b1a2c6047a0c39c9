"""Scoring one analysed name against another, with the explanation of the score.

Both names are sets of *units* (a source word), each with one or more alternative renderings (a
list of tokens). Tokens match when equal, when one is the concatenation of adjacent tokens of the
other (Hik Vision ~ hikvision), or when their similarity (rapidfuzz Indel) reaches FUZZY_MIN for
tokens of five letters or more. A unit's value is its best alternative's share of matched tokens.

Each side's *coverage* is the weighted share of its units matched, with weights by word kind
(KIND_WEIGHTS: distinctive name words most, generic terms less, places least); a droppable unit
(集团 'group', often left out in English) that does not match is left out of its side's total.
The score is the F-measure of the two coverages with BETA = 2 (coverage of the query counts
more: a short form of a listed name is still a hit). Two guards:
* a side's distinctive words are its name words, or its places when it has no name word; when
  either side has distinctive words and none of them matched, the score is capped at NO_NAME_CAP;
* when neither side has distinctive words (a name made only of generic words, such as China
  Aerospace Science and Industry Corporation), the lower coverage is the score: every word counts.

Speed: screening scores each query against dozens of candidates, so what depends on one name
only (its distinct tokens, its units and their renderings, the concatenations of adjacent tokens)
is laid out once per analysed name (``_layout``) and kept with it. ``name_score`` gives the score
alone and stops early, on an upper bound, when it cannot reach a given floor (most candidates of
a query); ``score_names`` gives the same score with its explanation. Both run one comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from rapidfuzz.distance import Indel

from techbloc.matching.names import AnalysedName, Token

KIND_WEIGHTS = {"name": 1.0, "term": 0.45, "place": 0.25}
FUZZY_MIN = 0.88
FUZZY_LENGTH = 5  # tokens shorter than this match only when equal (or joined)
BETA = 2.0
NO_NAME_CAP = 0.5

# Indel similarity is at most 1 - |a - b| / (a + b) for lengths a and b: a pair whose lengths differ
# by more than this share cannot reach FUZZY_MIN (the margin keeps float rounding out of it).
_LENGTH_GAP = 1.0 - FUZZY_MIN + 0.01
# concatenations of adjacent tokens up to this length are listed once per name; a longer token is
# compared by walking the tokens (_joined_match), as every token was before
_JOIN_LIST_MAX = 40
# scores are rounded to four places: a bound this far below a floor keeps its score below it too
_ROUNDING = 1e-4


@dataclass
class Scored:
    score: float
    matched: list[tuple[str, str, str, float]] = field(default_factory=list)
    """(query token, candidate token(s), how the query token was obtained, similarity)"""
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    rule: str = ""


@dataclass(frozen=True)
class _Rendering:
    """One alternative rendering of a unit, with what the coverage and the guards need of it."""

    tokens: tuple[Token, ...]
    texts: tuple[str, ...]
    weight: float  # by the kind of its first token
    all_droppable: bool
    names: tuple[str, ...]  # texts of its name tokens ...
    kept_names: tuple[str, ...]  # ... and of those not droppable
    places: tuple[str, ...]
    kept_places: tuple[str, ...]


@dataclass(frozen=True)
class _Layout:
    """What scoring needs of one analysed name, worked out once."""

    texts: tuple[str, ...]  # distinct token texts, in order
    text_set: frozenset[str]
    long_texts: tuple[str, ...]  # those of FUZZY_LENGTH letters or more
    order: tuple[str, ...]  # texts of the first renderings, in token order
    joins: frozenset[str]  # concatenations of 2+ adjacent tokens of ``order`` (to _JOIN_LIST_MAX)
    units: tuple[tuple[_Rendering, ...], ...]  # per unit, its renderings in order


def prepare(name: AnalysedName) -> None:
    """Work out now what scoring needs of ``name`` (the index does it for every listed name at
    build time, so that screening does not pay for it)."""
    _layout(name)


def _layout(name: AnalysedName) -> _Layout:
    """The layout of ``name``, made on first use and kept in the (immutable) name's __dict__."""
    cached = name.__dict__.get("_score_layout")
    if cached is None:
        cached = _make_layout(name)
        name.__dict__["_score_layout"] = cached  # a cache beside the frozen fields
    return cast(_Layout, cached)


def _make_layout(name: AnalysedName) -> _Layout:
    texts = tuple(dict.fromkeys(t.text for t in name.tokens))
    order = tuple(t.text for t in name.tokens if t.alternative == 0)
    joins: set[str] = set()
    for start in range(len(order)):
        joined = order[start]
        for end in range(start + 1, len(order)):
            joined += order[end]
            if len(joined) > _JOIN_LIST_MAX:
                break
            joins.add(joined)
    grouped: dict[int, dict[int, list[Token]]] = {}
    for token in name.tokens:
        grouped.setdefault(token.unit, {}).setdefault(token.alternative, []).append(token)
    units = tuple(
        tuple(_rendering(tokens) for tokens in alternatives.values())
        for alternatives in grouped.values()
    )
    return _Layout(
        texts, frozenset(texts), tuple(t for t in texts if len(t) >= FUZZY_LENGTH), order,
        frozenset(joins), units,
    )  # fmt: skip


def _rendering(tokens: list[Token]) -> _Rendering:
    names: list[str] = []
    kept_names: list[str] = []
    places: list[str] = []
    kept_places: list[str] = []
    for t in tokens:
        if t.kind == "name":
            names.append(t.text)
            if not t.droppable:
                kept_names.append(t.text)
        elif t.kind == "place":
            places.append(t.text)
            if not t.droppable:
                kept_places.append(t.text)
    return _Rendering(
        tuple(tokens), tuple(t.text for t in tokens), KIND_WEIGHTS[tokens[0].kind],
        all(t.droppable for t in tokens), tuple(names), tuple(kept_names), tuple(places),
        tuple(kept_places),
    )  # fmt: skip


@dataclass
class _Comparison:
    """One query-candidate comparison: token similarities, chosen renderings, coverages, score."""

    q_sim: dict[str, float]
    c_sim: dict[str, float]
    partner: dict[str, str]
    q_chosen: list[tuple[float, _Rendering]]
    c_chosen: list[tuple[float, _Rendering]]
    qc: float
    cc: float
    score: float  # before rounding
    rule: str  # the guard applied: "", "generic" or "capped"


def _compare(query: _Layout, candidate: _Layout, floor: float = 0.0) -> _Comparison | None:
    """The comparison, or None as soon as the score is sure to stay below ``floor``.

    The score never exceeds the F-measure of the two coverages (the guards only lower it), and
    that F-measure never exceeds the one with a full candidate coverage: both bounds are checked
    (with a margin over rounding) before the more costly steps."""
    q_sim, c_sim, partner = _token_similarities(query, candidate)
    q_chosen = _best_renderings(query.units, q_sim)
    qc = _coverage(q_chosen)
    b2 = BETA * BETA
    if floor > 0 and (1 + b2) * qc / (b2 + qc) + _ROUNDING < floor:
        return None
    c_chosen = _best_renderings(candidate.units, c_sim)
    cc = _coverage(c_chosen)
    score = 0.0 if qc + cc == 0 else (1 + b2) * qc * cc / (b2 * cc + qc)
    if floor > 0 and score + _ROUNDING < floor:
        return None
    rule = ""
    q_distinct, c_distinct = _distinctive(q_chosen), _distinctive(c_chosen)
    if not q_distinct and not c_distinct:
        score, rule = min(qc, cc), "generic"
    elif (
        score > NO_NAME_CAP
        and not any(t in q_sim for t in q_distinct)
        and not any(t in c_sim for t in c_distinct)
    ):
        score, rule = NO_NAME_CAP, "capped"
    return _Comparison(q_sim, c_sim, partner, q_chosen, c_chosen, qc, cc, score, rule)


def _token_similarities(
    query: _Layout, candidate: _Layout
) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
    """Per query token its best candidate token (or joined tokens), and the converse."""
    q_sim: dict[str, float] = {}
    c_sim: dict[str, float] = {}
    partner: dict[str, str] = {}
    for q in query.texts:
        if q in candidate.text_set:
            sim, other = 1.0, q
        else:
            sim, other = _best_fuzzy(q, candidate.long_texts)
            if sim == 0.0:
                other = _joined(q, candidate)
                sim = 1.0 if other else 0.0
        if sim > 0:
            q_sim[q], partner[q] = sim, other
            for part in other.split(" "):
                c_sim[part] = max(c_sim.get(part, 0.0), sim)
    for c in candidate.texts:  # the other way round: a candidate token may join query tokens
        if c not in c_sim:
            joined = _joined(c, query)
            if joined:
                c_sim[c] = 1.0
                for part in joined.split(" "):
                    q_sim[part], partner[part] = 1.0, c
    return q_sim, c_sim, partner


def _best_fuzzy(text: str, others: tuple[str, ...]) -> tuple[float, str]:
    """The most similar of ``others`` at FUZZY_MIN or more (on a tie the greatest string)."""
    best, partner = 0.0, ""
    n = len(text)
    if n < FUZZY_LENGTH:
        return best, partner
    for other in others:
        m = len(other)
        if abs(n - m) > _LENGTH_GAP * (n + m):
            continue
        value = Indel.normalized_similarity(text, other)
        if value >= FUZZY_MIN and (value > best or (value == best and other > partner)):
            best, partner = value, other
    return best, partner


def _joined(text: str, other: _Layout) -> str:
    """Adjacent tokens of ``other`` whose concatenation is ``text``, or ''."""
    if len(text) <= _JOIN_LIST_MAX and text not in other.joins:
        return ""
    return _joined_match(text, list(other.order))


def _best_renderings(
    units: tuple[tuple[_Rendering, ...], ...], sims: dict[str, float]
) -> list[tuple[float, _Rendering]]:
    """Per unit: (value, rendering) of its best-matching rendering (the first of equals)."""
    chosen = []
    for renderings in units:
        best_value, best = -1.0, renderings[0]
        for rendering in renderings:
            texts = rendering.texts
            if len(texts) == 1:
                value = sims.get(texts[0], 0.0)
            else:
                value = sum(sims.get(t, 0.0) for t in texts) / len(texts)
            if value > best_value:
                best_value, best = value, rendering
        chosen.append((best_value, best))
    return chosen


def _coverage(chosen: list[tuple[float, _Rendering]]) -> float:
    total = hit = 0.0
    for value, rendering in chosen:
        if value == 0 and rendering.all_droppable:
            continue
        total += rendering.weight
        hit += rendering.weight * value
    return hit / total if total else 0.0


def _distinctive(chosen: list[tuple[float, _Rendering]]) -> set[str]:
    """Name words (or, without any, places), leaving out droppable words that did not match."""
    names: set[str] = set()
    places: set[str] = set()
    for value, rendering in chosen:
        names.update(rendering.names if value > 0 else rendering.kept_names)
        places.update(rendering.places if value > 0 else rendering.kept_places)
    return names or places


def name_score(query: AnalysedName, candidate: AnalysedName, at_least: float = 0.0) -> float | None:
    """The score of ``score_names`` without its explanation, or None when it is below
    ``at_least`` (screening many candidates against a threshold stops early on most of them)."""
    q, c = _layout(query), _layout(candidate)
    if not q.texts or not c.texts:
        return 0.0 if at_least <= 0 else None
    comparison = _compare(q, c, at_least)
    if comparison is None:
        return None
    score = round(comparison.score, 4)
    return score if score >= at_least else None


def score_names(query: AnalysedName, candidate: AnalysedName) -> Scored:
    """How well ``candidate`` matches ``query`` (0..1), and why."""
    q, c = _layout(query), _layout(candidate)
    if not q.texts or not c.texts:
        return Scored(0.0, rule="nothing to compare")
    comparison = _compare(q, c)
    assert comparison is not None  # only a floor above zero stops a comparison early
    q_sim, c_sim, partner = comparison.q_sim, comparison.c_sim, comparison.partner
    rule = f"coverage of query {comparison.qc:.2f}, of candidate {comparison.cc:.2f}"
    if comparison.rule == "generic":
        rule += "; generic words only: the lower coverage counts"
    elif comparison.rule == "capped":
        rule += f"; no distinctive word matched: capped at {NO_NAME_CAP}"
    matched = [
        (t.text, partner[t.text], t.origin, round(q_sim[t.text], 3))
        for _, rendering in comparison.q_chosen
        for t in rendering.tokens
        if t.text in q_sim
    ]
    missing = [
        t.text
        for value, rendering in comparison.q_chosen
        for t in rendering.tokens
        if t.text not in q_sim and not (value == 0 and t.droppable)
    ]
    extra = [
        t.text
        for _, rendering in comparison.c_chosen
        for t in rendering.tokens
        if t.text not in c_sim
    ]
    return Scored(round(comparison.score, 4), matched, missing, extra, rule)


def _joined_match(text: str, candidates: list[str]) -> str:
    """Adjacent tokens whose concatenation is ``text`` ('hik vision' for hikvision)."""
    for start in range(len(candidates)):
        joined = ""
        for end in range(start, len(candidates)):
            joined += candidates[end]
            if joined == text and end > start:
                return " ".join(candidates[start : end + 1])
            if len(joined) >= len(text):
                break
    return ""
