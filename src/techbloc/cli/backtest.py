"""`techbloc backtest`: the early warning replayed over history and scored against escalations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from techbloc.cli.options import DbOption, FocalOption, JsonOption
from techbloc.cli.output import both, emit_json, err, handles_errors, notices, out, table
from techbloc.workspace import Techbloc

STATUS = {
    "early": "early / 提前",
    "no_lead": "no lead / 无提前",
    "missed": "missed / 漏报",
    "true": "true / 命中",
    "false": "false alarm / 误报",
    "unscoped": "unscoped / 无范围",
}
PERIOD = {"tune": "2018–2022 tune / 调参", "report": "2023– report / 报告"}


@handles_errors
def backtest(
    start: Annotated[
        str, typer.Option("--from", help="First as-of date (YYYY-MM-DD, YYYY-MM or YYYY).")
    ] = "2018-01-01",
    end: Annotated[str | None, typer.Option("--to", help="Last as-of date; default today.")] = None,
    step: Annotated[
        str, typer.Option("--step", help="month (month ends) or week (Sundays).")
    ] = "month",
    level: Annotated[
        str, typer.Option("--level", help="Lowest alert level counted: blue|yellow|orange|red.")
    ] = "yellow",
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Detector rules file (default: built-in).")
    ] = None,
    escalations: Annotated[
        Path | None,
        typer.Option("--escalations", help="Escalation list (default: the built-in one)."),
    ] = None,
    lead_days: Annotated[
        int | None, typer.Option("--lead-days", help="Lead window before an escalation (180).")
    ] = None,
    grace_days: Annotated[
        int | None, typer.Option("--grace-days", help="Days after it still 'detected' (31).")
    ] = None,
    focal: FocalOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Which alerts the detectors would have raised since 2018, and when, against the major
    escalations: hits, lead times, misses, false alarms (tuned 2018–2022, reported 2023–)."""
    with Techbloc.open(db) as tb:
        notices(tb.notices)
        with Progress(
            TextColumn("[bold]backtest[/] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("as of …", total=None)

            def on_step(done: int, total: int, as_of: dt.date) -> None:
                bar.update(task, completed=done, total=total, description=f"as of {as_of}")

            result = tb.backtest(
                start=start, end=end, step=step, level=level, rules=rules,
                escalations=escalations, focal=focal, lead_days=lead_days,
                grace_days=grace_days, on_step=on_step,
            )  # fmt: skip
    if json:
        emit_json(result)
    else:
        render_backtest(result)


def render_backtest(result: dict[str, Any]) -> None:
    p = result["params"]
    out.print(
        f"as-of dates: {p['as_of_dates']} ({p['step']}, {p['from']} … {p['to']}); lead window "
        f"{p['lead_days']} days, grace {p['grace_days']} days; "
        f"escalations: {p['escalations_file']}",
        highlight=False,
    )
    table(
        "Backtest by period and level / 分期分级回测",
        ["period", "level", "escalations", "hits", "early", "no lead", "missed", "recall",
         "alarms", "false alarms", "precision", "median lead (days)"],
        (
            [PERIOD.get(r["period"], r["period"]), r["level"], r["escalations"], r["hits"],
             r["early"], r["no_lead"], r["missed"], r["recall"], r["alarms"], r["false_alarms"],
             r["precision"], r["median_lead_days"]]
            for r in result["summary"]
        ),
    )  # fmt: skip
    table(
        f"Escalations at level ≥ {p['level']} / 重大升级事件",
        ["date", "escalation", "severity", "status", "lead (days)", "first alert", "detector",
         "scope"],
        (
            [r["date"], both(r["title_en"], r["title_zh"]), r["severity"], STATUS[r["status"]],
             r["lead_days"], r["first_raised"], r["detector"],
             f"{r['scope_type']}:{r['scope_key']}" if r["scope_type"] else ""]
            for r in result["escalations"]
        ),
    )  # fmt: skip
    table(
        f"Detectors at level ≥ {p['level']} / 检测器",
        ["detector", "period", "alarms", "true", "false", "unscoped", "escalations matched"],
        (
            [r["detector"], r["period"], r["alarms"], r["true_alarms"], r["false_alarms"],
             r["unscoped_alarms"], r["escalations_matched"]]
            for r in result["detectors"]
        ),
    )  # fmt: skip
    false_alarms = sum(1 for a in result["alarms"] if a["status"] == "false")
    out.print(
        f"[dim]{len(result['alarms'])} alarm(s), {false_alarms} false: the list is in --json[/]"
    )
