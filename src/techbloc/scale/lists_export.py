"""The lists a screening needs, exported from the store so that other processes can rebuild them.

Spark executors have no access to the driver's DuckDB store. The driver therefore writes the two
tables the matcher reads (``listed_entities`` and the name bridge's ``organisation_names``) to
Parquet, whole and in the store's row order; an executor loads them into an in-memory DuckDB and
calls the very constructors the single-machine path calls (``ScreeningIndex.from_store``,
``NameBridge.from_store``). No matching code is duplicated, so the index cannot drift from the
store's. File names carry a digest of the contents, so two different stores never collide.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex

# Each table, with the order in which its rows are copied (NameBridge reads in rowid order).
TABLES = {"listed_entities": "entity_id", "organisation_names": "rowid"}


@dataclass(frozen=True)
class ExportedLists:
    """Parquet copies of the screening tables: ``files`` maps a table to its file."""

    digest: str
    files: dict[str, Path]


def export_lists(con: duckdb.DuckDBPyConnection, folder: Path) -> ExportedLists:
    """Write the screening tables of the store behind ``con`` to Parquet files in ``folder``."""
    staged = Path(tempfile.mkdtemp(prefix="export-", dir=folder))
    for table, order in TABLES.items():
        target = staged / f"{table}.parquet"
        con.execute(
            f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{_sql_path(target)}' "
            "(FORMAT parquet)"
        )
    digest = hashlib.sha256()
    for table in TABLES:
        digest.update((staged / f"{table}.parquet").read_bytes())
    short = digest.hexdigest()[:16]
    files = {}
    for table in TABLES:
        named = folder / f"techbloc-{table}-{short}.parquet"
        (staged / f"{table}.parquet").replace(named)
        files[table] = named
    staged.rmdir()
    return ExportedLists(short, files)


def export_for_process(con: duckdb.DuckDBPyConnection) -> ExportedLists:
    """Export into a folder that lives as long as this process (Spark serves files from it)."""
    global _FOLDER
    if _FOLDER is None:
        _FOLDER = Path(tempfile.mkdtemp(prefix="techbloc-lists-"))
        atexit.register(shutil.rmtree, _FOLDER, True)
    return export_lists(con, _FOLDER)


_FOLDER: Path | None = None


def load_lists(files: dict[str, Path]) -> tuple[ScreeningIndex, NameBridge]:
    """The screening index and name bridge rebuilt from exported tables (in an in-memory DuckDB)."""
    con = duckdb.connect()
    try:
        for table in TABLES:
            con.execute(
                f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{_sql_path(files[table])}')"
            )
        return ScreeningIndex.from_store(con), NameBridge.from_store(con)
    finally:
        con.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
