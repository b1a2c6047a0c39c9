"""Restore a store from an export folder: checked first, built aside, swapped in at once.

1. Every file the manifest names is checked against its SHA-256 (an error names the file that
   differs or is missing) before anything is written.
2. A new store is built in a temporary file next to the target: the migrations the export's store
   had, then every table loaded from its Parquet file (row counts, and the content digests when
   the DuckDB version is the one that exported, checked), then the migrations shipped since, the
   sequences advanced, the full-text index rebuilt if there was one; checkpointed and closed.
3. The new file replaces the target in one ``os.replace`` (atomic on one file system). An existing
   store is replaced only with ``force``; it is checkpointed first, so that no write-ahead log of
   the old store is left to be replayed onto the new one.

Interrupted anywhere, the target is the old store or the new one, never a mix; a failed restore
leaves no temporary file.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from techbloc.errors import InvalidArgument, StoreError
from techbloc.store.build import remove_stale
from techbloc.store.digest import table_columns, table_digest
from techbloc.store.manifest import Manifest, file_sha256, read_manifest
from techbloc.store.schema import migrate, migrations


@dataclass(frozen=True)
class RestoreReport:
    db_path: Path
    tables: int
    rows: int
    replaced: bool
    migrations_after: list[str]
    """Migrations shipped since the export, applied after loading."""


def verify_export(folder: Path) -> Manifest:
    """The export's manifest, once every file it names matches its SHA-256."""
    manifest = read_manifest(folder)
    for table, entry in sorted(manifest.tables.items()):
        path = folder / entry.file
        if Path(entry.file).name != entry.file or not path.is_file():
            raise InvalidArgument(f"{folder}: the file {entry.file} of table {table} is missing")
        if file_sha256(path) != entry.sha256:
            raise InvalidArgument(
                f"{path}: its SHA-256 differs from the manifest's: the file was changed or damaged",
                hint="restore from an intact copy of the export; nothing was written",
            )
    return manifest


def restore_store(folder: Path, db_path: Path, force: bool = False) -> RestoreReport:
    """Rebuild the store at ``db_path`` from the export in ``folder`` (see the module docstring)."""
    folder = folder.expanduser()
    manifest = verify_export(folder)
    existed = db_path.exists()
    if existed and not force:
        raise InvalidArgument(
            f"a store already exists at {db_path}",
            hint="give --db another path, or --force to replace it (the export stays untouched)",
        )
    shipped = {m.version: m for m in migrations()}
    versions = [int(m["version"]) for m in manifest.migrations]
    unknown = [v for v in versions if v not in shipped]
    if unknown:
        raise StoreError(
            f"the export was made by a newer techbloc (migrations {unknown} are unknown here)",
            hint="restore it with the techbloc version that exported it, or a newer one",
        )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(db_path, "restoring")
    temporary = db_path.parent / f".{db_path.name}.restoring-{os.getpid()}"
    _remove(temporary)
    try:
        later = _build(folder, manifest, temporary, set(versions))
        if existed:
            _checkpoint(db_path)
        temporary.replace(db_path)
        _sync_folder(db_path.parent)
    finally:
        _remove(temporary)
    rows = sum(t.rows for t in manifest.tables.values())
    return RestoreReport(db_path, len(manifest.tables), rows, existed, later)


def _build(folder: Path, manifest: Manifest, path: Path, versions: set[int]) -> list[str]:
    con = duckdb.connect(str(path))
    try:
        migrate(con, only=versions)
        con.execute("BEGIN TRANSACTION")
        try:
            for table, entry in sorted(manifest.tables.items()):
                _load(con, folder, table, entry.file, [c["name"] for c in entry.columns])
                digest = table_digest(con, table)
                if digest.rows != entry.rows:
                    raise StoreError(f"{table}: {digest.rows} rows loaded, the manifest says "
                                     f"{entry.rows}")  # fmt: skip
                if manifest.duckdb_version == duckdb.__version__ and (
                    digest.content != entry.content_digest
                ):
                    raise StoreError(f"{table}: the rows loaded differ from the rows exported")
            for name, next_value in manifest.sequences.items():
                _advance(con, name, next_value)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        later = [f"{m.version:04d}_{m.name}" for m in migrate(con)]
        if manifest.fts_index:
            from techbloc.documents.search_index import index_documents

            index_documents(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return later


def _load(
    con: duckdb.DuckDBPyConnection, folder: Path, table: str, file: str, columns: list[str]
) -> None:
    present = {name for name, _ in table_columns(con, table)}
    if not present:
        raise StoreError(f"the export holds a table {table} that this schema does not have")
    missing = [c for c in columns if c not in present]
    if missing:
        raise StoreError(f"{table}: this schema has no column(s) {', '.join(missing)}")
    names = ", ".join(f'"{c}"' for c in columns)
    source = str(folder / file).replace("'", "''")
    con.execute(f'DELETE FROM "{table}"')  # what the migrations may have put there
    con.execute(f"INSERT INTO \"{table}\" ({names}) SELECT {names} FROM read_parquet('{source}')")


def _advance(con: duckdb.DuckDBPyConnection, name: str, next_value: int) -> None:
    """Take values from the new sequence until the next one it gives is ``next_value``."""
    row = con.execute(
        "SELECT start_value FROM duckdb_sequences() WHERE sequence_name = ?", [name]
    ).fetchone()
    if row is None:
        raise StoreError(f"the export has a sequence {name} that this schema does not have")
    steps = next_value - int(row[0])
    if steps > 0:
        con.execute(f"SELECT max(nextval('{name}')) FROM range({steps})")


def _checkpoint(db_path: Path) -> None:
    """Fold the old store's write-ahead log into its file (nothing of it may outlive the swap)."""
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"the store {db_path} is in use by another process: {exc}",
                hint="close the other techbloc process, then restore again",
            ) from exc
        # a damaged store cannot be checkpointed: its log goes aside, with it
        wal = Path(f"{db_path}.wal")
        if wal.exists():
            wal.replace(Path(f"{db_path}.wal.before-restore"))
        return
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
