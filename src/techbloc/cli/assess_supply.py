"""`techbloc assess chokepoints | backups | exposure`: supply-chain choke points against a
coalition, the backup sources (备胎) of an input, and exposure by domain or stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from techbloc.cli.assess import assess_app
from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import answer, handles_errors, out, table
from techbloc.errors import InvalidArgument
from techbloc.workspace import Techbloc

if TYPE_CHECKING:
    from techbloc.analytics.engine import AnalyticsEngine


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class By(StrEnum):
    domain = "domain"
    stage = "stage"


CoalitionOption = Annotated[
    str | None,
    typer.Option(
        "--coalition",
        help="blockade (default: the blockade side on the date), an alliance id or name "
        "(us-japan-netherlands-sme, wassenaar, chip4), or countries: US,JP,NL.",
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year", help="Data year: each input's latest shares up to it (default: its latest)."
    ),
]
FromOption = Annotated[
    int | None, typer.Option("--from", help="First year of a yearly series (as of 31 Dec).")
]
ToOption = Annotated[
    int | None, typer.Option("--to", help="Last year of a yearly series (default: this year).")
]
EngineOption = Annotated[
    Engine, typer.Option("--engine", help="duckdb: the store itself; spark: Apache Spark.")
]
T = TypeVar("T")


def _years(start: int | None, end: int | None) -> list[int] | None:
    if start is None and end is None:
        return None
    first, last = start or end or 0, end or dt.date.today().year
    if first > last:
        raise InvalidArgument(f"--from {first} is after --to {last}")
    return list(range(first, last + 1))


def _ask(engine: Engine, run: Callable[[Techbloc, AnalyticsEngine | None], T]) -> Callable[
    [Techbloc], T
]:  # fmt: skip
    """Run ``run`` on DuckDB (engine None) or on a local Spark session over the store."""

    def ask(tb: Techbloc) -> T:
        if engine is Engine.duckdb:
            return run(tb, None)
        from techbloc.analytics.engine import spark_engine
        from techbloc.analytics.supply_view import SUPPLY_TABLES
        from techbloc.scale.spark_session import spark_failure, start_session

        try:
            return run(tb, spark_engine(tb.con, start_session(), SUPPLY_TABLES))
        except Exception as exc:
            failure = spark_failure(exc)
            if failure is None:
                raise
            raise failure from None

    return ask


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _backups(row: dict[str, Any]) -> str:
    shown = [f"{b['supplier']} {_pct(b['share_pct']) or 'n/a'}" for b in row.get("backups", [])]
    return "; ".join(shown) or "none"


@assess_app.command("chokepoints")
@handles_errors
def assess_chokepoints(
    at: AtOption = None,
    coalition: CoalitionOption = None,
    year: YearOption = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Only inputs of a stage (S2, Fabrication).")
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many inputs to show.")] = 20,
    start: FromOption = None,
    end: ToOption = None,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Technology inputs ranked by choke-point score: the coalition's share of world supply
    times what the focal country does not make itself, with concentration and backups."""
    years = _years(start, end)
    if years is not None:
        answer(db, json, _ask(engine, lambda tb, e: tb.chokepoint_series(
            years, coalition, focal, stage, top, engine=e)), _render_series)  # fmt: skip
        return
    answer(db, json, _ask(engine, lambda tb, e: tb.chokepoints(
        at, coalition, focal, year, stage, top, engine=e)), _render_chokepoints)  # fmt: skip


