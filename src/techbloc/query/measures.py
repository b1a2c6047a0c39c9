"""The register of measures, filtered by date, domain, instrument, direction, issuer and target."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.model import Direction
from techbloc.query.alliances import expand_domain, sources_for
from techbloc.query.resolve import (
    parse_choice,
    parse_date,
    resolve_actor,
    resolve_alliance,
    resolve_term,
)
from techbloc.query.rows import Row, fetch, plain, show_date


def list_measures(
    con: duckdb.DuckDBPyConnection,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    domain: str | None = None,
    instrument: str | None = None,
    direction: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    alliance: str | None = None,
    limit: int | None = None,
    with_sources: bool = False,
) -> list[Row]:
    """Measures dated ``since <= date <= until`` (both inclusive), newest first."""
    where = ["TRUE"]
    params: dict[str, Any] = {}
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start:
        params["since"] = start
        where.append("m.measure_date >= $since")
    if end:
        params["until"] = end
        where.append("m.measure_date <= $until")
    if domain:
        params["domains"] = expand_domain(con, resolve_term(con, "domains", "domain_id", domain))
        where.append("list_has_any(m.domains, $domains)")
    if instrument:
        params["instrument"] = resolve_term(con, "instruments", "instrument_id", instrument)
        where.append("m.instrument_id = $instrument")
    if direction:
        params["direction"] = parse_choice(Direction, direction, "direction").value
        where.append("m.direction = $direction")
    if actor:
        params["actor"] = resolve_actor(con, actor)
        where.append("m.actor_code = $actor")
    if target:
        params["target"] = resolve_actor(con, target)
        where.append("list_contains(m.target_codes, $target)")
    if alliance:
        params["alliance"] = resolve_alliance(con, alliance)
        where.append("m.alliance_id = $alliance")
    limit_sql = ""
    if limit is not None:
        params["limit"] = max(0, int(limit))
        limit_sql = "LIMIT $limit"
    rows = fetch(
        con,
        f"""SELECT m.measure_id, m.measure_date, m.date_precision, m.actor_code, m.issuer,
                   m.alliance_id, m.title_en, m.title_zh, m.instrument_id, m.direction,
                   m.target_codes, m.target_entities, m.domains, m.stages, m.tech_scope,
                   m.severity_score, m.citation, m.source_ids, m.summary_en, m.summary_zh
            FROM measures m WHERE {" AND ".join(where)}
            ORDER BY m.measure_date DESC, m.measure_id {limit_sql}""",
        params,
    )
    by_id: dict[str, Row] = {}
    if with_sources:  # one query for every measure's sources
        cited = list(dict.fromkeys(s for r in rows for s in r["source_ids"] or []))
        by_id = {source["source_id"]: source for source in sources_for(con, cited)}
    for row in rows:
        row["date"] = show_date(row.pop("measure_date"), row.pop("date_precision"))
        if with_sources:
            row["sources"] = [by_id[i] for i in row["source_ids"] or [] if i in by_id]
    return [plain(r) for r in rows]
