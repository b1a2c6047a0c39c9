"""The single-machine engine of bulk screening: the batch path of ``techbloc.matching``.

CSV rows are read by ``batch.read_queries``, Parquet records with DuckDB in file order; both go
through ``batch.screen_queries`` (a process pool when asked, with the hits of ``screen``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.matching.batch import read_queries, screen_queries
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import DEFAULT_THRESHOLD, Hit, Query
from techbloc.scale.queries import clean_query

TEXT_TYPES = {"VARCHAR"}
FETCH = 10_000


def screen_locally(
    index: ScreeningIndex,
    bridge: NameBridge,
    path: Path,
    column: str,
    country_column: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    on_row: Callable[[int], None] | None = None,
    workers: int = 1,
) -> Iterator[tuple[Query, list[Hit]]]:
    """Each query of a CSV or Parquet file with its hits, in file order; ``workers`` processes
    share the screening (the batch path's pool: the same hits as one at a time)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        queries: Iterator[Query] = read_queries(path, column, country_column)
    elif suffix == ".parquet":
        queries = parquet_queries(path, column, country_column)
    else:
        raise InvalidArgument(
            f"{path}: bulk screening reads .csv and .parquet files",
            hint="give a file whose name ends in .csv or .parquet",
        )
    yield from screen_queries(index, queries, threshold, limit, on_row, bridge, workers)


def parquet_rows(path: Path) -> int:
    """How many records a Parquet file holds (from its footer)."""
    con = duckdb.connect()
    try:
        row = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def parquet_queries(path: Path, column: str, country_column: str | None = None) -> Iterator[Query]:
    """The queries of a Parquet file; ``row`` is the record number counted from 1."""
    con = duckdb.connect()
    try:
        try:
            described = con.execute(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                [str(path)],
            ).fetchall()
        except duckdb.Error as exc:
            raise InvalidArgument(f"cannot read {path} as Parquet: {exc}") from exc
        types = {str(name): str(kind) for name, kind in described}
        for wanted in (column, country_column):
            if wanted is None:
                continue
            if wanted not in types:
                raise InvalidArgument(
                    f"{path} has no column '{wanted}'",
                    hint=f"its columns are: {', '.join(types) or '(none)'}",
                )
            if types[wanted] not in TEXT_TYPES:
                raise InvalidArgument(
                    f"{path}: column '{wanted}' holds {types[wanted]}, not text",
                    hint="screen a text column (cast it to string first)",
                )
        country = _quoted(country_column) if country_column else "NULL"
        cursor = con.execute(
            f"SELECT file_row_number + 1, {_quoted(column)}, {country} "
            "FROM read_parquet(?, file_row_number = true) ORDER BY file_row_number",
            [str(path)],
        )
        while batch := cursor.fetchmany(FETCH):
            for row, name, code in batch:
                query = clean_query(name, code, int(row))
                if query is not None:
                    yield query
    finally:
        con.close()


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'
