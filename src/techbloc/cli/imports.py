"""`techbloc import …`: bring real list data into the store, with a progress bar and a report."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, out, table
from techbloc.ingest.lists import import_list_file
from techbloc.query.resolve import parse_date
from techbloc.store.listings import ImportReport
from techbloc.store.location import resolve_db_path

import_app = typer.Typer(help="Import real public data into the store.", no_args_is_help=True)

RetrievedOption = Annotated[
    str | None,
    typer.Option(
        "--retrieved",
        help="Date the snapshot was retrieved (default: download day, "
        "or the file's modification date).",
    ),
]
PartialOption = Annotated[
    bool,
    typer.Option(
        "--partial",
        help="The file holds only part of each list: nothing missing from it counts as removed.",
    ),
]


def run_list_import(
    source_format: str, location: str, retrieved: str | None, partial: bool, db: str | None,
    json: bool,
) -> None:  # fmt: skip
    """Import one list file in ``source_format`` with a progress bar, then print the report."""
    day = parse_date(retrieved, "--retrieved")
    with Progress(
        TextColumn("[bold]importing[/]"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=err, transient=True, disable=json,
    ) as bar:  # fmt: skip
        task = bar.add_task("import", total=None)
        report = import_list_file(
            resolve_db_path(db), location, source_format, day, partial,
            on_start=lambda size: bar.update(task, total=size),
            on_progress=lambda done: bar.update(task, completed=done),
        )  # fmt: skip
    if json:
        emit_json(dataclasses.asdict(report))
        return
    print_report(report)


def print_report(report: ImportReport) -> None:
    out.print(
        f"{report.status}: {report.source_location} (retrieved {report.retrieved_date}, "
        f"import #{report.import_id})",
        highlight=False,
    )
    if report.status == "already-imported":
        out.print("this file was imported before: nothing changed", highlight=False)
        return
    out.print(
        f"  {report.rows_read} rows read: {report.added} added, {report.changed} changed, "
        f"{report.unchanged} unchanged, {report.removed} removed, {report.rejected} rejected",
        highlight=False,
    )
    if report.partial:
        out.print("  partial: entities missing from the file were kept", highlight=False)
    if report.related_parties or report.ownerships:
        out.print(
            f"  {report.ownerships} ownership links, {report.related_parties} related parties "
            "(owners or owned, on no list)",
            highlight=False,
        )
    table("Records per list", ["list", "records"], sorted(report.lists.items()))
    if report.rejections:
        table(
            "Quarantined rows (first 20)",
            ["row", "field", "reason"],
            ([r.row, r.field or "", r.reason] for r in report.rejections[:20]),
        )


@import_app.command("csl")
@handles_errors
def import_csl(
    location: Annotated[str, typer.Argument(help="CSL file (CSV or JSON) or http(s) URL.")],
    retrieved: RetrievedOption = None,
    partial: PartialOption = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The US Consolidated Screening List (Entity List, MEU, UVL, DPL, SDN and the rest)."""
    run_list_import("csl", location, retrieved, partial, db, json)


@import_app.command("cn-countermeasures")
@handles_errors
def import_cn_countermeasures(
    location: Annotated[
        str,
        typer.Argument(help="OpenSanctions CSV of China's lists (datasets/cn/sanctions) or URL."),
    ],
    retrieved: RetrievedOption = None,
    partial: PartialOption = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """China's own lists: Unreliable Entity List, export-control lists, countermeasures."""
    run_list_import("cn-countermeasures", location, retrieved, partial, db, json)


@import_app.command("jp-meti")
@handles_errors
def import_jp_meti(
    location: Annotated[
        str, typer.Argument(help="Text of a METI/MOFA export-ban entity list (PDF text) or URL.")
    ],
    retrieved: RetrievedOption = None,
    partial: PartialOption = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Japan's export-ban lists of Russian and third-country entities."""
    run_list_import("jp-meti", location, retrieved, partial, db, json)


@import_app.command("us-1260h")
@handles_errors
def import_us_1260h(
    location: Annotated[
        str, typer.Argument(help="OpenSanctions CSV of the DoD 1260H list or URL.")
    ],
    retrieved: RetrievedOption = None,
    partial: PartialOption = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The US Department of Defense's Section 1260H list of Chinese military companies."""
    run_list_import("us-1260h", location, retrieved, partial, db, json)


@import_app.command("ftm")
@handles_errors
def import_ftm(
    location: Annotated[
        str, typer.Argument(help="OpenSanctions FtM entities (JSON lines) or delta file, or URL.")
    ],
    retrieved: RetrievedOption = None,
    partial: PartialOption = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """OpenSanctions data in FollowTheMoney JSON lines (EU, UK, Japan, Taiwan, UN … lists), with
    ownership links; a delta file (ADD / MOD / DEL) is imported as partial."""
    run_list_import("ftm", location, retrieved, partial, db, json)
