"""`techbloc screen`: one name, or a CSV file of names, against the imported lists."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, notices, out, table
from techbloc.matching.batch import HIT_COLUMNS, available_cores, hit_rows, screen_file
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import DEFAULT_THRESHOLD, Hit, Query, explain
from techbloc.workspace import Techbloc


@handles_errors
def screen(
    name_or_file: Annotated[str, typer.Argument(help="A name (any script), or a CSV file.")],
    column: Annotated[str, typer.Option(help="Column of names in the CSV file.")] = "name",
    country: Annotated[
        str | None, typer.Option(help="Country of the single name (ISO code).")
    ] = None,
    country_column: Annotated[
        str | None, typer.Option(help="Column of countries in the CSV.")
    ] = None,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write the hits as CSV here.")
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Minimum score.")
    ] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(min=1, help="At most this many hits per name.")] = 5,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes screening a CSV file (default: all cores)."),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Screen organisation names against the imported restricted-party lists, explaining hits."""
    with Techbloc.open(db) as tb:
        notices(tb.notices)
        index = tb.screening_index()
        path = Path(name_or_file)
        if path.suffix.lower() == ".csv" and path.exists():
            results = _screen_csv(
                index, tb.name_bridge(), path, column, country_column, threshold, limit,
                workers or available_cores(), json,
            )  # fmt: skip
        else:
            query = Query(name_or_file, country.upper() if country else None)
            results = [(query, tb.screen(name_or_file, country, threshold, limit, index))]
    if not index.names:
        err.print("note: no list is imported yet: run 'techbloc import csl …' first")
    if out_path:
        with out_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=HIT_COLUMNS)
            writer.writeheader()
            for query, hits in results:
                writer.writerows(hit_rows(query, hits))
    if json:
        emit_json(
            [
                {
                    "query": q.text,
                    "country": q.country,
                    "row": q.row,
                    "hits": [dataclasses.asdict(h) for h in hits],
                }
                for q, hits in results
            ]
        )
        return
    hit_count = sum(1 for _, hits in results if hits)
    for query, hits in results[:50]:
        if hits:
            table(
                f"{query.text}" + (f" (row {query.row})" if query.row else ""),
                ["score", "list", "listed name", "matched alias", "why"],
                ([h.score, h.list_id, h.name, h.matched_alias, explain(h)] for h in hits),
            )
    out.print(
        f"{hit_count} of {len(results)} name(s) hit at threshold {threshold}"
        + (f"; hits written to {out_path}" if out_path else ""),
        highlight=False,
    )


def _screen_csv(
    index: ScreeningIndex,
    bridge: NameBridge,
    path: Path,
    column: str,
    country_column: str | None,
    threshold: float,
    limit: int,
    workers: int,
    quiet: bool,
) -> list[tuple[Query, list[Hit]]]:
    with Progress(
        TextColumn("[bold]screening[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task("screen", total=None)
        return list(
            screen_file(
                index,
                path,
                column,
                country_column,
                threshold,
                limit,
                on_row=lambda n: bar.update(task, completed=n),
                bridge=bridge,
                workers=workers,
            )
        )
