"""Alliances at a date: which existed, in what status, with which members, covering what.

Semantics (docs/methodology.md, "Time"): an alliance's status on day D is its last status change on
or before D; it "exists" on D unless that status is missing (not yet proposed) or ``dissolved``. A
member counts on D when ``joined <= D < left`` (joined on the day: member; left on the day: not).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.errors import NotFound
from techbloc.model import AllianceKind
from techbloc.query.resolve import (
    parse_choice,
    parse_date,
    resolve_actor,
    resolve_alliance,
    resolve_term,
)
from techbloc.query.rows import Row, fetch, plain, show_date

MEMBER_ROLES = ("founding", "member", "partner")
"""Roles counted as members; observers, adherents and proposed members are listed, not counted."""

STATUS_AT = """
    SELECT alliance_id, arg_max(status, since_date) AS status
    FROM alliance_status WHERE since_date <= $at GROUP BY alliance_id
"""
MEMBER_AT = "effective_from_date <= $at AND (left_date IS NULL OR left_date > $at)"


def expand_domain(con: duckdb.DuckDBPyConnection, domain_id: str) -> list[str]:
    """A domain with its ancestors and descendants: a fact about 'semiconductors' covers
    'semiconductor-equipment', and a fact about the equipment is one about semiconductors."""
    rows = con.execute(
        """
        WITH RECURSIVE down(id) AS (
            SELECT domain_id FROM domains WHERE domain_id = $d
            UNION SELECT c.domain_id FROM domains c JOIN down ON c.parent_id = down.id),
        up(id) AS (
            SELECT domain_id FROM domains WHERE domain_id = $d
            UNION SELECT p.parent_id FROM domains p JOIN up ON p.domain_id = up.id
            WHERE p.parent_id IS NOT NULL)
        SELECT id FROM down UNION SELECT id FROM up
        """,
        {"d": domain_id},
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def list_alliances(
    con: duckdb.DuckDBPyConnection,
    at: str | dt.date | None = None,
    kind: str | None = None,
    domain: str | None = None,
    stage: str | None = None,
    member: str | None = None,
) -> list[Row]:
    """The alliances that exist on ``at`` (today by default), filtered, oldest first."""
    day = parse_date(at, "--at") or dt.date.today()
    where = ["s.status IS NOT NULL", "s.status <> 'dissolved'"]
    params: dict[str, Any] = {"at": day}
    if kind:
        params["kind"] = parse_choice(AllianceKind, kind, "kind").value
        where.append("a.kind = $kind")
    if domain:
        params["domains"] = expand_domain(con, resolve_term(con, "domains", "domain_id", domain))
        where.append("list_has_any(a.domains, $domains)")
    if stage:
        params["stage"] = resolve_term(con, "stages", "stage_id", stage)
        where.append("list_contains(a.stages, $stage)")
    if member:
        params["member"] = resolve_actor(con, member)
        where.append(
            "EXISTS (SELECT 1 FROM memberships m WHERE m.alliance_id = a.alliance_id "
            f"AND m.actor_code = $member AND m.role IN {MEMBER_ROLES} AND {MEMBER_AT})"
        )
    rows = fetch(
        con,
        f"""
        WITH s AS ({STATUS_AT}),
        counts AS (
            SELECT alliance_id,
                   count(DISTINCT actor_code) FILTER (WHERE role IN {MEMBER_ROLES}) AS member_count,
                   count(DISTINCT actor_code) FILTER (WHERE role = 'proposed') AS proposed_count
            FROM memberships WHERE {MEMBER_AT} GROUP BY alliance_id)
        SELECT a.alliance_id, a.name_en, a.name_zh,
               coalesce(a.short_name_en, a.name_en) AS short_name_en,
               coalesce(a.short_name_zh, a.name_zh) AS short_name_zh, a.kind, a.form, s.status,
               a.founded_date, a.founded_precision, a.ended_date, a.ended_precision,
               coalesce(c.member_count, 0) AS member_count,
               coalesce(c.proposed_count, 0) AS proposed_count,
               a.tech_scope, a.domains, a.stages
        FROM alliances a LEFT JOIN s USING (alliance_id) LEFT JOIN counts c USING (alliance_id)
        WHERE {" AND ".join(where)}
        ORDER BY a.founded_date NULLS LAST, a.alliance_id
        """,
        params,
    )
    return [plain(_with_dates(r, "founded", "ended")) for r in rows]


def alliance_profile(
    con: duckdb.DuckDBPyConnection, name: str, at: str | dt.date | None = None
) -> Row:
    """Everything about one alliance (any name or alias), with its membership timeline and
    whether each member belongs on ``at`` (today by default)."""
    day = parse_date(at, "--at") or dt.date.today()
    alliance_id = resolve_alliance(con, name)
    found = fetch(con, "SELECT * FROM alliances WHERE alliance_id = ?", [alliance_id])
    if not found:
        raise NotFound(f"no alliance '{alliance_id}'")
    profile = _with_dates(found[0], "founded", "ended")
    profile["at"] = day
    status = fetch(
        con,
        f"SELECT status FROM ({STATUS_AT}) WHERE alliance_id = $id",
        {"at": day, "id": alliance_id},
    )
    profile["status_at"] = status[0]["status"] if status else None
    profile["aliases"] = [
        r["name"]
        for r in fetch(
            con,
            "SELECT name FROM alliance_names WHERE alliance_id = ? ORDER BY name",
            [alliance_id],
        )
    ]
    profile["status_history"] = [
        _with_dates(r, "since")
        for r in fetch(
            con,
            "SELECT status, since_date, since_precision, source_ids, note FROM alliance_status"
            " WHERE alliance_id = ? ORDER BY since_date",
            [alliance_id],
        )
    ]
    profile["dimensions"] = fetch(
        con,
        """SELECT d.dimension_id, d.name_en, d.name_zh, ad.level, ad.evidence, ad.source_ids
           FROM dimensions d LEFT JOIN alliance_dimensions ad
             ON ad.dimension_id = d.dimension_id AND ad.alliance_id = ?
           ORDER BY list_position(['development','application','sharing','transformation',
                                   'spillover'], d.dimension_id)""",
        [alliance_id],
    )
    profile["memberships"] = [
        _with_dates(r, "joined", "left", "as_of")
        for r in fetch(
            con,
            f"""SELECT m.actor_code, a.name_en AS actor_en, a.name_zh AS actor_zh, m.role,
                       m.joined_date, m.joined_precision, m.left_date, m.left_precision,
                       m.as_of_date, m.as_of_precision,
                       ({MEMBER_AT}) AS is_member_at, m.source_ids, m.note
                FROM memberships m JOIN actors a USING (actor_code)
                WHERE m.alliance_id = $id
                ORDER BY m.effective_from_date NULLS LAST, m.actor_code""",
            {"at": day, "id": alliance_id},
        )
    ]
    profile["member_count_at"] = len(
        {
            m["actor_code"]
            for m in profile["memberships"]
            if m["is_member_at"] and m["role"] in MEMBER_ROLES
        }
    )
    profile["successors"] = [
        r["alliance_id"]
        for r in fetch(
            con, "SELECT alliance_id FROM alliances WHERE predecessor_id = ?", [alliance_id]
        )
    ]
    # The alliance file's sources back its own facts (founding, scope, summary) as well as the
    # memberships and ratings that cite them one by one: list them all, cited ones first.
    own = [
        r["source_id"]
        for r in fetch(
            con,
            "SELECT source_id FROM sources WHERE kb_file = ? ORDER BY source_date NULLS LAST",
            [profile["kb_file"]],
        )
    ]
    profile["sources"] = sources_for(con, list(dict.fromkeys(cited_source_ids(profile) + own)))
    profile["measure_count"] = fetch(
        con, "SELECT count(*) AS n FROM measures WHERE alliance_id = ?", [alliance_id]
    )[0]["n"]
    result: Row = plain(profile)
    return result


def cited_source_ids(profile: Row) -> list[str]:
    ids: list[str] = list(profile.get("source_ids") or [])
    for part in ("status_history", "dimensions", "memberships"):
        for item in profile.get(part, []):
            ids += item.get("source_ids") or []
    return list(dict.fromkeys(ids))


def sources_for(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[Row]:
    """The cited sources, in citation order."""
    if not ids:
        return []
    rows = fetch(
        con,
        "SELECT source_id, publisher, title, source_date, source_date_precision, url "
        "FROM sources WHERE list_contains($ids, source_id)",
        {"ids": ids},
    )
    for row in rows:
        row["date"] = show_date(row.pop("source_date"), row.pop("source_date_precision"))
    by_id = {r["source_id"]: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _with_dates(row: Row, *names: str) -> Row:
    """Fold each ``<name>_date`` + ``<name>_precision`` pair into one display field ``<name>``."""
    for name in names:
        row[name] = show_date(row.pop(f"{name}_date", None), row.pop(f"{name}_precision", None))
    return row
