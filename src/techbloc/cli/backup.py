"""`techbloc export` and `techbloc restore`: the whole store as Parquet files and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, handles_errors, notices, out
from techbloc.workspace import Techbloc


@handles_errors
def export(
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="New folder to write (default ./techbloc-export-<time>)."),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Back up the whole store: every table as Parquet, and a manifest with checksums."""
    with Techbloc.open(db) as tb:
        notices(tb.notices)
        report = tb.export(out_dir)
    if json:
        emit_json(report)
        return
    out.print(
        f"exported {report['tables']} tables ({report['rows']:,} rows, "
        f"{report['bytes'] / 2**20:.1f} MB) to {report['folder']}",
        highlight=False,
    )


@handles_errors
def restore(
    folder: Annotated[Path, typer.Argument(help="Folder written by 'techbloc export'.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the store if one exists at --db.")
    ] = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Restore the store from an export: checksums checked first, then swapped in at once."""
    report = Techbloc.restore(folder, db, force)
    if json:
        emit_json(report)
        return
    verb = "replaced" if report["replaced"] else "created"
    out.print(
        f"{verb} {report['db']} from {folder}: {report['tables']} tables, {report['rows']:,} rows",
        highlight=False,
    )
    if report["migrations_after"]:
        out.print(f"  migrated since: {', '.join(report['migrations_after'])}", highlight=False)
