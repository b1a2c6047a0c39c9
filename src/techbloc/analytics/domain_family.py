"""Which technology domains a fact about a domain also speaks for, as a table to join on.

The rule is the one of ``techbloc.query.alliances.expand_domain`` and docs/methodology.md: a domain
matches itself, its ancestors and its descendants (a measure on ``semiconductor-equipment`` is one
about ``semiconductors`` and vice versa), not its siblings. The closure over the taxonomy (a few
dozen rows) is taken in Python from the ``domains`` table and handed back as a memtable, so joins
on it run on either engine.
"""

from __future__ import annotations

import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine


def domain_families(parents: dict[str, str | None]) -> dict[str, set[str]]:
    """Each domain with its ancestors and descendants (and itself)."""

    def ancestors(domain: str) -> set[str]:
        found: set[str] = set()
        parent = parents.get(domain)
        while parent is not None and parent not in found:
            found.add(parent)
            parent = parents.get(parent)
        return found

    up = {d: ancestors(d) for d in parents}
    return {d: {d} | up[d] | {c for c in parents if d in up[c]} for d in parents}


def domain_links(engine: AnalyticsEngine) -> ir.Table:
    """domain_id, related_id: one row per domain and each domain of its family (itself included)."""
    rows = engine.rows(engine.table("domains").select("domain_id", "parent_id"))
    parents = {str(r["domain_id"]): r["parent_id"] for r in rows}
    links = [
        {"domain_id": domain, "related_id": related}
        for domain, family in sorted(domain_families(parents).items())
        for related in sorted(family)
    ]
    return engine.memtable(links, {"domain_id": "string", "related_id": "string"})


def family_of(engine: AnalyticsEngine, domain_id: str) -> list[str]:
    """The family of one domain (for filters on a single domain)."""
    rows = engine.rows(engine.table("domains").select("domain_id", "parent_id"))
    parents = {str(r["domain_id"]): r["parent_id"] for r in rows}
    return sorted(domain_families(parents).get(domain_id, {domain_id}))
