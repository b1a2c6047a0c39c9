"""`techbloc assess event-pressure`: pressure on the focal country from news events in GDELT 2.0's
layout (a file, or the events imported with `techbloc import gdelt`), per technology domain and
month, times supply exposure."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from techbloc.cli.assess import assess_app
from techbloc.cli.assess_supply import (
    CoalitionOption,
    Engine,
    EngineOption,
    FromOption,
    ToOption,
    _years,
)
from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import answer, handles_errors, out, table
from techbloc.workspace import Techbloc

if TYPE_CHECKING:
    from techbloc.analytics.engine import AnalyticsEngine

T = TypeVar("T")


class Period(StrEnum):
    month = "month"
    day = "day"


def _ask(
    engine: Engine, run: Callable[[Techbloc, AnalyticsEngine | None], T], from_store: bool = False
) -> Callable[[Techbloc], T]:
    """Run ``run`` on DuckDB (engine None) or on a local Spark session over the store (with the
    imported news events when ``from_store``)."""

    def ask(tb: Techbloc) -> T:
        if engine is Engine.duckdb:
            return run(tb, None)
        from techbloc.analytics.engine import spark_engine
        from techbloc.analytics.event_pressure import EVENT_PRESSURE_TABLES
        from techbloc.scale.spark_session import spark_failure, start_session

        try:
            tables = (
                (*EVENT_PRESSURE_TABLES, "news_events") if from_store else EVENT_PRESSURE_TABLES
            )
            return run(tb, spark_engine(tb.con, start_session(), tables))
        except Exception as exc:
            failure = spark_failure(exc)
            if failure is None:
                raise
            raise failure from None

    return ask


@assess_app.command("event-pressure")
@handles_errors
def assess_event_pressure(
    events: Annotated[
        str | None,
        typer.Option(
            "--events",
            help="Parquet or CSV file of events in GDELT 2.0's layout with a domain_id column.",
        ),
    ] = None,
    from_store: Annotated[
        bool,
        typer.Option(
            "--from-store",
            help="Read the news events imported with 'techbloc import gdelt' instead of a file.",
        ),
    ] = False,
    at: AtOption = None,
    coalition: CoalitionOption = None,
    period: Annotated[
        Period, typer.Option("--period", help="Group events by their month or day.")
    ] = Period.month,
    half_life_days: Annotated[
        float | None,
        typer.Option("--half-life-days", help="Days in which an event's weight halves (180)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many rows to show.")] = 20,
    start: FromOption = None,
    end: ToOption = None,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Conflict events by coalition members (on each event's date) against the focal country,
    weighted by −Goldstein, log(1 + mentions) and decay, per domain and month, times exposure."""
    years = _years(start, end)
    if years is not None:
        answer(db, json, _ask(engine, lambda tb, e: tb.event_pressure_series(
            events, years, coalition, focal, half_life_days, engine=e, from_store=from_store),
            from_store), lambda r: _render(r, top))  # fmt: skip
        return
    answer(db, json, _ask(engine, lambda tb, e: tb.event_pressure(
        events, at, coalition, focal, period.value, half_life_days, engine=e,
        from_store=from_store), from_store), lambda r: _render(r, top))  # fmt: skip


def _num(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _rank(row: dict[str, Any]) -> tuple[bool, float, float, str]:
    """Highest pressure × exposure first, then the rows without exposure by pressure."""
    combined = row["pressure_x_exposure"]
    return (combined is None, -(combined or 0.0), -(row["pressure"] or 0.0), row["domain_id"] or "")


def _render(report: dict[str, Any], top: int) -> None:
    p, rows = report["parameters"], report["rows"]
    series = "years" in p
    when = f"years {p['years'][0]}–{p['years'][-1]}" if series else f"on {p['at']}"
    head = (f"Event pressure on {p['focal']} from {p['coalition']} {when}, half-life "
            f"{p['half_life_days']:g} days: {len(rows)} rows, "
            f"{sum(r['events'] for r in rows):,} events")  # fmt: skip
    if not rows:
        out.print(head + " — no event presses on the focal country", highlight=False)
        return
    shown = sorted(rows, key=_rank)[:top]
    table(
        head + f"; the {len(shown)} highest",
        ["year" if series else p["period"], "domain", "events", "sources", "mentions",
         "pressure", "exposure", "pressure × exposure", "top event"],
        ([r["as_of_year"] if series else r["period_start"], r["domain_id"] or "(none)",
          r["events"], ", ".join(r["source_countries"][:6])
          + (f" +{len(r['source_countries']) - 6}" if len(r["source_countries"]) > 6 else ""),
          r["num_mentions"], _num(r["pressure"]), _num(r["exposure_score"], 3),
          _num(r["pressure_x_exposure"]), f"{r['top_event_id']} ({r['top_event_code']})"]
         for r in shown),
    )  # fmt: skip
    if all(r["exposure_score"] is None for r in rows):
        out.print(
            "no exposure: the store has no supply shares for these domains "
            "(techbloc import supply FOLDER_OR_CSV)",
            highlight=False,
        )
