"""`techbloc import …`: bring real list data into the store, with a progress bar and a report."""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, out, table
from techbloc.errors import InvalidArgument
from techbloc.ingest.lists import import_list_file
from techbloc.query.resolve import parse_date
from techbloc.store.listings import ImportReport
from techbloc.store.location import resolve_db_path

if TYPE_CHECKING:  # the document readers (pypdf, trafilatura) load only for `import docs`
    from techbloc.documents.store import DocumentImportReport

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


@import_app.command("docs")
@handles_errors
def import_docs(
    locations: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively) or http(s) URLs: PDF, HTML, DOCX, TXT, "
            "Markdown, Federal Register JSON or XML."
        ),
    ],
    max_mb: Annotated[
        float,
        typer.Option("--max-mb", help="Largest file to read, in MB; larger ones are reported."),
    ] = 50,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Policy documents in Chinese and English, and Federal Register rules and notices."""
    if max_mb <= 0:
        raise InvalidArgument(f"--max-mb must be positive, not {max_mb:g}")
    with Progress(
        TextColumn("[bold]reading[/]"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.description}"), console=err, transient=True, disable=json,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=None)
        from techbloc.documents.store import import_documents

        report = import_documents(
            resolve_db_path(db), locations, tag_with_store_kb=True, max_bytes=int(max_mb * 2**20),
            on_progress=lambda done, total, location: bar.update(
                task, total=total, completed=done, description=_name(location)
            ),
        )  # fmt: skip
    if json:
        emit_json(dataclasses.asdict(report))
        return
    print_document_report(report)


def _name(location: str) -> str:
    return PurePosixPath(location.rstrip("/")).name


def print_document_report(report: DocumentImportReport) -> None:
    counts = (
        f"{len(report.added)} added, {len(report.duplicates)} duplicate(s), "
        f"{len(report.failures)} failed, of {report.files_seen} file(s)"
    )
    if report.import_id is None:
        out.print(f"nothing changed: {counts}", highlight=False)
    else:
        out.print(f"import #{report.import_id}: {counts}", highlight=False)
    if report.added:
        table(
            "Added",
            ["document", "title", "language", "format", "pages", "mentions", "file"],
            ([d.doc_id, d.title, d.language, d.format, d.pages, d.mentions, _name(d.location)]
             for d in report.added),
        )  # fmt: skip
    if report.duplicates:
        table(
            "Duplicates (same text already stored)",
            ["file", "stored as", "title"],
            ([_name(d.location), d.doc_id, d.title] for d in report.duplicates),
        )
    if report.failures:
        table(
            "Failed",
            ["file", "kind", "reason"],
            ([f.location, f.kind, f.reason] for f in report.failures),
        )
    if report.candidates:
        table(
            "Federal Register documents as candidate measures",
            ["document", "citation", "status", "linked measure", "how"],
            ([c.document_number, c.citation, c.status, c.linked_measure_id, c.link_reason]
             for c in report.candidates),
        )  # fmt: skip


from techbloc.cli import import_gdelt, import_supply  # noqa: E402, F401, I001  (register them)
