"""The headline table: COCOM on one date beside the blockade side, Wassenaar alone and the whole
system on another — members, world shares (with the years of the figures and their coverage),
technology field, tech scope and stages. Every cell comes from :func:`comprehensiveness`; a cell
without data is empty and says why."""

from __future__ import annotations

import datetime as dt
from typing import Any

from techbloc.analytics.comprehensiveness import comprehensiveness
from techbloc.analytics.economy import BASIS_SUM, BASIS_WORLD_TOTAL, MAX_YEAR_GAP
from techbloc.analytics.engine import AnalyticsEngine

DEFAULT_THEN = dt.date(1985, 12, 31)
COLUMNS = (
    ("cocom", "then", "COCOM"),
    ("blockade-side", "now", "blockade side"),
    ("wassenaar", "now", "Wassenaar"),
    ("system", "now", "whole system"),
)
ROWS = (
    ("members", "members"),
    ("gdp", "share of world GDP"),
    ("rd", "share of world R&D spending"),
    ("hightech", "share of world high-tech exports"),
    ("domains", "technology domains (leaves)"),
    ("tech_scope", "tech scope"),
    ("stages", "stages of jurisdiction"),
)


def cocom_vs_today(
    engine: AnalyticsEngine,
    then: dt.date = DEFAULT_THEN,
    now: dt.date | None = None,
    focal: str = "CN",
    max_gap: int = MAX_YEAR_GAP,
) -> dict[str, Any]:
    """columns (group, date, label, the group's full comprehensiveness row) and rows (label and
    one cell per column: ``value`` and a ``note`` with coverage, years and basis, or the reason
    a cell is empty)."""
    now = now or dt.date.today()
    found = {("then", g["group_id"]): g for g in comprehensiveness(engine, then, focal, "cocom")}
    found |= {("now", g["group_id"]): g for g in comprehensiveness(engine, now, focal)}
    columns: list[dict[str, Any]] = []
    for group_id, when, label in COLUMNS:
        date = then if when == "then" else now
        columns.append({"group_id": group_id, "date": date, "label": f"{label} {date}",
                        "detail": found.get((when, group_id))})  # fmt: skip
    rows = [
        {"key": key, "label": label, "cells": [_cell(key, c["detail"], c["date"]) for c in columns]}
        for key, label in ROWS
    ]
    return {"then": then, "now": now, "focal": focal, "max_gap_years": max_gap,
            "columns": columns, "rows": rows}  # fmt: skip


def _cell(key: str, group: dict[str, Any] | None, date: dt.date) -> dict[str, Any]:
    if group is None:
        return {"value": None, "note": f"does not exist on {date}"}
    if key == "members":
        return {"value": group["member_count"], "note": ", ".join(group["members"])}
    if key in ("domains", "stages"):
        cover = group[key]
        return {"value": cover["count"], "of": cover["of"], "share": cover["share"],
                "note": ", ".join(cover["ids"])}  # fmt: skip
    if key == "tech_scope":
        return {"value": group["tech_scope"], "note": ""}
    return _share_cell(group[key])


def _share_cell(share: dict[str, Any]) -> dict[str, Any]:
    if share["share"] is None:
        return {"value": None, "note": share["reason"]}
    years = "/".join(str(y) for y in share["years"])
    if share["gdp_years"]:
        years += f" (GDP {'/'.join(str(y) for y in share['gdp_years'])})"
    if share["world_basis"] == BASIS_WORLD_TOTAL:
        world = f"world = KB world total {share['world_year']}"
    elif share["world_basis"] == BASIS_SUM:
        world = f"world = sum of {share['world_economies']} economies with a value"
    else:
        world = str(share["world_basis"])
    coverage = f"{share['with_value']}/{share['economies']} members with a value"
    if share["missing"]:
        coverage += f" (missing: {', '.join(share['missing'])})"
    return {"value": share["share"], "note": f"{years}; {coverage}; {world}"}
