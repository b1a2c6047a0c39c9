"""Sensitivity of the priority ranking: Kendall's τ, the ±0.1 steps, the seeded random weights."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from techbloc.analytics.priorities import PriorityWeights
from techbloc.analytics.sensitivity import kendall_tau, random_vectors, sensitivity, step_vectors
from techbloc.errors import InvalidArgument


def _tau_by_pairs(a: list[int], b: list[int]) -> float:
    pairs = list(itertools.combinations(range(len(a)), 2))
    agree = sum(1 if (a[i] - a[j]) * (b[i] - b[j]) > 0 else -1 for i, j in pairs)
    return agree / len(pairs)


@pytest.mark.parametrize(
    ("other", "tau"),
    [([1, 2, 3, 4], 1.0), ([4, 3, 2, 1], -1.0), ([2, 1, 3, 4], 4 / 6), ([1, 3, 2, 4], 4 / 6),
     ([4, 1, 2, 3], 0.0)],
)  # fmt: skip
def test_kendall_tau(other: list[int], tau: float) -> None:
    got = kendall_tau(np.array([1, 2, 3, 4]), np.array(other)[:, None])
    assert got[0] == pytest.approx(tau) == _tau_by_pairs([1, 2, 3, 4], other)


def test_kendall_tau_on_many_rankings_at_once() -> None:
    rng = np.random.default_rng(7)
    ranks = np.stack([rng.permutation(9) + 1 for _ in range(20)], axis=1)
    reference = np.arange(1, 10)
    expected = [_tau_by_pairs(list(reference), list(ranks[:, k])) for k in range(20)]
    assert kendall_tau(reference, ranks) == pytest.approx(expected)


def test_steps_are_renormalised() -> None:
    steps = dict(step_vectors(PriorityWeights()))
    assert list(steps) == ["pressure+0.1", "pressure−0.1", "exposure+0.1", "exposure−0.1",
                           "importance+0.1", "importance−0.1", "gap+0.1", "gap−0.1"]  # fmt: skip
    assert steps["pressure+0.1"] == pytest.approx(np.array([0.45, 0.3, 0.2, 0.15]) / 1.1)
    assert steps["gap−0.1"] == pytest.approx(np.array([0.35, 0.3, 0.2, 0.05]) / 0.9)
    floor = dict(step_vectors(PriorityWeights(0.5, 0.5, 0.0, 0.0)))["gap−0.1"]
    assert floor == pytest.approx([0.5, 0.5, 0.0, 0.0])  # a weight never goes below 0


def test_random_vectors_are_seeded_weight_vectors() -> None:
    draws = random_vectors(50, seed=3)
    assert draws.shape == (4, 50)
    assert draws.sum(axis=0) == pytest.approx(np.ones(50)) and (draws >= 0).all()
    assert np.array_equal(draws, random_vectors(50, seed=3))
    assert not np.array_equal(draws, random_vectors(50, seed=4))
    with pytest.raises(InvalidArgument):
        random_vectors(0)


def _rows() -> list[dict[str, object]]:
    """The criteria of tests/analytics/priority_fixture.py, in id order."""
    values = {
        "quantum": (1.3 / 2.1, None, 1.0, None),
        "rare-earths": (0.0, None, 0.0, None),
        "semiconductor-design": (0.6 / 2.1, 0.81, 0.75, 0.9),
        "semiconductor-equipment": (1.0, 0.605, 1.0, 0.85),
    }
    names = ("pressure", "exposure", "importance", "gap")
    return [{"domain_id": d, "criteria": dict(zip(names, v, strict=True))}
            for d, v in values.items()]  # fmt: skip


def test_sensitivity_is_reproducible_and_reads_by_hand() -> None:
    first = sensitivity(_rows(), PriorityWeights(), samples=300, seed=11, top_k=1)
    assert first == sensitivity(_rows(), PriorityWeights(), samples=300, seed=11, top_k=1)
    other = sensitivity(_rows(), PriorityWeights(), samples=300, seed=12, top_k=1)
    assert other["steps"] == first["steps"] and other["domains"] != first["domains"]
    # every ±0.1 step keeps the order equipment, quantum, design, rare-earths (worked by hand)
    assert [s["kendall_tau"] for s in first["steps"]] == [1.0] * 8
    assert all(s["top_k"] == ["semiconductor-equipment"] for s in first["steps"])
    domains = {d["domain_id"]: d for d in first["domains"]}
    rare = domains["rare-earths"]  # pressure and importance 0, nothing else: always last
    assert (rare["random_rank_min"], rare["random_rank_max"], rare["random_top_k_share"]) == (
        4, 4, 0.0,
    )  # fmt: skip
    shares = sum(d["random_top_k_share"] for d in first["domains"])
    assert shares == pytest.approx(1.0)  # exactly one domain is first in each draw
    assert first["parameters"] == {"step": 0.1, "samples": 300, "seed": 11, "top_k": 1,
                                   "distribution": "Dirichlet(1, 1, 1, 1)",
                                   "generator": "numpy PCG64"}  # fmt: skip
    tau = first["random_kendall_tau"]
    assert -1.0 <= tau["min"] <= tau["p05"] <= tau["median"] <= tau["max"] <= 1.0


def test_a_negative_seed_is_refused_with_the_reason() -> None:
    """numpy raised a ValueError (a 500 in the API; found by schemathesis)."""
    with pytest.raises(InvalidArgument, match="seed must be a whole number ≥ 0"):
        random_vectors(10, seed=-1)
