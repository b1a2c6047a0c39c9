"""R&D priorities: technology domains ranked by a weighted sum of four criteria
(docs/methodology.md, "Assessment: priorities").

For leaf domain d with criteria x_c(d) on [0, 1] (:mod:`techbloc.analytics.priority_criteria`) and
weights w_c (:class:`PriorityWeights`, summing to 1):

    score(d) = Σ_{c known for d} w_c · x_c(d) / Σ_{c known for d} w_c

— a criterion without data for d (exposure and gap outside the domains the supply data covers) is
left out of d's score and the other weights are scaled up to sum to 1 (``weights_used``); it is
never taken as 0. Domains are ranked by score (ties by id). A parent domain's score is the mean of
its leaves' scores. The weighted sums of a few dozen rows, and the sensitivity analysis over
their weights (:mod:`techbloc.analytics.sensitivity`), are computed with numpy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from techbloc.analytics.coalitions import Coalition
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.priority_criteria import (
    CRITERIA,
    IMPORTANCE_PARTS,
    CriteriaInputs,
    collect_inputs,
    criteria_rows,
)
from techbloc.analytics.year_series import year_end
from techbloc.errors import InvalidArgument

Row = dict[str, Any]
WEIGHT_TOLERANCE = 1e-6
TIE_DIGITS = 12


@dataclass(frozen=True)
class PriorityWeights:
    """Weights of the criteria: visible in every result, set with ``--weights``; each ≥ 0, and
    together 1. The defaults put the threat first (pressure, then exposure), then the domain's
    standing, then the focal country's own gap — a convention, tested by the sensitivity
    analysis, not an estimate."""

    pressure: float = 0.35
    exposure: float = 0.3
    importance: float = 0.2
    gap: float = 0.15

    def __post_init__(self) -> None:
        values = self.vector()
        if any(v < 0 for v in values) or abs(sum(values) - 1.0) > WEIGHT_TOLERANCE:
            shown = ", ".join(f"{c}={v:g}" for c, v in zip(CRITERIA, values, strict=True))
            raise InvalidArgument(
                f"priority weights must be ≥ 0 and sum to 1 (got {shown}; sum {sum(values):g})",
                hint="e.g. --weights pressure=0.35,exposure=0.3,importance=0.2,gap=0.15",
            )

    def vector(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, c)) for c in CRITERIA)

    @classmethod
    def parse(cls, text: str | None) -> PriorityWeights:
        """'pressure=0.4,exposure=0.3,importance=0.2,gap=0.1' (names not given keep their
        default; the result must still sum to 1)."""
        if not text or not text.strip():
            return cls()
        values: dict[str, float] = {}
        for part in text.split(","):
            name, _, number = part.partition("=")
            name = name.strip()
            if name not in CRITERIA:
                raise InvalidArgument(
                    f"unknown priority weight '{name}'",
                    hint=f"use {', '.join(CRITERIA)}, e.g. pressure=0.35",
                )
            try:
                values[name] = float(number)
            except ValueError:
                raise InvalidArgument(f"weight {name} is not a number: '{number}'") from None
        return cls(**values)


def criteria_matrix(rows: list[Row]) -> np.ndarray:
    """n × 4 criteria (columns in :data:`CRITERIA` order), NaN where a domain has no data."""
    return np.array(
        [[np.nan if r["criteria"][c] is None else r["criteria"][c] for c in CRITERIA]
         for r in rows],
        dtype=float,
    ).reshape(len(rows), len(CRITERIA))  # fmt: skip


def score_matrix(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Scores (n × m) of the n domains under m weight vectors (4 × m); NaN where a domain has no
    criterion with a positive weight."""
    known = ~np.isnan(x)
    numerator = np.where(known, x, 0.0) @ weights
    denominator = known.astype(float) @ weights
    positive = denominator > 0
    return np.where(positive, numerator / np.where(positive, denominator, 1.0), np.nan)


def rank_matrix(scores: np.ndarray) -> np.ndarray:
    """Ranks (1 = first) per column, highest score first; rows are in id order, so ties (equal to
    :data:`TIE_DIGITS` decimals: engines sum in different orders) go by id; a domain without a
    score ranks last."""
    filled = np.where(np.isnan(scores), -np.inf, np.round(scores, TIE_DIGITS))
    order = np.argsort(-filled, axis=0, kind="stable")
    ranks = np.empty_like(order)
    columns = np.arange(scores.shape[1])
    ranks[order, columns] = np.arange(1, scores.shape[0] + 1)[:, None]
    return ranks


