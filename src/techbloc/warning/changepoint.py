"""Change point: has a monthly count's rate stepped up recently? A Bayesian single change point.

Over the last ``window_months`` up to the as-of month (counts x_t, exposures e_t), two models:

* M0: one rate λ ~ Gamma(a, b) for the whole window;
* M1: rate λ1 before month τ and λ2 from τ on, independent Gamma(a, b); τ uniform over the cuts
  that leave ``min_segment_months`` on each side.

Both marginal likelihoods are closed-form (Gamma–Poisson; :mod:`distributions`). With prior
P(M1) = ``prior_change``, the posterior of each cut is

    P(M1, τ | x) ∝ π · L1(τ) / #cuts,      P(M0 | x) ∝ (1 − π) · L0.

The statistic is the posterior probability that the rate rose at a cut within the last
``recent_months``: the sum of P(M1, τ | x) over those cuts where the posterior-mean rate after
is at least ``min_ratio`` times the one before. The alert dates the change at the most probable
of those cuts (its period is that calendar month); it needs ``min_count`` rows from there on.
Counts, not Gaussian scores: a Poisson likelihood is right for series of a few events a month,
where a normal cost (e.g. ruptures' l2) would see every single event as a jump.
"""

from __future__ import annotations

import math

from techbloc.warning.distributions import gamma_poisson_log_marginal, log_sum_exp
from techbloc.warning.monthly import MonthlySeries, month_end, month_start
from techbloc.warning.parameters import Changepoint
from techbloc.warning.series_alerts import Finding, fmt, month_label


def change_posterior(
    counts: list[int], exposure: list[float], params: Changepoint
) -> tuple[float, list[tuple[int, float, float, float]]]:
    """log P(M0 | x) and, per admissible cut τ, (τ, log P(M1, τ | x), rate before, rate after);
    both normalised together."""
    a, b = params.prior_shape, params.prior_rate
    n = len(counts)
    cuts = range(params.min_segment_months, n - params.min_segment_months + 1)
    if not cuts:
        return 0.0, []
    prefix_x, prefix_e = [0.0], [0.0]
    for x, e in zip(counts, exposure, strict=True):
        prefix_x.append(prefix_x[-1] + x)
        prefix_e.append(prefix_e[-1] + e)
    total_x, total_e = prefix_x[-1], prefix_e[-1]
    log_m0 = math.log(1 - params.prior_change) + gamma_poisson_log_marginal(total_x, total_e, a, b)
    rows = []
    for tau in cuts:
        before_x, before_e = prefix_x[tau], prefix_e[tau]
        after_x, after_e = total_x - before_x, total_e - before_e
        log_m1 = (
            math.log(params.prior_change / len(cuts))
            + gamma_poisson_log_marginal(before_x, before_e, a, b)
            + gamma_poisson_log_marginal(after_x, after_e, a, b)
        )
        rows.append((tau, log_m1, (a + before_x) / (b + before_e), (a + after_x) / (b + after_e)))
    norm = log_sum_exp([log_m0, *(r[1] for r in rows)])
    return log_m0 - norm, [(t, lp - norm, r1, r2) for t, lp, r1, r2 in rows]


def detect_change(key: str, series: MonthlySeries, params: Changepoint) -> list[Finding]:
    positions = series.span(series.last - params.window_months + 1, series.last)
    if len(positions) < params.min_history_months:
        return []
    counts = [series.counts[i] for i in positions]
    exposure = [series.exposure[i] for i in positions]
    _, cuts = change_posterior(counts, exposure, params)
    recent = len(counts) - params.recent_months
    rising = [c for c in cuts if c[0] >= recent and c[3] >= params.min_ratio * c[2]]
    if not rising:
        return []
    probability = sum(math.exp(c[1]) for c in rising)
    level = params.levels.level(probability)
    if level is None:
        return []
    tau, _, before, after = max(rising, key=lambda c: (c[1], c[0]))
    first = series.first + positions[0] + tau
    rows = [r for m in range(first, series.last + 1) for r in series.rows.get(m, [])]
    if len(rows) < params.min_count:
        return []
    start = month_start(first)
    since_en, since_zh = month_label(start)
    return [
        Finding(
            key=key,
            level=level,
            statistic="posterior_probability",
            value=probability,
            threshold=params.levels.threshold(level),
            period_start=start,
            period_end=month_end(first),
            summary_en=f"rate up from {fmt(before)} to {fmt(after)} a month since {since_en} "
            f"(P = {probability:.2f})",
            summary_zh=f"自{since_zh}起每月{fmt(before)}项升至{fmt(after)}项"
            f"（P = {probability:.2f}）",
            rows=rows,
            detail={
                "change_month": start.isoformat()[:7],
                "rate_before": before,
                "rate_after": after,
                "rows_after": len(rows),
                "window_months": len(counts),
                "levels": dict(params.levels.thresholds),
            },
        )  # fmt: skip
    ]
