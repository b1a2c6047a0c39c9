"""Economic weight of a group of countries: its share of world GDP, R&D spending and high-tech
exports.

The knowledge base holds each figure with its year, and not every economy has every figure for every
year. For a reference year Y each economy's value is the one whose year is nearest Y (on a tie the
earlier year), provided it lies within ``max_gap`` years; older or newer figures are not used.
R&D spending is GDP × R&D intensity / 100, each from its own nearest year (intensity changes slowly;
the years of both are kept).

A group's share is the sum over its members with a value divided by the world:

* **world** is the knowledge base's world total (the values of the aggregate actor ``XW``) where it
  has one for the indicator within ``max_gap`` years, else the sum over every economy (country or
  territory) with a value — which the row says (``world_basis``);
* where the world would be a sum and no economy outside the group has a value, the share is not
  computed (it would be the group's own total): ``share`` is null and ``world_basis`` says why;
* **coverage**: members that are economies, how many have a value, and which do not. A share from
  incomplete data is an undercount of the group and says so; missing values are never zero.

Supranational members (the EU) are members but not economies: their member states count where they
are members themselves, and the EU's own figures would count them twice.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine

GDP = "gdp_usd"
RD_INTENSITY = "rd_expenditure_pct_gdp"
RD_SPENDING = "rd_expenditure_usd"
HIGHTECH = "hightech_exports_usd"
SHARE_INDICATORS = (GDP, RD_SPENDING, HIGHTECH)
"""The indicators whose world shares the assessment reports (R&D spending derived from two)."""

ECONOMY_KINDS = ("country", "territory")
WORLD_KIND = "aggregate"
MAX_YEAR_GAP = 10
"""Figures more than this many years from the reference year are not used."""

BASIS_WORLD_TOTAL = "kb_world_total"
BASIS_SUM = "sum_of_economies_with_value"
BASIS_NONE = "none: no economy outside the group has a value"
BASIS_NO_DATA = "none: no member has a value"


def _f(value: float) -> ir.FloatingScalar:
    """A float64 literal (Spark would otherwise read 1095.75 as a decimal of limited scale)."""
    return ibis.literal(float(value), type="float64")


def nearest_values(
    engine: AnalyticsEngine, ref_years: ir.Table, max_gap: int = MAX_YEAR_GAP
) -> ir.Table:
    """ref_year, actor_code, actor_kind, indicator, year, gdp_year, value: for every reference year
    (a table with an integer column ``ref_year``) each actor's figure nearest that year, per
    indicator of :data:`SHARE_INDICATORS` (R&D spending has ``year`` of its intensity and
    ``gdp_year`` of its GDP; the others have gdp_year null)."""
    attrs = engine.table("country_attributes")
    years = ref_years.select("ref_year").distinct()
    joined = years.cross_join(attrs)
    joined = joined.mutate(gap=(joined.year - joined.ref_year).abs())
    joined = joined.filter(joined.gap <= max_gap)
    key = joined.gap * 10000 + joined.year
    nearest = joined.group_by(["ref_year", "actor_code", "indicator"]).aggregate(
        year=joined.year.argmin(key), value=joined.value.argmin(key)
    )
    actors = engine.table("actors").select("actor_code", "actor_kind")
    nearest = nearest.join(actors, "actor_code")
    gdp = nearest.filter(nearest.indicator == GDP)
    intensity = nearest.filter(nearest.indicator == RD_INTENSITY).select(
        "ref_year", "actor_code", rd_year=nearest.year, rd_pct=nearest.value
    )
    spending = gdp.join(intensity, ["ref_year", "actor_code"])
    spending = spending.select(
        "ref_year",
        "actor_code",
        "actor_kind",
        indicator=ibis.literal(RD_SPENDING),
        year=spending.rd_year.cast("int64"),
        gdp_year=spending.year.cast("int64"),
        value=(spending.value * spending.rd_pct / _f(100.0)).cast("float64"),
    )
    plain = nearest.filter(nearest.indicator.isin([GDP, HIGHTECH])).select(
        "ref_year",
        "actor_code",
        "actor_kind",
        "indicator",
        year=nearest.year.cast("int64"),
        gdp_year=ibis.null().cast("int64"),
        value=nearest.value.cast("float64"),
    )
    return plain.union(spending)


def world_values(values: ir.Table) -> ir.Table:
    """ref_year, indicator, world_total, world_total_year, world_sum, world_economies: the
    knowledge base's world total (null when it has none) and the sum over economies with a value."""
    totals = values.filter(values.actor_kind == WORLD_KIND)
    totals = totals.group_by(["ref_year", "indicator"]).aggregate(
        world_total=totals.value.max(), world_total_year=totals.year.max()
    )
    economies = values.filter(values.actor_kind.isin(list(ECONOMY_KINDS)))
    sums = economies.group_by(["ref_year", "indicator"]).aggregate(
        world_sum=economies.value.sum(), world_economies=economies.actor_code.count()
    )
    return sums.left_join(totals, ["ref_year", "indicator"]).select(
        "ref_year",
        "indicator",
        "world_total",
        "world_total_year",
        "world_sum",
        "world_economies",
    )


