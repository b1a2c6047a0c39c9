"""Hypothetical tables: the store's tables with rows added, changed or removed, in memory only.

An :class:`OverlayEngine` is an :class:`AnalyticsEngine` whose ``table(name)`` returns, for the
tables a scenario overrides, an Ibis expression over the engine's own table (the store's rows,
filtered, changed with ``mutate``, and unioned with a memtable of added rows) and the store's table
for every other name. Indicators read their tables through ``engine.table``, so they run unchanged
on the hypothetical tables, on DuckDB and on Spark alike; nothing is ever written to the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine


class OverlayEngine(AnalyticsEngine):
    """``base``'s tables, with some replaced by expressions (see :func:`overlay`)."""

    def __init__(self, base: AnalyticsEngine, tables: Mapping[str, ir.Table]) -> None:
        super().__init__(base.name, base.backend, ())
        self.base = base
        self.overrides = dict(tables)

    def table(self, name: str) -> ir.Table:
        if name in self.overrides:
            return self.overrides[name]
        return self.base.table(name)

    def has_table(self, name: str) -> bool:
        return name in self.overrides or self.base.has_table(name)

    def memtable(self, rows: list[dict[str, Any]], schema: dict[str, str]) -> ir.Table:
        return self.base.memtable(rows, schema)

    def rows(self, expr: ir.Table) -> list[dict[str, Any]]:
        return self.base.rows(expr)


def overlay(engine: AnalyticsEngine, name: str, table: ir.Table) -> OverlayEngine:
    """``engine`` with table ``name`` replaced by ``table`` (earlier replacements kept)."""
    if isinstance(engine, OverlayEngine):
        return OverlayEngine(engine.base, {**engine.overrides, name: table})
    return OverlayEngine(engine, {name: table})


def nullable(table: ir.Table) -> ir.Table:
    """``table`` with every column nullable (a store's NOT NULL column does not union with a
    memtable's column of the same type otherwise)."""
    schema = table.schema()
    return table.select(
        **{name: table[name].cast(dtype.copy(nullable=True)) for name, dtype in schema.items()}
    )


def with_rows(table: ir.Table, rows: list[dict[str, Any]]) -> ir.Table:
    """``table`` plus ``rows`` (columns not given are null)."""
    base = nullable(table)
    if not rows:
        return base
    schema = base.schema()
    added = ibis.memtable([{c: row.get(c) for c in schema.names} for row in rows], schema=schema)
    return base.union(added)
