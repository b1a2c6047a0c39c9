"""A store's tables and their content digests, for "nothing changed" and "as before or as after"."""

from __future__ import annotations

from pathlib import Path

import duckdb

from techbloc.store.digest import TableDigest, store_digest


def digests(db: Path) -> dict[str, TableDigest]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return store_digest(con)
    finally:
        con.close()


def rows(db: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [tuple(r) for r in con.execute(sql, params or []).fetchall()]
    finally:
        con.close()
