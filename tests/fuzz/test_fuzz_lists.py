"""Restricted-party list files, generated and damaged, through the whole import into a store:
only a report (bad rows quarantined with a reason) or a techbloc error may come out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from techbloc.errors import TechblocError
from techbloc.ingest.lists import import_list_path
from techbloc.store.listings import ImportReport
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.csv_files import CN_COLUMNS, CSL_COLUMNS, DOD_COLUMNS, csv_file
from tests.fuzz.damage import damaged
from tests.fuzz.json_files import csl_json, ftm_file
from tests.fuzz.settings import FUZZ
from tests.fuzz.values import CELL, NAMES

DAY = dt.date(2025, 1, 1)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def import_bytes(stores: Stores, data: bytes, name: str, source_format: str) -> None:
    """Import ``data`` as the file ``name``; check what came out."""
    tally(source_format if source_format != "csl" else f"csl-{name.rsplit('.', 1)[-1]}")
    path = stores.file(data, name)
    con = stores.connection()
    try:
        report = import_list_path(con, path, str(path), source_format, DAY)
    except TechblocError:
        return
    check_report(con, report)


def check_report(con: object, report: ImportReport) -> None:
    if report.status == "already-imported":
        return
    records = sum(report.lists.values())
    assert (
        report.rows_read == records + report.rejected + report.related_parties + report.ownerships
    )
    assert report.rejected == len(report.rejections)
    for rejection in report.rejections:
        assert rejection.reason.strip() and rejection.row >= 1, rejection
        json.dumps(rejection.raw, ensure_ascii=False, default=str).encode("utf-8")
    quarantined = con.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM list_quarantine WHERE import_id = ?", [report.import_id]
    ).fetchone()[0]
    assert quarantined == report.rejected


@FUZZ
@given(data=csv_file(CSL_COLUMNS))
def test_csl_csv(stores: Stores, data: bytes) -> None:
    import_bytes(stores, data, "consolidated.csv", "csl")


@FUZZ
@given(data=csl_json())
def test_csl_json(stores: Stores, data: bytes) -> None:
    import_bytes(stores, data, "consolidated.json", "csl")


@FUZZ
@given(data=ftm_file())
def test_ftm(stores: Stores, data: bytes) -> None:
    import_bytes(stores, data, "entities.ftm.json", "ftm")


@FUZZ
@given(data=csv_file(CN_COLUMNS))
def test_cn_countermeasures(stores: Stores, data: bytes) -> None:
    import_bytes(stores, data, "cn_sanctions.csv", "cn-countermeasures")


@FUZZ
@given(data=csv_file(DOD_COLUMNS))
def test_us_1260h(stores: Stores, data: bytes) -> None:
    import_bytes(stores, data, "1260h.csv", "us-1260h")


@st.composite
def jp_meti_text(draw: st.DrawFn) -> bytes:
    """A METI list: a header with its dates, then numbered entries (Japanese name, English name,
    address), numbering with gaps and glued numbers now and then."""
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
        digits = draw(
            st.sampled_from(
                [
                    str(number),
                    str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                ]
            )
        )
        lines.append(f"{digits} {draw(st.one_of(st.just('株式会社サンプル'), NAMES, CELL))}\n")
        lines.append(f"{draw(st.one_of(NAMES, CELL))}\n")
        if draw(st.booleans()):
            lines.append(f"所在地：{draw(st.one_of(NAMES, CELL))}\n")
        number += 1
    return draw(damaged("".join(lines).encode()))


@FUZZ
@given(data=jp_meti_text())
def test_jp_meti(stores: Stores, data: bytes) -> None:
    import_bytes(stores, data, "list.pdf.txt", "jp-meti")


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


@FUZZ
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_damaged_fixture_files(stores: Stores, seed: Path, data: st.DataObject) -> None:
    """The hand-made fixtures of every list format, damaged."""
    damaged_bytes = data.draw(damaged(seed.read_bytes(), max_damage=4))
    import_bytes(stores, damaged_bytes, seed.name, FORMAT_OF[seed.parent.name])
