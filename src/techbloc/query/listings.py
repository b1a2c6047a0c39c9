"""Restricted-party listings: the state of a list on a date, an entity's history, counts over time.

History is rebuilt from ``listing_events``: an entity is on a list on day D when its last event
dated on or before D is an addition or a change (not a removal).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.resolve import parse_date, resolve_actor, resolve_term, suggest
from techbloc.query.rows import Row, fetch, plain

LAST_EVENT_AT = """
    SELECT entity_id, arg_max(event, event_date) AS last_event
    FROM listing_events WHERE event_date <= $at GROUP BY entity_id
"""

GROUPINGS = {
    "year": "year(e.listing_date)",
    "seen": "year(e.first_seen_date)",
    "list": "e.list_id",
    "country": "c.country",
    "domain": "dt.domain",
    "subdomain": "ds.subdomain",
}
"""What ``listing_counts`` can group by. 'year' is the year of the listing date the list gives
(empty where the list gives none, as OFAC's CMIC list does); 'seen' the year of the first imported
snapshot that held the entity. An entity counts once in each of its countries and
domains ('domain' is the top-level domain, 'subdomain' the most specific one the enrichment found);
an entity without any counts under an empty value."""

_LIST_JOINS = {
    "country": "CROSS JOIN unnest(CASE WHEN len(e.countries) = 0 THEN [NULL] ELSE e.countries "
    "END) AS c(country)",
    "domain": "CROSS JOIN unnest(coalesce(d.top_domains, [NULL])) AS dt(domain)",
    "subdomain": "CROSS JOIN unnest(coalesce(d.domains, [NULL])) AS ds(subdomain)",
}

_ENTITY_DOMAINS = """
    LEFT JOIN (
        SELECT ld.entity_id, list(DISTINCT coalesce(dm.parent_id, dm.domain_id)) AS top_domains,
               list(DISTINCT ld.domain_id) AS domains
        FROM listing_domains ld JOIN domains dm USING (domain_id) GROUP BY ld.entity_id
    ) d USING (entity_id)
"""


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
    domain: str | None = None,
) -> list[Row]:
    """Number of listed entities grouped by year (of listing), list, country and/or domain."""
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
        if "country" in by:
            where.append("c.country = $country")
    if list_id:
        params["list"] = resolve_list(con, list_id)
        where.append("e.list_id = $list")
    if domain:
        params["domain"] = resolve_term(con, "domains", "domain_id", domain)
        where.append("(list_contains(d.domains, $domain) OR list_contains(d.top_domains, $domain))")
    joins = " ".join(_LIST_JOINS[b] for b in dict.fromkeys(by) if b in _LIST_JOINS)
    selects = ", ".join(f"{GROUPINGS[b]} AS {b}" for b in by)
    names = ", ".join(by)
    rows: list[dict[str, Any]] = fetch(
        con,
        f"""SELECT {selects}, count(DISTINCT e.entity_id) AS entities
            FROM listed_entities e {_ENTITY_DOMAINS} {joins}
            WHERE {" AND ".join(where)}
            GROUP BY ALL ORDER BY {names}""",
        params,
    )
    return rows


def restricted_lists(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The imported restricted-party lists with their issuer and how many entities each holds
    (active and in all)."""
    rows = fetch(
        con,
        """SELECT l.*, coalesce(c.entities, 0) AS entities, coalesce(c.active, 0) AS active
           FROM restricted_lists l LEFT JOIN (
               SELECT list_id, count(*) AS entities, count(*) FILTER (WHERE is_active) AS active
               FROM listed_entities GROUP BY list_id) c USING (list_id)
           ORDER BY l.list_id""",
    )
    return [plain(r) for r in rows]
