"""Shift of controls: the mix of restrictive measures by tech scope and by stage, year by year.

The source studies claim that controls move from military and dual-use items to civilian frontier
technology, and from products to R&D, investment, talent, data and standards. For each year (1 Jan
to 31 Dec; to the given day for the current year) this counts the restrictive measures that press on
the focal country (:mod:`techbloc.analytics.targeting`) by

* **tech scope**: military, dual_use, civilian_frontier, unknown (no scope recorded); each measure
  has one scope, so the shares of a year sum to 1;
* **stage group**: product/export (trade_export, production), R&D (research, development),
  investment, talent, data, standards, others (infrastructure, procurement and market access, any
  other stage). A measure counts once in every group its stages touch, so the shares of a year can
  sum to more than 1; a measure without stages counts in the year's total only.

Each cell has the count, the share of the year's measures, the severity sum and the
severity-weighted share (severity sum / the year's severity sum: severities are ordinal, see the
rubric, so the weighted share is a convention, not a measurement), and the measure ids behind it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.targeting import measures_pressing_on, year_periods
from techbloc.errors import InvalidArgument

ShiftBy = Literal["scope", "stage"]
SCOPES = ("military", "dual_use", "civilian_frontier", "unknown")
STAGE_GROUPS = {
    "trade_export": "product_export",
    "production": "product_export",
    "research": "rd",
    "development": "rd",
    "investment": "investment",
    "talent": "talent",
    "data": "data",
    "standards": "standards",
}
"""Stage id → stage group; every other stage belongs to ``others``."""
GROUPS = ("product_export", "rd", "investment", "talent", "data", "standards", "others")


def _categories(by: ShiftBy) -> tuple[str, ...]:
    if by == "scope":
        return SCOPES
    if by == "stage":
        return GROUPS
    raise InvalidArgument(f"unknown grouping {by!r}", hint="choose scope or stage")


def _in_periods(engine: AnalyticsEngine, periods: ir.Table, focal: str) -> ir.Table:
    m = measures_pressing_on(engine, focal)
    m = m.filter(m.direction == "restrictive").select(
        "measure_id", "measure_date", "severity_score", "tech_scope", "stages"
    )
    j = periods.cross_join(m)
    return j.filter(j.measure_date >= j.start_date, j.measure_date <= j.end_date)


def _categorised(engine: AnalyticsEngine, measures: ir.Table, by: ShiftBy) -> ir.Table:
    """year, measure_id, severity_score, category (distinct)."""
    if by == "scope":
        scope = measures.tech_scope.fill_null("unknown")
        return measures.select("year", "measure_id", "severity_score", category=scope)
    stages = measures.select(
        "year", "measure_id", "severity_score", stage_id=measures.stages.unnest()
    )
    groups = engine.memtable(
        [{"stage_id": k, "stage_group": v} for k, v in STAGE_GROUPS.items()],
        {"stage_id": "str", "stage_group": "str"},
    )
    joined = stages.left_join(groups, "stage_id")
    return joined.select(
        "year", "measure_id", "severity_score", category=joined.stage_group.fill_null("others")
    ).distinct()


def shift_table(
    engine: AnalyticsEngine, periods: list[tuple[int, dt.date, dt.date]], by: ShiftBy, focal: str
) -> ir.Table:
    """year, category, measures, measure_share, severity_sum, severity_share, measure_ids,
    year_measures, year_severity: one row per year and category (zero rows included)."""
    categories = _categories(by)
    table = year_periods(engine, periods)
    measures = _in_periods(engine, table, focal)
    totals = measures.group_by("year").aggregate(
        year_measures=measures.measure_id.count(), year_severity=measures.severity_score.sum()
    )
    cells = _categorised(engine, measures, by)
    cells = cells.group_by(["year", "category"]).aggregate(
        measures=cells.measure_id.count(),
        severity_sum=cells.severity_score.sum(),
        measure_ids=cells.measure_id.collect().sort(),
    )
    names = engine.memtable([{"category": c} for c in categories], {"category": "str"})
    grid = table.select("year").cross_join(names)
    grid = grid.left_join(cells, ["year", "category"]).select(
        "year", "category", "measures", "severity_sum", "measure_ids"
    )
    grid = grid.left_join(totals, "year").select(
        "year", "category", "measures", "severity_sum", "measure_ids",
        "year_measures", "year_severity",
    )  # fmt: skip
    count = grid.measures.fill_null(0)
    severity = grid.severity_sum.fill_null(0)
    return grid.select(
        "year",
        "category",
        measures=count,
        measure_share=ibis.cases((grid.year_measures > 0, count / grid.year_measures)),
        severity_sum=severity,
        severity_share=ibis.cases((grid.year_severity > 0, severity / grid.year_severity)),
        measure_ids=grid.measure_ids,
        year_measures=grid.year_measures.fill_null(0),
        year_severity=grid.year_severity.fill_null(0),
    )


def shift(
    engine: AnalyticsEngine, at: dt.date, by: ShiftBy = "scope", focal: str = "CN"
) -> list[dict[str, Any]]:
    """The mix of the year of ``at``, from 1 January to ``at``."""
    return _rows(engine, [(at.year, dt.date(at.year, 1, 1), at)], by, focal)


def shift_series(
    engine: AnalyticsEngine,
    years: list[int],
    by: ShiftBy = "scope",
    focal: str = "CN",
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The mix of each year, 1 January to 31 December (to ``today`` for the current year)."""
    today = today or dt.date.today()
    periods = [
        (y, dt.date(y, 1, 1), today if y == today.year else dt.date(y, 12, 31))
        for y in years
        if dt.date(y, 1, 1) <= today
    ]
    return _rows(engine, periods, by, focal)


def _rows(
    engine: AnalyticsEngine, periods: list[tuple[int, dt.date, dt.date]], by: ShiftBy, focal: str
) -> list[dict[str, Any]]:
    if not periods:
        return []
    ends = {year: end for year, _, end in periods}
    order = {c: i for i, c in enumerate(_categories(by))}
    rows = engine.rows(shift_table(engine, periods, by, focal))
    for row in rows:
        row["measure_ids"] = list(row["measure_ids"] or [])
        row["until"] = ends[row["year"]]
        row["by"] = by
    return sorted(rows, key=lambda r: (r["year"], order[r["category"]]))
