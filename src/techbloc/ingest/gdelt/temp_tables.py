"""Small temporary tables from Python lists in one statement (``executemany`` is slow in DuckDB:
about a millisecond a row)."""

from __future__ import annotations

from typing import Any

import duckdb


def temp_table(
    con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, tuple[str, list[Any]]]
) -> None:
    """``CREATE OR REPLACE TEMP TABLE name`` with the given columns (name → (SQL type, values));
    the value lists have one length."""
    lengths = {len(values) for _, values in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of {name} differ in length: {sorted(lengths)}")
    select = ", ".join(
        f"unnest(${i}::{sql_type}[]) AS {column}"
        for i, (column, (sql_type, _)) in enumerate(columns.items(), start=1)
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}",
        [values for _, values in columns.values()],
    )
