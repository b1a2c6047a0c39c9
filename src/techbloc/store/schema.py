"""Schema versions: numbered SQL migrations applied in order, recorded in ``schema_migrations``."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from importlib import resources

import duckdb


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The migrations shipped in ``techbloc/store/migrations``, by version."""
    found = []
    for entry in resources.files("techbloc.store").joinpath("migrations").iterdir():
        match = re.match(r"^(\d{4})_(\w+)\.sql$", entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


LATEST_VERSION = max(m.version for m in migrations())


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of a store; 0 for an empty file."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or exists[0] == 0:
        return 0
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def missing_migrations(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """The shipped migrations a store has not applied, by version. Not only those above its
    version: a migration numbered below the latest (0004 arriving after 0005 from another line
    of work) is missing from stores built in between, and is applied to them too."""
    if current_version(con) == 0:
        return migrations()
    done = {int(row[0]) for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    return [m for m in migrations() if m.version not in done]


def migrate(con: duckdb.DuckDBPyConnection, only: Collection[int] | None = None) -> list[Migration]:
    """Apply the missing migrations (those numbered in ``only``, when given), each in its own
    transaction; returns what was applied."""
    pending = [m for m in missing_migrations(con) if only is None or m.version in only]
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT now())"
    )
    applied = []
    for migration in pending:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                [migration.version, migration.name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration)
    return applied
