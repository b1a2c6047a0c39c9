"""Surge: is this month's count (or severity sum) improbable given the scope's own past?

For a scope key and a tested month m (the as-of month and the ``recent_months − 1`` before it):

* baseline: the counts x_1..x_n of the ``baseline_months`` before m that the stream covers
  (at least ``min_history_months`` of stream history before m);
* rate: Gamma(a0, b0) prior, posterior Gamma(a0 + Σx, b0 + n) — mean μ = (a0 + Σx) / (b0 + n),
  times the month-of-year factor of m when seasonality applies (:mod:`monthly`);
* predictive count: negative binomial with that mean and size r = 1 / (1/(a0 + Σx) + 1/k), where
  k = x̄² / (s² − x̄) is the baseline's extra-Poisson dispersion when s² > x̄ (else 1/k = 0);
* statistic: the tail probability P(X ≥ observed) of the count, or for a severity sum the tail
  of the compound sum (severity marks drawn from every selected row up to as-of; Panjer).

The as-of month is tested as it stands against a whole month's predictive, so a partial month can
only under-alarm. Level: tail probability at or below the bands' thresholds; at least
``min_count`` rows in the month. The alert's period is the calendar month (its end may lie after
as-of while the month is in progress; the data never does), so the same month keeps one alert id
and a rise as the month fills in is an escalation of it.
"""

from __future__ import annotations

import math
from collections import Counter

from techbloc.warning.distributions import compound_tail, mean_and_variance, nb_tail
from techbloc.warning.monthly import MonthlySeries, month_end, month_start
from techbloc.warning.parameters import Surge
from techbloc.warning.series_alerts import Finding, fmt, month_label


def predictive(
    baseline: list[int], params: Surge, factor: float = 1.0
) -> tuple[float, float, dict[str, float]]:
    """Mean and size of the negative-binomial predictive for the next month."""
    shape = params.prior_shape + sum(baseline)
    rate = params.prior_months + len(baseline)
    mean = shape / rate * factor
    inverse_k = 0.0
    if params.overdispersion and len(baseline) >= 2:
        xbar, s2 = mean_and_variance([float(x) for x in baseline], ddof=1)
        if s2 > xbar > 0:
            inverse_k = (s2 - xbar) / xbar**2
    size = 1.0 / (1.0 / shape + inverse_k)
    return mean, size, {"posterior_shape": shape, "posterior_rate": rate, "dispersion": inverse_k}


def mark_distribution(marks: list[float]) -> dict[int, float]:
    """Whole-number marks (severities) and their shares."""
    counted = Counter(max(1, round(m)) for m in marks)
    return {k: float(v) for k, v in sorted(counted.items())}


def detect_surge(
    key: str,
    series: MonthlySeries,
    params: Surge,
    factors: list[float],
    marks: dict[int, float] | None,
) -> list[Finding]:
    """Findings for the recent months of one key's series (``marks`` for a value sum)."""
    found = []
    for index in range(series.last - params.recent_months + 1, series.last + 1):
        if index - series.first < params.min_history_months:
            continue
        count = series.counts[series.at(index)]
        if count < params.min_count:
            continue
        positions = series.span(index - params.baseline_months, index - 1)
        baseline = [series.counts[i] for i in positions]
        mean, size, info = predictive(baseline, params, factors[index % 12])
        observed = float(series.values[series.at(index)]) if marks else float(count)
        if marks:
            tail = compound_tail(math.ceil(observed - 1e-9), mean, size, marks)
            expected = mean * sum(k * v for k, v in marks.items()) / sum(marks.values())
        else:
            tail, expected = nb_tail(count, mean, size), mean
        level = params.levels.level(tail)
        if level is None:
            continue
        start = month_start(index)
        label_en, label_zh = month_label(start)
        what = "severity " if marks else ""
        what_zh, unit_zh = ("严重度", "") if marks else ("", "项")
        found.append(
            Finding(
                key=key,
                level=level,
                statistic="tail_probability",
                value=tail,
                threshold=params.levels.threshold(level),
                period_start=start,
                period_end=month_end(index),
                summary_en=f"{what}{fmt(observed)} in {label_en} (expected {fmt(expected)}, "
                f"p = {tail:.2g})",
                summary_zh=f"{label_zh}{what_zh}{fmt(observed)}{unit_zh}"
                f"（预期{fmt(expected)}，p = {tail:.2g}）",
                rows=series.rows.get(index, []),
                detail={
                    "month": start.isoformat()[:7],
                    "observed": observed,
                    "rows": count,
                    "expected": expected,
                    "baseline_months": len(baseline),
                    "baseline_total": sum(baseline),
                    "seasonal_factor": factors[index % 12],
                    "nb_size": size,
                    "levels": dict(params.levels.thresholds),
                    **info,
                },
            )  # fmt: skip
        )
    return found
