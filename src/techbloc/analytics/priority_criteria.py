"""The four criteria of R&D priority, per leaf technology domain on a date (docs/methodology.md,
"Assessment: priorities").

* ``pressure`` — the containment pressure total of :mod:`techbloc.analytics.pressure`, scaled by
  the largest total among the leaves on the date (0 = no pressure, 1 = the most pressed domain);
* ``exposure`` — the mean choke-point score of the domain's leaf inputs against the coalition
  (:func:`techbloc.analytics.exposure.exposure`), already on [0, 1]; only domains the supply data
  maps inputs to have it;
* ``importance`` — ½ × [the domain is on the US Critical and Emerging Technologies list (NSTC,
  February 2024; ``domains.cet_categories``)] + ½ × (alliances whose field covers the domain on
  the date / the largest such count among the leaves): alliances that exist on the date and are
  not mere proposals, of every kind, a parent domain in a field covering each of its leaves;
* ``gap`` — the capability gap of the focal country, by proxy: 1 − its mean share of world supply
  of the domain's leaf inputs (``mean_focal_share_pct`` / 100). The knowledge base holds no
  per-domain capability figure, so only domains with supply data have it.

Each criterion is on [0, 1] with 0 meaning none; a domain without a criterion's data has ``None``
there (never 0), and the ranking says so. The criteria are Ibis expressions; joining four rows
per domain for a few dozen domains happens in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir

from techbloc.analytics.coalitions import Coalition
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.exposure import exposure
from techbloc.analytics.membership import existing_alliances
from techbloc.analytics.pressure import pressure
from techbloc.analytics.taxonomy import expand_to_leaves, leaf_domains

Row = dict[str, Any]
CRITERIA = ("pressure", "exposure", "importance", "gap")
IMPORTANCE_PARTS = {"cet": 0.5, "alliances": 0.5}
"""Weights of the two parts of importance (fixed; see the module docstring)."""
NOT_COUNTED_STATUS = "proposed"


def importance_table(engine: AnalyticsEngine, at: dt.date) -> ir.Table:
    """domain_id, parent_id, name_en, name_zh, cet_categories, alliances (count), alliance_ids:
    per leaf domain, its CET categories and the alliances whose field covers it on ``at``."""
    alive = existing_alliances(engine, at)
    alive = alive.filter(alive.status != NOT_COUNTED_STATUS)
    fields = alive.select("alliance_id", domain_id=alive.domains.unnest())
    covered = expand_to_leaves(engine, fields, "alliance_id")
    counts = covered.group_by("leaf_id").aggregate(
        alliances=covered.alliance_id.nunique(),
        alliance_ids=covered.alliance_id.collect().sort(),
    )
    d = engine.table("domains").select("domain_id", "name_en", "name_zh", "cet_categories")
    leaves = leaf_domains(engine).join(d, "domain_id")
    t = leaves.left_join(counts, leaves.domain_id == counts.leaf_id)
    return t.select(
        "domain_id", "parent_id", "name_en", "name_zh", "cet_categories",
        alliances=t.alliances.fill_null(0), alliance_ids=t.alliance_ids,
    )  # fmt: skip


@dataclass
class CriteriaInputs:
    """What the criteria are computed from, as the indicators return it."""

    at: dt.date
    focal: str
    coalition: Coalition
    pressure: dict[str, Any]
    exposure: list[Row]
    importance: list[Row]
    supply_domains: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def collect_inputs(
    engine: AnalyticsEngine,
    at: dt.date,
    focal: str,
    coalition: Coalition,
    year: int | None = None,
) -> CriteriaInputs:
    """Run pressure, exposure by domain (supply data up to ``year``) and importance on ``at``."""
    pressed = pressure(engine, at, focal)
    exposed: list[Row] = []
    mapped: list[str] = []
    if engine.has_table("supply_shares"):
        exposed = engine.rows(exposure(engine, at, coalition, focal, "domain", year))
        inputs = engine.table("supply_inputs")
        inputs = inputs.filter(inputs.domain_id.notnull())
        found = engine.rows(inputs.select("domain_id").distinct())
        mapped = sorted(str(r["domain_id"]) for r in found)
    important = engine.rows(importance_table(engine, at))
    return CriteriaInputs(at, focal, coalition, pressed, exposed, important, mapped)


def criteria_rows(inputs: CriteriaInputs) -> tuple[list[Row], list[Row]]:
    """One row per leaf domain: raw values, the criteria on [0, 1] (``None`` where the domain has
    no data) and what they came from; and the exposure groups that are no leaf domain."""
    pressed = {r["domain_id"]: r for r in inputs.pressure["rows"]}
    exposed = {r["group"]: r for r in inputs.exposure}
    leaves = sorted(inputs.importance, key=lambda r: r["domain_id"])
    ids = {r["domain_id"] for r in leaves}
    unused = [r for g, r in sorted(exposed.items()) if g not in ids]
    top_pressure = max((float(r["total"]) for r in pressed.values()), default=0.0)
    most_alliances = max((int(r["alliances"]) for r in leaves), default=0)
    rows = []
    for leaf in leaves:
        d = leaf["domain_id"]
        p = pressed.get(d)
        total = float(p["total"]) if p else 0.0
        e = exposed.get(d)
        cet = list(leaf["cet_categories"] or [])
        share = int(leaf["alliances"]) / most_alliances if most_alliances else 0.0
        on_cet = 1.0 if cet else 0.0
        focal_share = None if e is None else e["mean_focal_share_pct"]
        rows.append({
            "domain_id": d, "parent_id": leaf["parent_id"], "name_en": leaf["name_en"],
            "name_zh": leaf["name_zh"],
            "criteria": {
                "pressure": total / top_pressure if top_pressure > 0 else 0.0,
                "exposure": None if e is None else _unit(e["mean_chokepoint_score"]),
                "importance": IMPORTANCE_PARTS["cet"] * on_cet
                + IMPORTANCE_PARTS["alliances"] * share,
                "gap": None if focal_share is None else 1.0 - _unit(focal_share / 100.0),
            },
            "evidence": {
                "pressure_total": total, "pressure_max_on_date": top_pressure,
                "measure_count": int(p["measure_count"]) if p else 0,
                "top_measures": [m["measure_id"] for m in p["top_measures"]] if p else [],
                "exposure_inputs": None if e is None else e["inputs"],
                "mean_chokepoint_score": None if e is None else e["mean_chokepoint_score"],
                "weighted_chokepoint_score": None if e is None else e["weighted_chokepoint_score"],
                "worst_input": None if e is None else e["top_input_id"],
                "mean_focal_share_pct": focal_share,
                "cet_categories": cet, "alliances": int(leaf["alliances"]),
                "alliances_max_on_date": most_alliances,
                "alliance_ids": list(leaf["alliance_ids"] or []),
            },
        })  # fmt: skip
    return rows, unused


def _unit(value: float | None) -> float:
    """``value`` clipped to [0, 1] (ETO's rounding lets shares sum to 101 %)."""
    return min(1.0, max(0.0, float(value or 0.0)))
