"""Threshold rules: a value aggregated over a trailing window, per scope, against levels.

For a rule with window W and a scope key k, the value on day t is the aggregate of the selected
rows of k dated in (t − W, t]. It changes only on the day a row arrives and on the day W after it,
when the row leaves the window, so it is evaluated on those days up to as-of. An *episode* is a
run of days on which the value reaches the lowest level; the alert is the episode:

* its period is the window in which the episode began, (s − W, s], s being the first day the
  lowest level was reached — fixed for the episode's life, so running again later gives the same
  alert id, and a rise in level is an escalation of the same alert;
* its level and value are the highest in force on some day of the last W days up to as-of (a
  peak is reported for a window's length, then the alert follows the value down; ``detail`` gives
  the value on as-of, the episode's start and whether it is still running);
* episodes still running on as-of are reported, and those that ended within the last
  ``ended_episode_days`` (so that runs a month apart miss no episode).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from techbloc.warning.config_items import Rule
from techbloc.warning.context import RunContext, evidence_of
from techbloc.warning.model import Alert
from techbloc.warning.selection import by_scope, novel_rows, resolve, select_from
from techbloc.warning.streams.base import StreamData, StreamRow


def aggregate(rule: Rule, rows: list[StreamRow]) -> float:
    if rule.aggregate == "count":
        return float(len(rows))
    if rule.aggregate == "sum":
        return sum(r.value(rule.aggregate_of) for r in rows)
    if rule.aggregate == "max":
        return max((r.value(rule.aggregate_of) for r in rows), default=0.0)
    return float(len({v for r in rows for v in r.fields.get(rule.aggregate_of, ()) if v}))


def statistic_name(rule: Rule) -> str:
    what = rule.aggregate if rule.aggregate == "count" else f"{rule.aggregate}_{rule.aggregate_of}"
    return f"{what}_{rule.window_days}d"


@dataclass
class Episode:
    """A run of days at or above the lowest level: the value on each day it changed."""

    points: list[tuple[dt.date, float]]
    last_active: dt.date
    ongoing: bool

    @property
    def start(self) -> dt.date:
        return self.points[0][0]

    def peak_since(self, first: dt.date) -> tuple[dt.date, float]:
        """The highest value in force on some day from ``first`` on (the latest if tied)."""
        held = [p for p in self.points if p[0] < first][-1:]
        recent = held + [p for p in self.points if p[0] >= first]
        return max(recent, key=lambda p: (p[1], p[0]))


def episodes(rule: Rule, rows: list[StreamRow], as_of: dt.date) -> list[Episode]:
    """The episodes of one scope key's rows (in day order), up to ``as_of``."""
    window = dt.timedelta(days=rule.window_days)
    days = [r.day for r in rows]
    changes = sorted(set(days) | {d + window for d in days if d + window <= as_of})
    found: list[Episode] = []
    points: list[tuple[dt.date, float]] = []
    for day in changes:
        inside = rows[bisect.bisect_right(days, day - window) : bisect.bisect_right(days, day)]
        value = aggregate(rule, inside) if inside else 0.0
        if rule.levels.level(value) is not None:
            points.append((day, value))
        elif points:
            found.append(Episode(points, day - dt.timedelta(days=1), ongoing=False))
            points = []
    if points:
        found.append(Episode(points, as_of, ongoing=True))
    return found


def evaluate_rule(rule: Rule, stream: StreamData, ctx: RunContext) -> list[Alert]:
    selection = resolve(rule.selection, ctx.focal, ctx.taxonomy)
    rows = select_from(stream, selection)
    if rule.first_for:
        rows = novel_rows(rows, rule.first_for, stream.start, rule.history_days)
    report_from = ctx.as_of - dt.timedelta(days=ctx.ended_episode_days - 1)
    alerts = []
    for key, scoped in by_scope(rows, selection).items():
        for episode in episodes(rule, scoped, ctx.as_of):
            if episode.ongoing or episode.last_active >= report_from:
                alerts.append(_alert(rule, stream, ctx, key, episode, scoped))
    return alerts


def _alert(
    rule: Rule, stream: StreamData, ctx: RunContext, key: str, episode: Episode,
    rows: list[StreamRow],
) -> Alert:  # fmt: skip
    peak_day, value = episode.peak_since(ctx.as_of - dt.timedelta(days=rule.window_days - 1))
    level = rule.levels.level(value)
    assert level is not None
    threshold = rule.levels.threshold(level)
    names = ctx.names(rule.selection.scope, key)
    fill = {**names, "value": value, "threshold": threshold, "window_days": rule.window_days,
            "level_en": level.label, "level_zh": level.label_zh}  # fmt: skip
    start = episode.start - dt.timedelta(days=rule.window_days - 1)
    involved = [r for r in rows if start <= r.day <= episode.last_active]
    rank_by = rule.aggregate_of if rule.evidence_order == "value" else "date"
    limit = rule.evidence_limit or ctx.evidence_limit
    return Alert(
        detector=rule.detector,
        scope_type=rule.selection.scope,
        scope_key=key,
        period_start=start,
        period_end=episode.start,
        level=level,
        statistic=statistic_name(rule),
        value=value,
        threshold=threshold,
        title_en=rule.title_en.format(**fill),
        title_zh=rule.title_zh.format(**fill),
        evidence=evidence_of(involved, stream, limit, rank_by),
        detail={
            "kind": "rule",
            "rule": rule.id,
            "stream": stream.name,
            "window_days": rule.window_days,
            "aggregate": rule.aggregate,
            "aggregate_of": rule.aggregate_of,
            "levels": dict(rule.levels.thresholds),
            "episode_start": episode.start.isoformat(),
            "peak_day": peak_day.isoformat(),
            "last_active_day": episode.last_active.isoformat(),
            "ongoing": episode.ongoing,
            "value_as_of": episode.points[-1][1] if episode.ongoing else 0.0,
            "rows_in_episode": len(involved),
            "first_for": list(rule.first_for),
            "scope_en": names["scope_en"],
            "scope_zh": names["scope_zh"],
        },
    )
