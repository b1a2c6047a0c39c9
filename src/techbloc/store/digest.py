"""What a store holds, table by table: row count and a digest of the rows' content.

The digest is the sum of DuckDB's 64-bit hash of every row: independent of row order, changed by
any added, removed or altered row (a repeated row counts twice). It compares stores made by the
same DuckDB version (the hash function is DuckDB's own); it is how tests tell "exactly as
before" from "anything else", and how a restore checks what it loaded. ``skip_types`` leaves out
columns of those types (the time an import ran, which no two runs share).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

CLOCK_TYPES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE")
"""Columns that hold when something ran (imported_at, applied_at …)."""


@dataclass(frozen=True, order=True)
class TableDigest:
    rows: int
    content: str


def base_tables(con: duckdb.DuckDBPyConnection, schema: str = "main") -> list[str]:
    """The tables (not views) of ``schema``, by name."""
    rows = con.execute(
        """SELECT table_name FROM information_schema.tables
           WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name""",
        [schema],
    ).fetchall()
    return [str(row[0]) for row in rows]


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, type) of the table's columns, in order."""
    rows = con.execute(
        """SELECT column_name, data_type FROM information_schema.columns
           WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position""",
        [table],
    ).fetchall()
    return [(str(name), str(kind)) for name, kind in rows]


def table_digest(
    con: duckdb.DuckDBPyConnection, table: str, skip_types: Iterable[str] = (), where: str = "true"
) -> TableDigest:
    """The table's digest; ``where`` (SQL written by the caller, never input) picks rows."""
    skip = set(skip_types)
    kept = [f'"{name}"' for name, kind in table_columns(con, table) if kind not in skip]
    select = ", ".join(kept) or "NULL"
    row = con.execute(
        f'SELECT count(*), sum(hash(t)::HUGEINT) FROM (SELECT {select} FROM "{table}" '
        f"WHERE {where}) t"
    ).fetchone()
    count, total = (row or (0, None))[:2]
    return TableDigest(int(count), f"{int(total or 0) % 2**64:016x}")


def store_digest(
    con: duckdb.DuckDBPyConnection, skip_types: Iterable[str] = ()
) -> dict[str, TableDigest]:
    """Every table of the main schema with its digest."""
    skip = tuple(skip_types)
    return {table: table_digest(con, table, skip) for table in base_tables(con)}
