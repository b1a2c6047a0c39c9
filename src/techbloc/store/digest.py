"""What a store holds, table by table: row count and a digest of the rows' content.

The digest is the sum of DuckDB's 64-bit hash of every row: independent of row order, changed by
any added, removed or altered row (a repeated row counts twice). It compares stores made by the
same DuckDB version (the hash function is DuckDB's own); it is how tests tell "exactly as
before" from "anything else", and how a restore checks what it loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


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


def table_digest(con: duckdb.DuckDBPyConnection, table: str) -> TableDigest:
    row = con.execute(f'SELECT count(*), sum(hash(t)::HUGEINT) FROM "{table}" t').fetchone()
    count, total = (row or (0, None))[:2]
    return TableDigest(int(count), f"{int(total or 0) % 2**64:016x}")


def store_digest(con: duckdb.DuckDBPyConnection) -> dict[str, TableDigest]:
    """Every table of the main schema with its digest."""
    return {table: table_digest(con, table) for table in base_tables(con)}
