"""`techbloc measures`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import answer, both, handles_errors, listing, table


@handles_errors
def measures(
    since: Annotated[str | None, typer.Option(help="From this date (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (inclusive).")] = None,
    domain: Annotated[str | None, typer.Option(help="Technology domain id or name.")] = None,
    instrument: Annotated[str | None, typer.Option(help="Instrument id or name.")] = None,
    direction: Annotated[
        str | None, typer.Option(help="restrictive | cooperative | relaxing")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Issuing country (code or name).")] = None,
    target: Annotated[str | None, typer.Option(help="Targeted country (code or name).")] = None,
    alliance: Annotated[str | None, typer.Option(help="Taken within this alliance.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The register of measures, newest first, with citation and sources."""
    answer(
        db, json,
        lambda tb: tb.measures(
            since=since, until=until, domain=domain, instrument=instrument, direction=direction,
            actor=actor, target=target, alliance=alliance, limit=limit, with_sources=json,
        ),
        lambda rows: render_measures(rows, "Measures"),
    )  # fmt: skip


def render_measures(rows: list[dict[str, Any]], title: str) -> None:
    table(
        title,
        ["date", "actor", "measure", "instrument", "direction", "sev", "domains", "citation"],
        (
            [
                r["date"],
                r["actor_code"],
                both(r["title_en"], r["title_zh"]),
                r["instrument_id"],
                r["direction"],
                r["severity_score"],
                listing(r["domains"], 2),
                r["citation"] or "",
            ]
            for r in rows
        ),
    )
