"""Figures of a scored backtest: per period and level, per escalation, per alarm, per detector."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from techbloc.warning.backtest.matching import Alarm, Outcome, Scoring

#: The detectors are tuned on the escalations before this day and reported on those from it on.
REPORT_FROM = dt.date(2023, 1, 1)


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    end: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def split_periods(start: dt.date, end: dt.date, split: dt.date = REPORT_FROM) -> list[Period]:
    """``tune`` (start … split−1) and ``report`` (split … end), leaving out an empty one."""
    periods = [
        Period("tune", start, min(end, split - dt.timedelta(days=1))),
        Period("report", max(start, split), end),
    ]
    return [p for p in periods if p.start <= p.end]


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def period_figures(scoring: Scoring, period: Period) -> dict[str, Any]:
    """Hits, misses, false alarms, precision, recall and median lead of one period."""
    outcomes = [o for o in scoring.outcomes if period.holds(o.escalation.date)]
    alarms = [a for a in scoring.alarms if period.holds(a.first_raised)]
    scoped = [a for a in alarms if not a.unscoped]
    true_alarms = sum(1 for a in scoped if a.matched)
    alerts = [
        r
        for a in scoring.alarms
        if not a.unscoped
        for r in a.raises
        if period.holds(r.first_raised)
    ]
    true_alerts = sum(1 for r in alerts if r.alert_id in scoring.true_alerts)
    warning_alarms = sum(1 for a in scoped if a.warned)
    hits = [o for o in outcomes if o.first is not None]
    early = sum(1 for o in hits if o.status == "early")
    leads = [o.lead_days for o in hits if o.lead_days is not None]
    precision = _ratio(true_alarms, len(scoped))
    recall = _ratio(len(hits), len(outcomes))
    f1 = (
        round(2 * precision * recall / (precision + recall), 3)
        if precision is not None and recall is not None and precision + recall > 0
        else None
    )
    return {
        "period": period.name,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "escalations": len(outcomes),
        "hits": len(hits),
        "early": early,
        "no_lead": len(hits) - early,
        "missed": len(outcomes) - len(hits),
        "recall": recall,
        "early_recall": _ratio(early, len(outcomes)),
        "alarms": len(scoped),
        "true_alarms": true_alarms,
        "false_alarms": len(scoped) - true_alarms,
        "precision": precision,
        "alerts": len(alerts),
        "false_alerts": len(alerts) - true_alerts,
        "warning_alarms": warning_alarms,
        "warning_precision": _ratio(warning_alarms, len(scoped)),
        "f1": f1,
        "unscoped_alarms": len(alarms) - len(scoped),
        "median_lead_days": statistics.median(leads) if leads else None,
    }


def period_of(day: dt.date, periods: list[Period]) -> str | None:
    return next((p.name for p in periods if p.holds(day)), None)


def escalation_rows(scoring: Scoring, periods: list[Period]) -> list[dict[str, Any]]:
    return [_escalation_row(o, periods) for o in scoring.outcomes]


def _escalation_row(o: Outcome, periods: list[Period]) -> dict[str, Any]:
    e, first = o.escalation, o.first
    return {
        "id": e.id,
        "date": e.date.isoformat(),
        "severity": e.severity,
        "title_en": e.title_en,
        "title_zh": e.title_zh,
        "period": period_of(e.date, periods),
        "status": o.status,
        "lead_days": o.lead_days,
        "first_raised": first.first_raised.isoformat() if first else None,
        "detector": first.detector if first else None,
        "scope_type": first.scope_type if first else None,
        "scope_key": first.scope_key if first else None,
        "alert_level": first.level.label if first else None,
        "alert_title_en": first.title_en if first else None,
        "alert_title_zh": first.title_zh if first else None,
        "matching_alarms": o.matching,
    }


def alarm_rows(scoring: Scoring, periods: list[Period]) -> list[dict[str, Any]]:
    return [_alarm_row(a, periods) for a in scoring.alarms]


def _alarm_row(a: Alarm, periods: list[Period]) -> dict[str, Any]:
    first = a.raises[0]
    return {
        "first_raised": a.first_raised.isoformat(),
        "period": period_of(a.first_raised, periods),
        "detector": a.detector,
        "scope_type": first.scope_type,
        "scope_key": first.scope_key,
        "level": a.level.label,
        "status": a.status,
        "matched": list(a.matched),
        "warned": list(a.warned),
        "alerts": len(a.raises),
        "alert_ids": [r.alert_id for r in a.raises],
        "title_en": first.title_en,
        "title_zh": first.title_zh,
    }


def detector_rows(scoring: Scoring, periods: list[Period]) -> list[dict[str, Any]]:
    """Per detector and period: alarms, true and false ones, escalations it matched."""
    table: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"alarms": 0, "true_alarms": 0, "false_alarms": 0, "unscoped_alarms": 0,
                 "escalations_matched": set()}
    )  # fmt: skip
    for a in scoring.alarms:
        name = period_of(a.first_raised, periods)
        if name is None:
            continue
        row = table[(a.detector, name)]
        if a.unscoped:
            row["unscoped_alarms"] += 1
            continue
        row["alarms"] += 1
        row["true_alarms" if a.matched else "false_alarms"] += 1
        row["escalations_matched"].update(a.matched)
    return [
        {
            **row,
            "detector": det,
            "period": name,
            "escalations_matched": len(row["escalations_matched"]),
        }
        for (det, name), row in sorted(table.items())
    ]
