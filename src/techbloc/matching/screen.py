"""Screening organisation names against the imported restricted-party lists, with explanations.

For each query: analyse the name (names.py), gather candidates from the index, score each of the
candidate's names (score.py), adjust for country where both sides give one, keep the best-scoring
name per listed entity, and return those at or above the threshold, best first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from techbloc.matching.bridge import NameBridge, Variant
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.names import analyse
from techbloc.matching.score import name_score, score_names

DEFAULT_THRESHOLD = 0.80
COUNTRY_BONUS = 0.05
COUNTRY_PENALTY = 0.10


@dataclass
class Hit:
    score: float
    entity_id: str
    list_id: str
    name: str
    matched_alias: str
    countries: tuple[str, ...]
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass
class Query:
    text: str
    country: str | None = None
    row: int | None = None


def screen(
    index: ScreeningIndex,
    query: Query,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
    bridge: NameBridge | None = None,
) -> list[Hit]:
    """Hits for one name, best first: at most ``limit``, each at or above ``threshold``."""
    direct = analyse(query.text)
    if not direct.tokens:
        return []
    readings = [Variant(direct, "direct")]
    if bridge:
        readings += bridge.variants(query.text, direct)
    best: dict[str, Hit] = {}
    for reading in readings:
        _score_reading(index, query, reading, threshold, best)
    return sorted(best.values(), key=lambda h: (-h.score, h.entity_id))[:limit]


def _score_reading(
    index: ScreeningIndex, query: Query, reading: Variant, threshold: float, best: dict[str, Hit]
) -> None:
    analysed = reading.name
    # a country can add COUNTRY_BONUS: a name score that low may still reach the threshold
    floor = threshold - COUNTRY_BONUS if query.country else threshold
    for candidate in index.candidates(analysed):
        name_value = name_score(analysed, candidate.analysed, floor)
        if name_value is None:
            continue
        score, country_note = _with_country(name_value, query.country, candidate.countries)
        if score < threshold:
            continue
        previous = best.get(candidate.entity_id)
        if previous and previous.score >= score:
            continue
        scored = score_names(analysed, candidate.analysed)  # the same score, explained
        best[candidate.entity_id] = Hit(
            round(score, 4), candidate.entity_id, candidate.list_id, candidate.primary_name,
            candidate.alias, candidate.countries,
            {
                "query_script": analysed.script,
                "via": reading.via,
                "query_tokens": [f"{t.text} ({t.origin})" for t in analysed.tokens],
                "matched": [{"query": q, "list": c, "how": how, "similarity": sim}
                            for q, c, how, sim in scored.matched],
                "unmatched_query": scored.missing,
                "unmatched_list": scored.extra,
                "rule": scored.rule,
                "name_score": scored.score,
                "country": country_note,
            },
        )  # fmt: skip


def _with_country(
    score: float, country: str | None, listed: tuple[str, ...]
) -> tuple[float, str | None]:
    """The name score raised when the query's country is one of the listed ones, else lowered."""
    if not country or not listed:
        return score, None
    if country in listed:
        return min(1.0, score + COUNTRY_BONUS), f"+{COUNTRY_BONUS}: country agrees"
    return max(0.0, score - COUNTRY_PENALTY), f"-{COUNTRY_PENALTY}: listed in {', '.join(listed)}"


def explain(hit: Hit) -> str:
    """One line: which tokens met, how they were obtained, and the rule."""
    parts = []
    for m in hit.explanation["matched"]:
        near = "" if m["similarity"] == 1 else f", ~{m['similarity']}"
        parts.append(f"{m['query']}={m['list']} ({m['how']}{near})")
    text = "; ".join(parts) + f" | {hit.explanation['rule']}"
    if hit.explanation.get("via", "direct") != "direct":
        text = f"[{hit.explanation['via']}] " + text
    if hit.explanation.get("country"):
        text += f" | country {hit.explanation['country']}"
    return text
