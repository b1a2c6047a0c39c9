"""`techbloc report`: the assessment report as PDF, HTML or Markdown, in English or Chinese."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, notices, out
from techbloc.workspace import Techbloc

STEP_COUNT = 10
"""len(techbloc.reports.report.STEPS), kept here so the CLI starts without importing it
(tests/cli/test_report_cli.py checks that the two agree)."""


@handles_errors
def report(
    at: AtOption = None,
    lang: Annotated[str, typer.Option("--lang", help="Language: en or zh.")] = "en",
    fmt: Annotated[str, typer.Option("--format", help="pdf, html or md.")] = "pdf",
    out_path: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="File or folder to write (default ./techbloc-report-<focal>-<date>-<lang>.<fmt>).",
        ),
    ] = None,
    focal: FocalOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The assessment report: key findings, comprehensiveness, pressure trends, choke points and
    backup sources, priorities, alerts, method and sources, with charts, laid out for print."""
    with Progress(
        TextColumn("[bold]report[/] {task.description}"), BarColumn(), MofNCompleteColumn(),
        console=err, transient=True, disable=json,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=STEP_COUNT)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=name)

        with Techbloc.open(db) as tb:
            notices(tb.notices)
            result = tb.report(at, lang, fmt, out_path, focal, on_step=step)
    if json:
        emit_json(result)
        return
    _summary(result)


def _summary(result: dict[str, Any]) -> None:
    pages = f", {result['pages']} pages" if result["pages"] else ""
    out.print(
        f"wrote {result['path']} ({result['format']}, {result['lang']}{pages}; "
        f"{result['focal']} on {result['at']})",
        highlight=False,
    )
    if result["files"]:
        out.print(f"  figures: {len(result['files'])} PNG files beside it", highlight=False)
    out.print(
        f"  {len(result['sections'])} sections, {len(result['tables'])} tables, "
        f"{len(result['figures'])} figures, {result['references']} sources cited",
        highlight=False,
    )