def group_shares(
    engine: AnalyticsEngine, groups: ir.Table, max_gap: int = MAX_YEAR_GAP
) -> ir.Table:
    """One row per group and indicator of :data:`SHARE_INDICATORS`.

    ``groups`` has columns group_id, ref_year, actor_code (its members). Columns: group_id,
    ref_year, indicator, economies (members that are economies), with_value, missing (the
    economies without a value), years (the years of the values used), gdp_years (for R&D
    spending), value_sum, world_value, world_basis, world_year, share.
    """
    actors = engine.table("actors").select("actor_code", "actor_kind")
    members = (
        groups.select("group_id", "ref_year", "actor_code").distinct().join(actors, "actor_code")
    )
    members = members.filter(members.actor_kind.isin(list(ECONOMY_KINDS)))
    indicators = engine.memtable([{"indicator": i} for i in SHARE_INDICATORS], {"indicator": "str"})
    values = nearest_values(engine, groups, max_gap)
    wanted = members.cross_join(indicators)
    found = wanted.left_join(
        values.select("ref_year", "actor_code", "indicator", "year", "gdp_year", "value"),
        ["ref_year", "actor_code", "indicator"],
    )
    found = found.select(
        "group_id", "ref_year", "actor_code", "indicator", "year", "gdp_year", "value"
    )
    summed = found.group_by(["group_id", "ref_year", "indicator"]).aggregate(
        economies=found.actor_code.count(),
        with_value=found.value.count(),
        missing=found.actor_code.collect(where=found.value.isnull()),
        years=found.year.collect(where=found.value.notnull()),
        gdp_years=found.gdp_year.collect(where=found.gdp_year.notnull()),
        value_sum=found.value.sum(),
    )
    world = world_values(values)
    joined = summed.left_join(world, ["ref_year", "indicator"])
    outside = joined.world_economies.fill_null(0) - joined.with_value
    has_total = joined.world_total.notnull()
    usable_sum = joined.world_sum.notnull() & (outside > 0)
    no_data = joined.with_value == 0
    world_value = ibis.cases((has_total, joined.world_total), (usable_sum, joined.world_sum))
    basis = ibis.cases(
        (has_total, ibis.literal(BASIS_WORLD_TOTAL)),
        (no_data, ibis.literal(BASIS_NO_DATA)),
        (usable_sum, ibis.literal(BASIS_SUM)),
        else_=ibis.literal(BASIS_NONE),
    )
    share = ibis.cases((~no_data & (has_total | usable_sum), joined.value_sum / world_value))
    return joined.select(
        "group_id",
        "ref_year",
        "indicator",
        "economies",
        "with_value",
        "missing",
        "years",
        "gdp_years",
        "value_sum",
        world_value=world_value,
        world_basis=basis,
        world_year=ibis.cases((has_total, joined.world_total_year)),
        world_economies=joined.world_economies,
        share=share,
    )
