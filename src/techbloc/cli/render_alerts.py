"""Printing alerts and watch runs: levels in colour, titles in English and Chinese."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from techbloc.cli.output import err, out, table
from techbloc.warning.model import Level

LEVEL_STYLES = {"blue": "bold blue", "yellow": "bold yellow", "orange": "bold dark_orange",
                "red": "bold red"}  # fmt: skip
CHANGE_LABELS = {"raised": "new 新", "escalated": "escalated 升级", "repeated": "repeated 重复",
                 "merged": "merged 合并"}  # fmt: skip
STATE_LABELS = {"new": "new 新", "acknowledged": "acknowledged 已确认", "closed": "closed 已关闭"}


def level_cell(level: str) -> str:
    parsed = Level.parse(level)
    return f"[{LEVEL_STYLES[parsed.label]}]{parsed.label.upper()} {parsed.label_zh}[/]"


def _figure(value: Any) -> str:
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else f"{value:.4g}"


def _statistic(row: dict[str, Any]) -> str:
    text = f"{row['statistic']} {_figure(row.get('value'))}"
    if row.get("threshold") is not None:
        text += f" (threshold {_figure(row['threshold'])})"
    return escape(text)


def alerts_table(title: str, rows: list[dict[str, Any]], change: bool = False) -> Table:
    grid = Table(title=escape(title), title_justify="left", header_style="bold")
    columns = ["level 级别", *(["change 变化"] if change else ["state 状态"]), "scope 范围",
               "title / 标题", "period 时段", "statistic 统计量", "id"]  # fmt: skip
    for column in columns:
        grid.add_column(column, overflow="fold")
    for r in rows:
        status = CHANGE_LABELS.get(r["change"], r["change"]) if change else \
            STATE_LABELS.get(r["state"], r["state"])  # fmt: skip
        grid.add_row(
            level_cell(r["level"]), escape(status), escape(f"{r['scope_type']}:{r['scope_key']}"),
            escape(f"{r['title_en']}\n{r['title_zh']}"),
            escape(f"{r['period_start']} – {r['period_end']}"), _statistic(r),
            escape(r.get("alert_id", "")),
        )  # fmt: skip
    return grid


def render_alert_list(rows: list[dict[str, Any]]) -> None:
    out.print(alerts_table("Alerts / 预警", rows))
    out.print(f"[dim]{len(rows)} alert(s)[/]")


def render_alert(a: dict[str, Any]) -> None:
    out.print(f"{level_cell(a['level'])}  [bold]{escape(a['title_en'])}[/]", highlight=False)
    out.print(f"[bold]{escape(a['title_zh'])}[/]", highlight=False)
    facts = [
        ("id", a["alert_id"]), ("state 状态", STATE_LABELS.get(a["state"], a["state"])),
        ("scope 范围", f"{a['scope_type']}:{a['scope_key']}"), ("detector 检测器", a["detector"]),
        ("statistic 统计量", _statistic(a)),
        ("period 时段", f"{a['period_start']} – {a['period_end']}"),
        ("seen 出现", f"{a['first_seen']} – {a['last_seen']} ({a['occurrences']}×)"),
    ]  # fmt: skip
    for label, value in facts:
        out.print(f"  [dim]{label}:[/] {escape(str(value))}", highlight=False)
    out.print(f"\n[bold]Evidence / 证据[/] ({len(a['evidence'])})")
    for e in a["evidence"]:
        date = f" ({e['date']})" if e.get("date") else ""
        out.print(escape(f"  [{e['kind']}] {e.get('label') or e['id']}{date}"), highlight=False)
        if e.get("url"):
            out.print(f"      [link={e['url']}]{escape(e['url'])}[/link]", highlight=False)
    out.print("\n[bold]History / 历史[/]")
    for h in a["history"]:
        levels = f" {h['level_before'] or ''}→{h['level_after']}" if h.get("level_after") else ""
        states = f" {h['state_before'] or ''}→{h['state_after']}" if h.get("state_after") else ""
        note = f" — {h['note']}" if h.get("note") else ""
        out.print(escape(f"  {h['happened_at']}  {h['event']}{levels}{states}{note}"),
                  highlight=False)  # fmt: skip
    if a["merged_ids"]:
        merged = ", ".join(f"{m['alert_id']} ({m['period_start']} – {m['period_end']})"
                           for m in a["merged_ids"])  # fmt: skip
        out.print(escape(f"\nmerged ids 合并: {merged}"), highlight=False)
    if a["notifications"]:
        out.print("\n[bold]Notifications / 通知[/]")
        for n in a["notifications"]:
            error = f" — {n['last_error']}" if n.get("last_error") else ""
            out.print(escape(f"  {n['level']} {n['change']} → {n['channel']} {n['target']}: "
                             f"{n['status']} ({n['attempts']} attempt(s)){error}"),
                      highlight=False)  # fmt: skip


def render_watch_report(report: dict[str, Any]) -> None:
    r = report
    since = f" · since {r['since']}" if r["since"] else ""
    out.print(f"[bold]watch run #{r['run_id']}[/] · as of {r['as_of']}{since} · {r['status']}",
              highlight=False)  # fmt: skip
    if r["status"] == "unchanged":
        out.print(f"[dim]no new data since run #{r['previous_run']}: the detectors did not run "
                  "(--force runs them anyway)[/]")  # fmt: skip
    elif r["status"] != "failed":
        out.print(
            f"{r['alerts_found']} finding(s): {r['alerts_new']} new 新, "
            f"{r['alerts_escalated']} escalated 升级, {r['alerts_updated']} repeated or merged",
            highlight=False,
        )
    news = sorted(
        (c for c in r["changes"] if c["change"] in ("raised", "escalated")),
        key=lambda c: (-Level.parse(c["level"]).value, c["scope_type"], c["scope_key"]),
    )
    if news:
        out.print(alerts_table("New and escalated alerts / 新预警与升级", news, change=True))
    if r["deliveries"]:
        grid = Table(title="Notifications / 通知", title_justify="left", header_style="bold")
        for column in ("channel", "target", "alert", "level", "status", "attempts", "error"):
            grid.add_column(column, overflow="fold")
        for d in r["deliveries"]:
            style = "green" if d["status"] == "sent" else "red"
            grid.add_row(
                escape(d["channel"]), escape(d["target"]), escape(d["alert_id"]),
                level_cell(d["level"]), f"[{style}]{escape(d['status'])}[/]",
                str(d["attempts"]), escape(d.get("error") or ""),
            )  # fmt: skip
        out.print(grid)
    for w in r["waiting_for_other_targets"]:
        err.print(escape(f"note: {w['notifications']} notification(s) wait for {w['target']}, "
                         "which this run does not deliver to"), highlight=False)  # fmt: skip
    for e in r["errors"]:
        err.print(f"[bold red]error:[/] {escape(e)}", highlight=False)


def render_watch_runs(rows: list[dict[str, Any]]) -> None:
    table(
        "Watch runs / 监测运行",
        ["run", "started (UTC)", "as of", "since", "status", "found", "new", "escalated",
         "updated", "notified", "failed", "errors"],
        ([r["run_id"], r["started_at"], r["as_of"], r["since"], r["status"], r["alerts_found"],
          r["alerts_new"], r["alerts_escalated"], r["alerts_updated"], r["notified"],
          r["notify_failed"], "; ".join(r["errors"] or [])] for r in rows),
    )  # fmt: skip
