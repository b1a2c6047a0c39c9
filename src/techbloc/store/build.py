"""Build the store from the knowledge base: validated, in one transaction, idempotent."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from techbloc.enrich.run import enrich_listings
from techbloc.errors import StoreError
from techbloc.kb.loader import DATA_DIR, KnowledgeBase, hash_kb, load_kb
from techbloc.kb.validate import validate_kb
from techbloc.store.kb_tables import kb_rows
from techbloc.store.schema import current_version, migrate, missing_migrations

KB_TABLES = (
    "sources", "actors", "actor_names", "domains", "stages", "dimensions", "instruments",
    "alliances", "alliance_names", "alliance_status", "alliance_dimensions", "memberships",
    "measures", "country_attributes", "country_attribute_gaps", "organisation_names",
    "country_terms",
    "trade_agreements", "trade_agreement_parties", "trade_partner_ranks", "trade_tie_gaps",
)  # fmt: skip


@dataclass
class BuildReport:
    """What `techbloc init` did."""

    path: Path
    status: Literal["created", "updated", "unchanged"]
    kb_hash: str
    migrations_applied: list[str] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)


def build_store(
    path: Path, kb: KnowledgeBase | None = None, force: bool = False, today: dt.date | None = None
) -> BuildReport:
    """Create or refresh the store at ``path`` from the knowledge base.

    The knowledge base must validate without errors. Loading replaces the knowledge-base tables in
    a single transaction: an interrupted build leaves the store as it was. A new store is built
    in a temporary file beside ``path`` and renamed to it when complete, so an interrupted first
    build leaves no store at all rather than one without its knowledge base. When the store
    already holds this exact knowledge base (same content hash) nothing is written unless
    ``force``.
    """
    existed = path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not existed:
        remove_stale(path, "building")
    target = path if existed else path.parent / f".{path.name}.building-{os.getpid()}"
    wanted_hash = kb.content_hash if kb else hash_kb(DATA_DIR)
    try:
        con = duckdb.connect(str(target))
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the store {path}: {exc}") from exc
    done = False
    try:
        stored = _stored_hash(con)
        if stored == wanted_hash and not force and not missing_migrations(con):
            return BuildReport(path, "unchanged", wanted_hash, [], _counts(con))
        kb = kb or load_kb()
        errors = [p for p in validate_kb(kb, today) if p.severity == "error"]
        if errors:
            raise StoreError(
                f"the knowledge base has {len(errors)} problem(s); the store was not changed "
                f"(first: {errors[0]})",
                hint="run 'techbloc kb validate' to list them all",
            )
        applied = [f"{m.version:04d}_{m.name}" for m in migrate(con)]
        _replace_kb(con, kb)
        status: Literal["created", "updated"] = "updated" if existed and stored else "created"
        report = BuildReport(path, status, kb.content_hash, applied, _counts(con))
        done = True
        return report
    finally:
        con.close()
        if target != path:
            if done:
                target.replace(path)
            for leftover in (target, Path(f"{target}.wal")):
                leftover.unlink(missing_ok=True)


def remove_stale(path: Path, what: str) -> None:
    """Remove what a killed build or restore of ``path`` left beside it (``.NAME.WHAT-PID`` of
    a process that no longer runs)."""
    for leftover in path.parent.glob(f".{path.name}.{what}-*"):
        pid = leftover.name.rsplit("-", 1)[-1].removesuffix(".wal")
        if pid.isdigit() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stored_hash(con: duckdb.DuckDBPyConnection) -> str | None:
    if current_version(con) == 0:
        return None
    row = con.execute("SELECT value FROM store_meta WHERE key = 'kb_hash'").fetchone()
    return str(row[0]) if row else None


def _replace_kb(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase) -> None:
    rows = kb_rows(kb)
    con.execute("BEGIN TRANSACTION")
    try:
        for table in KB_TABLES:
            con.execute(f"DELETE FROM {table}")  # table names come from KB_TABLES, not from input
            if rows[table]:
                marks = ", ".join("?" * len(rows[table][0]))
                con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
        built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for key, value in (("kb_hash", kb.content_hash), ("kb_built_at", built_at)):
            con.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [key, value])
        enrich_listings(con)  # domains and measures of listed entities follow the new KB
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts = {}
    for table in KB_TABLES:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts
