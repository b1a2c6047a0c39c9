"""A shift in the weekly level of news events: a Bayesian single change point in the mean of
weekly log counts.

Weeks are ISO weeks (Monday–Sunday) over the last ``window_weeks`` up to as-of; a week's count
is scaled to seven days by its observed days (a week with fewer than 3 observed days is left
out), y_w = ln(1 + weekly count). The noise σ is estimated from first differences,
σ = 1.4826 · median|Δy| / √2 (robust to the shift itself), at least ``sd_floor``. M0: one mean;
M1: a mean before week τ and another from τ on; each mean ~ N(ȳ, (prior_sd · σ)²); τ uniform
over the cuts leaving ``min_segment_weeks`` on each side; P(M1) = ``prior_change``
(:func:`distributions.normal_log_marginal`). The statistic is the posterior probability of a rise
at a cut within the last ``recent_weeks`` where the median of the weeks after exceeds the median
before by at least ``min_shift_sd`` σ (medians, so that one extraordinary week — a burst, which
the EWMA reports — is not taken for a shift of level); the alert's period is the week of the
most probable such cut.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics

from techbloc.warning.daily import DailySeries
from techbloc.warning.distributions import log_sum_exp, normal_log_marginal
from techbloc.warning.parameters import WeeklyChangepoint
from techbloc.warning.series_alerts import Finding, fmt

MIN_DAYS_IN_WEEK = 3


def weekly_levels(series: DailySeries, as_of: dt.date, weeks: int) -> list[tuple[dt.date, float]]:
    """(Monday, ln(1 + count scaled to 7 days)) for the weeks with enough observed days."""
    this_monday = as_of - dt.timedelta(days=as_of.weekday())
    found = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - dt.timedelta(weeks=back)
        inside = series.between(monday, min(monday + dt.timedelta(days=6), as_of))
        if len(inside) >= MIN_DAYS_IN_WEEK:
            total = sum(series.values[i] for i in inside)
            found.append((monday, math.log1p(total * 7 / len(inside))))
    return found


def shift_posterior(
    y: list[float], sigma: float, params: WeeklyChangepoint
) -> list[tuple[int, float, float, float]]:
    """Per admissible cut: (τ, posterior probability of M1 at τ, median before, median after)."""
    n = len(y)
    cuts = range(params.min_segment_weeks, n - params.min_segment_weeks + 1)
    if not cuts:
        return []
    centre, spread = statistics.fmean(y), params.prior_sd * sigma
    log_m0 = math.log(1 - params.prior_change) + normal_log_marginal(y, sigma, centre, spread)
    found = []
    for tau in cuts:
        log_m1 = (
            math.log(params.prior_change / len(cuts))
            + normal_log_marginal(y[:tau], sigma, centre, spread)
            + normal_log_marginal(y[tau:], sigma, centre, spread)
        )
        found.append((tau, log_m1, statistics.median(y[:tau]), statistics.median(y[tau:])))
    norm = log_sum_exp([log_m0, *(f[1] for f in found)])
    return [(t, math.exp(lp - norm), b, a) for t, lp, b, a in found]


def detect_weekly_change(
    key: str, series: DailySeries, params: WeeklyChangepoint, as_of: dt.date
) -> list[Finding]:
    weeks = weekly_levels(series, as_of, params.window_weeks)
    if len(weeks) < params.min_history_weeks:
        return []
    y = [v for _, v in weeks]
    diffs = [abs(b - a) for a, b in zip(y, y[1:], strict=False)]
    sigma = max(params.sd_floor, 1.4826 * statistics.median(diffs) / math.sqrt(2))
    recent = len(y) - params.recent_weeks
    rising = [
        c for c in shift_posterior(y, sigma, params)
        if c[0] >= recent and c[3] - c[2] >= params.min_shift_sd * sigma
    ]  # fmt: skip
    probability = sum(c[1] for c in rising)
    level = params.levels.level(probability) if rising else None
    if level is None:
        return []
    tau, _, before, after = max(rising, key=lambda c: (c[1], c[0]))
    start = weeks[tau][0]
    rows = [r for d, rs in sorted(series.rows.items()) if d >= start for r in rs]
    if not rows:
        return []
    return [
        Finding(
            key=key,
            level=level,
            statistic="posterior_probability",
            value=probability,
            threshold=params.levels.threshold(level),
            period_start=start,
            period_end=start + dt.timedelta(days=6),
            summary_en=f"weekly events up from about {fmt(math.expm1(before))} to "
            f"{fmt(math.expm1(after))} since the week of {start} (P = {probability:.2f})",
            summary_zh=f"自{start}当周起每周事件由约{fmt(math.expm1(before))}起升至"
            f"{fmt(math.expm1(after))}起（P = {probability:.2f}）",
            rows=rows,
            detail={
                "change_week": start.isoformat(),
                "median_log_before": before,
                "median_log_after": after,
                "sigma_log": sigma,
                "weeks": len(y),
                "levels": dict(params.levels.thresholds),
            },
        )  # fmt: skip
    ]
