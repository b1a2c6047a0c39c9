"""`techbloc init`, `techbloc kb validate` and `techbloc stats`."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import typer

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import answer, emit_json, err, handles_errors, out, table
from techbloc.kb.loader import load_kb
from techbloc.kb.validate import validate_kb
from techbloc.store.build import build_store
from techbloc.store.location import resolve_db_path

kb_app = typer.Typer(help="Work with the knowledge-base files.", no_args_is_help=True)


@handles_errors
def init(
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if unchanged.")] = False,
    json: JsonOption = False,
) -> None:
    """Build (or refresh) the store from the built-in knowledge base. Safe to re-run."""
    report = build_store(resolve_db_path(db), force=force)
    if json:
        emit_json(dataclasses.asdict(report))
        return
    out.print(f"store {report.path}: {report.status}", highlight=False)
    for name in report.migrations_applied:
        out.print(f"  applied migration {name}", highlight=False)
    counts = report.row_counts
    out.print(
        f"  {counts['alliances']} alliances, {counts['memberships']} memberships, "
        f"{counts['measures']} measures, {counts['domains']} domains, {counts['actors']} actors, "
        f"{counts['country_attributes']} country figures, {counts['sources']} sources",
        highlight=False,
    )


@kb_app.command("validate")
@handles_errors
def validate(json: JsonOption = False) -> None:
    """Check every knowledge-base file; list each problem with file and field."""
    problems = validate_kb(load_kb())
    errors = [p for p in problems if p.severity == "error"]
    if json:
        emit_json([dataclasses.asdict(p) for p in problems])
    else:
        for problem in problems:
            colour = "red" if problem.severity == "error" else "yellow"
            out.print(f"[{colour}]{problem.severity}[/] {problem}", highlight=False, soft_wrap=True)
        warnings = len(problems) - len(errors)
        err.print(f"{len(errors)} error(s), {warnings} warning(s)", highlight=False)
    if errors:
        raise typer.Exit(1)


@handles_errors
def stats(db: DbOption = None, json: JsonOption = False) -> None:
    """Counts of alliances, memberships, measures, domains and sources in the store."""

    def render(data: dict[str, Any]) -> None:
        flat = [(k, v) for k, v in data.items() if not isinstance(v, dict)]
        nested = [(k, ", ".join(f"{a}: {b}" for a, b in v.items()))
                  for k, v in data.items() if isinstance(v, dict)]  # fmt: skip
        table(f"Store {resolve_db_path(db)}", ["what", "count"], flat + nested)

    answer(db, json, lambda tb: tb.stats(), render)
