"""When each alert was first raised, at each level, over the as-of dates of a backtest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from techbloc.errors import TechblocError
from techbloc.warning.model import Alert, Level

ScopeKey = tuple[str, str, str]
#: A detector as the backtest sees it: the alerts it raises with the data dated ≤ as_of.
Detect = Callable[[dt.date], Sequence[Alert]]
#: Progress: (as-of dates done, all as-of dates, the as-of date just done).
OnStep = Callable[[int, int, dt.date], None]


class LookAheadError(TechblocError):
    """A detector returned an alert that rests on data dated after the as-of date."""


@dataclass(frozen=True)
class Raise:
    """An alert as the backtest counts it: first at or above a level on ``first_raised``."""

    alert_id: str
    detector: str
    scope_type: str
    scope_key: str
    level: Level
    first_raised: dt.date
    title_en: str = ""
    title_zh: str = ""


@dataclass
class _Trace:
    alert: Alert
    first_at: dict[Level, dt.date] = field(default_factory=dict)
    level_at: dict[Level, Level] = field(default_factory=dict)


class AlertHistory:
    """Collects the alerts of each as-of date; an alert is known by its stable id."""

    def __init__(self) -> None:
        self._traces: dict[str, _Trace] = {}
        self.as_of_dates: list[dt.date] = []
        # per as-of date: the highest level standing for each (detector, scope type, scope key)
        self._standing: list[dict[ScopeKey, Level]] = []

    def observe(self, as_of: dt.date, alerts: Iterable[Alert]) -> None:
        """Record the alerts a detector run at ``as_of`` returned (refusing look-ahead)."""
        if self.as_of_dates and as_of <= self.as_of_dates[-1]:
            raise ValueError(f"as-of dates must increase: {as_of} after {self.as_of_dates[-1]}")
        self.as_of_dates.append(as_of)
        standing: dict[ScopeKey, Level] = {}
        self._standing.append(standing)
        for alert in alerts:
            check_no_look_ahead(alert, as_of)
            key = (alert.detector, alert.scope_type, alert.scope_key)
            standing[key] = max(alert.level, standing.get(key, alert.level))
            trace = self._traces.setdefault(alert.alert_id, _Trace(alert))
            for level in Level:
                if alert.level >= level and level not in trace.first_at:
                    trace.first_at[level] = as_of
                    trace.level_at[level] = alert.level

    def raises(self, threshold: Level) -> list[Raise]:
        """Every alert that reached ``threshold``, with the first as-of date it did."""
        found = []
        for alert_id, trace in self._traces.items():
            if threshold not in trace.first_at:
                continue
            a = trace.alert
            found.append(
                Raise(alert_id, a.detector, a.scope_type, a.scope_key, trace.level_at[threshold],
                      trace.first_at[threshold], a.title_en, a.title_zh)
            )  # fmt: skip
        return sorted(found, key=lambda r: (r.first_raised, r.detector, r.scope_key, r.alert_id))

    def episodes(self, threshold: Level) -> list[list[Raise]]:
        """The alerts of each alarm episode: one detector about one scope, at ``threshold`` or
        above on consecutive as-of dates. An episode in which no alert is new is not one."""
        by_key: dict[ScopeKey, dict[dt.date, list[Raise]]] = {}
        for r in self.raises(threshold):
            by_key.setdefault((r.detector, r.scope_type, r.scope_key), {}).setdefault(
                r.first_raised, []
            ).append(r)
        found = []
        for key, raised in by_key.items():
            current: list[Raise] = []
            for as_of, standing in zip(self.as_of_dates, self._standing, strict=True):
                if standing.get(key, 0) >= threshold:
                    current += raised.get(as_of, [])
                elif current:
                    found.append(current)
                    current = []
            if current:
                found.append(current)
        return sorted(found, key=lambda rs: (rs[0].first_raised, rs[0].detector, rs[0].scope_key))


def check_no_look_ahead(alert: Alert, as_of: dt.date) -> None:
    """An alert at ``as_of`` may not be about a period that starts later, nor cite evidence dated
    later. (Its period may end later: a monthly detector names the calendar month it is in.)"""
    if alert.period_start > as_of:
        raise LookAheadError(
            f"detector {alert.detector} returned an alert for the period starting "
            f"{alert.period_start}, after the as-of date {as_of}",
            hint="the detectors may only see data dated on or before as_of",
        )
    for item in alert.evidence:
        if item.date is not None and item.date > as_of:
            raise LookAheadError(
                f"detector {alert.detector} cites {item.kind} {item.id} dated {item.date} in an "
                f"alert at {as_of}",
                hint="the detectors may only see data dated on or before as_of",
            )


def replay(
    detect: Detect, dates: Sequence[dt.date], on_step: OnStep | None = None, chunk: int = 12
) -> AlertHistory:
    """Run ``detect`` at every as-of date, oldest first, and keep when each alert first came.

    A detector with a ``prepare(dates)`` method is told the next ``chunk`` dates before it is
    asked for them (to read its data once for several dates); it still answers date by date.
    """
    history = AlertHistory()
    prepare = getattr(detect, "prepare", None)
    for i, as_of in enumerate(dates):
        if prepare is not None and i % chunk == 0:
            prepare(dates[i : i + chunk])
        history.observe(as_of, detect(as_of))
        if on_step:
            on_step(i + 1, len(dates), as_of)
    return history
