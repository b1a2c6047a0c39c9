"""How much the priority ranking depends on its weights (docs/methodology.md, "Assessment:
priorities", sensitivity).

Two families of perturbed weight vectors, each scored exactly as the default ranking
(:func:`techbloc.analytics.priorities.score_matrix`, same criteria, same handling of missing data):

* **steps**: each weight in turn raised and lowered by 0.1 (floored at 0), then all four divided
  by their sum so that they again sum to 1 — 8 vectors;
* **random**: ``samples`` vectors drawn from a flat Dirichlet(1, 1, 1, 1) — uniform over all
  weight vectors summing to 1 — with numpy's PCG64 generator seeded by ``seed``, so the same seed
  gives the same draws and the same table.

Per domain: its default rank, its rank range under the steps, in how many steps and in what share
of the random draws it is in the top ``top_k``, and its rank range and median rank over the draws.
Per perturbed vector: Kendall's τ between the default ranking and the perturbed one (both strict
orders, ties by domain id: τ = (concordant − discordant pairs) / (n(n−1)/2)), computed with numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from techbloc.analytics.priorities import (
    PriorityWeights,
    criteria_matrix,
    rank_matrix,
    score_matrix,
)
from techbloc.analytics.priority_criteria import CRITERIA
from techbloc.errors import InvalidArgument

Row = dict[str, Any]
STEP = 0.1
SAMPLES = 1000
SEED = 1
TOP_K = 5


def step_vectors(weights: PriorityWeights, step: float = STEP) -> list[tuple[str, np.ndarray]]:
    """(label, weights) for each criterion ± ``step``, renormalised to sum 1."""
    base = np.array(weights.vector())
    found = []
    for i, name in enumerate(CRITERIA):
        for sign, mark in ((1.0, "+"), (-1.0, "−")):
            w = base.copy()
            w[i] = max(0.0, w[i] + sign * step)
            found.append((f"{name}{mark}{step:g}", w / w.sum()))
    return found


def random_vectors(samples: int = SAMPLES, seed: int = SEED) -> np.ndarray:
    """4 × ``samples`` weight vectors from a flat Dirichlet distribution (seeded)."""
    if samples < 1:
        raise InvalidArgument(f"the number of random weight vectors must be ≥ 1, not {samples}")
    if seed < 0:  # numpy's generators take no negative seed (a ValueError: a 500 in the API)
        raise InvalidArgument(f"the seed must be a whole number ≥ 0, not {seed}")
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.ones(len(CRITERIA)), size=samples).T


def kendall_tau(reference: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """τ between the ranks ``reference`` (n) and each column of ``ranks`` (n × m), for strict
    rankings (no ties): (concordant − discordant) / (n(n−1)/2)."""
    n = reference.shape[0]
    if n < 2:
        return np.ones(ranks.shape[1])
    i, j = np.triu_indices(n, 1)
    a = np.sign(reference[i] - reference[j])[:, None]
    b = np.sign(ranks[i, :] - ranks[j, :])
    return np.asarray((a * b).sum(axis=0) / len(i), dtype=float)


def sensitivity(
    rows: list[Row],
    weights: PriorityWeights,
    samples: int = SAMPLES,
    seed: int = SEED,
    top_k: int = TOP_K,
    step: float = STEP,
) -> Row:
    """The sensitivity of the ranking of ``rows`` (criteria rows in id order) to its weights."""
    x = criteria_matrix(rows)
    ids = [r["domain_id"] for r in rows]
    default = rank_matrix(score_matrix(x, np.array(weights.vector())[:, None]))[:, 0]
    steps = step_vectors(weights, step)
    step_w = np.stack([w for _, w in steps], axis=1)
    step_ranks = rank_matrix(score_matrix(x, step_w))
    draws = random_vectors(samples, seed)
    draw_ranks = rank_matrix(score_matrix(x, draws))
    step_tau = kendall_tau(default, step_ranks)
    draw_tau = kendall_tau(default, draw_ranks)
    domains = [
        {"domain_id": d, "default_rank": int(default[k]),
         "step_rank_min": int(step_ranks[k].min()), "step_rank_max": int(step_ranks[k].max()),
         "step_top_k": int((step_ranks[k] <= top_k).sum()),
         "random_top_k_share": float((draw_ranks[k] <= top_k).mean()),
         "random_rank_min": int(draw_ranks[k].min()), "random_rank_max": int(draw_ranks[k].max()),
         "random_rank_median": float(np.median(draw_ranks[k]))}
        for k, d in enumerate(ids)
    ]  # fmt: skip
    domains.sort(key=lambda r: r["default_rank"])
    return {
        "parameters": {"step": step, "samples": samples, "seed": seed, "top_k": top_k,
                       "distribution": "Dirichlet(1, 1, 1, 1)", "generator": "numpy PCG64"},
        "steps": [
            {"label": label, "weights": dict(zip(CRITERIA, map(float, w), strict=True)),
             "kendall_tau": float(tau),
             "top_k": [ids[k] for k in np.argsort(step_ranks[:, s])[:top_k]]}
            for s, ((label, w), tau) in enumerate(zip(steps, step_tau, strict=True))
        ],
        "random_kendall_tau": {
            "mean": float(draw_tau.mean()), "median": float(np.median(draw_tau)),
            "p05": float(np.quantile(draw_tau, 0.05)), "min": float(draw_tau.min()),
            "max": float(draw_tau.max()),
        },
        "domains": domains,
    }  # fmt: skip
