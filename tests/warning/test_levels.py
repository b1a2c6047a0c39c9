"""The level mapping: a statistic and the bands of its method give a level (the table in
docs/methodology.md, "Early warning: detectors and levels"); and the count distributions the
surge levels rest on."""

from __future__ import annotations

import math

import pytest

from techbloc.warning.config import load_config
from techbloc.warning.distributions import (
    compound_tail,
    gamma_poisson_log_marginal,
    nb_tail,
    normal_log_marginal,
)
from techbloc.warning.model import Level
from techbloc.warning.parameters import LevelBands

RULE_BANDS = LevelBands({"yellow": 3, "orange": 5, "red": 7}, above=True)
TAIL_BANDS = LevelBands({"blue": 0.01, "yellow": 0.002, "orange": 0.0005, "red": 0.0001}, False)


@pytest.mark.parametrize(
    ("bands", "value", "level"),
    [
        (RULE_BANDS, 2, None),
        (RULE_BANDS, 3, Level.YELLOW),
        (RULE_BANDS, 4.9, Level.YELLOW),
        (RULE_BANDS, 5, Level.ORANGE),
        (RULE_BANDS, 7, Level.RED),
        (RULE_BANDS, 70, Level.RED),
        (TAIL_BANDS, 0.05, None),
        (TAIL_BANDS, 0.01, Level.BLUE),
        (TAIL_BANDS, 0.001, Level.YELLOW),
        (TAIL_BANDS, 0.0005, Level.ORANGE),
        (TAIL_BANDS, 1e-9, Level.RED),
    ],
)
def test_a_statistic_maps_to_the_highest_level_it_reaches(
    bands: LevelBands, value: float, level: Level | None
) -> None:
    assert bands.level(value) == level


def test_the_built_in_bands_run_the_right_way() -> None:
    p = load_config().parameters
    assert p.surge.levels.level(0.00005) == Level.RED  # a tail probability: smaller is worse
    assert p.surge.levels.level(0.5) is None
    for method in (p.cusum, p.changepoint, p.ewma, p.weekly_changepoint):
        assert method.levels.above
        assert method.levels.level(method.levels.lowest) is not None
        assert method.levels.level(method.levels.lowest * 0.99) is None


def test_levels_order_and_names() -> None:
    assert Level.BLUE < Level.YELLOW < Level.ORANGE < Level.RED
    assert [lv.label_zh for lv in Level] == ["蓝", "黄", "橙", "红"]
    assert Level.parse("橙色") == Level.ORANGE


@pytest.mark.parametrize("mean", [0.2, 1.0, 4.5])
def test_poisson_tails_match_the_closed_form(mean: float) -> None:
    assert nb_tail(1, mean, math.inf) == pytest.approx(1 - math.exp(-mean))
    two = 1 - math.exp(-mean) * (1 + mean)
    assert nb_tail(2, mean, math.inf) == pytest.approx(two)


def test_negative_binomial_tails_are_wider_than_poisson_and_tend_to_it() -> None:
    assert nb_tail(6, 1.0, 1.0) > nb_tail(6, 1.0, 10.0) > nb_tail(6, 1.0, math.inf)
    assert nb_tail(6, 1.0, 1e7) == pytest.approx(nb_tail(6, 1.0, math.inf), rel=1e-4)
    # size 1 is geometric: P(X >= k) = q^k with q = mean / (1 + mean)
    assert nb_tail(4, 1.0, 1.0) == pytest.approx(0.5**4)


def test_a_compound_sum_of_unit_marks_is_the_count() -> None:
    for total in (1, 3, 7):
        assert compound_tail(total, 1.3, 2.5, {1: 1.0}) == pytest.approx(nb_tail(total, 1.3, 2.5))


def test_a_compound_sum_with_one_mark_size_scales_the_count() -> None:
    # every mark is 3: S >= 7 exactly when N >= 3
    assert compound_tail(7, 0.8, math.inf, {3: 1.0}) == pytest.approx(nb_tail(3, 0.8, math.inf))


def test_the_gamma_poisson_marginal_matches_numerical_integration() -> None:
    counts, shape, rate = [2, 0, 3], 0.5, 1.0
    n, total = len(counts), sum(counts)
    steps = 200_000
    integral = 0.0
    for i in range(1, steps):
        lam = i * 30.0 / steps
        dens = rate**shape * lam ** (shape - 1) * math.exp(-rate * lam) / math.gamma(shape)
        like = math.exp(-n * lam) * lam**total  # Π λ^x e^−λ without the x! (not cut-dependent)
        integral += dens * like * 30.0 / steps
    assert gamma_poisson_log_marginal(total, n, shape, rate) == pytest.approx(
        math.log(integral), abs=1e-3
    )


def test_the_normal_marginal_prefers_a_split_at_a_real_shift() -> None:
    flat = [0.0, 0.1, -0.1, 0.05, 0.0, -0.05]
    step = [0.0, 0.1, -0.1, 3.0, 3.1, 2.9]
    for y, better_split in ((flat, False), (step, True)):
        whole = normal_log_marginal(y, 0.1, sum(y) / 6, 0.2 * 10)
        split = normal_log_marginal(y[:3], 0.1, sum(y) / 6, 2.0) + normal_log_marginal(
            y[3:], 0.1, sum(y) / 6, 2.0
        )
        assert (split > whole) == better_split
