"""Small helpers to turn query results into plain, JSON-ready values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

Row = dict[str, Any]


def fetch(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> list[Row]:
    """Rows as dicts (column name → value); the SQL is always parameterised."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def show_date(value: dt.date | None, precision: str | None) -> str | None:
    """A stored (date, precision) pair as the text people wrote: 1996, 2019-05 or 2019-05-16."""
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def plain(value: Any) -> Any:
    """Dates as ISO text, recursively, so results serialise to JSON as they print."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
