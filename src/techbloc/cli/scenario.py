"""`techbloc scenario join | leave | add-domain | strictest | run`: what-if scenarios, applied to
in-memory copies of the store's tables (never to the store), with exposure, pressure and priorities
before → after (docs/methodology.md, "Assessment: scenarios")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from techbloc.cli.assess_priorities import (
    CoalitionOption,
    Engine,
    EngineOption,
    WeightsOption,
    on_engine,
)
from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import answer, handles_errors
from techbloc.cli.render_scenario import render_scenario
from techbloc.workspace import Techbloc

scenario_app = typer.Typer(
    help="What-if scenarios: membership changes, a domain added to a regime, the strictest "
    "blockade, or a YAML file of changes; before → after.",
    no_args_is_help=True,
)

CountryArg = Annotated[str, typer.Argument(metavar="COUNTRY", help="Country code or name.")]
AllianceArg = Annotated[str, typer.Argument(metavar="ALLIANCE", help="Alliance id or name.")]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="Date the change takes effect (default: see the command)."),
]
TopOption = Annotated[int, typer.Option("--top", min=1, help="Rows to show per table.")]


def _run(
    db: str | None,
    json: bool,
    engine: Engine,
    top: int,
    changes: list[tuple[str, dict[str, Any]]],
    at: str | None,
    focal: str | None,
    coalition: str | None,
    weights: str | None,
) -> None:
    def ask(tb: Techbloc, name: str) -> dict[str, Any]:
        return tb.scenario(changes, at, focal, coalition, weights, engine=name)

    answer(db, json, on_engine(engine, ask), lambda data: render_scenario(data, top))


@scenario_app.command("join")
@handles_errors
def scenario_join(
    country: CountryArg,
    alliance: AllianceArg,
    since: SinceOption = None,
    at: AtOption = None,
    coalition: CoalitionOption = None,
    weights: WeightsOption = None,
    top: TopOption = 15,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """COUNTRY joins ALLIANCE (from --since, default the alliance's founding); exposure against
    the alliance unless --coalition says otherwise."""
    fields = {"country": country, "alliance": alliance, "since": since}
    _run(db, json, engine, top, [("join", fields)], at, focal, coalition or alliance, weights)


@scenario_app.command("leave")
@handles_errors
def scenario_leave(
    country: CountryArg,
    alliance: AllianceArg,
    since: SinceOption = None,
    at: AtOption = None,
    coalition: CoalitionOption = None,
    weights: WeightsOption = None,
    top: TopOption = 15,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """COUNTRY leaves ALLIANCE (on --since, default: as if it had never been a member); exposure
    against the alliance unless --coalition says otherwise."""
    fields = {"country": country, "alliance": alliance, "since": since}
    _run(db, json, engine, top, [("leave", fields)], at, focal, coalition or alliance, weights)


@scenario_app.command("add-domain")
@handles_errors
def scenario_add_domain(
    domain: Annotated[str, typer.Argument(metavar="DOMAIN", help="Domain id or name.")],
    alliance: AllianceArg,
    severity: Annotated[
        int, typer.Option("--severity", min=1, max=5, help="Severity of the measure (1–5).")
    ] = 4,
    since: SinceOption = None,
    at: AtOption = None,
    coalition: CoalitionOption = None,
    weights: WeightsOption = None,
    top: TopOption = 15,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """DOMAIN added to ALLIANCE's field, with a hypothetical restrictive measure by the alliance
    on it (severity 4 by default, dated --since, default --at)."""
    fields = {"domain": domain, "alliance": alliance, "severity": severity, "since": since}
    _run(db, json, engine, top, [("add-domain", fields)], at, focal, coalition, weights)


@scenario_app.command("strictest")
@handles_errors
def scenario_strictest(
    at: AtOption = None,
    coalition: CoalitionOption = None,
    weights: WeightsOption = None,
    top: TopOption = 15,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The strictest blockade (bottom line): every coalition member applies the most severe
    measure on record to every domain it touches; inputs left with no backup source."""
    _run(db, json, engine, top, [("strictest", {})], at, focal, coalition, weights)


@scenario_app.command("run")
@handles_errors
def scenario_run(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Scenario file (YAML).")],
    at: AtOption = None,
    coalition: CoalitionOption = None,
    weights: WeightsOption = None,
    top: TopOption = 15,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Run a YAML scenario file of several changes (name, at, focal, coalition, changes);
    options given here override the file's."""

    def ask(tb: Techbloc, name: str) -> dict[str, Any]:
        return tb.scenario_file(file, at, focal, coalition, weights, engine=name)

    answer(db, json, on_engine(engine, ask), lambda data: render_scenario(data, top))
