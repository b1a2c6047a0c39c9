"""`techbloc assess trajectory | cohesion | network | partners`: the structure of the alliance
system — what the new groupings do, where the system is weak, who bridges it, whom to work with."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from techbloc.analytics.structure_tables import STRUCTURE_TABLES
from techbloc.cli.assess import assess_app
from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import emit_json, handles_errors, notices
from techbloc.cli.render_structure import (
    render_cohesion,
    render_network,
    render_partners,
    render_trajectory,
)
from techbloc.workspace import Techbloc

if TYPE_CHECKING:  # Ibis loads only when an assess command runs
    from techbloc.analytics.engine import AnalyticsEngine


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


EngineOption = Annotated[
    Engine, typer.Option(help="duckdb: the store itself; spark: Apache Spark (local[*]).")
]
FromOption = Annotated[
    int | None, typer.Option("--from", help="First year of a yearly series (as of 31 Dec).")
]
ToOption = Annotated[
    int | None, typer.Option("--to", help="Last year of a yearly series (default this year).")
]
AllianceOption = Annotated[
    list[str] | None,
    typer.Option("--alliance", help="Alliance id or name; repeat for several."),
]
TopOption = Annotated[int, typer.Option("--top", min=1, help="Rows to show per table.")]


def _engine(tb: Techbloc, engine: Engine) -> AnalyticsEngine:
    from techbloc.analytics.engine import duckdb_engine, spark_engine

    if engine is Engine.duckdb:
        return duckdb_engine(tb.con)
    from techbloc.scale.spark_session import start_session

    return spark_engine(tb.con, start_session("local[*]"), STRUCTURE_TABLES)


def _answer(
    db: str | None,
    engine: Engine,
    json: bool,
    ask: Callable[[Techbloc, AnalyticsEngine], dict[str, Any]],
    render: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    with Techbloc.open(db) as tb:
        notices(tb.notices)
        data = ask(tb, _engine(tb, engine))
    if json:
        emit_json(data)
    else:
        render(data)
    return data


@assess_app.command("trajectory")
@handles_errors
def trajectory(
    at: AtOption = None,
    alliance: AllianceOption = None,
    from_year: FromOption = None,
    to_year: ToOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Trajectory profiles: KB rating, activity and combined score per dimension (default: the
    nine recent US-led groupings side by side)."""
    _answer(
        db, engine, json,
        lambda tb, e: tb.trajectory(at, alliance, from_year, to_year, engine=e),
        render_trajectory,
    )  # fmt: skip


@assess_app.command("cohesion")
@handles_errors
def cohesion(
    at: AtOption = None,
    alliance: AllianceOption = None,
    focal: FocalOption = None,
    from_year: FromOption = None,
    to_year: ToOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Cohesion and limits: members tied to the focal country, lead measures not adopted,
    carve-outs, cohesion score (default: every blockade alliance)."""
    _answer(
        db, engine, json,
        lambda tb, e: tb.cohesion(at, alliance, focal, from_year, to_year, engine=e),
        render_cohesion,
    )  # fmt: skip


@assess_app.command("network")
@handles_errors
def network(
    at: AtOption = None,
    top: TopOption = 10,
    focal: FocalOption = None,
    from_year: FromOption = None,
    to_year: ToOption = None,
    graph_out: Annotated[
        Path | None,
        typer.Option("--graph-out", help="Write the nodes and edges as JSON to this file."),
    ] = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The country-alliance network: centrality, alliance overlap, bridging countries."""
    data = _answer(
        db, engine, json,
        lambda tb, e: tb.network(at, focal, from_year, to_year, engine=e),
        lambda d: render_network(d, top),
    )  # fmt: skip
    if graph_out is not None:
        if "nodes" not in data:
            notices(["--graph-out needs a single date (no --from/--to); nothing written"])
            return
        graph = {k: data[k] for k in ("at", "focal", "nodes", "edges")}
        graph_out.write_text(
            jsonlib.dumps(graph, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )
        notices([f"graph written to {graph_out} ({len(graph['nodes'])} nodes)"])


@assess_app.command("partners")
@handles_errors
def partners(
    domain: Annotated[
        list[str] | None,
        typer.Option(
            "--domain",
            help="Technology domain id or name; repeat for several "
            "(default: every top-level domain).",
        ),
    ] = None,
    at: AtOption = None,
    top: TopOption = 10,
    focal: FocalOption = None,
    weights: Annotated[
        str | None,
        typer.Option("--weights", help="capability=0.4,weak_binding=0.4,ties=0.2 (sum 1)."),
    ] = None,
    from_year: FromOption = None,
    to_year: ToOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Partner opportunities per domain: capability, weak binding to blockade alliances, ties."""
    _answer(
        db, engine, json,
        lambda tb, e: tb.partners(domain, at, focal, weights, from_year, to_year, engine=e),
        lambda d: render_partners(d, top),
    )  # fmt: skip
