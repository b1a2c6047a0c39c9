"""The priorities as an answer: names resolved, date and focal country defaulted, the engine chosen
(DuckDB over the store, or Spark over a Parquet export of :data:`PRIORITY_TABLES`), the ranking
run, with its sensitivity when asked. Shared by the CLI and the Python API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.analytics.assess_core import TABLES as CORE_TABLES
from techbloc.analytics.coalitions import Coalition, resolve_coalition
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.engine import open_engine as open_store_engine
from techbloc.analytics.priorities import (
    PriorityWeights,
    priorities_series,
    ranking,
)
from techbloc.analytics.priority_criteria import collect_inputs, criteria_rows
from techbloc.analytics.sensitivity import SAMPLES, SEED, sensitivity
from techbloc.analytics.supply_view import SUPPLY_TABLES
from techbloc.analytics.year_series import year_range
from techbloc.errors import InvalidArgument
from techbloc.query.resolve import parse_date, resolve_actor
from techbloc.settings import focal_country

Row = dict[str, Any]
DateLike = str | dt.date | None
PRIORITY_TABLES = tuple(dict.fromkeys((*CORE_TABLES, *SUPPLY_TABLES)))
"""The store tables priorities and scenarios read (exported to Parquet for Spark)."""


def open_engine(con: duckdb.DuckDBPyConnection, name: str = "duckdb") -> AnalyticsEngine:
    """The store on DuckDB, or the tables priorities read on a local Spark session."""
    return open_store_engine(con, name, PRIORITY_TABLES)


def weights_of(weights: PriorityWeights | str | dict[str, float] | None) -> PriorityWeights:
    """Weights from an object, a 'pressure=0.35,…' text or a dict (defaults for names not given)."""
    if isinstance(weights, PriorityWeights):
        return weights
    if isinstance(weights, dict):
        return PriorityWeights(**weights)
    return PriorityWeights.parse(weights)


def resolve_focal(con: duckdb.DuckDBPyConnection, focal: str | None) -> str:
    return resolve_actor(con, focal_country(focal))


def priorities_report(
    con: duckdb.DuckDBPyConnection,
    engine: AnalyticsEngine,
    at: DateLike = None,
    weights: PriorityWeights | str | dict[str, float] | None = None,
    coalition: str | Coalition | None = None,
    focal: str | None = None,
    top: int | None = None,
    with_sensitivity: bool = False,
    samples: int = SAMPLES,
    seed: int = SEED,
    from_year: int | None = None,
    to_year: int | None = None,
    today: dt.date | None = None,
) -> Row:
    """Leaf domains ranked for R&D priority on ``at`` (default today) — the first ``top`` shown,
    every one ranked — with the parents' roll-up; or, with ``from_year``/``to_year``, the ranks
    per year. ``with_sensitivity`` adds the sensitivity of the ranking to its weights."""
    w = weights_of(weights)
    group = coalition if isinstance(coalition, Coalition) else resolve_coalition(con, coalition)
    code = resolve_focal(con, focal)
    if top is not None and top < 1:
        raise InvalidArgument(f"--top must be at least 1, not {top}")
    if from_year is not None or to_year is not None:
        if at is not None or with_sensitivity:
            raise InvalidArgument("give either --at (and --sensitivity) or --from/--to")
        years = year_range(from_year, to_year, today)
        return priorities_series(engine, years, group, code, w, today)
    day = parse_date(at, "--at") or today or dt.date.today()
    inputs = collect_inputs(engine, day, code, group)
    result = ranking(inputs, w)
    if with_sensitivity:
        rows, _ = criteria_rows(inputs)
        result["sensitivity"] = sensitivity(rows, w, samples, seed)
    result["domains"] = len(result["rows"])
    if top is not None:
        result["rows"] = result["rows"][:top]
    return result
