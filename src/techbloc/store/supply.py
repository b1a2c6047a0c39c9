"""Land a supply-chain file in the store: one transaction, quarantine, idempotent by content.

A file is its source's word on each input and year it covers: importing it replaces the shares
the store held for those inputs and years (from whichever file) and leaves the others alone.
Country-level shares are the file's country rows; for an input and year where the file gives
none but gives organisations, each country's share is the sum of its organisations (``basis``
'organisations'). Inputs are added or replaced, edges added. Shares of one input and year that
sum to more than 100.5 % (at country or at organisation level) are flagged in the report, never
rescaled. A file already imported (same SHA-256) changes nothing; an interrupted import leaves
the store as it was.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import duckdb

from techbloc.ingest.supply_records import (
    SupplyEdge,
    SupplyFile,
    SupplyInput,
    SupplyRejection,
    SupplyShare,
)

OVER_100_PCT = 100.5
"""Shares of one input and year may exceed 100 % by rounding (ETO rounds shares under 1 % up to
1 %); beyond this total the report flags them."""


@dataclass
class SupplyImportReport:
    """What a supply import did; ``over_100`` lists the input-years whose shares exceed 100.5 %."""

    status: Literal["imported", "already-imported"]
    source_format: str
    source_location: str
    share_scale: str = ""
    scale_reason: str = ""
    import_id: int | None = None
    rows_read: int = 0
    inputs: int = 0
    input_years: int = 0
    country_shares: int = 0
    organisation_shares: int = 0
    rolled_up: int = 0
    replaced: int = 0
    edges: int = 0
    rejected: int = 0
    over_100: list[dict[str, Any]] = field(default_factory=list)
    rejections: list[SupplyRejection] = field(default_factory=list)


_STAGES = {
    "stage_inputs": (
        "input_id VARCHAR, input_name VARCHAR, input_type VARCHAR, stage_ids VARCHAR[], "
        "stage_names VARCHAR[], domain_id VARCHAR, description VARCHAR, market_size_text VARCHAR, "
        "market_size_usd_m DOUBLE, market_size_year INTEGER, source VARCHAR, source_file VARCHAR, "
        "source_row INTEGER"
    ),
    "stage_shares": (
        "share_key VARCHAR, input_id VARCHAR, year INTEGER, actor_code VARCHAR, "
        "organisation VARCHAR, provider_id VARCHAR, provider_name VARCHAR, share_pct DOUBLE, "
        "source VARCHAR, source_file VARCHAR, source_row INTEGER"
    ),
    "stage_edges": (
        "input_id VARCHAR, related_id VARCHAR, relation VARCHAR, source_file VARCHAR, "
        "source_row INTEGER"
    ),
}


def import_supply(
    con: duckdb.DuckDBPyConnection,
    read: SupplyFile,
    source_format: str,
    source_location: str,
    sha256: str,
) -> SupplyImportReport:
    """Apply one read file to the store; everything or nothing."""
    already = con.execute(
        "SELECT import_id FROM supply_imports WHERE file_sha256 = ?", [sha256]
    ).fetchone()
    if already:
        return SupplyImportReport(
            "already-imported", source_format, source_location, import_id=int(already[0])
        )
    report = SupplyImportReport(
        "imported", source_format, source_location, read.share_scale, read.scale_reason,
        rows_read=read.rows_read,
    )  # fmt: skip
    rejected = [i for i in read.items if isinstance(i, SupplyRejection)]
    report.rejections = sorted(rejected, key=lambda r: (r.source_file, r.row))
    report.rejected = len(report.rejections)
    con.execute("BEGIN TRANSACTION")
    try:
        _stage(con, read)
        _apply(con, report, sha256)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return report


def _stage(con: duckdb.DuckDBPyConnection, read: SupplyFile) -> None:
    for name, columns in _STAGES.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({columns})")
    inputs = [i for i in read.items if isinstance(i, SupplyInput)]
    shares = [i for i in read.items if isinstance(i, SupplyShare)]
    edges = [i for i in read.items if isinstance(i, SupplyEdge)]
    if inputs:
        con.executemany(
            f"INSERT INTO stage_inputs VALUES ({', '.join('?' * 13)})",
            [(i.input_id, i.input_name, i.input_type, list(i.stage_ids), list(i.stage_names),
              i.domain_id, i.description, i.market_size_text, i.market_size_usd_m,
              i.market_size_year, i.source, i.source_file, i.row) for i in inputs],
        )  # fmt: skip
    if shares:
        con.executemany(
            f"INSERT INTO stage_shares VALUES ({', '.join('?' * 11)})",
            [(s.share_key, s.input_id, s.year, s.actor_code, s.organisation, s.provider_id,
              s.provider_name, s.share_pct, s.source, s.source_file, s.row) for s in shares],
        )  # fmt: skip
    if edges:
        con.executemany(
            "INSERT INTO stage_edges VALUES (?, ?, ?, ?, ?)",
            [(e.input_id, e.related_id, e.relation, e.source_file, e.row) for e in edges],
        )


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


_ROLLED_UP = """
    SELECT input_id || '|' || year || '|country:' || coalesce(actor_code, 'variouscountries'),
           input_id, year, actor_code, NULL, NULL,
           coalesce(any_value(c.name_en), 'Various countries'), sum(share_pct), 'organisations',
           min(source), $import, min(source_file), min(source_row)
    FROM stage_shares s LEFT JOIN actors c USING (actor_code)
    WHERE organisation IS NOT NULL AND (input_id, year) NOT IN
          (SELECT input_id, year FROM stage_shares WHERE organisation IS NULL)
    GROUP BY input_id, year, actor_code
