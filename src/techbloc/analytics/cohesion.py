"""Cohesion and limits of an alliance on a date, against the focal country.

Three components, each a share in [0, 1] where higher means *less* cohesion (docs/methodology.md,
"Assessment: cohesion and limits"):

* ``tie_share`` — participants tied to the focal country (its partnerships, free trade agreements
  in force, top-10 trading partners; :mod:`techbloc.analytics.focal_ties`) / participants;
* ``non_adoption_share`` — (participant, lead measure) pairs without adoption / all such pairs
  (:mod:`techbloc.analytics.divergence`); null when the alliance has no lead measure;
* ``relaxing_share`` — severity of in-scope relaxing measures by participants / (that + severity of
  their in-scope restrictive measures against the focal country); null when there are neither.

``cohesion_score`` = 1 − Σ wᵢ·cᵢ / Σ wᵢ over the components that are not null
(w = 0.4 ties, 0.4 non-adoption, 0.2 relaxing by default); null when no component is defined.
By default the blockade alliances existing on the date are assessed; any alliance can be named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from techbloc.analytics.divergence import LEAD_SEVERITY, adoption_gaps, relaxations
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.focal_ties import TOP_TRADE_PARTNERS, focal_ties, participants_at
from techbloc.analytics.membership import existing_alliances
from techbloc.analytics.year_series import yearly


@dataclass(frozen=True)
class CohesionParams:
    """The declared constants of the cohesion score (docs/methodology.md)."""

    lead_severity: int = LEAD_SEVERITY
    top_n: int = TOP_TRADE_PARTNERS
    weight_ties: float = 0.4
    weight_non_adoption: float = 0.4
    weight_relaxing: float = 0.2


def assessed_alliances(
    engine: AnalyticsEngine, at: dt.date, alliances: Sequence[str] | None = None
) -> ir.Table:
    """The alliances rows to assess: the named ones existing on ``at``, else every blockade one."""
    if alliances is None:
        return existing_alliances(engine, at, ("blockade",))
    alive = existing_alliances(engine, at)
    return alive.filter(alive.alliance_id.isin(list(alliances)))


def tie_overlap(
    engine: AnalyticsEngine, at: dt.date, focal: str, participants: ir.Table, top_n: int
) -> ir.Table:
    """Per alliance: participant_count, tied_count, tied_members and the count per kind of tie."""
    ties = focal_ties(engine, at, focal, top_n)
    j = participants.left_join(ties, "actor_code")
    j = j.select(participants.alliance_id, participants.actor_code, ties.tie_count,
                 ties.partnership_count, ties.has_fta, ties.trade_rank)  # fmt: skip
    tied = j.tie_count.fill_null(0) > 0
    g = j.group_by("alliance_id").aggregate(
        participant_count=j.actor_code.nunique(),
        participants=j.actor_code.collect().unique().sort(),
        tied_count=j.actor_code.nunique(where=tied),
        tied_members=j.actor_code.collect(where=tied).unique().sort(),
        partnership_member_count=j.actor_code.nunique(where=j.partnership_count.fill_null(0) > 0),
        fta_member_count=j.actor_code.nunique(where=j.has_fta.fill_null(False)),
        top_trade_member_count=j.actor_code.nunique(where=j.trade_rank.notnull()),
    )
    # an empty filtered collect is NULL on DuckDB and [] on Spark: make it NULL on both
    return g.mutate(
        tied_members=(g.tied_count > 0).ifelse(g.tied_members, ibis.null("array<string>"))
    )


def cohesion(
    engine: AnalyticsEngine,
    at: dt.date,
    focal: str,
    alliances: Sequence[str] | None = None,
    params: CohesionParams | None = None,
) -> ir.Table:
    """One row per assessed alliance: ties, divergence, carve-outs, components and score."""
    p = params or CohesionParams()
    chosen = assessed_alliances(engine, at, alliances)
    base = chosen.select("alliance_id", "short_name_en", "short_name_zh", "kind", "status")
    parts = participants_at(engine, at).join(chosen.select("alliance_id"), "alliance_id")
    parts = parts.filter(parts.actor_code != focal).select("alliance_id", "actor_code")
    overlap = tie_overlap(engine, at, focal, parts, p.top_n)
    gaps = adoption_gaps(engine, at, focal, chosen, parts, p.lead_severity)
    relax = relaxations(engine, at, focal, chosen, parts)
    t = base.left_join(overlap, "alliance_id").select(
        base, *[overlap[c] for c in overlap.columns if c != "alliance_id"]
    )
    t = t.left_join(gaps, "alliance_id").select(
        t, *[gaps[c] for c in gaps.columns if c != "alliance_id"]
    )
    t = t.left_join(relax, "alliance_id").select(
        t, *[relax[c] for c in relax.columns if c != "alliance_id"]
    )
    return with_score(t, p)


def with_score(t: ir.Table, p: CohesionParams) -> ir.Table:
    """Add the three components and the cohesion score (nulls where a component is undefined)."""
    count = t.participant_count.fill_null(0)
    tie_share = (count > 0).ifelse(t.tied_count.cast("float64") / count, ibis.null("float64"))
    expected = t.expected_pairs.fill_null(0)
    non_adoption = (expected > 0).ifelse(
        (expected - t.adopted_pairs.fill_null(0)).cast("float64") / expected, ibis.null("float64")
    )
    relax = t.relaxing_severity.fill_null(0)
    total = relax + t.restrictive_severity.fill_null(0)
    relaxing_share = (total > 0).ifelse(relax.cast("float64") / total, ibis.null("float64"))
    weighted = [
        (tie_share, p.weight_ties),
        (non_adoption, p.weight_non_adoption),
        (relaxing_share, p.weight_relaxing),
    ]
    num = sum((c.fill_null(0.0) * w for c, w in weighted), ibis.literal(0.0))
    den = sum((c.notnull().ifelse(w, 0.0) for c, w in weighted), ibis.literal(0.0))
    score = (den > 0).ifelse(1 - num / den, ibis.null("float64"))
    return t.mutate(
        tie_share=tie_share,
        non_adoption_share=non_adoption,
        relaxing_share=relaxing_share,
        cohesion_score=score,
    )


def cohesion_rows(
    engine: AnalyticsEngine,
    at: dt.date,
    focal: str,
    alliances: Sequence[str] | None = None,
    params: CohesionParams | None = None,
) -> list[dict[str, Any]]:
    """The cohesion table as rows, in the given order of alliances (else by id)."""
    rows = engine.rows(cohesion(engine, at, focal, alliances, params))
    order = {a: i for i, a in enumerate(alliances or [])}
    return sorted(rows, key=lambda r: (order.get(r["alliance_id"], len(order)), r["alliance_id"]))


def cohesion_series(
    engine: AnalyticsEngine,
    years: Iterable[int],
    focal: str,
    alliances: Sequence[str] | None = None,
    params: CohesionParams | None = None,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The cohesion table as of each year-end (today for the current year)."""
    return yearly(lambda at: cohesion_rows(engine, at, focal, alliances, params), years, today)
