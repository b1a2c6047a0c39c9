"""One store for the report tests — the built-in knowledge base, a small supply CSV and one alert —
gathered once, and the report written once per format and language (session fixtures)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.ingest.supply import import_supply_source
from techbloc.reports.gather import gather_report
from techbloc.reports.model import ReportData
from techbloc.reports.report import write_report

AT = dt.date(2025, 6, 30)
FORMATS = ("pdf", "html", "md")
LANGS = ("en", "zh")
SHARES = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "shares.csv"
ALERT_ID = "fixture0alert001"


def _add_alert(path: Path) -> None:
    """One stored alert as a detector would write it (made up for these tests), with a measure
    of the knowledge base and a document with a URL as evidence."""
    con = duckdb.connect(str(path))
    now = dt.datetime(2025, 6, 2, 8, 0)
    con.execute(
        "INSERT INTO alerts VALUES ($id, 'rule:fixture', 'domain', 'semiconductor-equipment', "
        "DATE '2025-05-01', DATE '2025-05-31', 'orange', 'count_30d', 7, 5, "
        "'Fixture alert: listings surge in equipment', '测试预警：设备领域清单激增', NULL, 'new', "
        "DATE '2025-06-01', DATE '2025-06-01', 1, $now, $now)",
        {"id": ALERT_ID, "now": now},
    )
    con.execute(
        "INSERT INTO alert_evidence VALUES "
        "($id, 'measure', 'us-2022-12-15-ymtc-entity-list', DATE '2022-12-15', NULL, NULL), "
        "($id, 'document', 'doc-fixture01', DATE '2025-05-20', 'Fixture notice', "
        "'https://example.org/fixture-notice')",
        {"id": ALERT_ID},
    )
    con.close()


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    path = tmp_path_factory.mktemp("report-store") / "report.duckdb"
    shutil.copyfile(builtin_db, path)
    import_supply_source(path, str(SHARES))
    _add_alert(path)
    return path


@pytest.fixture(scope="session")
def report_data(report_db: Path) -> ReportData:
    con = duckdb.connect(str(report_db), read_only=True)
    try:
        return gather_report(con, AT, "CN", store_name=report_db.name)
    finally:
        con.close()


@pytest.fixture(scope="session")
def reports(
    tmp_path_factory: pytest.TempPathFactory, report_data: ReportData
) -> dict[tuple[str, str], dict[str, Any]]:
    """(lang, format) → what write_report says it wrote."""
    folder = tmp_path_factory.mktemp("reports")
    return {
        (lang, fmt): write_report(None, lang=lang, fmt=fmt, out=folder, data=report_data)
        for lang in LANGS
        for fmt in FORMATS
    }
