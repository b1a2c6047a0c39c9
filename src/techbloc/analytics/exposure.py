"""Choke points, backup sources and exposure by domain or stage (docs/methodology.md,
"Assessment: choke points and exposure").

For each input, in its data year (see :mod:`techbloc.analytics.supply_view`), over its
country-level shares s_i (percent of world supply):

- coalition_share_pct  C = Σ s_i over the coalition's members on the date
- focal_share_pct      F = s_focal; outside_share_pct O = Σ s_i over the other named countries;
  unattributed_share_pct U = Σ over suppliers the source puts in no single country
- hhi = Σ s_i² over named countries (0–10,000); top_supplier = the largest share
- chokepoint_score = (C / 100) × (1 − F / 100), 0–1: the part of world supply the coalition can
  withhold, discounted by what the focal country makes itself (C and F capped at 100, as ETO's
  rounding lets totals reach 101 %); ties are broken by HHI (higher first), then by world revenue
  (larger first), then by input id. No score where the source gives no share for the input.
- backups: the suppliers in a named country outside the coalition and the focal country,
  countries and organisations, by share; unattributed suppliers are listed apart, as they may be
  coalition firms (for ArF immersion tools ETO gives Japan 0.7 % among countries and 'Various
  companies' 0.7 % among organisations).

An input that is a type of others (sequence ``is_type_of``: lithography tools → EUV tools …) is
reported at its own level, from the shares the source gives for it as a whole, never summed from
its children; ``children_with_shares`` says how many of its types have shares of their own. The
exposure summary counts *leaf* inputs only — no stage, no type with shares of its own — so a
market is never counted twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import ibis
import ibis.expr.types as ir

from techbloc.analytics.coalitions import Coalition
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.supply_view import (
    BACKUP_ROLES,
    as_of_date,
    coalition_size,
    supplier_roles,
)

ExposureBy = Literal["domain", "stage"]


def _top_suppliers(c: ir.Table) -> ir.Table:
    """input_id, top_supplier, top_supplier_share_pct: the largest country-level share."""
    order = [ibis.desc(c.share_pct.fill_null(-1.0)), c.supplier]
    ranked = c.mutate(pos=ibis.row_number().over(group_by=c.input_id, order_by=order))
    top = ranked.filter(ranked.pos == 0, ranked.share_pct.notnull())
    return top.select("input_id", top_supplier="supplier", top_supplier_share_pct="share_pct")


def _children(engine: AnalyticsEngine, with_shares: ir.Table) -> ir.Table:
    """related_id, child_inputs, children_with_shares: the is_type_of children of each input."""
    e = engine.table("supply_edges")
    e = e.filter(e.relation == "is_type_of")
    kids = e.left_join(with_shares, e.input_id == with_shares.child)
    return kids.group_by(parent="related_id").aggregate(
        child_inputs=kids.input_id.nunique(), children_with_shares=kids.child.nunique()
    )


def chokepoints(
    engine: AnalyticsEngine,
    at: dt.date,
    coalition: Coalition,
    focal: str = "CN",
    year: int | None = None,
    stage: str | None = None,
) -> ir.Table:
    """One row per input with shares in its data year (at most ``year``), ranked by score."""
    roles = supplier_roles(engine, at, coalition, focal, year)
    country = roles.level == "country"
    backup = roles.role.isin(list(BACKUP_ROLES))

    def share_of(role: str) -> ir.Value:
        return roles.share_pct.sum(where=country & (roles.role == role)).fill_null(0.0)

    agg = roles.group_by("input_id", "data_year").aggregate(
        coalition_share_pct=share_of("coalition"),
        focal_share_pct=share_of("focal"),
        outside_share_pct=share_of("outside"),
        unattributed_share_pct=share_of("unattributed"),
        known_share_pct=roles.share_pct.sum(where=country),
        hhi=(roles.share_pct * roles.share_pct).sum(where=country & roles.actor_code.notnull()),
        countries=roles.actor_code.nunique(where=country),
        organisations=roles.organisation.nunique(),
        backup_countries=roles.supplier.count(where=backup & country),
        backup_organisations=roles.supplier.count(where=backup & ~country),
        import_id=roles.import_id.max(),
        source=roles.source.min(where=country),
    )
    with_shares = agg.filter(agg.known_share_pct > 0).select(child="input_id")
    inputs = engine.table("supply_inputs").select(
        "input_id", "input_name", "input_type", "stage_ids", "domain_id", "market_size_usd_m",
        "market_size_year",
    )  # fmt: skip
    top = _top_suppliers(roles.filter(country))
    t = agg.join(inputs, "input_id").left_join(top, "input_id").drop("input_id_right")
    kids = _children(engine, with_shares)
    t = t.left_join(kids, t.input_id == kids.parent).drop("parent")
    t = t.mutate(
        child_inputs=t.child_inputs.fill_null(0),
        children_with_shares=t.children_with_shares.fill_null(0),
    )
    score = ibis.ifelse(
        t.known_share_pct > 0,
        (ibis.least(t.coalition_share_pct, 100.0) / 100.0)
        * (1.0 - ibis.least(t.focal_share_pct, 100.0) / 100.0),
        ibis.null("float64"),
    )
    t = t.mutate(chokepoint_score=score)
    t = t.mutate(
        is_leaf=(t.input_type.fill_null("") != "stage")
        & (t.children_with_shares == 0)
        & t.chokepoint_score.notnull()
    )
    if stage is not None:
        t = t.filter(t.stage_ids.contains(stage))
    order = [ibis.desc(t.chokepoint_score.fill_null(-1.0)), ibis.desc(t.hhi.fill_null(-1.0)),
             ibis.desc(t.market_size_usd_m.fill_null(-1.0)), t.input_id]  # fmt: skip
    t = t.mutate(rank=ibis.row_number().over(order_by=order) + 1)
    size = coalition_size(engine, coalition, at, focal)
    return t.cross_join(size).mutate(
        at=ibis.literal(at), focal=ibis.literal(focal), coalition=ibis.literal(coalition.label)
    )


def backup_sources(
    engine: AnalyticsEngine,
    at: dt.date,
    coalition: Coalition,
    focal: str = "CN",
    year: int | None = None,
    input_ids: list[str] | None = None,
    roles: tuple[str, ...] = BACKUP_ROLES,
) -> ir.Table:
    """The suppliers of each input outside the coalition and the focal country (or, with
    ``roles``, of other roles), countries and organisations, ranked within each level by share
    (unknown shares last)."""
    found = supplier_roles(engine, at, coalition, focal, year)
    b = found.filter(found.role.isin(list(roles)))
    if input_ids is not None:
        b = b.filter(b.input_id.isin(input_ids))
    order = [ibis.desc(b.share_pct.fill_null(-1.0)), b.supplier]
    b = b.mutate(rank=ibis.row_number().over(group_by=[b.input_id, b.level], order_by=order) + 1)
    return b.select(
        "input_id", "data_year", "level", "rank", "supplier", "actor_code", "organisation",
        "provider_id", "provider_name", "share_pct", "role", "basis", "source", "import_id",
        "source_file", "source_row",
    )  # fmt: skip


def exposure(
    engine: AnalyticsEngine,
    at: dt.date,
    coalition: Coalition,
    focal: str = "CN",
    by: ExposureBy = "domain",
    year: int | None = None,
) -> ir.Table:
    """Leaf inputs' choke-point scores summarised per domain or stage: plain mean, mean weighted
    by world revenue (market_size_usd_m, over the inputs where it is known), maximum and the
    input that has it (the best-ranked), revenue held by the coalition and by the focal country.
    An input serving two stages counts in both."""
    cp = chokepoints(engine, at, coalition, focal, year)
    leaf = cp.filter(cp.is_leaf)
    if by == "domain":
        g = leaf.mutate(group_id=leaf.domain_id.fill_null("unmapped"))
    else:
        stages = ibis.ifelse(
            leaf.stage_ids.length() > 0, leaf.stage_ids, ibis.literal(["unknown"], "array<string>")
        )
        g = leaf.mutate(group_id=stages).unnest("group_id")
    size = g.market_size_usd_m
    agg = g.group_by("group_id").aggregate(
        inputs=g.count(),
        inputs_with_market_size=size.count(),
        market_size_usd_m=size.sum(),
        mean_chokepoint_score=g.chokepoint_score.mean(),
        weighted_chokepoint_score=(g.chokepoint_score * size).sum() / size.sum(),
        max_chokepoint_score=g.chokepoint_score.max(),
        mean_coalition_share_pct=g.coalition_share_pct.mean(),
        mean_focal_share_pct=g.focal_share_pct.mean(),
        coalition_held_usd_m=(size * g.coalition_share_pct / 100.0).sum(),
        focal_held_usd_m=(size * g.focal_share_pct / 100.0).sum(),
    )
    ranked = g.mutate(pos=ibis.row_number().over(group_by=g.group_id, order_by=g.rank))
    top = ranked.filter(ranked.pos == 0).select(
        "group_id", top_input_id="input_id", top_input_name="input_name"
    )
    t = agg.join(top, "group_id").join(_group_names(engine, by), "group_id", how="left")
    t = t.drop("group_id_right").rename(group="group_id")
    return t.mutate(
        by=ibis.literal(by), at=ibis.literal(at), focal=ibis.literal(focal),
        coalition=ibis.literal(coalition.label),
    )  # fmt: skip


def _group_names(engine: AnalyticsEngine, by: ExposureBy) -> ir.Table:
    """group_id, group_name: domain names, or stage names (the stage inputs' names)."""
    if by == "domain":
        d = engine.table("domains")
        return d.select(group_id="domain_id", group_name="name_en")
    i = engine.table("supply_inputs")
    i = i.filter(i.input_type == "stage")
    return i.select(group_id="input_id", group_name="input_name")


def chokepoints_series(
    engine: AnalyticsEngine,
    years: list[int],
    coalition: Coalition,
    focal: str = "CN",
    stage: str | None = None,
    today: dt.date | None = None,
) -> ir.Table:
    """:func:`chokepoints` for each year: the coalition as of 31 December (today for this year),
    each input's data year at most that year; ``as_of_year`` says which."""
    parts = [
        chokepoints(engine, as_of_date(y, today), coalition, focal, y, stage).mutate(
            as_of_year=ibis.literal(y)
        )
        for y in years
    ]
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def exposure_series(
    engine: AnalyticsEngine,
    years: list[int],
    coalition: Coalition,
    focal: str = "CN",
    by: ExposureBy = "domain",
    today: dt.date | None = None,
) -> ir.Table:
    """:func:`exposure` for each year, as :func:`chokepoints_series` reads years."""
    parts = [
        exposure(engine, as_of_date(y, today), coalition, focal, by, y).mutate(
            as_of_year=ibis.literal(y)
        )
        for y in years
    ]
    return ibis.union(*parts) if len(parts) > 1 else parts[0]
