"""Restricted-party list files, generated and damaged. Read: only records, related parties,
ownership links, withdrawals and rejections (with a row and a reason) come out, every one
writable as UTF-8 JSON. Imported into a store: only a report (bad rows quarantined with their
reason) or a techbloc error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
from hypothesis import given
from hypothesis import strategies as st

from techbloc.errors import TechblocError
from techbloc.ingest.formats import list_format
from techbloc.ingest.lists import import_list_path
from techbloc.ingest.records import ListedRecord, ListInfo, Rejection
from techbloc.store.listings import ImportReport
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.csv_files import CN_COLUMNS, CSL_COLUMNS, DOD_COLUMNS, csv_file
from tests.fuzz.damage import damaged
from tests.fuzz.json_files import csl_json, ftm_file
from tests.fuzz.settings import FUZZ, FUZZ_STORE, fuzz_test
from tests.fuzz.values import CELL, NAMES

DAY = dt.date(2025, 1, 1)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _name(source_format: str, file: str) -> str:
    return source_format if source_format != "csl" else f"csl-{file.rsplit('.', 1)[-1]}"


def read_bytes(stores: Stores, data: bytes, file: str, source_format: str) -> None:
    """Read ``data`` as the file ``file`` with the format's reader; check every item."""
    tally(_name(source_format, file))
    path = stores.file(data, file)
    lists: dict[str, ListInfo] = {}
    try:
        items = list(list_format(source_format).read(path, None, lists))
    except TechblocError:
        return
    for item in items:
        if isinstance(item, Rejection):
            assert item.reason.strip() and item.row >= 1, item
            json.dumps(item.raw, ensure_ascii=False, default=str).encode("utf-8")
        elif isinstance(item, ListedRecord):
            assert item.name.strip() and item.list_id in lists, item
            json.dumps(item.content(), ensure_ascii=False).encode("utf-8")
        else:
            json.dumps(item.__dict__, ensure_ascii=False, default=str).encode("utf-8")


def import_bytes(stores: Stores, data: bytes, file: str, source_format: str) -> None:
    """Import ``data`` as the file ``file`` into a store; check the report against the store."""
    tally(f"{_name(source_format, file)} (import)")
    path = stores.file(data, file)
    con = stores.connection()
    try:
        report = import_list_path(con, path, str(path), source_format, DAY)
    except TechblocError:
        return
    check_report(con, report)


def check_report(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    if report.status == "already-imported":
        return
    records = sum(report.lists.values())
    parts = records + report.rejected + report.related_parties + report.ownerships
    assert report.rows_read == parts
    assert report.rejected == len(report.rejections)
    quarantined = con.execute(
        "SELECT count(*) FROM list_quarantine WHERE import_id = ?", [report.import_id]
    ).fetchone()
    assert quarantined is not None and quarantined[0] == report.rejected


@st.composite
def jp_meti_text(draw: st.DrawFn) -> bytes:
    """A METI list: a header with its dates, then numbered entries (Japanese name, English name,
    address), numbering with gaps and full-width digits now and then."""
    header = draw(
        st.sampled_from(
            [
                "○ 輸出等に係る禁止措置の対象となるロシア連邦の団体\n指定日：2022 年03月01 日\n",
                "○ ロシア連邦及びベラルーシ共和国以外の団体\n最終更新日：2025 年09 月12 日\n",
                "",
                "Unknown header\n",
            ]
        )
    )
    lines = [header]
    number = 1
    for _ in range(draw(st.integers(0, 8))):
        number += draw(st.sampled_from([0, 0, 0, 1, 2, -1]))
        wide = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        digits = draw(st.sampled_from([str(number), wide]))
        lines.append(f"{digits} {draw(st.one_of(st.just('株式会社サンプル'), NAMES, CELL))}\n")
        lines.append(f"{draw(st.one_of(NAMES, CELL))}\n")
        if draw(st.booleans()):
            lines.append(f"所在地：{draw(st.one_of(NAMES, CELL))}\n")
        number += 1
    return draw(damaged("".join(lines).encode()))


SEEDS = sorted(
    p
    for p in FIXTURES.glob("*/*")
    if p.suffix in (".csv", ".json", ".jsonl", ".txt")
    and p.parent.name in ("csl", "ftm", "cn_countermeasures", "dod_1260h", "jp_meti")
)
FORMAT_OF = {
    "csl": "csl",
    "ftm": "ftm",
    "cn_countermeasures": "cn-countermeasures",
    "dod_1260h": "us-1260h",
    "jp_meti": "jp-meti",
}
INPUTS: dict[str, tuple[st.SearchStrategy[bytes], str, str]] = {
    "csl_csv": (csv_file(CSL_COLUMNS), "consolidated.csv", "csl"),
    "csl_json": (csl_json(), "consolidated.json", "csl"),
    "ftm": (ftm_file(), "entities.ftm.json", "ftm"),
    "cn_countermeasures": (csv_file(CN_COLUMNS), "cn_sanctions.csv", "cn-countermeasures"),
    "us_1260h": (csv_file(DOD_COLUMNS), "1260h.csv", "us-1260h"),
    "jp_meti": (jp_meti_text(), "list.pdf.txt", "jp-meti"),
}


@st.composite
def damaged_fixture(draw: st.DrawFn) -> tuple[bytes, str, str]:
    """A hand-made fixture of any list format, damaged."""
    seed = draw(st.sampled_from(SEEDS))
    return draw(damaged(seed.read_bytes(), 4)), seed.name, FORMAT_OF[seed.parent.name]


def _reads(key: str):  # type: ignore[no-untyped-def]
    strategy, file, source_format = INPUTS[key]

    def test(stores: Stores, data: bytes) -> None:
        """Files of the format read by their reader."""
        read_bytes(stores, data, file, source_format)

    return fuzz_test(test, f"test_{key}_reads", FUZZ, data=strategy)


def _imports(key: str):  # type: ignore[no-untyped-def]
    strategy, file, source_format = INPUTS[key]

    def test(stores: Stores, data: bytes) -> None:
        """Files of the format imported into a store."""
        import_bytes(stores, data, file, source_format)

    return fuzz_test(test, f"test_{key}_imports", FUZZ_STORE, data=strategy)


test_csl_csv_reads, test_csl_csv_imports = _reads("csl_csv"), _imports("csl_csv")
test_csl_json_reads, test_csl_json_imports = _reads("csl_json"), _imports("csl_json")
test_ftm_reads, test_ftm_imports = _reads("ftm"), _imports("ftm")
test_cn_countermeasures_reads = _reads("cn_countermeasures")
test_cn_countermeasures_imports = _imports("cn_countermeasures")
test_us_1260h_reads, test_us_1260h_imports = _reads("us_1260h"), _imports("us_1260h")
test_jp_meti_reads, test_jp_meti_imports = _reads("jp_meti"), _imports("jp_meti")


@FUZZ
@given(found=damaged_fixture())
def test_damaged_fixture_files_read(stores: Stores, found: tuple[bytes, str, str]) -> None:
    read_bytes(stores, *found)


@FUZZ_STORE
@given(found=damaged_fixture())
def test_damaged_fixture_files_import(stores: Stores, found: tuple[bytes, str, str]) -> None:
    read_bytes(stores, *found)
    import_bytes(stores, *found)
