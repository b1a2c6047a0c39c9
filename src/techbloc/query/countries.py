"""A country at a date: its alliances, its attributes, the measures it took and faced."""

from __future__ import annotations

import datetime as dt

import duckdb

from techbloc.query.alliances import MEMBER_AT, MEMBER_ROLES, STATUS_AT, sources_for
from techbloc.query.resolve import parse_date, resolve_actor
from techbloc.query.rows import Row, fetch, plain, show_date


def country_profile(
    con: duckdb.DuckDBPyConnection, name: str, at: str | dt.date | None = None
) -> Row:
    """Profile of a country (code or any name) on ``at`` (today by default)."""
    day = parse_date(at, "--at") or dt.date.today()
    code = resolve_actor(con, name)
    profile = fetch(con, "SELECT * FROM actors WHERE actor_code = ?", [code])[0]
    profile["at"] = day
    memberships = fetch(
        con,
        f"""WITH s AS ({STATUS_AT})
            SELECT m.alliance_id, a.name_en, a.name_zh, a.kind, m.role, s.status,
                   m.joined_date, m.joined_precision, m.left_date, m.left_precision,
                   ({MEMBER_AT}) AND s.status IS NOT NULL AND s.status <> 'dissolved'
                       AS is_member_at,
                   m.source_ids
            FROM memberships m JOIN alliances a USING (alliance_id)
            LEFT JOIN s USING (alliance_id)
            WHERE m.actor_code = $code
            ORDER BY m.effective_from_date NULLS LAST, m.alliance_id""",
        {"at": day, "code": code},
    )
    for row in memberships:
        row["joined"] = show_date(row.pop("joined_date"), row.pop("joined_precision"))
        row["left"] = show_date(row.pop("left_date"), row.pop("left_precision"))
    profile["alliances_at"] = [m for m in memberships if m["is_member_at"]]
    profile["membership_history"] = memberships
    attributes = fetch(
        con,
        """SELECT indicator, arg_max(year, year) AS year, arg_max(value, year) AS value,
                  arg_max(source_ids, year) AS source_ids
           FROM country_attributes WHERE actor_code = ? AND year <= ?
           GROUP BY indicator ORDER BY indicator""",
        [code, day.year],
    )
    profile["attributes"] = attributes
    profile["attribute_gaps"] = fetch(
        con,
        "SELECT indicator, year, reason FROM country_attribute_gaps WHERE actor_code = ? "
        "ORDER BY indicator",
        [code],
    )
    profile["measures_issued"] = _measure_summary(con, "actor_code = $code", code, day)
    profile["measures_targeting"] = _measure_summary(
        con, "list_contains(target_codes, $code)", code, day
    )
    cited = [s for a in attributes for s in a["source_ids"] or []]
    cited += [s for m in memberships for s in m["source_ids"] or []]
    profile["sources"] = sources_for(con, list(dict.fromkeys(cited)))
    result: Row = plain(profile)
    return result


def _measure_summary(
    con: duckdb.DuckDBPyConnection, condition: str, code: str, day: dt.date
) -> Row:
    counts = fetch(
        con,
        f"""SELECT direction, count(*) AS n FROM measures
            WHERE {condition} AND measure_date <= $at GROUP BY direction ORDER BY direction""",
        {"code": code, "at": day},
    )
    latest = fetch(
        con,
        f"""SELECT measure_id, measure_date, date_precision, title_en, title_zh, direction,
                   instrument_id, severity_score
            FROM measures WHERE {condition} AND measure_date <= $at
            ORDER BY measure_date DESC, measure_id LIMIT 5""",
        {"code": code, "at": day},
    )
    for row in latest:
        row["date"] = show_date(row.pop("measure_date"), row.pop("date_precision"))
    return {"by_direction": {c["direction"]: c["n"] for c in counts}, "latest": latest}


def list_countries(
    con: duckdb.DuckDBPyConnection, at: str | dt.date | None = None, region: str | None = None
) -> list[Row]:
    """Every actor (countries and the EU) with its names, region and the number of alliances it
    belongs to on ``at`` (default today), by code."""
    day = parse_date(at, "--at") or dt.date.today()
    params: dict[str, object] = {"at": day}
    where = "TRUE"
    if region:
        params["region"] = region
        where = "a.region = $region"
    rows = fetch(
        con,
        f"""WITH s AS ({STATUS_AT}),
            counted AS (
                SELECT m.actor_code, count(DISTINCT m.alliance_id) AS alliances
                FROM memberships m LEFT JOIN s USING (alliance_id)
                WHERE {MEMBER_AT} AND m.role IN {MEMBER_ROLES}
                      AND s.status IS NOT NULL AND s.status <> 'dissolved'
                GROUP BY m.actor_code)
            SELECT a.actor_code, a.name_en, a.name_zh, a.actor_kind, a.iso3, a.region,
                   a.ended_date, coalesce(c.alliances, 0) AS alliance_count_at
            FROM actors a LEFT JOIN counted c USING (actor_code)
            WHERE {where} ORDER BY a.actor_code""",
        params,
    )
    return [plain(r) for r in rows]
