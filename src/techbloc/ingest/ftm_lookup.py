"""The first pass over an FtM file: what listed entities refer to, staged on disk.

A listed entity names its addresses (``addressEntity``) and is named by its Sanction entities and
Ownership links, and any of these may come later in the file. The first pass stores them in a
temporary SQLite file (indexed, on disk: memory stays flat for files of millions of lines); the
second pass looks them up entity by entity.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from techbloc.ingest.ftm_values import values
from techbloc.ingest.iso3166 import iso_country

ADDRESS_PARTS = ("street", "street2", "postOfficeBox", "city", "postalCode", "region", "state")
_BATCH = 5000


def address_text(props: dict[str, Any]) -> str | None:
    """An Address entity's text: its first ``full`` value, else its parts joined."""
    full = values(props, "full")
    if full:
        return full[0]
    parts = [v for name in ADDRESS_PARTS for v in values(props, name)[:1]]
    parts += [c.upper() for c in values(props, "country")[:1]]
    return ", ".join(parts) or None


class StagedLookup:
    """Addresses by id, Sanctions by the entity they target, ids that take part in ownership."""

    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(str(path))
        self.con.executescript(
            """
            CREATE TABLE address (id TEXT PRIMARY KEY, text TEXT, country TEXT);
            CREATE TABLE sanction (entity_id TEXT, dataset TEXT, props TEXT);
            CREATE TABLE owned (id TEXT PRIMARY KEY);
            """
        )
        self._pending: dict[str, list[tuple[str | None, ...]]] = {
            "address": [], "sanction": [], "owned": []
        }  # fmt: skip

    def add(self, entity: dict[str, Any]) -> None:
        """Stage one Address, Sanction or Ownership entity (others are ignored)."""
        schema, props = entity.get("schema"), entity.get("properties") or {}
        if not isinstance(props, dict):
            return
        if schema == "Address":
            countries = [c for c in map(iso_country, values(props, "country")) if c]
            self._queue(
                "address", (str(entity["id"]), address_text(props), next(iter(countries), None))
            )
        elif schema == "Sanction":
            text = json.dumps(props, ensure_ascii=False)
            for target in values(props, "entity"):
                for dataset in entity.get("datasets") or []:
                    self._queue("sanction", (target, str(dataset), text))
        elif schema == "Ownership":
            for key in values(props, "owner") + values(props, "asset"):
                self._queue("owned", (key,))

    def _queue(self, table: str, row: tuple[str | None, ...]) -> None:
        pending = self._pending[table]
        pending.append(row)
        if len(pending) >= _BATCH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._pending[table]
        if not rows:
            return
        marks = ", ".join("?" * len(rows[0]))
        verb = "INSERT" if table == "sanction" else "INSERT OR REPLACE"
        self.con.executemany(f"{verb} INTO {table} VALUES ({marks})", rows)
        rows.clear()

    def finish(self) -> None:
        """End of the first pass: write what is queued and index it."""
        for table in self._pending:
            self._flush(table)
        self.con.execute("CREATE INDEX sanction_entity ON sanction (entity_id)")
        self.con.commit()

    def addresses(self, ids: Iterable[str]) -> list[tuple[str | None, str | None]]:
        """(text, country) of the Address entities with these ids that the file holds."""
        found = []
        for address_id in ids:
            row = self.con.execute(
                "SELECT text, country FROM address WHERE id = ?", [address_id]
            ).fetchone()
            if row:
                found.append((row[0], row[1]))
        return found

    def sanctions(self, entity_id: str) -> list[tuple[str, dict[str, Any]]]:
        """(dataset, properties) of every Sanction entity that targets ``entity_id``."""
        rows = self.con.execute(
            "SELECT dataset, props FROM sanction WHERE entity_id = ? ORDER BY rowid", [entity_id]
        ).fetchall()
        return [(str(dataset), json.loads(props)) for dataset, props in rows]

    def in_ownership(self, entity_id: str) -> bool:
        row = self.con.execute("SELECT 1 FROM owned WHERE id = ?", [entity_id]).fetchone()
        return row is not None

    def close(self) -> None:
        self.con.close()
