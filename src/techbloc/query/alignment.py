"""Alignment between restricted-party lists: which lists hold the same organisation, with what lag.

The same organisation appears on several lists under different entries (and, across jurisdictions,
under different spellings and scripts). Entries are linked when they share an OpenSanctions entity
id (same ``source_key`` on two ``os-*`` lists), share an identifier, or when one's name screens
against the other's at ``ALIGN_THRESHOLD`` or above in both directions with every word of
each name matched (legal forms aside) and compatible countries; linked entries form
one organisation (union-find). For each pair of lists this gives how many organisations both hold,
which listed first and the lag between the listing dates, where both lists give dates.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import duckdb

from techbloc.matching.index import ScreeningIndex
from techbloc.matching.names import analyse
from techbloc.matching.score import score_names
from techbloc.matching.screen import Query, screen
from techbloc.query.listings import resolve_list
from techbloc.query.resolve import resolve_actor

ALIGN_THRESHOLD = 0.92
"""Stricter than screening's default (0.80): a link asserts identity, not a lead to review."""
MAX_NAMES = 4
"""Names per entry screened: the listed name and its first aliases."""
UNCONFIRMED = "; no country on one side to confirm it: may be a namesake"
NOT_ALIGNED_TYPES = ("Vessel", "Aircraft", "Airplane")
IDENTIFYING = re.compile(
    r"registration|tax|social credit|uscc|isin|swift|bic|legal entity|lei|company number|"
    r"incorporation|passport|national id|imo|ogrn|inn|kpp|r\.f\.c|nit|ruc|c\.r\. no|cedula|"
    r"fein|fiscal code",
    re.IGNORECASE,
)
"""Identifier types that name one legal person. Lists also put programme notes, genders and
listing dates among their 'ids' ("Gender, Male"), which must never link two entries."""


@dataclass
class Entry:
    entity_id: str
    list_id: str
    source_key: str
    name: str
    names: list[str]
    countries: list[str]
    identifiers: list[str]
    listing_date: dt.date | None


