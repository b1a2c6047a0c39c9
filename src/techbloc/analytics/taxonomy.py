"""Technology domains as leaves: a fact about a parent domain covers each of its children.

The taxonomy has two levels (7 parents, 27 leaves). A fact (an alliance's field, a measure, a listed
entity's domain) that names a parent domain covers every leaf below it in full; a fact that names a
leaf covers that leaf. The comprehensiveness and pressure indicators count leaves.
"""

from __future__ import annotations

import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine


def leaf_domains(engine: AnalyticsEngine) -> ir.Table:
    """domain_id, parent_id: the domains that are no other domain's parent."""
    d = engine.table("domains")
    parents = d.filter(d.parent_id.notnull()).select(domain_id=d.parent_id).distinct()
    return d.anti_join(parents, "domain_id").select("domain_id", "parent_id")


def domain_to_leaves(engine: AnalyticsEngine) -> ir.Table:
    """domain_id, leaf_id: each leaf maps to itself, each parent to each of its leaves."""
    leaves = leaf_domains(engine)
    itself = leaves.select("domain_id", leaf_id=leaves.domain_id)
    below = leaves.filter(leaves.parent_id.notnull()).select(
        domain_id=leaves.parent_id, leaf_id=leaves.domain_id
    )
    return itself.union(below)


def expand_to_leaves(
    engine: AnalyticsEngine, facts: ir.Table, key: str, domain_column: str = "domain_id"
) -> ir.Table:
    """``key``, leaf_id: the distinct leaves that the facts' domains cover (unknown ids drop)."""
    mapping = domain_to_leaves(engine)
    joined = facts.join(mapping, facts[domain_column] == mapping.domain_id)
    return joined.select(key, "leaf_id").distinct()
