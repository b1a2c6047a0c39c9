"""Comprehensiveness: how many countries, how much of the world economy, how wide a technology
field and how many stages of jurisdiction (管辖环节) an alliance — or a side of the alliance
system — covers on a date.

Groups on a date D:

* every alliance that exists on D (its members on D, the focal country included where it is one);
* ``blockade-side``: the members of the blockade alliances on D without the focal country
  (:func:`techbloc.analytics.membership.blockade_side`), with the union of those alliances' fields;
* ``cooperation-side`` and ``mixed-side``: likewise for the cooperation and mixed alliances, leaving
  out those the focal country belongs to on D (its own cooperation, e.g. BRICS and RCEP for China);
* ``system``: the three sides together.

Economic weight comes from :mod:`techbloc.analytics.economy` (world shares with year, coverage and
the basis of "world"); the field is counted in leaf domains (a parent domain covers its leaves, see
:mod:`techbloc.analytics.taxonomy`), stages out of the stages table, tech scope as a set.

The counts are Ibis expressions (DuckDB or Spark); the rows are put together into one dict per group
in Python (a handful of groups: a dataframe is the wrong tool for nesting them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir

from techbloc.analytics.economy import MAX_YEAR_GAP, group_shares
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.materialize import materialize
from techbloc.analytics.membership import existing_alliances, members_at
from techbloc.analytics.taxonomy import expand_to_leaves, leaf_domains

SIDES = ("blockade-side", "cooperation-side", "mixed-side", "system")
SIDE_KINDS = {"blockade-side": "blockade", "cooperation-side": "cooperation", "mixed-side": "mixed"}
SHARE_KEYS = {"gdp_usd": "gdp", "rd_expenditure_usd": "rd", "hightech_exports_usd": "hightech"}


def group_alliances(engine: AnalyticsEngine, at: dt.date, focal: str) -> ir.Table:
    """group_id, group_type, kind, status, alliance_id: each alliance existing on ``at`` as its
    own group, and the sides (without proposals, and for cooperation and mixed without the
    alliances the focal country belongs to)."""
    alive = existing_alliances(engine, at).select("alliance_id", "kind", "status")
    parts = [
        alive.select(group_id=alive.alliance_id, group_type=ibis.literal("alliance"),
                     kind=alive.kind, status=alive.status, alliance_id=alive.alliance_id)
    ]  # fmt: skip
    members = members_at(engine, at)
    focal_in = members.filter(members.actor_code == focal).select("alliance_id").distinct()
    for side, kind in SIDE_KINDS.items():
        chosen = alive.filter(alive.kind == kind, alive.status != "proposed")
        if kind != "blockade":
            chosen = chosen.anti_join(focal_in, "alliance_id")
        for group_id, group_kind in ((side, kind), ("system", "all")):
            parts.append(
                chosen.select(group_id=ibis.literal(group_id), group_type=ibis.literal("side"),
                              kind=ibis.literal(group_kind), status=ibis.null().cast("string"),
                              alliance_id=chosen.alliance_id)
            )  # fmt: skip
    return ibis.union(*parts, distinct=True)


def group_members(engine: AnalyticsEngine, at: dt.date, focal: str, groups: ir.Table) -> ir.Table:
    """group_id, actor_code: an alliance group's members on ``at``; a side's without the focal."""
    members = members_at(engine, at).select("alliance_id", "actor_code")
    joined = groups.join(members, "alliance_id")
    joined = joined.filter((joined.group_type == "alliance") | (joined.actor_code != focal))
    return joined.select("group_id", "actor_code").distinct()


def _member_counts(members: ir.Table) -> ir.Table:
    return members.group_by("group_id").aggregate(
        member_count=members.actor_code.count(), members=members.actor_code.collect().sort()
    )


def _field(engine: AnalyticsEngine, groups: ir.Table) -> ir.Table:
    """aspect, group_id, count, ids: per group the leaf domains, stages and tech scopes of its
    alliances (their union), one row per aspect."""
    alliances = engine.table("alliances")
    domains = alliances.select("alliance_id", domain_id=alliances.domains.unnest())
    per_alliance = {
        "domains": expand_to_leaves(engine, domains, "alliance_id").rename(item="leaf_id"),
        "stages": alliances.select("alliance_id", item=alliances.stages.unnest()),
        "tech_scope": alliances.select("alliance_id", item=alliances.tech_scope.unnest()),
    }
    parts = []
    for aspect, items in per_alliance.items():
        joined = groups.join(items, "alliance_id").select("group_id", "item").distinct()
        parts.append(
            joined.group_by("group_id")
            .aggregate(count=joined.item.count(), ids=joined.item.collect().sort())
            .mutate(aspect=ibis.literal(aspect))
        )
    return ibis.union(*parts)


def _totals(engine: AnalyticsEngine) -> dict[str, int]:
    leaves = leaf_domains(engine)
    stages = engine.table("stages")
    row = engine.rows(
        leaves.aggregate(n=leaves.domain_id.count()).cross_join(
            stages.aggregate(m=stages.stage_id.count())
        )
    )[0]
    return {"domains": int(row["n"]), "stages": int(row["m"])}


def comprehensiveness(
    engine: AnalyticsEngine,
    at: dt.date,
    focal: str = "CN",
    alliance: str | None = None,
    kind: str | None = None,
    max_gap: int = MAX_YEAR_GAP,
) -> list[dict[str, Any]]:
    """One dict per group on ``at`` (alliances, then the sides), each with its sources: members,
    world shares with coverage and years, leaf domains, tech scope and stages.

    ``alliance`` keeps that alliance's row only; ``kind`` keeps the alliances of that kind and its
    side (all sides and the system when no kind is given)."""
    groups = group_alliances(engine, at, focal)
    if alliance:
        groups = groups.filter(groups.group_id == alliance)
    elif kind:
        alliances = engine.table("alliances").filter(lambda a: a.kind == kind)
        own = groups.filter(groups.group_type == "alliance").semi_join(alliances, "alliance_id")
        side = [s for s, k in SIDE_KINDS.items() if k == kind]
        groups = own.union(groups.filter(groups.group_id.isin(side)))
    groups = materialize(engine, groups)
    members = materialize(engine, group_members(engine, at, focal, groups))
    shares = group_shares(engine, members.mutate(ref_year=ibis.literal(at.year)), max_gap)
    listed = engine.rows(groups.order_by(["group_type", "group_id", "alliance_id"]))
    counts = {r["group_id"]: r for r in engine.rows(_member_counts(members))}
    share_rows = engine.rows(shares)
    field: dict[str, dict[str, dict[str, Any]]] = {}
    for row in engine.rows(_field(engine, groups)):
        field.setdefault(row["aspect"], {})[row["group_id"]] = row
    totals = _totals(engine)
    return _assemble(at, listed, counts, share_rows, field, totals, max_gap)


def _assemble(
    at: dt.date,
    listed: list[dict[str, Any]],
    counts: dict[str, dict[str, Any]],
    share_rows: list[dict[str, Any]],
    field: dict[str, dict[str, dict[str, Any]]],
    totals: dict[str, int],
    max_gap: int,
) -> list[dict[str, Any]]:
    order: dict[str, list[str]] = {}
    types: dict[str, dict[str, Any]] = {}
    for row in listed:
        order.setdefault(row["group_id"], []).append(row["alliance_id"])
        types[row["group_id"]] = row
    shares: dict[str, dict[str, Any]] = {}
    for row in share_rows:
        shares.setdefault(row["group_id"], {})[SHARE_KEYS[row["indicator"]]] = _share(row, max_gap)
    result = []
    ids = [g for g in order if types[g]["group_type"] == "alliance"]
    ids += [s for s in SIDES if s in order]
    for group_id in ids:
        count = counts.get(group_id, {})
        domains = field.get("domains", {}).get(group_id, {})
        stages = field.get("stages", {}).get(group_id, {})
        result.append({
            "group_id": group_id,
            "group_type": types[group_id]["group_type"],
            "kind": types[group_id]["kind"],
            "status": types[group_id]["status"],
            "at": at,
            "alliances": sorted(order[group_id]),
            "member_count": int(count.get("member_count") or 0),
            "members": list(count.get("members") or []),
            **{key: shares.get(group_id, {}).get(key) or _empty_share()
               for key in SHARE_KEYS.values()},
            "domains": _coverage(domains, totals["domains"]),
            "tech_scope": list(field.get("tech_scope", {}).get(group_id, {}).get("ids") or []),
            "stages": _coverage(stages, totals["stages"]),
        })  # fmt: skip
    return result


def _coverage(row: dict[str, Any], total: int) -> dict[str, Any]:
    count = int(row.get("count") or 0)
    return {"count": count, "of": total, "share": count / total if total else None,
            "ids": list(row.get("ids") or [])}  # fmt: skip


def _share(row: dict[str, Any], max_gap: int) -> dict[str, Any]:
    """One indicator's share of the world, with what it was computed from."""
    years = sorted(set(row["years"] or []))
    gdp_years = sorted(set(row["gdp_years"] or []))
    reason = None
    if row["share"] is None:
        reason = (
            f"no member has a value within {max_gap} years of {row['ref_year']}"
            if not row["with_value"]
            else "no world total and no value outside the group"
        )
    elif row["with_value"] < row["economies"]:
        reason = f"incomplete: {row['with_value']} of {row['economies']} members have a value"
    return {
        "share": row["share"],
        "value_usd": row["value_sum"],
        "world_usd": row["world_value"],
        "world_basis": row["world_basis"],
        "world_year": row["world_year"],
        "world_economies": row["world_economies"],
        "economies": row["economies"],
        "with_value": row["with_value"],
        "missing": sorted(row["missing"] or []),
        "years": years,
        "gdp_years": gdp_years,
        "reason": reason,
    }


def _empty_share() -> dict[str, Any]:
    return {"share": None, "value_usd": None, "world_usd": None, "world_basis": None,
            "world_year": None, "world_economies": None, "economies": 0, "with_value": 0,
            "missing": [], "years": [], "gdp_years": [],
            "reason": "the group has no members that are economies"}  # fmt: skip


def comprehensiveness_series(
    engine: AnalyticsEngine,
    years: list[int],
    focal: str = "CN",
    alliance: str | None = None,
    kind: str | None = None,
    today: dt.date | None = None,
    max_gap: int = MAX_YEAR_GAP,
) -> list[dict[str, Any]]:
    """:func:`comprehensiveness` as of 31 December of each year (``today`` for the current year)."""
    rows: list[dict[str, Any]] = []
    for year in years:
        rows += comprehensiveness(engine, year_end(year, today), focal, alliance, kind, max_gap)
    return rows


def year_end(year: int, today: dt.date | None = None) -> dt.date:
    """31 December of ``year``, or today when ``year`` is the current (unfinished) year."""
    today = today or dt.date.today()
    return today if year == today.year else dt.date(year, 12, 31)