@dataclass
class Organisation:
    """Entries of several lists that are one organisation, with how each link was made."""

    name: str
    countries: list[str]
    listings: list[dict[str, Any]]
    links: list[str] = field(default_factory=list)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def list_alignment(
    con: duckdb.DuckDBPyConnection,
    list_ids: Iterable[str] | None = None,
    country: str | None = None,
    threshold: float = ALIGN_THRESHOLD,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Organisations held by two or more of the lists (default: every imported list), each list's
    listing date and the lag; and per pair of lists the shared count, who listed first and the
    median lag in days. ``country`` keeps organisations with that country (e.g. CN) among
    their entries' countries; entries that give no country take part in the linking."""
    wanted = [resolve_list(con, typed) for typed in list_ids] if list_ids else None
    code = resolve_actor(con, country) if country else None
    entries = _entries(con, wanted, code)
    by_id = {e.entity_id: e for e in entries}
    groups = _UnionFind()
    reasons: dict[frozenset[str], str] = {}
    _link_by_keys(entries, groups, reasons)
    index = ScreeningIndex.from_store(con)
    for done, entry in enumerate(entries, start=1):
        for text in entry.names[:MAX_NAMES]:
            home = entry.countries[0] if len(entry.countries) == 1 else None
            for hit in screen(index, Query(text, home), threshold=threshold, limit=20):
                other = by_id.get(hit.entity_id)
                if other is None or other.list_id == entry.list_id:
                    continue
                if (
                    entry.countries
                    and other.countries
                    and not (set(entry.countries) & set(other.countries))
                ):
                    continue
                back = score_names(analyse(hit.matched_alias), analyse(text))
                if back.score < threshold or back.missing or back.extra:
                    continue  # identity needs every word both ways: 'AVIC Aircraft' is not
                    # 'AVIC Shenyang Aircraft Company', although it screens as a lead
                groups.union(entry.entity_id, other.entity_id)
                reasons.setdefault(
                    frozenset((entry.entity_id, other.entity_id)),
                    f"name {text!r} ~ {hit.matched_alias!r} ({min(hit.score, back.score)})"
                    + ("" if entry.countries and other.countries else UNCONFIRMED),
                )
        if on_progress:
            on_progress(done, len(entries))
    clusters: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        clusters[groups.find(entry.entity_id)].append(entry)
    organisations = [
        _organisation(members, reasons)
        for members in clusters.values()
        if len({m.list_id for m in members}) > 1
        and (code is None or any(code in m.countries for m in members))
    ]
    organisations.sort(key=lambda o: (-len(o.listings), o.name))
    lists = sorted({e.list_id for e in entries})
    where = dict(con.execute("SELECT list_id, jurisdiction FROM restricted_lists").fetchall())
    pairs = _pairs(lists, organisations)
    for pair in pairs:
        pair["jurisdiction_a"], pair["jurisdiction_b"] = (
            where.get(pair["list_a"]),
            where.get(pair["list_b"]),
        )
    return {
        "lists": [{"list_id": list_id, "jurisdiction": where.get(list_id)} for list_id in lists],
        "country": code,
        "threshold": threshold,
        "entries": len(entries),
        "pairs": pairs,
        "organisations": [vars(o) for o in organisations],
    }


def _entries(
    con: duckdb.DuckDBPyConnection, lists: list[str] | None, country: str | None
) -> list[Entry]:
    where = ["e.is_active", "NOT list_contains($types, coalesce(e.entity_type, ''))"]
    params: dict[str, object] = {"types": list(NOT_ALIGNED_TYPES)}
    if lists:
        where.append("list_contains($lists, e.list_id)")
        params["lists"] = lists
    if country:  # entries without any country may still be that country's organisations
        where.append("(list_contains(e.countries, $country) OR len(e.countries) = 0)")
        params["country"] = country
    rows = con.execute(
        f"""SELECT entity_id, list_id, source_key, name, aliases, countries, identifiers,
                   listing_date
            FROM listed_entities e WHERE {" AND ".join(where)} ORDER BY entity_id""",
        params,
    ).fetchall()
    return [
        Entry(eid, lid, key, name, list(dict.fromkeys([name, *(aliases or [])])),
              list(countries or []), list(ids or []), day)
        for eid, lid, key, name, aliases, countries, ids, day in rows
    ]  # fmt: skip


def _link_by_keys(
    entries: list[Entry], groups: _UnionFind, reasons: dict[frozenset[str], str]
) -> None:
    """Entries sharing an OpenSanctions id or an identifier are one organisation."""
    seen: dict[tuple[str, str], str] = {}
    for entry in entries:
        keys = [("identifier", key) for key in map(identifier_key, entry.identifiers) if key]
        if entry.list_id.startswith("os-"):
            keys.append(("OpenSanctions id", entry.source_key))
        for key in keys:
            first = seen.setdefault(key, entry.entity_id)
            if first != entry.entity_id:
                groups.union(first, entry.entity_id)
                reasons.setdefault(frozenset((first, entry.entity_id)), f"same {key[0]} {key[1]}")


def identifier_key(text: str) -> str | None:
    """'Registration ID, 1027700070518, RU' (CSL) or 'registrationNumber:1027700070518' (FtM) →
    'registration id 1027700070518'; None unless the type identifies a legal person and the value
    has at least five letters or digits, one a digit."""
    kind, _, rest = text.partition(":") if ":" in text and "," not in text else text.partition(",")
    value = re.sub(r"[^0-9A-Za-z]", "", rest.split(",")[0] if "," in text else rest)
    if not IDENTIFYING.search(kind) or len(value) < 5 or not re.search(r"\d", value):
        return None
    return f"{kind.strip().casefold()} {value.upper()}"


def _organisation(members: list[Entry], reasons: dict[frozenset[str], str]) -> Organisation:
    by_list: dict[str, list[Entry]] = defaultdict(list)
    for member in members:
        by_list[member.list_id].append(member)
    dates = {
        list_id: min((e.listing_date for e in es if e.listing_date), default=None)
        for list_id, es in by_list.items()
    }
    known = [d for d in dates.values() if d]
    first = min(known) if known else None
    listings = [
        {
            "list_id": list_id,
            "entries": [e.entity_id for e in es],
            "names": sorted({e.name for e in es}),
            "listing_date": dates[list_id],
            "lag_days": _days_between(first, dates[list_id]),
        }
        for list_id, es in sorted(by_list.items(), key=lambda kv: (kv[1][0].listing_date or
                                                                   dt.date.max, kv[0]))
    ]  # fmt: skip
    ids = {m.entity_id for m in members}
    links = sorted({why for pair, why in reasons.items() if pair <= ids})
    countries = sorted({c for m in members for c in m.countries})
    return Organisation(members[0].name, countries, listings, links)


def _days_between(first: dt.date | None, day: dt.date | None) -> int | None:
    return (day - first).days if day and first else None


def _pairs(lists: list[str], organisations: list[Organisation]) -> list[dict[str, Any]]:
    table = []
    for a, b in combinations(lists, 2):
        shared, lags, unknown = 0, [], 0
        for org in organisations:
            dates = {item["list_id"]: item["listing_date"] for item in org.listings}
            if a in dates and b in dates:
                shared += 1
                if dates[a] and dates[b]:
                    lags.append((dates[b] - dates[a]).days)
                else:
                    unknown += 1
        if not shared:
            continue
        table.append(
            {
                "list_a": a,
                "list_b": b,
                "shared": shared,
                "a_first": sum(1 for x in lags if x > 0),
                "b_first": sum(1 for x in lags if x < 0),
                "same_day": sum(1 for x in lags if x == 0),
                "dates_unknown": unknown,
                "median_lag_days": statistics.median(lags) if lags else None,
            }
        )
    return sorted(table, key=lambda r: (-r["shared"], r["list_a"], r["list_b"]))
