"""Trajectory profile of an alliance: strength along the five dimensions on a date.

For alliance A, dimension k and day D (docs/methodology.md, "Assessment: trajectory"):

* ``rating_level`` — the knowledge base's expert rating (0–3) with its evidence and sources; it is
  static (one rating per alliance, as of its latest source);
* ``activity_score`` — Σ severity × 0.5^(age / half-life) over the measures taken in A
  (``measures.alliance_id = A``) on or before D whose dimensions include k
  (:mod:`techbloc.analytics.measure_dimensions`); age in days, half-life 3 years by default;
* ``activity_index`` = 3 × (1 − e^(−activity_score / saturation)), the activity on the rating's
  0–3 scale (saturation 4 severity points by default: one binding measure of severity 4 today
  gives 1.90, two give 2.59);
* ``combined_score`` = w × rating_level + (1 − w) × activity_index, w = 0.5 by default.

Only alliances that exist on D have a profile. Every row carries the measure ids it was computed
from and the rating's source ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.measure_dimensions import measure_dimensions
from techbloc.analytics.membership import existing_alliances
from techbloc.analytics.year_series import yearly
from techbloc.model import DIMENSION_IDS

# The eight groupings the source studies name; the ninth comes from recent_us_led().
NAMED_RECENT_GROUPINGS = (
    "ttc", "ipef", "aukus", "quad", "chip4", "minerals-security-partnership", "clean-network",
    "gpai",
)  # fmt: skip
RECENT_SINCE = dt.date(2018, 1, 1)
LEADER = "US"


@dataclass(frozen=True)
class TrajectoryParams:
    """The declared constants of the trajectory score (docs/methodology.md)."""

    half_life_years: float = 3.0
    saturation: float = 4.0
    rating_weight: float = 0.5


def trajectory(
    engine: AnalyticsEngine,
    at: dt.date,
    alliances: Sequence[str] | None = None,
    params: TrajectoryParams | None = None,
) -> ir.Table:
    """One row per (alliance existing on ``at``, dimension): rating, activity and combined score."""
    p = params or TrajectoryParams()
    alive = existing_alliances(engine, at)
    if alliances is not None:
        alive = alive.filter(alive.alliance_id.isin(list(alliances)))
    alive = alive.select("alliance_id", "short_name_en", "short_name_zh", "kind", "status")
    ratings = engine.table("alliance_dimensions").join(alive, "alliance_id")
    acts = activity(engine, at, p.half_life_years)
    t = ratings.left_join(acts, ["alliance_id", "dimension_id"])
    t = t.select(ratings, acts.activity_score, acts.activity_measure_count,
                 acts.activity_measure_ids)  # fmt: skip
    score = t.activity_score.fill_null(0.0)
    index = (1 - (-(score / p.saturation)).exp()) * 3
    return t.select(
        "alliance_id",
        "short_name_en",
        "short_name_zh",
        "kind",
        "status",
        "dimension_id",
        rating_level=t.level,
        rating_evidence=t.evidence,
        rating_source_ids=t.source_ids,
        activity_score=score,
        activity_measure_count=t.activity_measure_count.fill_null(0),
        activity_measure_ids=t.activity_measure_ids,
        activity_index=index,
        combined_score=t.level * p.rating_weight + index * (1 - p.rating_weight),
    )


def activity(engine: AnalyticsEngine, at: dt.date, half_life_years: float) -> ir.Table:
    """alliance_id, dimension_id, activity_score, activity_measure_count, activity_measure_ids."""
    m = engine.table("measures")
    m = m.filter(m.alliance_id.notnull(), m.measure_date <= ibis.literal(at))
    dims = measure_dimensions(engine)
    t = m.join(dims, "measure_id")
    age_days = ibis.literal(at).delta(t.measure_date, unit="day").cast("float64")
    weight = ibis.literal(0.5).pow(age_days / (half_life_years * 365.25))
    t = t.select("alliance_id", "dimension_id", "measure_id", weighted=t.severity_score * weight)
    return t.group_by("alliance_id", "dimension_id").aggregate(
        activity_score=t.weighted.sum(),
        activity_measure_count=t.measure_id.nunique(),
        activity_measure_ids=t.measure_id.collect().unique().sort(),
    )


def recent_us_led(engine: AnalyticsEngine, since: dt.date = RECENT_SINCE) -> ir.Table:
    """alliance_id, founded_date, launch_measure_id: alliances founded on or after ``since`` in
    which the US is a founding (or, for proposals, proposed) participant and whose earliest
    measure in the register was issued by the US — US-led as the knowledge base records it."""
    a = engine.table("alliances")
    a = a.filter(a.founded_date >= ibis.literal(since)).select("alliance_id", "founded_date")
    ms = engine.table("memberships")
    us = ms.filter(ms.actor_code == LEADER, ms.role.isin(["founding", "proposed"]))
    us = us.select("alliance_id").distinct()
    m = engine.table("measures").filter(lambda t: t.alliance_id.notnull())
    first = m.group_by("alliance_id").aggregate(
        first_date=m.measure_date.min(),
    )
    launch = m.join(first, [m.alliance_id == first.alliance_id,
                            m.measure_date == first.first_date])  # fmt: skip
    launch = launch.filter(launch.actor_code == LEADER).select(
        "alliance_id", launch_measure_id=launch.measure_id
    )
    launch = launch.group_by("alliance_id").aggregate(
        launch_measure_id=launch.launch_measure_id.min()
    )
    return a.join(us, "alliance_id").join(launch, "alliance_id")


def default_groupings(engine: AnalyticsEngine) -> list[str]:
    """The eight named recent groupings and the earliest-founded other one of recent_us_led()."""
    rows = engine.rows(recent_us_led(engine).order_by("founded_date", "alliance_id"))
    extra = [r["alliance_id"] for r in rows if r["alliance_id"] not in NAMED_RECENT_GROUPINGS]
    return list(NAMED_RECENT_GROUPINGS) + extra[:1]


def trajectory_rows(
    engine: AnalyticsEngine,
    at: dt.date,
    alliances: Sequence[str] | None = None,
    params: TrajectoryParams | None = None,
) -> list[dict[str, Any]]:
    """The trajectory table as rows, ordered by alliance (in the given order) and dimension."""
    rows = engine.rows(trajectory(engine, at, alliances, params))
    order = {a: i for i, a in enumerate(alliances or [])}
    dim_order = {d: i for i, d in enumerate(DIMENSION_IDS)}
    return sorted(
        rows,
        key=lambda r: (
            order.get(r["alliance_id"], len(order)),
            r["alliance_id"],
            dim_order.get(r["dimension_id"], 9),
        ),
    )


def trajectory_series(
    engine: AnalyticsEngine,
    years: Iterable[int],
    alliances: Sequence[str] | None = None,
    params: TrajectoryParams | None = None,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The trajectory table as of each year-end (today for the current year)."""
    return yearly(lambda at: trajectory_rows(engine, at, alliances, params), years, today)
