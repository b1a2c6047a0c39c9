"""Open the store for queries: build it when missing, refuse a newer schema, flag a stale one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from techbloc.errors import StoreError
from techbloc.kb.loader import DATA_DIR, hash_kb
from techbloc.store.build import build_store
from techbloc.store.schema import LATEST_VERSION, current_version, missing_migrations


@dataclass
class OpenedStore:
    con: duckdb.DuckDBPyConnection
    path: Path
    notices: list[str] = field(default_factory=list)


def open_store(path: Path, build_if_missing: bool = True) -> OpenedStore:
    """A read-only connection to the store at ``path``, with notices for the user."""
    notices = []
    if not path.exists():
        if not build_if_missing:
            raise StoreError(f"no store at {path}", hint="run 'techbloc init' to build it")
        build_store(path)
        notices.append(f"built the store at {path} from the built-in knowledge base")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(
            f"cannot open the store {path}: {exc}",
            hint="is another techbloc process writing to it? If not, rebuild: 'techbloc init'",
        ) from exc
    version = current_version(con)
    if version > LATEST_VERSION:
        con.close()
        raise StoreError(
            f"the store {path} has schema version {version}, newer than this techbloc "
            f"({LATEST_VERSION})",
            hint="upgrade techbloc, or point --db at another store",
        )
    if version < LATEST_VERSION or missing_migrations(con):
        con.close()
        build_store(path)
        notices.append(f"migrated the store at {path} to schema version {LATEST_VERSION}")
        con = duckdb.connect(str(path), read_only=True)
    row = con.execute("SELECT value FROM store_meta WHERE key = 'kb_hash'").fetchone()
    if row is None:
        notices.append(f"the store at {path} holds no knowledge base yet: run 'techbloc init'")
    elif row[0] != hash_kb(DATA_DIR):
        notices.append(
            "the store was built from another version of the knowledge base: "
            "run 'techbloc init' to refresh it"
        )
    return OpenedStore(con, path, notices)


def connect_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the store at ``path``; a store that another process holds, or
    a file that is not a store, is a :class:`StoreError`."""
    try:
        return duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise StoreError(
            f"cannot open the store {path} for writing: {exc}",
            hint="is another techbloc process writing to it? Wait for it to finish",
        ) from exc
