"""`techbloc detect`: run the early-warning detectors and print the alerts (nothing is stored)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import answer, err, handles_errors, out

LEVEL_STYLES = {"blue": "bold blue", "yellow": "bold yellow", "orange": "bold dark_orange",
                "red": "bold red"}  # fmt: skip


@handles_errors
def detect(
    at: AtOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only alerts whose period ends on or after this date.")
    ] = None,
    rules: Annotated[
        str | None, typer.Option(help="Rules file (YAML); default: the built-in rules.yaml.")
    ] = None,
    level: Annotated[
        str | None, typer.Option(help="Lowest level shown: blue, yellow, orange, red (蓝黄橙红).")
    ] = None,
    focal: FocalOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Early warning: alerts from the threshold rules and the statistical detectors as of a date,
    with their evidence (预警)."""
    answer(db, json, lambda tb: tb.detect(at, since, rules, level, focal), render_alerts)


def render_alerts(report: dict[str, Any]) -> None:
    grid = Table(
        title=escape(
            f"Alerts / 预警 as of {report['as_of']} (focal {report['focal']}, "
            f"level ≥ {report['min_level']})"
        ),  # fmt: skip
        title_justify="left",
        header_style="bold",
    )
    for column in ("level", "scope", "detector", "statistic / threshold", "evidence", "title"):
        grid.add_column(column, overflow="fold")
    for alert in report["alerts"]:
        style = LEVEL_STYLES[alert["level"]]
        grid.add_row(
            f"[{style}]{alert['level']} {alert['level_zh']}[/]",
            escape(f"{alert['scope_type']}: {alert['scope_key']}"),
            escape(alert["detector"]),
            escape(
                f"{alert['statistic']} {_figure(alert['value'])} / {_figure(alert['threshold'])}"
            ),  # fmt: skip
            str(len(alert["evidence"])),
            escape(f"{alert['title_en']}\n{alert['title_zh']}"),
        )
    out.print(grid)
    out.print(f"[dim]{len(report['alerts'])} alert(s); rules: {escape(report['rules'])}[/]")
    for stream in report["streams"]:
        if stream["used_by"] and not stream["rows"]:
            err.print(
                f"[dim]note: no data in {stream['stream']}: {escape(stream['note_en'])} / "
                f"{escape(stream['note_zh'])}[/]",
                highlight=False,
            )


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.3g}"
