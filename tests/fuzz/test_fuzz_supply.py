"""Supply-chain files (a CSV of shares, the ETO folder), generated and damaged, through the whole
import: only a report (bad rows quarantined with a reason) or a techbloc error may come out."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from techbloc.errors import TechblocError
from techbloc.ingest.supply import import_eto_folder, import_share_csv
from techbloc.store.supply import SupplyImportReport
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.csv_files import SUPPLY_COLUMNS, csv_file, eto_folder
from tests.fuzz.settings import FUZZ


def check_report(con: object, report: SupplyImportReport) -> None:
    if report.status == "already-imported":
        return
    assert report.rejected == len(report.rejections)
    for rejection in report.rejections:
        assert rejection.reason.strip() and rejection.row >= 1, rejection
        json.dumps(rejection.raw, ensure_ascii=False, default=str).encode("utf-8")
    quarantined = con.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM supply_quarantine WHERE import_id = ?", [report.import_id]
    ).fetchone()[0]
    assert quarantined == report.rejected


@FUZZ
@given(data=csv_file(SUPPLY_COLUMNS), year=st.sampled_from([None, 2024]))
def test_supply_csv(stores: Stores, data: bytes, year: int | None) -> None:
    tally("supply-csv")
    path = stores.file(data, "shares.csv")
    con = stores.connection()
    try:
        report = import_share_csv(con, path, str(path), year)
    except TechblocError:
        return
    check_report(con, report)


@FUZZ
@given(files=eto_folder())
def test_supply_eto(stores: Stores, files: dict[str, bytes]) -> None:
    tally("supply-eto")
    folder = stores.folder(files)
    con = stores.connection()
    try:
        report = import_eto_folder(con, folder)
    except TechblocError:
        return
    check_report(con, report)
