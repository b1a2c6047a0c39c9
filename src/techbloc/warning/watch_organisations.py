"""Followed organisations of a watchlist, matched to an alert's organisations with the screener.

An alert concerns organisations through its scope (``organisation:<key>``: the id of a listed
entity or of the bilingual name bridge, the detectors' key — a listed name folded to lower-case
letters and digits —, or a name) and through its listing evidence (listed entities).
Their names are every name and alias the store holds for them. A followed organisation matches:

1. by id: its ``id`` is the scope key or one of the listed entities; else
2. by name: its name and an alert organisation's name score at least the watchlist's
   ``organisation_threshold`` (default 0.9) with the screening matcher (``matching.screen``: the
   same analysis of Chinese, pinyin and English names, the bilingual name bridge, and the country
   bonus or penalty when the entry gives a ``country``), tried both ways so that a bridged Chinese
   name (海康威视) meets the English listed name (Hikvision) and the other way round.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import duckdb

from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import IndexedName, ScreeningIndex
from techbloc.matching.names import analyse
from techbloc.matching.screen import Query, screen
from techbloc.warning.streams.listings import organisation_key


@dataclass(frozen=True)
class FollowedOrganisation:
    label: str  # what the watchlist said
    id: str | None = None
    name: str | None = None
    country: str | None = None

    @classmethod
    def parse(
        cls, entry: Any, where: str, con: duckdb.DuckDBPyConnection, problems: list[str]
    ) -> FollowedOrganisation | None:
        if isinstance(entry, str):
            return cls(entry, name=entry)
        unknown = sorted(set(entry) - {"id", "name", "country"})
        if unknown:
            problems.append(f"{where}: {', '.join(unknown)}: unknown field (fields: id, name, "
                            "country)")  # fmt: skip
        ident, name, country = (entry.get(k) for k in ("id", "name", "country"))
        for key, value in (("id", ident), ("name", name), ("country", country)):
            if value is not None and not (isinstance(value, str) and value.strip()):
                problems.append(f"{where}: {key}: a non-empty text is expected")
                return None
        if not (ident or name):
            problems.append(f"{where}: a name or an id is needed")
            return None
        if ident and not _known_id(con, ident):
            problems.append(
                f"{where}: id: '{ident}' is neither a listed entity nor an organisation of the "
                "name bridge in this store (find ids with 'techbloc screen NAME --json')"
            )
            return None
        return cls(str(name or ident), ident, name, country.upper() if country else None)


def _known_id(con: duckdb.DuckDBPyConnection, ident: str) -> bool:
    row = con.execute(
        "SELECT (SELECT count(*) FROM listed_entities WHERE entity_id = $i) "
        "+ (SELECT count(*) FROM organisation_names WHERE org_id = $i)",
        {"i": ident},
    ).fetchone()
    return bool(row and row[0])


class OrganisationMatcher:
    """Matches followed organisations to alerts; names and the name bridge are read once."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._bridge: NameBridge | None = None
        self._names: dict[str, list[str]] = {}
        self._countries: dict[str, tuple[str, ...]] = {}
        self._folded: dict[str, list[Any]] | None = None

    def match(
        self,
        con: duckdb.DuckDBPyConnection,
        followed: list[FollowedOrganisation],
        scope_key: str | None,
        listing_ids: list[str],
    ) -> str | None:
        """Why one of the alert's organisations is followed, or None."""
        keys = ([scope_key] if scope_key else []) + listing_ids
        for org in followed:
            if org.id and org.id in keys:
                return f"organisation {org.label} (id)"
        names = {key: self.names(con, key) for key in keys}
        for org in followed:
            if not org.name:
                continue
            for key, known in names.items():
                score = self._best_score(con, org, known, self._countries.get(key, ()))
                if score is not None:
                    return f"organisation {org.label} ~ {known[0]} ({key}, score {score:.2f})"
        return None

    def names(self, con: duckdb.DuckDBPyConnection, key: str) -> list[str]:
        """Every name the store holds for an organisation key — a listed entity's id, a name
        bridge id, or a listed name folded to lower-case letters and digits (the detectors'
        organisation key) — or the key itself when it is none of these (then it is a name)."""
        if key not in self._names:
            rows = con.execute(
                "SELECT name, aliases, countries FROM listed_entities WHERE entity_id = $k "
                "UNION ALL SELECT name, NULL, [country] FROM organisation_names WHERE org_id = $k",
                {"k": key},
            ).fetchall()
            if not rows:
                rows = self._by_folded_name(con).get(key, [])
            found = [n for name, aliases, _ in rows for n in [name, *(aliases or [])] if n]
            self._names[key] = list(dict.fromkeys(found)) or [key]
            countries = {c for _, _, cs in rows for c in (cs or []) if c}
            self._countries[key] = tuple(sorted(countries))
        return self._names[key]

    def _by_folded_name(self, con: duckdb.DuckDBPyConnection) -> dict[str, list[Any]]:
        """Listed entities by folded name (read once per matcher, only when a key needs it)."""
        if self._folded is None:
            self._folded = defaultdict(list)
            for row in con.execute(
                "SELECT name, aliases, countries FROM listed_entities ORDER BY entity_id"
            ).fetchall():
                self._folded[organisation_key(str(row[0]))].append(row)
        return self._folded

    def _bridge_of(self, con: duckdb.DuckDBPyConnection) -> NameBridge:
        if self._bridge is None:
            self._bridge = NameBridge.from_store(con)
        return self._bridge

    def _best_score(
        self,
        con: duckdb.DuckDBPyConnection,
        org: FollowedOrganisation,
        names: list[str],
        countries: tuple[str, ...],
    ) -> float | None:
        assert org.name is not None
        bridge = self._bridge_of(con)
        scores = [
            hit.score
            for hit in screen(
                _index(names, countries), Query(org.name, org.country), self.threshold, 1, bridge
            )  # fmt: skip
        ]
        ours = _index([org.name], (org.country,) if org.country else ())
        country = countries[0] if len(countries) == 1 else None
        for name in names:
            query = Query(name, country)
            scores += [h.score for h in screen(ours, query, self.threshold, 1, bridge)]
        return max(scores) if scores else None


def _index(names: list[str], countries: tuple[str, ...]) -> ScreeningIndex:
    entries = []
    for name in names:
        analysed = analyse(name)
        if analysed.tokens:
            entries.append(IndexedName(name, "watchlist", name, name, countries, analysed))
    return ScreeningIndex(entries)
