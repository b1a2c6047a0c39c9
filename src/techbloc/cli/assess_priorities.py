"""`techbloc assess priorities`: technology domains ranked for R&D priority, with visible weights
and a sensitivity analysis (docs/methodology.md, "Assessment: priorities")."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from techbloc.cli.assess import assess_app
from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import answer, handles_errors
from techbloc.cli.render_priorities import render_priorities
from techbloc.errors import TechblocError
from techbloc.workspace import Techbloc

T = TypeVar("T")


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


EngineOption = Annotated[
    Engine, typer.Option("--engine", help="duckdb: the store itself; spark: Apache Spark.")
]
CoalitionOption = Annotated[
    str | None,
    typer.Option(
        "--coalition",
        help="Whom exposure is measured against: blockade (default), an alliance, or US,JP,NL.",
    ),
]
WeightsOption = Annotated[
    str | None,
    typer.Option(
        "--weights",
        help="Criteria weights summing to 1 (default "
        "pressure=0.35,exposure=0.3,importance=0.2,gap=0.15).",
    ),
]


def on_engine(engine: Engine, ask: Callable[[Techbloc, str], T]) -> Callable[[Techbloc], T]:
    """``ask`` with the engine's name; a failure inside Spark becomes an error message."""

    def run(tb: Techbloc) -> T:
        try:
            return ask(tb, engine.value)
        except TechblocError:
            raise
        except Exception as exc:
            if engine is not Engine.spark:
                raise
            from techbloc.scale.spark_session import spark_failure

            mapped = spark_failure(exc)
            if mapped is None:
                raise
            raise mapped from exc

    return run


@assess_app.command("priorities")
@handles_errors
def priorities(
    at: AtOption = None,
    weights: WeightsOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Leaf domains to show.")] = 10,
    sensitivity: Annotated[
        bool,
        typer.Option("--sensitivity", help="Add the sensitivity of the ranking to its weights."),
    ] = False,
    samples: Annotated[
        int, typer.Option("--samples", min=1, help="Random weight vectors for --sensitivity.")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random weight vectors.")] = 1,
    coalition: CoalitionOption = None,
    start: Annotated[
        int | None, typer.Option("--from", help="First year of a yearly series (as of 31 Dec).")
    ] = None,
    end: Annotated[
        int | None, typer.Option("--to", help="Last year of a yearly series (default this year).")
    ] = None,
    focal: FocalOption = None,
    engine: EngineOption = Engine.duckdb,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Technology domains ranked for R&D priority: a weighted sum of containment pressure,
    supply-chain exposure, importance and the focal country's capability gap."""

    def ask(tb: Techbloc, name: str) -> dict[str, Any]:
        return tb.priorities(at, weights, coalition, focal, top, sensitivity, samples, seed,
                             start, end, engine=name)  # fmt: skip

    answer(db, json, on_engine(engine, ask), render_priorities)
