"""`techbloc alerts list | show | ack | close | reopen`: the stored alerts and their states."""

from __future__ import annotations

from typing import Annotated

import typer

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import answer, handles_errors
from techbloc.cli.render_alerts import render_alert, render_alert_list, render_watch_runs

alerts_app = typer.Typer(
    help="Early-warning alerts (预警): list, show, acknowledge, close, reopen; watch runs.",
    no_args_is_help=True,
)

IdArgument = Annotated[str, typer.Argument(help="Alert id (or a unique beginning of it).")]
NoteOption = Annotated[
    str | None, typer.Option("--note", help="Why (kept in the alert's history).")
]


@alerts_app.command("list")
@handles_errors
def alerts_list(
    state: Annotated[
        str | None, typer.Option("--state", help="new | acknowledged | closed.")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", help="This level and above: blue, yellow, orange, red (蓝黄橙红)."),
    ] = None,
    scope: Annotated[
        str | None,
        typer.Option("--scope", help="TYPE:KEY, e.g. domain:semiconductors, alliance:瓦森纳."),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Seen on or after DATE.")] = None,
    detector: Annotated[str | None, typer.Option("--detector", help="One detector.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Stored alerts, last seen first, highest level first on the same day."""
    answer(
        db, json,
        lambda tb: tb.alerts(state=state, level=level, scope=scope, since=since,
                             detector=detector, limit=limit, offset=offset),
        render_alert_list,
    )  # fmt: skip


@alerts_app.command("show")
@handles_errors
def alerts_show(alert_id: IdArgument, db: DbOption = None, json: JsonOption = False) -> None:
    """One alert: figures, evidence with labels and links, history, notifications."""
    answer(db, json, lambda tb: tb.alert(alert_id), render_alert)


def _set(alert_id: str, state: str, note: str | None, db: str | None, json: bool) -> None:
    answer(db, json, lambda tb: tb.set_alert_state(alert_id, state, note), render_alert)


@alerts_app.command("ack")
@handles_errors
def alerts_ack(
    alert_id: IdArgument, note: NoteOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Acknowledge an alert (seen, being handled)."""
    _set(alert_id, "acknowledged", note, db, json)


@alerts_app.command("close")
@handles_errors
def alerts_close(
    alert_id: IdArgument, note: NoteOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Close an alert; it reopens by itself only if it escalates."""
    _set(alert_id, "closed", note, db, json)


@alerts_app.command("reopen")
@handles_errors
def alerts_reopen(
    alert_id: IdArgument, note: NoteOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Reopen a closed or acknowledged alert (state new)."""
    _set(alert_id, "new", note, db, json)


@alerts_app.command("runs")
@handles_errors
def alerts_runs(
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 20,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The latest runs of `techbloc watch`: data date, status, counts, errors."""
    answer(db, json, lambda tb: tb.watch_runs(limit), render_watch_runs)
