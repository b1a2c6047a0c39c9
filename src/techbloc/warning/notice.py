"""What a notification says: subject, plain text, HTML and the webhook's JSON, in en and zh.

Built from a stored alert (``alert_detail``): level in both languages, scope, detector, the
statistic against its threshold, the period, and the evidence with its links.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from techbloc.warning.model import Level

LEVEL_COLOURS = {"blue": "#1f6feb", "yellow": "#d4a72c", "orange": "#e16f24", "red": "#cf222e"}
CHANGE_LABELS = {
    "raised": ("new alert", "新预警"),
    "escalated": ("escalated", "预警升级"),
}
MAX_EVIDENCE = 25


@dataclass(frozen=True)
class Notice:
    """One alert at one level, ready for any channel."""

    alert: dict[str, Any]  # alert_detail
    change: str  # raised | escalated
    matched_by: str | None = None

    @property
    def level(self) -> Level:
        return Level.parse(str(self.alert["level"]))

    def subject(self) -> str:
        level = self.level
        en, zh = CHANGE_LABELS.get(self.change, (self.change, self.change))
        return (
            f"[techbloc] {level.label.upper()} / {level.label_zh}色预警 — {en} / {zh}: "
            f"{self.alert['title_en']} / {self.alert['title_zh']}"
        )

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) lines shared by the text and HTML bodies."""
        a, level = self.alert, self.level
        en, zh = CHANGE_LABELS.get(self.change, (self.change, self.change))
        figures = f"{a['statistic']} = {_number(a['value'])}"
        if a.get("threshold") is not None:
            figures += f" (threshold / 阈值 {_number(a['threshold'])})"
        lines = [
            ("Level / 级别", f"{level.label} / {level.label_zh}"),
            ("Change / 变化", f"{en} / {zh}"),
            ("Scope / 范围", f"{a['scope_type']}: {a['scope_key']}"),
            ("Detector / 检测器", str(a["detector"])),
            ("Statistic / 统计量", figures),
            ("Period / 时段", f"{a['period_start']} – {a['period_end']}"),
            ("Seen / 出现", f"{a['first_seen']} – {a['last_seen']} ({a['occurrences']}×)"),
            ("State / 状态", str(a["state"])),
            ("Alert id / 预警编号", str(a["alert_id"])),
        ]
        if self.matched_by:
            lines.append(("Watchlist / 关注", self.matched_by))
        return lines

    def evidence(self) -> list[dict[str, Any]]:
        return list(self.alert.get("evidence", []))[:MAX_EVIDENCE]

    def text(self) -> str:
        a = self.alert
        out = [f"{a['title_en']}", f"{a['title_zh']}", ""]
        out += [f"{label}: {value}" for label, value in self.facts()]
        out += ["", f"Evidence / 证据 ({len(a.get('evidence', []))}):"]
        for e in self.evidence():
            line = f"- [{e['kind']}] {e.get('label') or e['id']}"
            line += f" ({e['date']})" if e.get("date") else ""
            out.append(line)
            if e.get("url"):
                out.append(f"  {e['url']}")
        more = len(a.get("evidence", [])) - MAX_EVIDENCE
        if more > 0:
            out.append(f"- … {more} more / 另有 {more} 条")
        out += [
            "",
            f"techbloc alerts show {a['alert_id']}   ·   techbloc alerts ack {a['alert_id']}",
        ]
        return "\n".join(out) + "\n"

    def html(self) -> str:
        a, level = self.alert, self.level
        colour = LEVEL_COLOURS[level.label]
        rows = "".join(
            f"<tr><th align='left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self.facts()
        )
        items = []
        for e in self.evidence():
            label = html.escape(str(e.get("label") or e["id"]))
            if e.get("url"):
                label = f"<a href='{html.escape(str(e['url']), quote=True)}'>{label}</a>"
            date = f" ({html.escape(str(e['date']))})" if e.get("date") else ""
            items.append(f"<li>[{html.escape(str(e['kind']))}] {label}{date}</li>")
        badge = (
            f"<span style='background:{colour};color:#fff;padding:2px 8px;border-radius:3px'>"
            f"{level.label.upper()} {level.label_zh}</span>"
        )
        return (
            "<!doctype html><html><body>"
            f"<h2>{badge} {html.escape(str(a['title_en']))}</h2>"
            f"<h3>{html.escape(str(a['title_zh']))}</h3>"
            f"<table>{rows}</table>"
            f"<h4>Evidence / 证据 ({len(a.get('evidence', []))})</h4><ul>{''.join(items)}</ul>"
            "</body></html>"
        )

    def payload(self) -> dict[str, Any]:
        """The webhook's JSON body."""
        level = self.level
        alert = {k: v for k, v in self.alert.items() if k not in ("history", "notifications")}
        return {
            "event": f"techbloc.alert.{self.change}",
            "change": self.change,
            "level": level.label,
            "level_zh": level.label_zh,
            "subject": self.subject(),
            "matched_by": self.matched_by,
            "alert": alert,
        }


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)
