"""Run an expression once and reuse its rows: a small intermediate result (the groups of a date, the
breadth of each measure) becomes an in-memory table on the same engine, so that the expressions
built on it do not recompute it — Spark plans a repeated sub-expression again each time."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine


def materialize(engine: AnalyticsEngine, expr: ir.Table) -> ir.Table:
    """``expr``'s rows as a memtable with ``expr``'s schema (for results of a few thousand rows)."""
    return ibis.memtable(engine.rows(expr), schema=expr.schema())
