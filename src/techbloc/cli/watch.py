"""`techbloc watch`: run the detectors on new data, record alerts, deliver the new and escalated."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors
from techbloc.errors import InvalidArgument, TechblocError
from techbloc.query.resolve import parse_date
from techbloc.store.location import resolve_db_path

DEFAULT_EVERY = "6h"


def _detector(spec: str | None) -> Callable[..., Any] | None:
    """The function MODULE:FUNCTION names (any detector with the interface of run_detectors)."""
    if not spec:
        return None
    module_name, sep, attr = spec.partition(":")
    try:
        if not sep:
            raise ImportError
        found: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError):
        raise InvalidArgument(
            f"cannot load the detector '{spec}'", hint="write MODULE:FUNCTION"
        ) from None
    if not callable(found):
        raise InvalidArgument(f"the detector '{spec}' is not a function")
    return found


@handles_errors
def watch(
    once: Annotated[bool, typer.Option("--once", help="One run, then exit (for cron).")] = False,
    every: Annotated[
        str | None, typer.Option("--every", help="Run every INTERVAL (6h, 30m, 1d; default 6h).")
    ] = None,
    watchlist: Annotated[
        Path | None, typer.Option("--watchlist", help="YAML file: what to be notified of.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML file with the delivery settings.")
    ] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="POST each new/escalated alert as JSON here.")
    ] = None,
    smtp_host: Annotated[str | None, typer.Option("--smtp-host", help="SMTP server.")] = None,
    smtp_port: Annotated[
        int | None, typer.Option("--smtp-port", help="Default: 587, 465 (ssl) or 25 (plain).")
    ] = None,
    smtp_security: Annotated[
        str | None, typer.Option("--smtp-security", help="starttls (default) | ssl | plain.")
    ] = None,
    smtp_from: Annotated[str | None, typer.Option("--smtp-from", help="Sender address.")] = None,
    smtp_to: Annotated[
        list[str] | None, typer.Option("--smtp-to", help="Recipient (repeat for more).")
    ] = None,
    smtp_ca_file: Annotated[
        str | None, typer.Option("--smtp-ca-file", help="CA certificates to trust (PEM).")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", min=0.1, help="Seconds per delivery attempt.")
    ] = None,
    retries: Annotated[
        int | None, typer.Option("--retries", min=1, help="Attempts per delivery and run.")
    ] = None,
    at: AtOption = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Detector rules file (default: built-in).")
    ] = None,
    focal: FocalOption = None,
    quiet_days: Annotated[
        int | None, typer.Option("--quiet-days", min=0, help="De-duplication interval (30).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Run the detectors even if no data changed.")
    ] = False,
    detector: Annotated[
        str | None,
        typer.Option("--detector", help="MODULE:FUNCTION of another detector function."),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Run the detectors on new data, store the alerts, print them and send the new and
    escalated ones (not repeats) to a webhook and/or by e-mail. SMTP login: $TECHBLOC_SMTP_USER
    and $TECHBLOC_SMTP_PASSWORD."""
    from techbloc.cli.render_alerts import render_watch_report
    from techbloc.warning.alert_store import DEFAULT_QUIET_DAYS
    from techbloc.warning.schedule import GracefulStop, run_every
    from techbloc.warning.watch import WatchRequest, run_watch
    from techbloc.warning.watch_settings import DeliveryOptions, watch_config

    options = DeliveryOptions(webhook, smtp_host, smtp_port, smtp_security, smtp_from,
                              smtp_to or [], smtp_ca_file, timeout, retries)  # fmt: skip
    settings = watch_config(options, config, watchlist=watchlist, every=every,
                            quiet_days=quiet_days)  # fmt: skip
    day = parse_date(at, "--at")
    detect = _detector(detector)
    failures = 0

    def run_once() -> None:
        nonlocal failures
        request = WatchRequest(
            resolve_db_path(db), day or dt.date.today(), settings.channels, settings.watchlist,
            rules, focal, DEFAULT_QUIET_DAYS if settings.quiet_days is None
            else settings.quiet_days, force,
        )  # fmt: skip
        report = run_watch(request, detect).as_row()
        failures += 0 if report["status"] in ("ok", "unchanged") and not report["notify_failed"] \
            else 1  # fmt: skip
        if json:
            emit_json(report)
        else:
            render_watch_report(report)

    if once:
        run_once()
        raise typer.Exit(1 if failures else 0)

    def run_and_survive() -> None:
        try:
            run_once()
        except TechblocError as exc:  # a locked store, an edited watchlist with an error …
            err.print(f"[bold red]error:[/] {exc.message}", highlight=False)

    interval = settings.every or _interval(DEFAULT_EVERY)
    asked = "stop requested: a run in progress finishes first (Ctrl-C again: stop at once)"
    try:
        with GracefulStop(lambda: err.print(asked)) as stop:
            run_every(
                run_and_survive, interval, stop.requested,
                on_wait=lambda t: err.print(f"[dim]next run at {t:%Y-%m-%d %H:%M:%S}[/]"),
            )  # fmt: skip
    except KeyboardInterrupt:
        err.print("watch interrupted: the run in progress was rolled back")
        raise typer.Exit(130) from None
    err.print("watch stopped")


def _interval(text: str) -> dt.timedelta:
    from techbloc.warning.watch_settings import parse_interval

    return parse_interval(text)
