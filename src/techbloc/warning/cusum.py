"""CUSUM: a sustained rise of a monthly count to ``shift`` times its in-control rate.

The in-control rate of month t, λ0(t), is the Gamma posterior mean (a0 + Σx) / (b0 + n) of the
``baseline_months`` that end ``guard_months`` before t (at least ``min_rate``), so a rise does not
at once become its own baseline; λ1 = shift × λ0. From the month the stream has
``min_history_months`` of history, with e_t the month's exposure (the as-of month's elapsed
fraction):

    S_t = max(0, S_{t−1} + x_t · ln(λ1/λ0) − (λ1 − λ0) · e_t)

the log-likelihood-ratio CUSUM of a Poisson rate (Lucas 1985). The path depends only on data up to
t, so it is the same whatever the as-of date after t. A *run* is a stretch of months with S > 0;
a run alarms when S / h (h = ``threshold``) reaches the lowest level band. The alert is the run:
its level is the highest S / h reached so far, its period runs from the run's first month to the
end of the month it first alarmed (fixed for the run's life: one alert id, escalations of it).
Runs still going in the as-of month or the month before are reported; a run must hold at least
``min_count`` rows.
"""

from __future__ import annotations

import math

from techbloc.warning.monthly import MonthlySeries, month_end, month_start
from techbloc.warning.parameters import Cusum
from techbloc.warning.series_alerts import Finding, fmt, month_label


def cusum_path(series: MonthlySeries, params: Cusum) -> tuple[list[float], list[float]]:
    """S_t and λ0(t) per month of the series (0 and nan before the history suffices)."""
    prefix = [0]
    for x in series.counts:
        prefix.append(prefix[-1] + x)
    step = math.log(params.shift)
    path, rates, s = [], [], 0.0
    for t, (x, e) in enumerate(zip(series.counts, series.exposure, strict=True)):
        if t < params.min_history_months:
            path.append(0.0)
            rates.append(math.nan)
            continue
        hi = max(0, t - params.guard_months)
        lo = max(0, hi - params.baseline_months)
        rate0 = (params.prior_shape + prefix[hi] - prefix[lo]) / (params.prior_months + hi - lo)
        rate0 = max(rate0, params.min_rate)
        s = max(0.0, s + x * step - (params.shift - 1) * rate0 * e)
        path.append(s)
        rates.append(rate0)
    return path, rates


def detect_cusum(key: str, series: MonthlySeries, params: Cusum) -> list[Finding]:
    path, rates = cusum_path(series, params)
    last = len(path) - 1
    end = last if path[last] > 0 else last - 1
    if end < 0 or path[end] <= 0:
        return []
    start = end
    while start > 0 and path[start - 1] > 0:
        start -= 1
    ratios = [path[t] / params.threshold for t in range(start, last + 1)]
    level = params.levels.level(max(ratios))
    if level is None:
        return []
    alarmed = start + next(i for i, r in enumerate(ratios) if r >= params.levels.lowest)
    months = [series.first + t for t in range(start, last + 1)]
    rows = [r for m in months for r in series.rows.get(m, [])]
    if len(rows) < params.min_count:
        return []
    begin = month_start(series.first + start)
    since_en, since_zh = month_label(begin)
    peak = max(ratios)
    rate0 = rates[start]
    return [
        Finding(
            key=key,
            level=level,
            statistic="cusum_over_h",
            value=peak,
            threshold=params.levels.threshold(level),
            period_start=begin,
            period_end=month_end(series.first + alarmed),
            summary_en=f"{len(rows)} since {since_en} against {fmt(rate0)} a month before "
            f"(CUSUM {fmt(peak * params.threshold)}, h = {fmt(params.threshold)})",
            summary_zh=f"自{since_zh}以来{len(rows)}项，此前每月{fmt(rate0)}项"
            f"（CUSUM {fmt(peak * params.threshold)}，h = {fmt(params.threshold)}）",
            rows=rows,
            detail={
                "cusum_peak": peak * params.threshold,
                "cusum_as_of": path[last],
                "h": params.threshold,
                "rate_before": rate0,
                "shift": params.shift,
                "run_start": begin.isoformat()[:7],
                "first_alarm": month_start(series.first + alarmed).isoformat()[:7],
                "run_rows": len(rows),
                "ongoing": path[last] > 0,
                "levels": dict(params.levels.thresholds),
            },
        )  # fmt: skip
    ]
