"""The trajectory dimensions a measure acts along: its own tags, else a rule by instrument.

Measures in the register may carry ``dimensions`` (docs/kb-format.md). Where a measure has none,
its dimension follows from its instrument and direction by the table below, which reads the
definitions of ``taxonomy/dimensions.yaml``:

* development — creating technology together: ``joint_rd``;
* application — rules on who may use which technology, joint deployment: ``standards_coordination``,
  ``market_access_restriction``, ``procurement_ban``, ``data_security``;
* sharing — exchanging technology, information and lists among members: ``dialogue_coordination``
  and export controls *eased among members* (``export_control`` with direction cooperative, e.g.
  the AUKUS licence-free trade);
* transformation — turning technology into industry and markets: ``supply_chain_coordination``,
  ``financing``;
* spillover — controlling or promoting flows to non-members: restrictive or relaxing
  ``export_control``, ``entity_listing``, ``direct_product_rule``, investment screening,
  ``visa_talent_restriction``, ``research_security``, ``sanctions``.

``tariff`` has no dimension (it acts on trade, not on technology flows) and contributes nothing.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine

ANY = "*"
DIRECTIONS = ("restrictive", "cooperative", "relaxing")

# (instrument, direction or ANY) → dimension. The first matching row wins: specific directions
# are listed before ANY for the same instrument.
INSTRUMENT_DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("joint_rd", ANY, "development"),
    ("standards_coordination", ANY, "application"),
    ("market_access_restriction", ANY, "application"),
    ("procurement_ban", ANY, "application"),
    ("data_security", ANY, "application"),
    ("dialogue_coordination", ANY, "sharing"),
    ("export_control", "cooperative", "sharing"),
    ("supply_chain_coordination", ANY, "transformation"),
    ("financing", ANY, "transformation"),
    ("export_control", ANY, "spillover"),
    ("entity_listing", ANY, "spillover"),
    ("direct_product_rule", ANY, "spillover"),
    ("inbound_investment_screening", ANY, "spillover"),
    ("outbound_investment_screening", ANY, "spillover"),
    ("visa_talent_restriction", ANY, "spillover"),
    ("research_security", ANY, "spillover"),
    ("sanctions", ANY, "spillover"),
)


def instrument_dimension_rows() -> list[dict[str, str]]:
    """The rule table with ANY expanded: one row per (instrument, direction)."""
    chosen: dict[tuple[str, str], str] = {}
    for instrument, direction, dimension in INSTRUMENT_DIMENSIONS:
        for d in DIRECTIONS if direction == ANY else (direction,):
            chosen.setdefault((instrument, d), dimension)
    return [
        {"instrument_id": i, "direction": d, "dimension_id": dim}
        for (i, d), dim in sorted(chosen.items())
    ]


def measure_dimensions(engine: AnalyticsEngine) -> ir.Table:
    """measure_id, dimension_id, dimension_basis ('tagged' | 'instrument'): every measure's
    dimensions."""
    m = engine.table("measures")
    has_tags = m.dimensions.notnull() & (m.dimensions.length() > 0)
    tagged = m.filter(has_tags).select(
        measure_id=m.measure_id.cast("string"),
        dimension_id=m.dimensions.unnest().cast("string"),
        dimension_basis=ibis.literal("tagged"),
    )
    rules = engine.memtable(
        instrument_dimension_rows(),
        {"instrument_id": "string", "direction": "string", "dimension_id": "string"},
    )
    untagged = m.filter(~has_tags)
    ruled = untagged.join(rules, ["instrument_id", "direction"])
    ruled = ruled.select(
        measure_id=ruled.measure_id.cast("string"),
        dimension_id=ruled.dimension_id.cast("string"),
        dimension_basis=ibis.literal("instrument"),
    )
    return tagged.union(ruled).distinct()
