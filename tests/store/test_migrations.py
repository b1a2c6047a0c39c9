"""A migration numbered below the latest one (0004 after 0005) still reaches every store."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from techbloc.store.build import build_store
from techbloc.store.connection import open_store
from techbloc.store.schema import missing_migrations


def _without_ownership(builtin_db: Path, tmp_path: Path) -> Path:
    """A store as built before 0004 existed: 0005 applied, 0004 not."""
    path = tmp_path / "before-0004.duckdb"
    shutil.copyfile(builtin_db, path)
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE ownerships")
    con.execute("DROP TABLE related_parties")
    con.execute("DELETE FROM schema_migrations WHERE version = 4")
    assert [m.version for m in missing_migrations(con)] == [4]
    con.close()
    return path


def _tables(path: Path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        return {str(r[0]) for r in rows}
    finally:
        con.close()


def test_a_skipped_migration_is_applied(builtin_db: Path, tmp_path: Path) -> None:
    path = _without_ownership(builtin_db, tmp_path)
    opened = open_store(path)  # opening migrates (through build_store)
    opened.con.close()
    assert any("migrated" in notice for notice in opened.notices)
    assert {"ownerships", "related_parties"} <= _tables(path)
    again = build_store(path)
    assert again.status == "unchanged" and again.migrations_applied == []
