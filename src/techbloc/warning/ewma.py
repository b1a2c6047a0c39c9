"""EWMA on daily news counts: a burst of events against the focal country, per scope.

For each observed day t, a baseline: the observed days of the ``baseline_days`` ending
``guard_days`` before t. Day-of-week factors f_w from that baseline (news volume dips at
weekends), shrunk towards 1 (:func:`daily.weekday_factors`). On the log scale,

    y_t = ln(1 + x_t / f_{weekday(t)}),  μ_t, σ_t = mean and sd of the baseline's y (σ ≥ floor)

(the plain standard deviation: earlier bursts in the baseline widen it, which costs sensitivity
and spares false alarms). The EWMA z_t = λ y_t + (1 − λ) z_{t−1} starts at μ ``warmup_days``
before the reported span and is standardised with its asymptotic spread (Roberts 1959):

    Z_t = (z_t − μ_t) / (σ_t √(λ / (2 − λ)))

A *burst* is a run of days with Z at the lowest level band or above; it is reported when active
within the last ``report_days``, with its highest Z as level, and its first day as its period (one
alert id per burst). The burst's busiest day needs ``min_events``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math

from techbloc.warning.daily import DailySeries, weekday_factors
from techbloc.warning.distributions import mean_and_variance
from techbloc.warning.model import Level
from techbloc.warning.parameters import Ewma
from techbloc.warning.series_alerts import Finding, fmt


def ewma_path(series: DailySeries, params: Ewma, as_of: dt.date) -> list[tuple[int, float, float]]:
    """(position, Z, μ) for the observed days from the warm-up start to as-of that have a
    baseline of at least 14 observed days."""
    first = as_of - dt.timedelta(days=params.report_days + params.warmup_days - 1)
    path, z = [], None
    for i in series.between(first, as_of):
        day = series.days[i]
        hi = bisect.bisect_left(series.days, day - dt.timedelta(days=params.guard_days - 1))
        lo = bisect.bisect_left(
            series.days, day - dt.timedelta(days=params.guard_days + params.baseline_days - 1)
        )
        if hi - lo < 14:
            continue
        days, values = series.days[lo:hi], series.values[lo:hi]
        factors = (
            weekday_factors(days, values, params.dow_shrinkage)
            if params.day_of_week else [1.0] * 7
        )  # fmt: skip
        base = [math.log1p(v / factors[d.weekday()]) for d, v in zip(days, values, strict=True)]
        mean, variance = mean_and_variance(base)
        sd = max(params.sd_floor, math.sqrt(variance))
        y = math.log1p(series.values[i] / factors[day.weekday()])
        z = mean if z is None else z
        z = params.weight * y + (1 - params.weight) * z
        spread = sd * math.sqrt(params.weight / (2 - params.weight))
        path.append((i, (z - mean) / spread, mean))
    return path


def detect_ewma(
    key: str, series: DailySeries, params: Ewma, as_of: dt.date, start: dt.date
) -> list[Finding]:
    if (as_of - start).days + 1 < params.min_history_days:
        return []
    path = ewma_path(series, params, as_of)
    report_from = as_of - dt.timedelta(days=params.report_days - 1)
    runs: list[list[tuple[int, float, float]]] = []
    for point in path:
        if point[1] < params.levels.lowest:
            runs.append([])
        elif runs and runs[-1]:
            runs[-1].append(point)
        else:
            runs.append([point])
    found = []
    for run in runs:
        if not run or series.days[run[-1][0]] < report_from:
            continue
        peak = max(run, key=lambda p: (p[1], p[0]))
        busiest = max(series.values[p[0]] for p in run)
        level = params.levels.level(peak[1])
        if level is not None and busiest >= params.min_events:
            found.append(_finding(key, series, params, run, peak, level))
    return found


def _finding(
    key: str, series: DailySeries, params: Ewma, run: list[tuple[int, float, float]],
    peak: tuple[int, float, float], level: Level,
) -> Finding:  # fmt: skip
    first, last = series.days[run[0][0]], series.days[run[-1][0]]
    events = sum(series.values[p[0]] for p in run)
    rows = [r for p in run for r in series.rows.get(series.days[p[0]], [])]
    usual = math.expm1(peak[2])
    return Finding(
        key=key, level=level, statistic="ewma_z", value=peak[1],
        threshold=params.levels.threshold(level), period_start=first, period_end=first,
        summary_en=f"{fmt(events)} events {first}–{last} (usual day about {fmt(usual)}; "
        f"EWMA z = {peak[1]:.1f})",
        summary_zh=f"{first}至{last}共{fmt(events)}起（常日约{fmt(usual)}起；"
        f"EWMA z = {peak[1]:.1f}）",
        rows=rows,
        detail={
            "burst_start": first.isoformat(), "burst_last_day": last.isoformat(),
            "peak_day": series.days[peak[0]].isoformat(), "events": events,
            "baseline_mean_log": peak[2], "weight": params.weight,
            "levels": dict(params.levels.thresholds),
        },
    )  # fmt: skip
