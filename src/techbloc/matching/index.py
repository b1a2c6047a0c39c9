"""An in-memory index of every name and alias of the imported lists, for candidate search.

Each name is analysed once (names.analyse). Candidates for a query are the names sharing a token
with it, or a three-letter prefix of a distinctive token (which finds 'hik vision' for hikvision
and near spellings); they are ranked by what they share and only the best are scored.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass

import duckdb

from techbloc.matching.names import AnalysedName, analyse
from techbloc.matching.score import prepare

PREFIX = 3
MAX_CANDIDATES = 60


@dataclass(frozen=True)
class IndexedName:
    entity_id: str
    list_id: str
    primary_name: str
    alias: str
    countries: tuple[str, ...]
    analysed: AnalysedName


class ScreeningIndex:
    def __init__(self, names: list[IndexedName]) -> None:
        self.names = names
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(names):
            prepare(name.analysed)
            for key in _keys(name.analysed):
                self.postings[key].append(i)

    def __reduce__(self) -> tuple[type[ScreeningIndex], tuple[list[IndexedName]]]:
        """Pickled as its names alone: a worker process builds the postings and the scoring
        layouts again (faster than unpickling them, and in every worker at once)."""
        return (ScreeningIndex, (self.names,))

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection, active_only: bool = True) -> ScreeningIndex:
        rows = con.execute(
            "SELECT entity_id, list_id, name, aliases, countries FROM listed_entities"
            + (" WHERE is_active" if active_only else "")
            + " ORDER BY entity_id"
        ).fetchall()
        names = []
        for entity_id, list_id, name, aliases, countries in rows:
            for alias in dict.fromkeys([name, *(aliases or [])]):
                analysed = analyse(alias)
                if analysed.tokens:
                    names.append(
                        IndexedName(
                            entity_id, list_id, name, alias, tuple(countries or []), analysed
                        )
                    )
        return cls(names)

    def candidates(self, query: AnalysedName, limit: int = MAX_CANDIDATES) -> list[IndexedName]:
        """Indexed names sharing the most keys with the query, best first (on a tie, in index
        order, so that the same query always gets the same candidates in any process)."""
        shared: Counter[int] = Counter()
        for key in _keys(query):
            weight = 1 if key.startswith("^") else 2
            for i in self.postings.get(key, ()):
                shared[i] += weight
        best = heapq.nsmallest(limit, shared.items(), key=lambda item: (-item[1], item[0]))
        return [self.names[i] for i, _ in best]


def _keys(name: AnalysedName) -> set[str]:
    keys = {t.text for t in name.tokens}
    keys |= {
        "^" + t.text[:PREFIX] for t in name.tokens if t.kind != "term" and len(t.text) >= PREFIX
    }
    return keys
