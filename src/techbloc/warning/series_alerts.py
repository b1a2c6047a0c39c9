"""Alerts of the statistical detectors: one shape for every method and series."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from techbloc.warning.config_items import Series
from techbloc.warning.context import RunContext, evidence_of
from techbloc.warning.model import Alert, Level
from techbloc.warning.streams.base import StreamData, StreamRow

METHOD_NAMES = {
    "surge": ("Surge", "激增"),
    "cusum": ("Sustained rise", "持续上升"),
    "changepoint": ("Change point", "突变点"),
    "ewma": ("News surge", "新闻激增"),
    "weekly_changepoint": ("Shift in news", "新闻水平突变"),
}


@dataclass
class Finding:
    """What a method found for one scope key, before it becomes an alert."""

    key: str
    level: Level
    statistic: str
    value: float
    threshold: float
    period_start: dt.date
    period_end: dt.date
    summary_en: str
    summary_zh: str
    rows: list[StreamRow]
    detail: dict[str, Any] = field(default_factory=dict)


def to_alert(
    method: str, series: Series, stream: StreamData, ctx: RunContext, found: Finding
) -> Alert:
    names = ctx.names(series.selection.scope, found.key)
    what_en = series.title_en.format(**names)
    what_zh = series.title_zh.format(**names)
    method_en, method_zh = METHOD_NAMES[method]
    rank_by = series.value if series.value != "count" else "date"
    return Alert(
        detector=series.detector(method),
        scope_type=series.selection.scope,
        scope_key=found.key,
        period_start=found.period_start,
        period_end=found.period_end,
        level=found.level,
        statistic=found.statistic,
        value=found.value,
        threshold=found.threshold,
        title_en=f"{method_en}: {what_en} — {found.summary_en}",
        title_zh=f"{method_zh}：{what_zh}——{found.summary_zh}",
        evidence=evidence_of(found.rows, stream, ctx.evidence_limit, rank_by),
        detail={
            "kind": method,
            "series": series.id,
            "stream": stream.name,
            "value_measured": series.value,
            "scope_en": names["scope_en"],
            "scope_zh": names["scope_zh"],
            **found.detail,
        },
    )


def month_label(day: dt.date) -> tuple[str, str]:
    return (day.strftime("%Y-%m"), f"{day.year}年{day.month}月")


def fmt(value: float) -> str:
    """A figure for a title: whole numbers plainly, others to 2 significant digits."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2g}" if abs(value) < 10 else f"{value:.1f}"
