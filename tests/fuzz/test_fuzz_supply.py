"""Supply-chain files (a CSV of shares, the ETO folder), generated and damaged. Read: only
inputs, shares, edges and rejections (with file, row and reason) or an InvalidArgument refusing
the file as a whole. Imported: only a report (bad rows quarantined) or a techbloc error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from techbloc.errors import TechblocError
from techbloc.ingest.supply import import_eto_folder, import_share_csv
from techbloc.ingest.supply_countries import StoreCountries
from techbloc.ingest.supply_csv import read_share_csv
from techbloc.ingest.supply_eto import read_eto
from techbloc.ingest.supply_records import SupplyFile, SupplyRejection, SupplyShare
from techbloc.store.supply import SupplyImportReport
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.csv_files import SUPPLY_COLUMNS, csv_file, eto_folder
from tests.fuzz.settings import FUZZ, FUZZ_STORE

YEARS = st.sampled_from([None, 2024])


@pytest.fixture(scope="module")
def countries(builtin_db: Path) -> Iterator[StoreCountries]:
    con = duckdb.connect(str(builtin_db), read_only=True)
    yield StoreCountries(con)
    con.close()


def check_read(read: SupplyFile) -> None:
    for item in read.items:
        if isinstance(item, SupplyRejection):
            assert item.reason.strip() and item.row >= 1, item
            json.dumps(item.raw, ensure_ascii=False, default=str).encode("utf-8")
        elif isinstance(item, SupplyShare) and item.share_pct is not None:
            assert 0 <= item.share_pct <= 100, item


def check_report(con: duckdb.DuckDBPyConnection, report: SupplyImportReport) -> None:
    if report.status == "already-imported":
        return
    assert report.rejected == len(report.rejections)
    quarantined = con.execute(
        "SELECT count(*) FROM supply_quarantine WHERE import_id = ?", [report.import_id]
    ).fetchone()
    assert quarantined is not None and quarantined[0] == report.rejected


@FUZZ
@given(data=csv_file(SUPPLY_COLUMNS), year=YEARS)
def test_supply_csv_reads(
    stores: Stores, countries: StoreCountries, data: bytes, year: int | None
) -> None:
    tally("supply-csv")
    path = stores.file(data, "shares.csv")
    try:
        read = read_share_csv(path, countries, {"N20": "EUV lithography tools"}, year)
    except TechblocError:
        return
    check_read(read)


@FUZZ_STORE
@given(data=csv_file(SUPPLY_COLUMNS), year=YEARS)
def test_supply_csv_imports(stores: Stores, data: bytes, year: int | None) -> None:
    tally("supply-csv (import)")
    path = stores.file(data, "shares.csv")
    con = stores.connection()
    try:
        report = import_share_csv(con, path, str(path), year)
    except TechblocError:
        return
    check_report(con, report)


@FUZZ
@given(files=eto_folder())
def test_supply_eto_reads(
    stores: Stores, countries: StoreCountries, files: dict[str, bytes]
) -> None:
    tally("supply-eto")
    folder = stores.folder(files)
    try:
        read = read_eto(folder, countries)
    except TechblocError:
        return
    check_read(read)


@FUZZ_STORE
@given(files=eto_folder())
def test_supply_eto_imports(stores: Stores, files: dict[str, bytes]) -> None:
    tally("supply-eto (import)")
    folder = stores.folder(files)
    con = stores.connection()
    try:
        report = import_eto_folder(con, folder)
    except TechblocError:
        return
    check_report(con, report)
