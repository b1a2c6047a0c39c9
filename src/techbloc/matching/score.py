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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from techbloc.matching.names import AnalysedName, Token

KIND_WEIGHTS = {"name": 1.0, "term": 0.45, "place": 0.25}
FUZZY_MIN = 0.88
BETA = 2.0
NO_NAME_CAP = 0.5

Units = dict[int, dict[int, list[Token]]]


@dataclass
class Scored:
    score: float
    matched: list[tuple[str, str, str, float]] = field(default_factory=list)
    """(query token, candidate token(s), how the query token was obtained, similarity)"""
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    rule: str = ""


def _similar(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 5:
        value = Indel.normalized_similarity(a, b)
        return value if value >= FUZZY_MIN else 0.0
    return 0.0


def _units(name: AnalysedName) -> Units:
    units: Units = defaultdict(lambda: defaultdict(list))
    for token in name.tokens:
        units[token.unit][token.alternative].append(token)
    return units


def _best_alternatives(units: Units, sims: dict[str, float]) -> list[tuple[float, list[Token]]]:
    """Per unit: (value, tokens) of its best-matching alternative."""
    chosen = []
    for alternatives in units.values():
        options = [
            (sum(sims.get(t.text, 0.0) for t in ts) / len(ts), ts) for ts in alternatives.values()
        ]
        chosen.append(max(options, key=lambda o: o[0]))
    return chosen


def _coverage(chosen: list[tuple[float, list[Token]]]) -> float:
    total = hit = 0.0
    for value, tokens in chosen:
        if value == 0 and all(t.droppable for t in tokens):
            continue
        weight = KIND_WEIGHTS[tokens[0].kind]
        total += weight
        hit += weight * value
    return hit / total if total else 0.0


def score_names(query: AnalysedName, candidate: AnalysedName) -> Scored:
    """How well ``candidate`` matches ``query`` (0..1), and why."""
    q_texts = list(dict.fromkeys(t.text for t in query.tokens))
    c_texts = list(dict.fromkeys(t.text for t in candidate.tokens))
    if not q_texts or not c_texts:
        return Scored(0.0, rule="nothing to compare")
    q_sim: dict[str, float] = {}
    c_sim: dict[str, float] = {}
    partner: dict[str, str] = {}
    c_order = [t.text for t in candidate.tokens if t.alternative == 0]
    for q in q_texts:
        sim, other = max(((_similar(q, c), c) for c in c_texts), default=(0.0, ""))
        if sim == 0.0:
            other = _joined_match(q, c_order)
            sim = 1.0 if other else 0.0
        if sim > 0:
            q_sim[q], partner[q] = sim, other
            for part in other.split(" "):
                c_sim[part] = max(c_sim.get(part, 0.0), sim)
    for c in c_texts:  # the other way round: a candidate token may join query tokens
        if c not in c_sim:
            joined = _joined_match(c, [t.text for t in query.tokens if t.alternative == 0])
            if joined:
                c_sim[c] = 1.0
                for part in joined.split(" "):
                    q_sim[part], partner[part] = 1.0, c
    q_chosen = _best_alternatives(_units(query), q_sim)
    c_chosen = _best_alternatives(_units(candidate), c_sim)
    qc, cc = _coverage(q_chosen), _coverage(c_chosen)
    b2 = BETA * BETA
    score = 0.0 if qc + cc == 0 else (1 + b2) * qc * cc / (b2 * cc + qc)
    rule = f"coverage of query {qc:.2f}, of candidate {cc:.2f}"
    q_distinct, c_distinct = _distinctive(q_chosen), _distinctive(c_chosen)
    if not q_distinct and not c_distinct:
        score = min(qc, cc)
        rule += "; generic words only: the lower coverage counts"
    elif not (q_distinct & set(q_sim)) and not (c_distinct & set(c_sim)) and score > NO_NAME_CAP:
        score, rule = NO_NAME_CAP, rule + f"; no distinctive word matched: capped at {NO_NAME_CAP}"
    matched = [
        (t.text, partner[t.text], t.origin, round(q_sim[t.text], 3))
        for _, tokens in q_chosen
        for t in tokens
        if t.text in q_sim
    ]
    missing = [
        t.text
        for value, tokens in q_chosen
        for t in tokens
        if t.text not in q_sim and not (value == 0 and t.droppable)
    ]
    extra = [t.text for _, tokens in c_chosen for t in tokens if t.text not in c_sim]
    return Scored(round(score, 4), matched, missing, extra, rule)


def _distinctive(chosen: list[tuple[float, list[Token]]]) -> set[str]:
    tokens = [t for value, ts in chosen for t in ts if value > 0 or not t.droppable]
    names = {t.text for t in tokens if t.kind == "name"}
    return names or {t.text for t in tokens if t.kind == "place"}


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