def rank_domains(rows: list[Row], weights: PriorityWeights) -> list[Row]:
    """``rows`` (from :func:`criteria_rows`, in id order) scored and ranked, best first."""
    w = np.array(weights.vector())
    scores = score_matrix(criteria_matrix(rows), w[:, None])[:, 0]
    ranks = rank_matrix(scores[:, None])[:, 0]
    ranked = []
    for row, score, rank in zip(rows, scores, ranks, strict=True):
        known = [c for c in CRITERIA if row["criteria"][c] is not None]
        total = sum(getattr(weights, c) for c in known)
        used = {c: (getattr(weights, c) / total if c in known and total > 0 else 0.0)
                for c in CRITERIA}  # fmt: skip
        ranked.append({
            **row, "rank": int(rank), "score": None if np.isnan(score) else float(score),
            "missing": [c for c in CRITERIA if c not in known], "weights_used": used,
            "contributions": {c: used[c] * (row["criteria"][c] or 0.0) for c in CRITERIA},
        })  # fmt: skip
    return sorted(ranked, key=lambda r: r["rank"])


def roll_up(ranked: list[Row]) -> list[Row]:
    """Parent domains: the mean score of their scored leaves, the best leaf, ranked."""
    groups: dict[str, list[Row]] = {}
    for row in ranked:
        if row["parent_id"] and row["score"] is not None:
            groups.setdefault(row["parent_id"], []).append(row)
    parents = [
        {"domain_id": parent, "leaves": len(leaves),
         "score": sum(r["score"] for r in leaves) / len(leaves),
         "best_leaf": leaves[0]["domain_id"], "best_leaf_rank": leaves[0]["rank"],
         "leaf_ids": [r["domain_id"] for r in leaves]}
        for parent, leaves in groups.items()
    ]  # fmt: skip
    parents.sort(key=lambda p: (-p["score"], p["domain_id"]))
    return [{**p, "rank": i + 1} for i, p in enumerate(parents)]


def parameters(inputs: CriteriaInputs, weights: PriorityWeights) -> Row:
    return {
        "at": inputs.at, "focal": inputs.focal, "coalition": inputs.coalition.label,
        "weights": asdict(weights), "importance_parts": dict(IMPORTANCE_PARTS),
        "pressure_weights": inputs.pressure["parameters"]["weights"],
        "half_life_years": inputs.pressure["parameters"]["half_life_years"],
    }  # fmt: skip


def ranking(inputs: CriteriaInputs, weights: PriorityWeights | None = None) -> Row:
    """The ranking from already computed criteria inputs (the scenarios reuse them)."""
    weights = weights or PriorityWeights()
    rows, unused = criteria_rows(inputs)
    ranked = rank_domains(rows, weights)
    missing = {c: [r["domain_id"] for r in ranked if c in r["missing"]] for c in CRITERIA}
    notes = list(inputs.notes)
    if not inputs.exposure:
        notes.append("no supply-chain shares in the store: exposure and gap are left out for "
                     "every domain (techbloc import supply FOLDER_OR_CSV)")  # fmt: skip
    scored = {str(e["group"]) for e in inputs.exposure}
    unscored = [d for d in inputs.supply_domains if d not in scored]
    if unscored:
        notes.append(f"supply inputs are mapped to {', '.join(unscored)}, but none of them is a "
                     "leaf input with shares (a chain stage's shares are not counted): no "
                     "exposure or gap there")  # fmt: skip
    if unused:
        groups = ", ".join(f"{u['group']} ({u['inputs']} inputs)" for u in unused)
        notes.append(f"exposure groups that are no leaf domain, not used: {groups}")
    return {
        "parameters": parameters(inputs, weights), "rows": ranked, "parents": roll_up(ranked),
        "missing": {c: ids for c, ids in missing.items() if ids}, "notes": notes,
    }  # fmt: skip


def priorities(
    engine: AnalyticsEngine,
    at: dt.date,
    coalition: Coalition,
    focal: str = "CN",
    weights: PriorityWeights | None = None,
) -> Row:
    """Leaf domains ranked for R&D priority on ``at`` (exposure against ``coalition``)."""
    return ranking(collect_inputs(engine, at, focal, coalition), weights)


def priorities_series(
    engine: AnalyticsEngine,
    years: list[int],
    coalition: Coalition,
    focal: str = "CN",
    weights: PriorityWeights | None = None,
    today: dt.date | None = None,
) -> Row:
    """:func:`priorities` as of 31 December of each year (today for this year), supply data up to
    the year: year, at, domain_id, rank, score, missing per domain and year."""
    weights = weights or PriorityWeights()
    rows: list[Row] = []
    first: Row | None = None
    for year in years:
        at = year_end(year, today)
        result = ranking(collect_inputs(engine, at, focal, coalition, year), weights)
        first = first or result["parameters"]
        rows += [
            {"year": year, "at": at, "domain_id": r["domain_id"], "rank": r["rank"],
             "score": r["score"], "missing": r["missing"]}
            for r in result["rows"]
        ]  # fmt: skip
    params = {**(first or {"weights": asdict(weights), "focal": focal,
                           "coalition": coalition.label}), "years": years}  # fmt: skip
    params.pop("at", None)
    return {"parameters": params, "rows": rows}