"""


def _apply(con: duckdb.DuckDBPyConnection, report: SupplyImportReport, sha256: str) -> None:
    import_id = _count(con, "SELECT nextval('supply_import_ids')")
    report.import_id = import_id
    params = {"import": import_id}
    con.execute(
        """INSERT OR REPLACE INTO supply_inputs
           SELECT input_id, input_name, input_type, stage_ids, stage_names, domain_id, description,
                  market_size_text, market_size_usd_m, market_size_year, source, $import,
                  source_file, source_row
           FROM stage_inputs""",
        params,
    )
    report.inputs = _count(con, "SELECT count(*) FROM stage_inputs")
    covered = "(SELECT DISTINCT input_id, year FROM stage_shares)"
    report.input_years = _count(con, f"SELECT count(*) FROM {covered}")
    report.replaced = _count(
        con, f"SELECT count(*) FROM supply_shares WHERE (input_id, year) IN {covered}"
    )
    con.execute(f"DELETE FROM supply_shares WHERE (input_id, year) IN {covered}")
    con.execute(
        """INSERT INTO supply_shares
           SELECT share_key, input_id, year, actor_code, organisation, provider_id, provider_name,
                  share_pct, CASE WHEN organisation IS NULL THEN 'country' ELSE 'organisation' END,
                  source, $import, source_file, source_row
           FROM stage_shares""",
        params,
    )
    con.execute(f"INSERT INTO supply_shares {_ROLLED_UP}", params)
    counts = dict(
        con.execute(
            "SELECT basis, count(*) FROM supply_shares WHERE import_id = ? GROUP BY basis",
            [import_id],
        ).fetchall()
    )
    report.country_shares = int(counts.get("country", 0)) + int(counts.get("organisations", 0))
    report.organisation_shares = int(counts.get("organisation", 0))
    report.rolled_up = int(counts.get("organisations", 0))
    report.over_100 = _over_100(con, import_id)
    report.edges = _count(con, "SELECT count(*) FROM stage_edges")
    con.execute(
        """INSERT OR REPLACE INTO supply_edges
           SELECT input_id, related_id, relation, $import, source_file, source_row
           FROM stage_edges""",
        params,
    )
    if report.rejections:
        con.executemany(
            "INSERT INTO supply_quarantine VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(import_id, report.source_location, r.source_file, r.row, r.field, r.reason,
              json.dumps(r.raw, ensure_ascii=False, default=str)) for r in report.rejections],
        )  # fmt: skip
    con.execute(
        "INSERT INTO supply_imports VALUES (?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?)",
        [import_id, report.source_format, report.source_location, sha256, report.share_scale,
         report.rows_read, report.inputs, report.country_shares + report.organisation_shares,
         report.edges, report.rejected],
    )  # fmt: skip
    for name in _STAGES:
        con.execute(f"DROP TABLE {name}")


def _over_100(con: duckdb.DuckDBPyConnection, import_id: int) -> list[dict[str, Any]]:
    rows = con.execute(
        """SELECT input_id, year,
                  CASE WHEN organisation IS NULL THEN 'country' ELSE 'organisation' END AS level,
                  round(sum(share_pct), 6) AS total_pct, count(*) AS suppliers
           FROM supply_shares WHERE import_id = ? AND basis <> 'organisations'
           GROUP BY ALL HAVING sum(share_pct) > ? ORDER BY input_id, year, level""",
        [import_id, OVER_100_PCT],
    ).fetchall()
    keys = ("input_id", "year", "level", "total_pct", "suppliers")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def report_dict(report: SupplyImportReport) -> dict[str, Any]:
    """The report as JSON-ready data."""
    return asdict(report)
