"""Import a snapshot of restricted-party lists into the store, with history and quarantine.

A file is a snapshot of the lists it contains, as retrieved on a date. Importing it, in one
transaction: entities new to a list are *added*, entities whose published content differs are
*changed*, entities of those lists missing from the snapshot are *removed* (kept, inactive), and
each of these is an event dated by the retrieval date; rejected rows go to quarantine with file,
row, field and reason. A file already imported (same SHA-256) changes nothing.

A change file (``partial``, with explicit :class:`Withdrawal` items) removes exactly the entities
it withdraws. Related parties and ownership links land in the same transaction, replacing the
rows with the same key; a withdrawal with ``drop_links`` deletes them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from techbloc.enrich.run import enrich_listings
from techbloc.errors import InvalidArgument
from techbloc.ingest.records import (
    ImportItem,
    ListedRecord,
    ListInfo,
    OwnershipLink,
    Rejection,
    RelatedParty,
    Withdrawal,
)


@dataclass
class ImportReport:
    """What an import did, per outcome; ``rejections`` hold the quarantined rows."""

    status: Literal["imported", "already-imported"]
    source_location: str
    retrieved_date: dt.date
    import_id: int | None = None
    rows_read: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    partial: bool = False
    related_parties: int = 0
    ownerships: int = 0
    lists: dict[str, int] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)


_STAGE_COLUMNS = {
    "entity_id": "VARCHAR", "list_id": "VARCHAR", "source_key": "VARCHAR",
    "entity_type": "VARCHAR", "name": "VARCHAR", "aliases": "VARCHAR[]",
    "addresses": "VARCHAR[]", "countries": "VARCHAR[]", "programs": "VARCHAR[]",
    "listing_date": "DATE", "end_date": "DATE", "citation": "VARCHAR",
    "license_requirement": "VARCHAR", "license_policy": "VARCHAR", "remarks": "VARCHAR",
    "source_url": "VARCHAR", "identifiers": "VARCHAR[]", "record_hash": "VARCHAR",
    "source_row": "INTEGER", "record_json": "VARCHAR",
}  # fmt: skip
_SIDE_COLUMNS = {
    "parties": {
        "party_key": "VARCHAR", "entity_type": "VARCHAR", "name": "VARCHAR",
        "aliases": "VARCHAR[]", "countries": "VARCHAR[]", "identifiers": "VARCHAR[]",
        "row": "INTEGER",
    },
    "ownerships": {
        "ownership_key": "VARCHAR", "owner_key": "VARCHAR", "asset_key": "VARCHAR",
        "percentage": "DOUBLE", "share_text": "VARCHAR", "start_date": "DATE", "end_date": "DATE",
        "row": "INTEGER",
    },
    "withdrawals": {
        "row": "INTEGER", "source_key": "VARCHAR", "list_prefix": "VARCHAR", "lists": "VARCHAR[]",
        "keep": "VARCHAR[]", "drop_links": "BOOLEAN",
    },
}  # fmt: skip
"""What a file carries besides listed records, staged as JSON lines like them."""


def import_snapshot(
    con: duckdb.DuckDBPyConnection,
    items: Iterable[ImportItem],
    lists: dict[str, ListInfo],
    source_format: str,
    source_location: str,
    sha256: str,
    retrieved: dt.date,
    partial: bool = False,
) -> ImportReport:
    """Apply one snapshot to the store; everything or nothing. A ``partial`` file holds only part
    of each list: nothing missing from it counts as removed."""
    already = con.execute(
        "SELECT import_id, retrieved_date FROM list_imports WHERE file_sha256 = ?", [sha256]
    ).fetchone()
    if already:
        return ImportReport("already-imported", source_location, already[1], int(already[0]))
    report = ImportReport("imported", source_location, retrieved, partial=partial)
    with tempfile.TemporaryDirectory(prefix="techbloc-import-") as tmp:
        staged = Path(tmp) / "records.jsonl"
        side = {name: Path(tmp) / f"{name}.jsonl" for name in _SIDE_COLUMNS}
        _stage(items, staged, side, report)
        con.execute("BEGIN TRANSACTION")
        try:
            _apply(con, staged, side, lists, source_format, sha256, report, partial)
            enrich_listings(con)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return report


def _stage(
    items: Iterable[ImportItem], staged: Path, side: dict[str, Path], report: ImportReport
) -> None:
    """Write the good records, parties, links and withdrawals as JSON lines (streaming, constant
    memory); collect rejections."""
    seen: Counter[str] = Counter()
    with contextlib.ExitStack() as files:
        out = files.enter_context(staged.open("w", encoding="utf-8"))
        side_out = {k: files.enter_context(p.open("w", encoding="utf-8")) for k, p in side.items()}
        for item in items:
            report.rows_read += not isinstance(item, Withdrawal)
            if isinstance(item, Rejection):
                report.rejections.append(item)
                continue
            if not isinstance(item, ListedRecord):
                name, row = _side_row(item)
                side_out[name].write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                report.related_parties += name == "parties"
                report.ownerships += name == "ownerships"
                continue
            seen[item.entity_id] += 1
            if seen[item.entity_id] > 1:  # the list repeats an entry: keep both, in file order
                item = dataclasses.replace(
                    item, source_key=f"{item.source_key}~{seen[item.entity_id]}"
                )
            content = item.content()
            row = {
                **content,
                "entity_id": item.entity_id,
                "record_hash": item.record_hash,
                "source_row": item.row,
                "record_json": json.dumps(content, ensure_ascii=False),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            report.lists[item.list_id] = report.lists.get(item.list_id, 0) + 1
    report.rejected = len(report.rejections)


def _apply(
    con: duckdb.DuckDBPyConnection,
    staged: Path,
    side: dict[str, Path],
    lists: dict[str, ListInfo],
    source_format: str,
    sha256: str,
    report: ImportReport,
    partial: bool,
) -> None:
    columns = ", ".join(f"'{k}': '{v}'" for k, v in _STAGE_COLUMNS.items())
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE stage AS SELECT * FROM read_json(?, format = "
        f"'newline_delimited', columns = {{{columns}}})",
        [str(staged)],
    )
    newer = con.execute(
        """SELECT e.list_id, max(i.retrieved_date) FROM listed_entities e
           JOIN list_imports i USING (import_id)
           WHERE e.list_id IN (SELECT DISTINCT list_id FROM stage)
           GROUP BY e.list_id HAVING max(i.retrieved_date) > ?""",
        [report.retrieved_date],
    ).fetchall()
    if newer:
        list_id, day = newer[0]
        raise InvalidArgument(
            f"a newer snapshot of {list_id} (retrieved {day}) is already imported; "
            f"this one is dated {report.retrieved_date}",
            hint="import snapshots in date order, or give the right --retrieved date",
        )
    import_id = int(con.execute("SELECT nextval('list_import_ids')").fetchone()[0])  # type: ignore[index]
    report.import_id = import_id
    day = report.retrieved_date
    outcome = """
        CREATE OR REPLACE TEMP TABLE outcome AS
        SELECT s.entity_id,
               CASE WHEN e.entity_id IS NULL OR NOT e.is_active THEN 'added'
                    WHEN e.record_hash <> s.record_hash THEN 'changed'
                    ELSE 'unchanged' END AS outcome
        FROM stage s LEFT JOIN listed_entities e USING (entity_id)
    """
    con.execute(outcome)
    con.execute(
        """INSERT INTO listing_events
           SELECT s.entity_id, s.list_id, o.outcome, ?, ?, s.record_hash, s.name, s.record_json
           FROM stage s JOIN outcome o USING (entity_id) WHERE o.outcome <> 'unchanged'""",
        [day, import_id],
    )
    removed = """
        SELECT e.entity_id, e.list_id, e.name FROM listed_entities e
        WHERE e.is_active AND e.list_id IN (SELECT DISTINCT list_id FROM stage)
          AND e.entity_id NOT IN (SELECT entity_id FROM stage) AND NOT $partial
    """
    con.execute(
        f"""INSERT INTO listing_events
            SELECT entity_id, list_id, 'removed', $day, $import, NULL, name, NULL
            FROM ({removed})""",
        {"day": day, "import": import_id, "partial": partial},
    )
    gone = con.execute(f"SELECT count(*) FROM ({removed})", {"partial": partial}).fetchone()
    report.removed = int(gone[0]) if gone else 0
    con.execute(
        f"UPDATE listed_entities SET is_active = false WHERE entity_id IN "
        f"(SELECT entity_id FROM ({removed}))",
        {"partial": partial},
    )
    con.execute(
        """INSERT OR REPLACE INTO listed_entities
           SELECT s.entity_id, s.list_id, s.source_key, s.entity_type, s.name, s.aliases,
                  s.addresses, s.countries, s.programs, s.listing_date, s.end_date, s.citation,
                  s.license_requirement, s.license_policy, s.remarks, s.source_url,
                  s.identifiers, s.record_hash, true,
                  CASE WHEN o.outcome = 'added' THEN $day ELSE e.first_seen_date END, $day,
                  $loc, s.source_row,
                  CASE WHEN o.outcome = 'unchanged' THEN e.import_id ELSE $import END
           FROM stage s JOIN outcome o USING (entity_id)
           LEFT JOIN listed_entities e USING (entity_id)""",
        {"day": day, "loc": report.source_location, "import": import_id},
    )
    _apply_side(con, side, report)
    counts = dict(con.execute("SELECT outcome, count(*) FROM outcome GROUP BY 1").fetchall())
    report.added, report.changed = counts.get("added", 0), counts.get("changed", 0)
    report.unchanged = counts.get("unchanged", 0)
    for list_id in report.lists:
        info = lists.get(list_id) or ListInfo(list_id, list_id)
        con.execute(
            "INSERT OR REPLACE INTO restricted_lists VALUES (?, ?, ?, ?)",
            [info.list_id, info.name, info.issuer, info.jurisdiction],
        )
    if report.rejections:
        con.executemany(
        "INSERT INTO list_quarantine VALUES (?, ?, ?, ?, ?, ?)",
        [(import_id, report.source_location, r.row, r.field, r.reason,
          json.dumps(r.raw, ensure_ascii=False, default=str)) for r in report.rejections],
    )  # fmt: skip
    con.execute(
        "INSERT INTO list_imports VALUES (?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?, ?, ?)",
        [import_id, source_format, report.source_location, sha256, day, sorted(report.lists),
         report.rows_read, report.added, report.changed, report.unchanged, report.removed,
         report.rejected],
    )  # fmt: skip
    con.execute("DROP TABLE stage")
    con.execute("DROP TABLE outcome")


def _side_row(item: RelatedParty | OwnershipLink | Withdrawal) -> tuple[str, dict[str, object]]:
    name = (
        "parties" if isinstance(item, RelatedParty)
        else "ownerships" if isinstance(item, OwnershipLink)
        else "withdrawals"
    )  # fmt: skip
    return name, dataclasses.asdict(item)


def _side_table(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> bool:
    """Load one staged side file as the temp table ``name``; False when it is empty."""
    if path.stat().st_size == 0:
        return False
    columns = ", ".join(f"'{k}': '{v}'" for k, v in _SIDE_COLUMNS[name].items())
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE side_{name} AS SELECT * FROM read_json(?, format = "
        f"'newline_delimited', columns = {{{columns}}})",
        [str(path)],
    )
    return True


def _apply_side(
    con: duckdb.DuckDBPyConnection, side: dict[str, Path], report: ImportReport
) -> None:
    """Withdrawals, then related parties and ownership links (replacing same keys; what a file
    adds wins over what it withdraws, as for listed records)."""
    params = {"import": report.import_id, "loc": report.source_location}
    if _side_table(con, "withdrawals", side["withdrawals"]):
        _withdraw(con, report)
        con.execute(
            """DELETE FROM related_parties WHERE party_key IN
               (SELECT source_key FROM side_withdrawals WHERE drop_links)"""
        )
        con.execute(
            r"""DELETE FROM ownerships WHERE regexp_replace(ownership_key, '~\d+$', '') IN
                (SELECT source_key FROM side_withdrawals WHERE drop_links)"""
        )
        con.execute("DROP TABLE side_withdrawals")
    if _side_table(con, "parties", side["parties"]):
        con.execute(
            """INSERT OR REPLACE INTO related_parties
               SELECT party_key, entity_type, name, aliases, countries, identifiers, $import,
                      $loc, row
               FROM side_parties QUALIFY row_number() OVER (PARTITION BY party_key
                                                            ORDER BY row DESC) = 1""",
            params,
        )
        con.execute("DROP TABLE side_parties")
    if _side_table(con, "ownerships", side["ownerships"]):
        con.execute(
            """INSERT OR REPLACE INTO ownerships
               SELECT ownership_key, owner_key, asset_key, percentage, share_text, start_date,
                      end_date, $import, $loc, row
               FROM side_ownerships QUALIFY row_number() OVER (PARTITION BY ownership_key
                                                               ORDER BY row DESC) = 1""",
            params,
        )
        con.execute("DROP TABLE side_ownerships")


def _withdraw(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Entities that the file withdraws leave their lists: a 'removed' event each, dated by the
    retrieval date. An entity the file also lists on that list stays."""
    withdrawn = """
        SELECT DISTINCT e.entity_id, e.list_id, e.name FROM listed_entities e
        JOIN side_withdrawals w ON e.source_key = w.source_key
        WHERE e.is_active AND starts_with(e.list_id, w.list_prefix)
          AND (w.lists IS NULL OR list_contains(w.lists, e.list_id))
          AND NOT list_contains(coalesce(w.keep, []), e.list_id)
          AND e.entity_id NOT IN (SELECT entity_id FROM stage)
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE withdrawn AS {withdrawn}")
    con.execute(
        """INSERT INTO listing_events
           SELECT entity_id, list_id, 'removed', ?, ?, NULL, name, NULL FROM withdrawn""",
        [report.retrieved_date, report.import_id],
    )
    con.execute(
        "UPDATE listed_entities SET is_active = false "
        "WHERE entity_id IN (SELECT entity_id FROM withdrawn)"
    )
    gone = con.execute("SELECT count(*) FROM withdrawn").fetchone()
    report.removed += int(gone[0]) if gone else 0
    con.execute("DROP TABLE withdrawn")
