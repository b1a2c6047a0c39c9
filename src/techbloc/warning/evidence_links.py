"""Labels and links of an alert's evidence, looked up where the store holds the fact.

- measure → its title (en / zh), date, citation and its sources (publisher, title, date, URL);
  the link is the first source with a URL.
- document → its title, date, language and where it came from (the link when that is a URL).
- listing → the listed entity: name, list, countries, listing date and the list's source URL.
- alliance → its names and sources.
A label or URL the detector gave is kept; what the store adds fills the gaps. Evidence the store
does not hold (an id from another store, a news event) is shown as given, with ``found: false``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import duckdb

from techbloc.query.rows import Row, fetch

Lookup = Callable[[duckdb.DuckDBPyConnection, list[str]], dict[str, Row]]


def describe_evidence(con: duckdb.DuckDBPyConnection, evidence: Sequence[Row]) -> list[Row]:
    """The evidence rows (kind, id, date, label, url) with what the store says about each."""
    by_kind: dict[str, list[str]] = {}
    for e in evidence:
        by_kind.setdefault(str(e["kind"]), []).append(str(e["id"]))
    found: dict[tuple[str, str], Row] = {}
    for kind, ids in by_kind.items():
        lookup = LOOKUPS.get(kind)
        if lookup:
            found |= {(kind, key): facts for key, facts in lookup(con, ids).items()}
    described = []
    for e in evidence:
        facts = found.get((str(e["kind"]), str(e["id"])))
        row = dict(e)
        row["found"] = facts is not None if str(e["kind"]) in LOOKUPS else None
        if facts:
            facts = dict(facts)
            for key in ("label", "url", "date"):
                from_store = facts.pop(key, None)
                row[key] = row.get(key) or from_store
            row["facts"] = facts
        described.append(row)
    return described


def _sources(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, Row]:
    if not ids:
        return {}
    rows = fetch(
        con,
        "SELECT source_id, publisher, title, source_date AS date, url FROM sources "
        "WHERE list_contains($ids, source_id)",
        {"ids": sorted(ids)},
    )
    return {str(r["source_id"]): r for r in rows}


def _first_url(sources: list[Row]) -> str | None:
    return next((str(s["url"]) for s in sources if s.get("url")), None)


def _measures(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, Row]:
    rows = fetch(
        con,
        "SELECT measure_id, measure_date, title_en, title_zh, actor_code, instrument_id, "
        "direction, severity_score, citation, source_ids FROM measures "
        "WHERE list_contains($ids, measure_id)",
        {"ids": ids},
    )
    sources = _sources(con, {s for r in rows for s in (r["source_ids"] or [])})
    out = {}
    for r in rows:
        cited = [sources[s] for s in (r.pop("source_ids") or []) if s in sources]
        out[str(r.pop("measure_id"))] = {
            "label": " / ".join(x for x in (r["title_en"], r["title_zh"]) if x) or None,
            "url": _first_url(cited), "date": r.pop("measure_date"), **r, "sources": cited,
        }  # fmt: skip
    return out


def _documents(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, Row]:
    rows = fetch(
        con,
        "SELECT doc_id, title, published, language, format, source_location FROM documents "
        "WHERE list_contains($ids, doc_id)",
        {"ids": ids},
    )
    out = {}
    for r in rows:
        location = str(r["source_location"])
        out[str(r.pop("doc_id"))] = {
            "label": r["title"] or location, "date": r.pop("published"),
            "url": location if location.startswith(("http://", "https://")) else None, **r,
        }  # fmt: skip
    return out


def _listings(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, Row]:
    rows = fetch(
        con,
        "SELECT e.entity_id, e.name, e.list_id, l.name AS list_name, e.countries, "
        "e.listing_date, e.is_active, e.citation, e.source_url FROM listed_entities e "
        "LEFT JOIN restricted_lists l USING (list_id) WHERE list_contains($ids, e.entity_id)",
        {"ids": ids},
    )
    out = {}
    for r in rows:
        out[str(r.pop("entity_id"))] = {
            "label": f"{r['name']} ({r['list_name'] or r['list_id']})",
            "url": r.pop("source_url"), "date": r.pop("listing_date"), **r,
        }  # fmt: skip
    return out


def _alliances(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, Row]:
    rows = fetch(
        con,
        "SELECT alliance_id, name_en, name_zh, kind, founded_date, source_ids FROM alliances "
        "WHERE list_contains($ids, alliance_id)",
        {"ids": ids},
    )
    sources = _sources(con, {s for r in rows for s in (r["source_ids"] or [])})
    out: dict[str, Row] = {}
    for r in rows:
        cited = [sources[s] for s in (r.pop("source_ids") or []) if s in sources]
        facts: dict[str, Any] = {
            "label": f"{r['name_en']} / {r['name_zh']}", "url": _first_url(cited), **r,
            "sources": cited,
        }  # fmt: skip
        out[str(facts.pop("alliance_id"))] = facts
    return out


LOOKUPS: dict[str, Lookup] = {
    "measure": _measures,
    "document": _documents,
    "listing": _listings,
    "alliance": _alliances,
}
