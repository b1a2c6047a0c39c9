"""Memberships at a date, their changes between two dates, and each country's alliances at a date
(the world map). Same rules as :mod:`techbloc.query.alliances`: a member counts on D when
``joined <= D < left`` with a counted role, in an alliance that exists on D."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.model import AllianceKind
from techbloc.query.alliances import MEMBER_AT, MEMBER_ROLES, STATUS_AT
from techbloc.query.resolve import parse_choice, parse_date, resolve_actor, resolve_alliance
from techbloc.query.rows import Row, fetch, plain, show_date

_EXISTS = "s.status IS NOT NULL AND s.status <> 'dissolved'"


def _filters(
    con: duckdb.DuckDBPyConnection, alliance: str | None, country: str | None, kind: str | None
) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if alliance:
        params["alliance"] = resolve_alliance(con, alliance)
        where.append("m.alliance_id = $alliance")
    if country:
        params["country"] = resolve_actor(con, country)
        where.append("m.actor_code = $country")
    if kind:
        params["kind"] = parse_choice(AllianceKind, kind, "kind").value
        where.append("al.kind = $kind")
    return where, params


def memberships_at(
    con: duckdb.DuckDBPyConnection,
    at: str | dt.date | None = None,
    alliance: str | None = None,
    country: str | None = None,
    kind: str | None = None,
) -> list[Row]:
    """Every counted membership (founding, member, partner) in force on ``at`` (default today),
    by alliance then country, with its dates and sources."""
    day = parse_date(at, "--at") or dt.date.today()
    where, params = _filters(con, alliance, country, kind)
    params["at"] = day
    rows = fetch(
        con,
        f"""WITH s AS ({STATUS_AT})
            SELECT m.alliance_id, al.name_en AS alliance_en, al.name_zh AS alliance_zh, al.kind,
                   m.actor_code, ac.name_en AS actor_en, ac.name_zh AS actor_zh, m.role,
                   m.joined_date, m.joined_precision, m.left_date, m.left_precision,
                   m.source_ids
            FROM memberships m JOIN alliances al USING (alliance_id)
            JOIN actors ac USING (actor_code) LEFT JOIN s USING (alliance_id)
            WHERE {MEMBER_AT} AND m.role IN {MEMBER_ROLES} AND {_EXISTS}
                  {"".join(" AND " + w for w in where)}
            ORDER BY m.alliance_id, m.actor_code, m.role""",
        params,
    )
    for row in rows:
        row["joined"] = show_date(row.pop("joined_date"), row.pop("joined_precision"))
        row["left"] = show_date(row.pop("left_date"), row.pop("left_precision"))
    return [plain(r) for r in rows]


def membership_changes(
    con: duckdb.DuckDBPyConnection,
    since: str | dt.date | None,
    until: str | dt.date | None = None,
    alliance: str | None = None,
    country: str | None = None,
    kind: str | None = None,
) -> list[Row]:
    """Joins and departures dated ``since <= date <= until`` (until default today), oldest first.
    A join is dated by the day membership took effect (the accession date, else the first date a
    source shows the member), a departure by the day it left."""
    start = parse_date(since, "--since")
    if start is None:
        raise InvalidArgument("membership changes need a start date", hint="give since=YYYY-MM-DD")
    end = parse_date(until, "--until") or dt.date.today()
    if end < start:
        raise InvalidArgument(f"since {start} is after until {end}")
    where, params = _filters(con, alliance, country, kind)
    params.update(since=start, until=end)
    extra = "".join(" AND " + w for w in where)
    rows = fetch(
        con,
        f"""SELECT * FROM (
                SELECT 'joined' AS change, m.effective_from_date AS change_date,
                       coalesce(m.joined_precision, m.as_of_precision) AS change_precision,
                       m.alliance_id, al.name_en AS alliance_en, al.name_zh AS alliance_zh,
                       al.kind, m.actor_code, ac.name_en AS actor_en, ac.name_zh AS actor_zh,
                       m.role, m.source_ids
                FROM memberships m JOIN alliances al USING (alliance_id)
                JOIN actors ac USING (actor_code)
                WHERE m.effective_from_date BETWEEN $since AND $until {extra}
                UNION ALL
                SELECT 'left', m.left_date, m.left_precision, m.alliance_id, al.name_en,
                       al.name_zh, al.kind, m.actor_code, ac.name_en, ac.name_zh, m.role,
                       m.source_ids
                FROM memberships m JOIN alliances al USING (alliance_id)
                JOIN actors ac USING (actor_code)
                WHERE m.left_date BETWEEN $since AND $until {extra})
            ORDER BY change_date, alliance_id, actor_code, change""",
        params,
    )
    for row in rows:
        row["date"] = show_date(row.pop("change_date"), row.pop("change_precision"))
    return [plain(r) for r in rows]


def alliances_by_country(
    con: duckdb.DuckDBPyConnection, at: str | dt.date | None = None, kind: str | None = None
) -> Row:
    """For the world map: each country (ISO alpha-2, with ISO alpha-3 where it has one) and the
    alliances it belongs to on ``at``, with the counts by kind."""
    members = memberships_at(con, at, kind=kind)
    day = parse_date(at, "--at") or dt.date.today()
    iso3 = {str(r[0]): r[1] for r in con.execute("SELECT actor_code, iso3 FROM actors").fetchall()}
    countries: dict[str, Row] = {}
    for m in members:
        entry = countries.setdefault(
            m["actor_code"],
            {"actor_code": m["actor_code"], "iso3": iso3.get(m["actor_code"]),
             "name_en": m["actor_en"], "name_zh": m["actor_zh"], "alliances": [],
             "by_kind": {}},
        )  # fmt: skip
        if m["alliance_id"] not in entry["alliances"]:
            entry["alliances"].append(m["alliance_id"])
            entry["by_kind"][m["kind"]] = entry["by_kind"].get(m["kind"], 0) + 1
    for entry in countries.values():
        entry["alliance_count"] = len(entry["alliances"])
    sources = sorted({s for m in members for s in m["source_ids"] or []})
    return {
        "at": day.isoformat(),
        "kind": kind,
        "countries": sorted(countries.values(), key=lambda c: c["actor_code"]),
        "source_ids": sources,
    }
