"""`techbloc import supply`: supply-chain shares (the ETO folder or a CSV), progress, a report."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from techbloc.cli.imports import import_app
from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, out, table
from techbloc.ingest.supply import import_supply_source
from techbloc.store.location import resolve_db_path
from techbloc.store.supply import OVER_100_PCT, SupplyImportReport, report_dict


@import_app.command("supply")
@handles_errors
def import_supply(
    location: Annotated[
        str, typer.Argument(help="ETO supply-chain folder, or a CSV of shares (file or URL).")
    ],
    source_format: Annotated[
        str | None,
        typer.Option(
            "--format", help="eto or csv (default: eto for a folder, csv for a file or URL)."
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Data year of a CSV that has no year column."),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Supply-chain shares: who supplies each technology input, and how much of the world's."""
    with Progress(
        TextColumn("[bold]importing[/]"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=err, transient=True, disable=json,
    ) as bar:  # fmt: skip
        task = bar.add_task("import", total=None)
        report = import_supply_source(
            resolve_db_path(db), location, source_format, year,
            on_start=lambda size: bar.update(task, total=size),
            on_progress=lambda done: bar.update(task, completed=done),
        )  # fmt: skip
    if json:
        emit_json(report_dict(report))
        return
    print_supply_report(report)


def print_supply_report(report: SupplyImportReport) -> None:
    out.print(
        f"{report.status}: {report.source_location} ({report.source_format}, "
        f"import #{report.import_id})",
        highlight=False,
    )
    if report.status == "already-imported":
        out.print("this file was imported before: nothing changed", highlight=False)
        return
    out.print(f"  shares read as {report.share_scale}: {report.scale_reason}", highlight=False)
    out.print(
        f"  {report.rows_read} rows read: {report.inputs} inputs, {report.input_years} "
        f"input-years, {report.country_shares} country shares ({report.rolled_up} summed from "
        f"organisations), {report.organisation_shares} organisation shares, {report.edges} "
        f"edges, {report.replaced} earlier shares replaced, {report.rejected} rejected",
        highlight=False,
    )
    if report.over_100:
        table(
            f"Shares summing to more than {OVER_100_PCT} % (kept as given)",
            ["input", "year", "level", "total %", "suppliers"],
            ([o["input_id"], o["year"], o["level"], f"{o['total_pct']:g}", o["suppliers"]]
             for o in report.over_100),
        )  # fmt: skip
    if report.rejections:
        table(
            "Quarantined rows (first 20)",
            ["file", "row", "field", "reason"],
            ([r.source_file, r.row, r.field or "", r.reason] for r in report.rejections[:20]),
        )
