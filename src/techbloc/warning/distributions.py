"""Count distributions and marginal likelihoods for the statistical detectors (standard library
only: the numbers are small and exact sums are fast).

* :func:`nb_tail` — P(X ≥ n) for a negative binomial with mean μ and size r (Poisson when r is
  infinite): the predictive of a count whose rate has a Gamma posterior.
* :func:`compound_tail` — P(S ≥ s) for S = Σ_{i ≤ N} M_i, N negative binomial (or Poisson), M_i
  i.i.d. whole-number marks (severities 1–5): Panjer's recursion, exact.
* :func:`gamma_poisson_log_marginal` — log ∫ Π Pois(x_i | λ e_i) Gamma(λ | a, b) dλ without the
  terms that do not depend on how the series is cut (they cancel between change-point models).
* :func:`normal_log_marginal` — the same for Gaussian data with known variance and a Normal prior
  on the segment mean.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

MAX_TERMS = 200_000


def nb_tail(n: int, mean: float, size: float) -> float:
    """P(X ≥ n) for X ~ NB(mean, size): Var X = mean + mean² / size; size = inf is Poisson."""
    if n <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if n <= mean:
        below = sum(_pmf_terms(mean, size, n))
        return min(1.0, max(0.0, 1.0 - below))
    log_first = _log_pmf(n, mean, size)
    term, total, k = math.exp(log_first), 0.0, n
    while term > 0 and k < n + MAX_TERMS:
        total += term
        if term < total * 1e-15:
            break
        term *= _ratio(k, mean, size)
        k += 1
    return min(1.0, total)


def _ratio(k: int, mean: float, size: float) -> float:
    """pmf(k + 1) / pmf(k)."""
    if math.isinf(size):
        return mean / (k + 1)
    q = mean / (size + mean)
    return (k + size) / (k + 1) * q


def _log_pmf(k: int, mean: float, size: float) -> float:
    if math.isinf(size):
        return k * math.log(mean) - mean - math.lgamma(k + 1)
    p = size / (size + mean)
    return (
        math.lgamma(k + size) - math.lgamma(size) - math.lgamma(k + 1)
        + size * math.log(p) + k * math.log1p(-p)
    )  # fmt: skip


def _pmf_terms(mean: float, size: float, n: int) -> list[float]:
    term = math.exp(_log_pmf(0, mean, size))
    terms = []
    for k in range(n):
        terms.append(term)
        term *= _ratio(k, mean, size)
    return terms


def compound_tail(total: int, mean: float, size: float, marks: Mapping[int, float]) -> float:
    """P(S ≥ total) for a sum of N marks, N ~ NB(mean, size), marks with the probabilities
    ``marks`` (whole numbers ≥ 1; they are normalised here)."""
    if total <= 0:
        return 1.0
    weight = sum(marks.values())
    if mean <= 0 or weight <= 0:
        return 0.0
    f = {int(j): p / weight for j, p in marks.items() if j >= 1 and p > 0}
    if math.isinf(size):
        a, b, g0 = 0.0, mean, math.exp(-mean)
    else:
        q = mean / (size + mean)
        a, b, g0 = q, (size - 1) * q, math.exp(size * math.log1p(-q))
    g = [g0]
    for s in range(1, total):
        g.append(sum((a + b * j / s) * pj * g[s - j] for j, pj in f.items() if j <= s))
    return min(1.0, max(0.0, 1.0 - sum(g)))


def gamma_poisson_log_marginal(count: float, exposure: float, shape: float, rate: float) -> float:
    """log marginal likelihood of counts summing to ``count`` over ``exposure`` (months) under a
    Poisson rate with a Gamma(shape, rate) prior, up to terms common to every segmentation."""
    return (
        shape * math.log(rate) - math.lgamma(shape)
        + math.lgamma(shape + count) - (shape + count) * math.log(rate + exposure)
    )  # fmt: skip


def normal_log_marginal(values: Sequence[float], sigma: float, prior_mean: float,
                        prior_sd: float) -> float:  # fmt: skip
    """log marginal likelihood of ``values`` ~ N(μ, σ²), μ ~ N(prior_mean, prior_sd²), up to
    the (2πσ²)^(−n/2) common to every segmentation of the same series."""
    n = len(values)
    mean = sum(values) / n
    within = sum((v - mean) ** 2 for v in values)
    s2, t2 = sigma**2, prior_sd**2
    return (
        -within / (2 * s2) - n * (mean - prior_mean) ** 2 / (2 * (s2 + n * t2))
        + 0.5 * math.log(s2 / (s2 + n * t2))
    )  # fmt: skip


def mean_and_variance(values: Sequence[float], ddof: int = 0) -> tuple[float, float]:
    """Mean and variance (divided by n − ddof) in floating point: statistics.pvariance works in
    exact fractions, a hundred times slower, which the daily news series cannot afford."""
    n = len(values)
    mean = math.fsum(values) / n
    return mean, math.fsum((v - mean) ** 2 for v in values) / (n - ddof)


def log_sum_exp(values: Sequence[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))
