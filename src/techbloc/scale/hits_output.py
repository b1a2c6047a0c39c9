"""Writing screening hits: one CSV file, one Parquet file, or a folder of Parquet parts.

The columns are those of the single-machine batch (``techbloc.matching.batch.HIT_COLUMNS``); their
types are declared once here, for DuckDB's Parquet writer and for Spark's schema alike. Single
files are written by the driver from rows in query order, by the same code for both engines, so the
two engines' files can be compared byte for byte.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.matching.batch import HIT_COLUMNS

# Columns that are not text; every other hit column is text.
NON_TEXT = {"query_row": "BIGINT", "rank": "INTEGER", "score": "DOUBLE"}


class OutputKind(Enum):
    CSV = "csv"
    PARQUET = "parquet"
    FOLDER = "folder"


def output_kind(path: Path) -> OutputKind:
    """A .csv or .parquet name is one file; anything else is a folder of Parquet parts."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return OutputKind.CSV
    if suffix == ".parquet":
        return OutputKind.PARQUET
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise InvalidArgument(
            f"{path} already exists: a folder of hits must be new or empty",
            hint="name a new folder, or a file ending in .csv or .parquet",
        )
    return OutputKind.FOLDER


def sql_type(column: str) -> str:
    return NON_TEXT.get(column, "VARCHAR")


def write_hits(rows: Iterable[Mapping[str, object]], path: Path, kind: OutputKind) -> int:
    """Write hit rows (dicts keyed by HIT_COLUMNS) to ``path``; returns how many were written.

    A folder receives one part file (``part-00000.parquet``). The file appears only when complete.
    """
    if kind is OutputKind.FOLDER:
        path.mkdir(parents=True, exist_ok=True)
        return write_hits(rows, path / "part-00000.parquet", OutputKind.PARQUET)
    partial = path.with_name(path.name + ".partial")
    try:
        if kind is OutputKind.CSV:
            count = _write_csv(rows, partial)
        else:
            with tempfile.TemporaryDirectory(prefix="techbloc-hits-") as folder:
                staged = Path(folder) / "hits.ndjson"
                count = _write_ndjson(rows, staged)
                _ndjson_to_parquet(staged, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write_csv(rows: Iterable[Mapping[str, object]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HIT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_ndjson(rows: Iterable[Mapping[str, object]], path: Path) -> int:
    """JSON lines keep empty text apart from missing values, which CSV cannot."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({c: row[c] for c in HIT_COLUMNS}, ensure_ascii=False))
            handle.write("\n")
            count += 1
    return count


def _ndjson_to_parquet(source: Path, target: Path) -> None:
    columns = ", ".join(f"{c}: '{sql_type(c)}'" for c in HIT_COLUMNS)
    selected = ", ".join(HIT_COLUMNS)
    con = duckdb.connect()
    try:
        con.execute(
            f"COPY (SELECT {selected} FROM read_json(?, format = 'newline_delimited', "
            f"columns = {{{columns}}})) TO '{_sql_path(target)}' (FORMAT parquet)",
            [str(source)],
        )
    finally:
        con.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
