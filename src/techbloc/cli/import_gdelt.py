"""`techbloc import gdelt`: GDELT 2.0 event and mention files, a progress bar per file, a report."""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from techbloc.cli.imports import import_app
from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, out, table
from techbloc.store.location import resolve_db_path


@import_app.command("gdelt")
@handles_errors
def import_gdelt(
    locations: Annotated[
        list[str],
        typer.Argument(
            help="GDELT 2.0 files or folders: *.export.CSV (events) and *.mentions.CSV, zipped "
            "as published or not, or CSV/TSV copies with a header row."
        ),
    ],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """News events and mentions from GDELT 2.0, checked, mapped to countries and tagged with a
    technology domain (新闻事件导入)."""
    from techbloc.ingest.gdelt.importer import import_gdelt as run

    with Progress(
        TextColumn("[bold]importing[/]"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.description}"), console=err, transient=True, disable=json,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=None)
        report = run(
            resolve_db_path(db), locations,
            lambda done, total, what: bar.update(task, total=total, completed=done,
                                                 description=PurePosixPath(what).name),
        )  # fmt: skip
    data = dataclasses.asdict(report)
    if json:
        emit_json(data)
        return
    print_gdelt_report(data)


def print_gdelt_report(r: dict[str, Any]) -> None:
    if r["run_id"] is None:
        out.print("nothing changed: every file was imported before / 文件均已导入", highlight=False)
    else:
        out.print(
            f"import run #{r['run_id']}: {r['events_added']:,} events and "
            f"{r['mentions_added']:,} mentions added, {r['rows_rejected']:,} rows quarantined, "
            f"{r['rows_already_stored']:,} already stored",
            highlight=False,
        )
        out.print(
            f"  domains: {r['events_with_leaf_domain']:,} events with a leaf domain, "
            f"{r['events_with_parent_domain_only']:,} with a top-level domain only; "
            f"{r['urls_tagged']:,} of {r['urls_seen']:,} distinct URLs named a domain",
            highlight=False,
        )
    table(
        "Files / 文件",
        ["file", "kind", "layout", "status", "read", "kept", "rejected", "already stored"],
        ([PurePosixPath(f["location"]).name, f["kind"], f["layout"], f["status"], f["rows_read"],
          f["rows_kept"], f["rows_rejected"], f["rows_already_stored"]] for f in r["files"]),
    )  # fmt: skip
    if r["quarantine"]:
        table(
            f"Quarantined rows / 隔离行 (first {len(r['quarantine'])}; all: techbloc news "
            "quarantine)",
            ["file", "row", "field", "reason", "value"],
            ([PurePosixPath(q["source_location"]).name, q["source_row"], q["field"] or "(row)",
              q["reason"], (q["value"] or "").replace("\t", " ")[:40]] for q in r["quarantine"]),
        )  # fmt: skip
