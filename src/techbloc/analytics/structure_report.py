"""The structure indicators as answers: names resolved, dates defaulted, one table by date or a
yearly series, with the parameters the numbers were made with. The CLI and the Python API call
these; the indicators themselves live in trajectory, cohesion, network and partners."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import duckdb

from techbloc.analytics.cohesion import CohesionParams, cohesion_rows, cohesion_series
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.focal_ties import TOP_TRADE_PARTNERS
from techbloc.analytics.measure_dimensions import instrument_dimension_rows
from techbloc.analytics.network import network, network_series
from techbloc.analytics.partners import (
    PartnerWeights,
    capability_gaps,
    partners,
    partners_series,
)
from techbloc.analytics.trajectory import (
    NAMED_RECENT_GROUPINGS,
    TrajectoryParams,
    default_groupings,
    recent_us_led,
    trajectory_rows,
    trajectory_series,
)
from techbloc.analytics.year_series import year_range
from techbloc.query.resolve import parse_date, resolve_actor, resolve_alliance, resolve_term
from techbloc.settings import focal_country

Row = dict[str, Any]
DateLike = str | dt.date | None


def _day(at: DateLike, today: dt.date | None) -> dt.date:
    return parse_date(at, "--at") or today or dt.date.today()


def _years(from_year: int | None, to_year: int | None, today: dt.date | None) -> list[int] | None:
    if from_year is None and to_year is None:
        return None
    return year_range(from_year, to_year, today)


def _focal(con: duckdb.DuckDBPyConnection, focal: str | None) -> str:
    return resolve_actor(con, focal_country(focal))


def _alliances(con: duckdb.DuckDBPyConnection, names: Sequence[str] | None) -> list[str] | None:
    return [resolve_alliance(con, n) for n in names] if names else None


def trajectory_report(
    con: duckdb.DuckDBPyConnection,
    engine: AnalyticsEngine,
    at: DateLike = None,
    alliances: Sequence[str] | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    params: TrajectoryParams | None = None,
    today: dt.date | None = None,
) -> Row:
    """Trajectory profiles of the named alliances, else of the nine recent US-led groupings."""
    chosen = _alliances(con, alliances)
    rule = None
    if chosen is None:
        chosen = default_groupings(engine)
        rule = {
            "named": list(NAMED_RECENT_GROUPINGS),
            "recent_us_led": engine.rows(recent_us_led(engine).order_by("founded_date")),
            "added": [a for a in chosen if a not in NAMED_RECENT_GROUPINGS],
        }
    p = params or TrajectoryParams()
    years = _years(from_year, to_year, today)
    answer: Row = {
        "alliances": chosen,
        "default_rule": rule,
        "params": asdict(p),
        "instrument_dimensions": instrument_dimension_rows(),
    }
    if years:
        answer |= {"years": years, "rows": trajectory_series(engine, years, chosen, p, today)}
    else:
        day = _day(at, today)
        answer |= {"at": day, "rows": trajectory_rows(engine, day, chosen, p)}
    return answer


def cohesion_report(
    con: duckdb.DuckDBPyConnection,
    engine: AnalyticsEngine,
    at: DateLike = None,
    alliances: Sequence[str] | None = None,
    focal: str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    params: CohesionParams | None = None,
    today: dt.date | None = None,
) -> Row:
    """Cohesion and limits of the named alliances, else of every blockade alliance."""
    code = _focal(con, focal)
    chosen = _alliances(con, alliances)
    p = params or CohesionParams()
    years = _years(from_year, to_year, today)
    gaps = engine.rows(engine.table("trade_tie_gaps"))
    answer: Row = {"focal": code, "alliances": chosen, "params": asdict(p), "unverified_ties": gaps}
    if years:
        answer |= {"years": years, "rows": cohesion_series(engine, years, code, chosen, p, today)}
    else:
        day = _day(at, today)
        answer |= {"at": day, "rows": cohesion_rows(engine, day, code, chosen, p)}
    return answer


def network_report(
    con: duckdb.DuckDBPyConnection,
    engine: AnalyticsEngine,
    at: DateLike = None,
    focal: str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    today: dt.date | None = None,
) -> Row:
    """The network on a date (nodes, edges, metrics, overlaps, bridges) or yearly metrics."""
    code = _focal(con, focal)
    years = _years(from_year, to_year, today)
    if years:
        rows = network_series(engine, years, code, TOP_TRADE_PARTNERS, today)
        return {"focal": code, "years": years, "rows": rows}
    return network(engine, _day(at, today), code, TOP_TRADE_PARTNERS)


def partners_report(
    con: duckdb.DuckDBPyConnection,
    engine: AnalyticsEngine,
    domains: Sequence[str] | None = None,
    at: DateLike = None,
    focal: str | None = None,
    weights: PartnerWeights | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    today: dt.date | None = None,
) -> Row:
    """Partner candidates per domain (the named ones, else every top-level domain)."""
    code = _focal(con, focal)
    if domains:
        chosen = [resolve_term(con, "domains", "domain_id", d) for d in domains]
    else:
        top = con.execute("SELECT domain_id FROM domains WHERE parent_id IS NULL ORDER BY 1")
        chosen = [str(r[0]) for r in top.fetchall()]
    w = weights or PartnerWeights()
    years = _years(from_year, to_year, today)
    answer: Row = {
        "focal": code,
        "domains": chosen,
        "weights": asdict(w),
        "capability_gaps": capability_gaps(engine),
    }
    if years:
        rows = [r for d in chosen for r in partners_series(engine, years, d, code, w, today)]
        return answer | {"years": years, "rows": rows}
    day = _day(at, today)
    return answer | {
        "at": day,
        "rows": [r for d in chosen for r in partners(engine, day, d, code, w)],
    }
