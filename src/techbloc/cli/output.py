"""Printing results: rich tables for people, ``--json`` for programs, notices on stderr."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from techbloc.errors import TechblocError
from techbloc.workspace import Techbloc

# Piped output (files, CI logs, the README) is not squeezed into 80 columns.
out = Console(width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 180)

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Show a :class:`TechblocError` as ``error: …`` and ``hint: …`` and exit with status 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TechblocError as exc:
            err.print(f"[bold red]error:[/] {exc.message}", highlight=False)
            if exc.hint:
                err.print(f"[yellow]hint:[/] {exc.hint}", highlight=False)
            raise typer.Exit(2) from None

    return wrapper


T = TypeVar("T")


def answer(
    db: str | None, json: bool, ask: Callable[[Techbloc], T], render: Callable[[T], None]
) -> None:
    """Open the store, show its notices, ask one question, then print JSON or the rendering."""
    with Techbloc.open(db) as tb:
        notices(tb.notices)
        data = ask(tb)
    if json:
        emit_json(data)
    else:
        render(data)


def emit_json(data: Any) -> None:
    """JSON on stdout, Chinese kept readable, dates as ISO text."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def notices(lines: Iterable[str]) -> None:
    for line in lines:
        err.print(f"[dim]note: {line}[/]", highlight=False)


def both(en: str | None, zh: str | None) -> str:
    """A bilingual label: 'Wassenaar Arrangement / 瓦森纳安排'."""
    return " / ".join(x for x in (en, zh) if x)


def listing(values: Sequence[str] | None, limit: int = 4) -> str:
    values = list(values or [])
    shown = ", ".join(values[:limit])
    return shown + (f" +{len(values) - limit}" if len(values) > limit else "")


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    grid = Table(title=escape(title), title_justify="left", show_lines=False, header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold")
    count = 0
    for row in rows:
        # data is never markup: "[name bridge: …]" must print as written
        grid.add_row(*("" if v is None else escape(str(v)) for v in row))
        count += 1
    out.print(grid)
    out.print(f"[dim]{count} row(s)[/]")
