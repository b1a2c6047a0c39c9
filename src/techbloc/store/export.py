"""Export the whole store to a folder: one Parquet file per table and a manifest.

Every table of the store's main schema is written with DuckDB's ``COPY … (FORMAT parquet)``;
views are not data (the schema recreates them), nor is the full-text index (a restore rebuilds
it). The folder is written under a temporary name next to the one asked for and renamed when
complete, so a folder with the asked name is always a whole export.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from techbloc import __version__
from techbloc.errors import InvalidArgument
from techbloc.store.digest import base_tables, table_columns, table_digest
from techbloc.store.manifest import MANIFEST, Manifest, TableEntry, file_sha256
from techbloc.store.schema import current_version

FTS_SCHEMA = "fts_main_document_search"


@dataclass(frozen=True)
class ExportReport:
    folder: Path
    tables: int
    rows: int
    bytes: int


def default_export_folder(now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%dT%H%M%S")
    return Path(f"techbloc-export-{stamp}")


def export_store(con: duckdb.DuckDBPyConnection, out: Path) -> ExportReport:
    """Write every table of the store ``con`` and a manifest to the new folder ``out``."""
    out = out.expanduser()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InvalidArgument(
            f"{out} already exists and is not an empty folder",
            hint="give --out a new folder (an export never mixes with other files)",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        manifest = _write(con, staging)
        manifest.write(staging)
        if out.exists():
            out.rmdir()
        staging.replace(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    rows = sum(t.rows for t in manifest.tables.values())
    size = sum(p.stat().st_size for p in out.iterdir())
    return ExportReport(out, len(manifest.tables), rows, size)


def _write(con: duckdb.DuckDBPyConnection, folder: Path) -> Manifest:
    migrations = con.execute(
        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
    ).fetchall()
    manifest = Manifest(
        techbloc_version=__version__,
        duckdb_version=duckdb.__version__,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        schema_version=current_version(con),
        migrations=[
            {"version": int(v), "name": str(n), "applied_at": str(a)} for v, n, a in migrations
        ],  # fmt: skip
        sequences=_sequences(con),
        fts_index=_has_schema(con, FTS_SCHEMA),
    )
    for table in base_tables(con):
        path = folder / f"{table}.parquet"
        con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{_quoted(path)}' (FORMAT parquet)")
        digest = table_digest(con, table)
        manifest.tables[table] = TableEntry(
            file=path.name,
            rows=digest.rows,
            columns=[{"name": n, "type": t} for n, t in table_columns(con, table)],
            sha256=file_sha256(path),
            content_digest=digest.content,
        )
    if (folder / MANIFEST).exists():  # a table named 'manifest.json' cannot exist; be sure
        raise InvalidArgument("the store holds a table whose file name is the manifest's")
    return manifest


def _sequences(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Sequence → the next value it may give without repeating one it gave. (DuckDB reports a
    reopened store's sequence with start and last value both at the next value, an open one
    with its true last value: the larger of start and last + 1 is never one already given.)"""
    rows = con.execute(
        "SELECT sequence_name, start_value, last_value FROM duckdb_sequences() "
        "WHERE schema_name = 'main'"
    ).fetchall()
    return {
        str(name): max(int(start), int(last) + 1) if last is not None else int(start)
        for name, start, last in rows
    }


def _has_schema(con: duckdb.DuckDBPyConnection, schema: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ?", [schema]
    ).fetchone()
    return bool(row and row[0])


def _quoted(path: Path) -> str:
    """A path inside a SQL string literal."""
    return str(path).replace("'", "''")
