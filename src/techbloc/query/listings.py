"""Restricted-party listings: the state of a list on a date, an entity's history, counts over time.

History is rebuilt from ``listing_events``: an entity is on a list on day D when its last event
dated on or before D is an addition or a change (not a removal).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.resolve import parse_date, resolve_actor, suggest
from techbloc.query.rows import Row, fetch, plain

LAST_EVENT_AT = """
    SELECT entity_id, arg_max(event, event_date) AS last_event
    FROM listing_events WHERE event_date <= $at GROUP BY entity_id
"""

GROUPINGS = {
    "year": "year(coalesce(e.listing_date, e.first_seen_date))",
    "list": "e.list_id",
    "country": "unnest(CASE WHEN len(e.countries) = 0 THEN [NULL] ELSE e.countries END)",
}


def resolve_list(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    ids = [str(r[0]) for r in con.execute("SELECT list_id FROM restricted_lists").fetchall()]
    if typed in ids:
        return typed
    options = suggest(typed, ids)
    raise NotFound(
        f"no imported list '{typed}'",
        hint=f"did you mean: {', '.join(options)}?"
        if options
        else "run 'techbloc import csl …' first",
    )


def list_state_at(
    con: duckdb.DuckDBPyConnection, list_id: str, at: str | dt.date | None = None
) -> list[Row]:
    """The entities on a list on a date (default today), as its imported snapshots show."""
    day = parse_date(at, "--at") or dt.date.today()
    list_id = resolve_list(con, list_id)
    rows = fetch(
        con,
        f"""SELECT e.entity_id, e.name, e.countries, e.listing_date, e.citation
            FROM ({LAST_EVENT_AT}) s JOIN listed_entities e USING (entity_id)
            WHERE e.list_id = $list AND s.last_event <> 'removed'
            ORDER BY e.name""",
        {"at": day, "list": list_id},
    )
    return [plain(r) for r in rows]


def entity_history(con: duckdb.DuckDBPyConnection, entity_id: str) -> Row:
    """An entity's current record and every event of its listing history."""
    found = fetch(con, "SELECT * FROM listed_entities WHERE entity_id = ?", [entity_id])
    if not found:
        raise NotFound(f"no listed entity '{entity_id}'")
    record = found[0]
    record["events"] = fetch(
        con,
        """SELECT event, event_date, import_id, name FROM listing_events
           WHERE entity_id = ? ORDER BY event_date, import_id""",
        [entity_id],
    )
    result: Row = plain(record)
    return result


def listing_counts(
    con: duckdb.DuckDBPyConnection,
    by: list[str],
    country: str | None = None,
    list_id: str | None = None,
    active_only: bool = True,
) -> list[Row]:
    """Number of listed entities grouped by year (of listing), list and/or country."""
    unknown = [b for b in by if b not in GROUPINGS]
    if unknown or not by:
        raise InvalidArgument(
            f"cannot group by {', '.join(unknown) or 'nothing'}",
            hint=f"group by one or more of: {', '.join(GROUPINGS)}",
        )
    where, params = ["TRUE"], {}
    if active_only:
        where.append("e.is_active")
    if country:
        params["country"] = resolve_actor(con, country)
        where.append("list_contains(e.countries, $country)")
    if list_id:
        params["list"] = resolve_list(con, list_id)
        where.append("e.list_id = $list")
    selects = ", ".join(f"{GROUPINGS[b]} AS {b}" for b in by)
    inner = f"SELECT {selects} FROM listed_entities e WHERE {' AND '.join(where)}"
    if country and "country" in by:
        inner = f"SELECT * FROM ({inner}) WHERE country = $country"
    names = ", ".join(by)
    rows: list[dict[str, Any]] = fetch(
        con,
        f"SELECT {names}, count(*) AS entities FROM ({inner}) GROUP BY ALL ORDER BY {names}",
        params,
    )
    return rows
