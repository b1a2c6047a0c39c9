"""The supply indicators as answers: names resolved, expressions run, rows as plain dicts.

Shared by the Python API (:class:`techbloc.workspace.Techbloc`) and the CLI; the engine is DuckDB
over the store unless a Spark engine is given. The ranking and the attaching of each input's
first backups happen here, in Python, over a few dozen rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.analytics.coalitions import Coalition, coalition_members
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.exposure import (
    ExposureBy,
    backup_sources,
    chokepoints,
    chokepoints_series,
    exposure,
    exposure_series,
)
from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.resolve import suggest
from techbloc.text.normalize import normalize_name

Row = dict[str, Any]
BACKUPS_SHOWN = 3
"""Backups attached to each choke point, per level (countries, organisations)."""


def require_supply_data(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute("SELECT count(*) FROM supply_shares").fetchone()
    if not row or row[0] == 0:
        raise NotFound(
            "the store holds no supply-chain shares",
            hint="import some: techbloc import supply FOLDER_OR_CSV (e.g. the ETO dataset folder)",
        )


def resolve_input(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    """An input id from its id (N20) or its name, exact or the one name containing the text."""
    rows = [(str(r[0]), str(r[1])) for r in
            con.execute("SELECT input_id, input_name FROM supply_inputs").fetchall()]  # fmt: skip
    key = normalize_name(typed)
    if not key:
        raise InvalidArgument("empty input name")
    for input_id, name in rows:
        if key in (normalize_name(input_id), normalize_name(name)):
            return input_id
    within = sorted({i for i, name in rows if key in normalize_name(name)})
    if len(within) == 1:
        return within[0]
    labels = {name: f"{name} ({input_id})" for input_id, name in rows}
    if within:
        named = [labels[n] for i, n in rows if i in within]
        raise NotFound(
            f"'{typed}' matches several inputs: {', '.join(named[:8])}",
            hint="type more of the name, or use the id",
        )
    close = suggest(typed, labels, limit=5)
    raise NotFound(
        f"no supply-chain input is called '{typed}'",
        hint=f"close names: {', '.join(close)}"
        if close
        else "list them: techbloc assess chokepoints --top 200",
    )


def resolve_stage(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    """A chain stage id (S2) from its id or name (Fabrication)."""
    rows = con.execute(
        """SELECT DISTINCT s.id, coalesce(i.input_name, s.id) FROM
           (SELECT unnest(stage_ids) AS id FROM supply_inputs) s
           LEFT JOIN supply_inputs i ON i.input_id = s.id ORDER BY 1"""
    ).fetchall()
    key = normalize_name(typed)
    for stage_id, name in rows:
        if key in (normalize_name(str(stage_id)), normalize_name(str(name))):
            return str(stage_id)
    choices = ", ".join(f"{r[0]} ({r[1]})" for r in rows)
    raise InvalidArgument(f"unknown stage '{typed}'", hint=f"stages: {choices or 'none yet'}")


def member_codes(
    engine: AnalyticsEngine, coalition: Coalition, at: dt.date, focal: str
) -> list[str]:
    """The coalition's members on ``at``, sorted."""
    rows = engine.rows(coalition_members(engine, coalition, at, focal))
    return sorted(str(r["actor_code"]) for r in rows)


def _with_backups(
    engine: AnalyticsEngine,
    rows: list[Row],
    at: dt.date,
    coalition: Coalition,
    focal: str,
    year: int | None,
) -> list[Row]:
    """Each row with ``backups``: its first backup countries and organisations."""
    ids = sorted({r["input_id"] for r in rows})
    found: dict[str, list[Row]] = {}
    if ids:
        for b in engine.rows(backup_sources(engine, at, coalition, focal, year, ids)):
            found.setdefault(b["input_id"], []).append(b)
    for r in rows:
        mine = sorted(found.get(r["input_id"], []), key=lambda b: (b["level"], b["rank"]))
        r["backups"] = [
            {k: b[k] for k in ("level", "rank", "supplier", "actor_code", "share_pct")}
            for b in mine
            if b["rank"] <= BACKUPS_SHOWN
        ]
    return rows


def chokepoint_rows(
    engine: AnalyticsEngine,
    at: dt.date,
    coalition: Coalition,
    focal: str,
    year: int | None = None,
    stage: str | None = None,
    top: int | None = None,
) -> list[Row]:
    """The inputs ranked by choke-point score (the first ``top``), each with its first backups."""
    expr = chokepoints(engine, at, coalition, focal, year, stage)
    if top is not None:
        expr = expr.filter(expr["rank"] <= top)
    rows = sorted(engine.rows(expr), key=lambda r: r["rank"])
    return _with_backups(engine, rows, at, coalition, focal, year)


def chokepoint_series_rows(
    engine: AnalyticsEngine,
    years: list[int],
    coalition: Coalition,
    focal: str,
    stage: str | None = None,
    top: int | None = None,
) -> list[Row]:
    """:func:`chokepoint_rows` for each year (``as_of_year``), without backups."""
    expr = chokepoints_series(engine, years, coalition, focal, stage)
    if top is not None:
        expr = expr.filter(expr["rank"] <= top)
    return sorted(engine.rows(expr), key=lambda r: (r["as_of_year"], r["rank"]))


def backup_report(
    engine: AnalyticsEngine,
    at: dt.date,
    coalition: Coalition,
    focal: str,
    input_id: str,
    year: int | None = None,
) -> Row:
    """One input: its choke-point row, every backup source, the suppliers the source puts in no
    country, and the coalition's members."""
    expr = chokepoints(engine, at, coalition, focal, year)
    found = engine.rows(expr.filter(expr.input_id == input_id))
    if not found:
        raise NotFound(
            f"input {input_id} has no shares in the store"
            + (f" up to {year}" if year is not None else ""),
            hint="see which inputs have shares: techbloc assess chokepoints --top 200",
        )
    backups = engine.rows(backup_sources(engine, at, coalition, focal, year, [input_id]))
    unplaced = backup_sources(engine, at, coalition, focal, year, [input_id], ("unattributed",))
    return {
        "input": found[0],
        "backups": sorted(backups, key=lambda b: (b["level"], b["rank"])),
        "unattributed": sorted(engine.rows(unplaced), key=lambda b: (b["level"], b["rank"])),
        "coalition_members": member_codes(engine, coalition, at, focal),
    }


def exposure_rows(
    engine: AnalyticsEngine,
    at: dt.date,
    coalition: Coalition,
    focal: str,
    by: ExposureBy = "domain",
    year: int | None = None,
) -> list[Row]:
    rows = engine.rows(exposure(engine, at, coalition, focal, by, year))

    def order(r: Row) -> tuple[bool, float, str]:
        weighted = r["weighted_chokepoint_score"]
        return (weighted is None, -(weighted or 0.0), str(r["group"]))

    return sorted(rows, key=order)


def exposure_series_rows(
    engine: AnalyticsEngine,
    years: list[int],
    coalition: Coalition,
    focal: str,
    by: ExposureBy = "domain",
) -> list[Row]:
    rows = engine.rows(exposure_series(engine, years, coalition, focal, by))
    return sorted(rows, key=lambda r: (r["as_of_year"], r["group"]))
