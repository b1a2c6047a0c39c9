"""What the CLI and the Python API ask of the first assessment indicators: names resolved, dates
defaulted, the engine chosen (DuckDB over the store, or Spark over a Parquet export of the tables
these indicators read), the indicator run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.analytics.cocom_comparison import DEFAULT_THEN, cocom_vs_today
from techbloc.analytics.comprehensiveness import comprehensiveness
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.engine import open_engine as open_store_engine
from techbloc.analytics.pressure import (
    HALF_LIFE_YEARS,
    TOP_MEASURES,
    WINDOW_DAYS,
    PressureWeights,
    pressure,
    pressure_series,
)
from techbloc.analytics.shift import ShiftBy, shift_series
from techbloc.errors import InvalidArgument
from techbloc.model import AllianceKind
from techbloc.query.resolve import parse_choice, parse_date, resolve_alliance, resolve_term
from techbloc.settings import focal_country

TABLES = (
    "actors", "alliances", "alliance_status", "memberships", "country_attributes", "domains",
    "stages", "measures", "restricted_lists", "listed_entities", "listing_domains", "documents",
    "document_stances", "document_mentions",
)  # fmt: skip
"""The store tables these indicators read (exported to Parquet for the Spark engine)."""

FIRST_YEAR = 2018
"""The knowledge base's measures start in 2018."""


def open_engine(con: duckdb.DuckDBPyConnection, name: str = "duckdb") -> AnalyticsEngine:
    """The store on DuckDB, or its tables on a local Spark session (``spark``)."""
    return open_store_engine(con, name, TABLES)


def _day(typed: str | dt.date | None, option: str, default: dt.date) -> dt.date:
    return parse_date(typed, option) or default


def run_comprehensiveness(
    engine: AnalyticsEngine,
    con: duckdb.DuckDBPyConnection,
    at: str | dt.date | None = None,
    alliance: str | None = None,
    kind: str | None = None,
    focal: str | None = None,
) -> dict[str, Any]:
    day = _day(at, "--at", dt.date.today())
    alliance_id = resolve_alliance(con, alliance) if alliance else None
    kind_id = parse_choice(AllianceKind, kind, "kind").value if kind else None
    code = focal_country(focal)
    groups = comprehensiveness(engine, day, code, alliance_id, kind_id)
    return {"at": day, "focal": code, "groups": groups}


def run_cocom_vs_today(
    engine: AnalyticsEngine,
    then: str | dt.date | None = None,
    now: str | dt.date | None = None,
    focal: str | None = None,
) -> dict[str, Any]:
    first = _day(then, "--then", DEFAULT_THEN)
    second = _day(now, "--now", dt.date.today())
    return cocom_vs_today(engine, first, second, focal_country(focal))


def _years(year_from: int | None, year_to: int | None, today: dt.date) -> list[int]:
    first = year_from if year_from is not None else FIRST_YEAR
    last = year_to if year_to is not None else today.year
    if first > last:
        raise InvalidArgument(f"--from {first} is after --to {last}")
    if last > today.year:
        raise InvalidArgument(f"--to {last} lies in the future")
    return list(range(first, last + 1))


def run_shift(
    engine: AnalyticsEngine,
    year_from: int | None = None,
    year_to: int | None = None,
    by: str = "scope",
    focal: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    today = today or dt.date.today()
    if by not in ("scope", "stage"):
        raise InvalidArgument(f"unknown grouping {by!r}", hint="choose scope or stage")
    grouping: ShiftBy = "scope" if by == "scope" else "stage"
    years = _years(year_from, year_to, today)
    code = focal_country(focal)
    rows = shift_series(engine, years, grouping, code, today)
    return {"by": grouping, "focal": code, "years": years, "cells": rows}


def run_pressure(
    engine: AnalyticsEngine,
    con: duckdb.DuckDBPyConnection,
    at: str | dt.date | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    domain: str | None = None,
    half_life: float = HALF_LIFE_YEARS,
    focal: str | None = None,
    weights: PressureWeights | None = None,
    window_days: int = WINDOW_DAYS,
    top: int = TOP_MEASURES,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """One date (``at``, default today) or, with ``year_from``/``year_to``, a yearly series."""
    today = today or dt.date.today()
    domain_id = resolve_term(con, "domains", "domain_id", domain) if domain else None
    code = focal_country(focal)
    if year_from is None and year_to is None:
        day = _day(at, "--at", today)
        return pressure(engine, day, code, domain_id, half_life, weights, window_days, top)
    if at is not None:
        raise InvalidArgument("give either --at or --from/--to, not both")
    years = _years(year_from, year_to, today)
    return pressure_series(
        engine, years, code, domain_id, half_life, weights, today, window_days, top
    )