def _render_chokepoints(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("no input has shares for this selection", highlight=False)
        return
    first = rows[0]
    table(
        f"Choke points against {first['coalition']} ({first['coalition_size']} members) on "
        f"{first['at']}, focal {first['focal']}",
        ["#", "input", "year", "coalition %", "focal %", "outside %", "no country %", "HHI",
         "top supplier",
         "score", "backups (outside coalition and focal)"],
        ([r["rank"], f"{r['input_name']} ({r['input_id']})", r["data_year"],
          _pct(r["coalition_share_pct"]), _pct(r["focal_share_pct"]),
          _pct(r["outside_share_pct"]), _pct(r["unattributed_share_pct"]),
          "" if r["hhi"] is None else f"{r['hhi']:.0f}",
          f"{r['top_supplier'] or ''} {_pct(r['top_supplier_share_pct'])}".strip(),
          _score(r["chokepoint_score"]), _backups(r)] for r in rows),
    )  # fmt: skip


def _render_series(rows: list[dict[str, Any]]) -> None:
    table(
        "Choke points by year (coalition as of 31 December; data up to the year)",
        ["year", "#", "input", "data year", "coalition", "members", "coalition %", "focal %",
         "score"],
        ([r["as_of_year"], r["rank"], f"{r['input_name']} ({r['input_id']})", r["data_year"],
          r["coalition"], r["coalition_size"], _pct(r["coalition_share_pct"]),
          _pct(r["focal_share_pct"]), _score(r["chokepoint_score"])] for r in rows),
    )  # fmt: skip


@assess_app.command("backups")
@handles_errors
def assess_backups(
    input_name: Annotated[str, typer.Argument(metavar="INPUT", help="Input id (N20) or name.")],
    at: AtOption = None,
    coalition: CoalitionOption = None,
    year: YearOption = None,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Backup sources (备胎) of one input: every supplier outside the coalition and the focal
    country, countries and organisations, by share."""
    answer(db, json, _ask(engine, lambda tb, e: tb.backups(
        input_name, at, coalition, focal, year, engine=e)), _render_backups)  # fmt: skip


def _render_backups(report: dict[str, Any]) -> None:
    r = report["input"]
    members = report["coalition_members"]
    shown = ", ".join(members[:12]) + (f" +{len(members) - 12}" if len(members) > 12 else "")
    out.print(
        f"{r['input_name']} ({r['input_id']}), shares of {r['data_year']}; coalition "
        f"{r['coalition']} on {r['at']}: {len(members)} members ({shown or 'none'})",
        highlight=False,
    )
    if r["known_share_pct"] is None:
        out.print("  the source names its suppliers without shares: no score", highlight=False)
    else:
        out.print(
            f"  coalition {_pct(r['coalition_share_pct'])} %, focal {r['focal']} "
            f"{_pct(r['focal_share_pct'])} %, other countries {_pct(r['outside_share_pct'])} %, "
            f"in no single country {_pct(r['unattributed_share_pct'])} %; HHI "
            f"{round(r['hhi'] or 0)}; choke-point score {_score(r['chokepoint_score'])} "
            f"(rank {r['rank']})",
            highlight=False,
        )
    unplaced = "; ".join(f"{b['supplier']} {_pct(b['share_pct']) or 'n/a'} %"
                         for b in report["unattributed"])  # fmt: skip
    if unplaced:
        out.print(f"  in no single country (may include coalition firms): {unplaced}",
                  highlight=False)  # fmt: skip
    if not report["backups"]:
        out.print(
            f"  no supplier in a country outside the coalition and {r['focal']}: no backup "
            "source in the data",
            highlight=False,
        )
        return
    table(
        "Backup sources (备胎): outside the coalition and the focal country",
        ["level", "#", "supplier", "country", "share %", "source row"],
        ([b["level"], b["rank"], b["supplier"], b["actor_code"],
          _pct(b["share_pct"]) or "not published", f"{b['source_file']}:{b['source_row']}"]
         for b in report["backups"]),
    )  # fmt: skip


@assess_app.command("exposure")
@handles_errors
def assess_exposure(
    by: Annotated[By, typer.Option("--by", help="Summarise per technology domain or stage.")] = (
        By.domain
    ),
    at: AtOption = None,
    coalition: CoalitionOption = None,
    year: YearOption = None,
    start: FromOption = None,
    end: ToOption = None,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Exposure per technology domain or chain stage: choke-point scores of the most detailed
    inputs, plain and weighted by world revenue, and the worst input."""
    years = _years(start, end)
    if years is not None:
        answer(db, json, _ask(engine, lambda tb, e: tb.exposure_series(
            years, by.value, coalition, focal, engine=e)), _render_exposure)  # fmt: skip
        return
    answer(db, json, _ask(engine, lambda tb, e: tb.exposure(
        by.value, at, coalition, focal, year, engine=e)), _render_exposure)  # fmt: skip


def _render_exposure(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("no input has shares for this selection", highlight=False)
        return
    first = rows[0]
    series = "as_of_year" in first
    table(
        f"Exposure by {first['by']} against {first['coalition']}"
        + ("" if series else f" on {first['at']}") + f", focal {first['focal']}",
        [*(["year"] if series else []), first["by"], "inputs", "with revenue", "revenue USD m",
         "mean score", "revenue-weighted", "max", "worst input", "coalition-held USD m",
         "focal-held USD m"],
        ([*([r["as_of_year"]] if series else []),
          f"{r['group_name'] or r['group']} ({r['group']})" if r["group_name"] else r["group"],
          r["inputs"], r["inputs_with_market_size"], _money(r["market_size_usd_m"]),
          _score(r["mean_chokepoint_score"]), _score(r["weighted_chokepoint_score"]),
          _score(r["max_chokepoint_score"]), f"{r['top_input_name']} ({r['top_input_id']})",
          _money(r["coalition_held_usd_m"]), _money(r["focal_held_usd_m"])] for r in rows),
    )  # fmt: skip


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"
