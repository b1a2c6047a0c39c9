"""`techbloc alignment`: which lists hold the same organisation, who listed first, with what lag."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, listing, notices, out, table
from techbloc.query.alignment import ALIGN_THRESHOLD
from techbloc.workspace import Techbloc


@handles_errors
def alignment(
    lists: Annotated[
        str | None, typer.Option("--lists", help="Comma-separated list ids (default: all).")
    ] = None,
    country: Annotated[str | None, typer.Option(help="Entries with this country, e.g. CN.")] = None,
    threshold: Annotated[
        float, typer.Option(help="Name score both ways for two entries to be one organisation.")
    ] = ALIGN_THRESHOLD,
    top: Annotated[int, typer.Option(help="Organisations to show (the JSON has all).")] = 20,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Alignment between lists: organisations on several lists, who listed first, median lag."""
    wanted = [part.strip() for part in lists.split(",") if part.strip()] if lists else None
    with Techbloc.open(db) as tb:
        notices(tb.notices)
        with Progress(
            TextColumn("[bold]linking entries[/]"), BarColumn(), MofNCompleteColumn(),
            console=err, transient=True, disable=json,
        ) as bar:  # fmt: skip
            task = bar.add_task("align", total=None)
            result = tb.alignment(
                wanted, country, threshold,
                on_progress=lambda done, total: bar.update(task, completed=done, total=total),
            )  # fmt: skip
    if json:
        emit_json(result)
        return
    _render(result, top)


def _render(result: dict[str, Any], top: int) -> None:
    out.print(
        f"{result['entries']} entries on {len(result['lists'])} lists"
        + (f" with country {result['country']}" if result["country"] else "")
        + f": {len(result['organisations'])} organisations on two or more lists "
        f"(name score ≥ {result['threshold']} both ways, or a shared identifier)",
        highlight=False,
    )
    table(
        "Pairs of lists (lag = B's listing date − A's, where both lists give dates)",
        ["list A", "list B", "shared", "A first", "B first", "same day", "dates unknown",
         "median lag (days)"],
        ([p["list_a"], p["list_b"], p["shared"], p["a_first"], p["b_first"], p["same_day"],
          p["dates_unknown"], _or_dash(p["median_lag_days"])] for p in result["pairs"]),
    )  # fmt: skip
    table(
        f"Organisations on most lists (first {top})",
        ["organisation", "countries", "lists (listing date, lag in days)"],
        (
            [org["name"], listing(org["countries"]),
             "; ".join(f"{item['list_id']} ({_or_dash(item['listing_date'])}, "
                       f"{_or_dash(item['lag_days'])})" for item in org["listings"])]
            for org in result["organisations"][:top]
        ),
    )  # fmt: skip


def _or_dash(value: Any) -> str:
    return "–" if value is None else str(value)
