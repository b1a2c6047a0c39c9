"""The real files of ../shared/datasets/opensanctions-lists: China's countermeasure lists, Japan's
two export-ban lists and the DoD 1260H list — counts per list, entities checked by eye against the
files, idempotent re-import, and screening of the imported names in both scripts."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc import Techbloc
from techbloc.ingest.lists import import_list_file
from techbloc.store.listings import ImportReport
from tests.shared_data import shared_dataset

RETRIEVED = dt.date(2026, 11, 23)  # the copy date in SOURCE.txt
FILES = {  # key: (format, file)
    "cn-countermeasures": ("cn-countermeasures", "cn_countermeasures_uel_export_control.csv"),
    "jp-meti-russia": ("jp-meti", "jp_meti_russia_export_ban_entities_2025-09-12.txt"),
    "jp-meti-third": ("jp-meti", "jp_meti_third_country_export_ban_entities_2025-09-12.txt"),
    "us-1260h": ("us-1260h", "us_dod_1260h_chinese_military_companies.csv"),
}


def real_file(key: str) -> Path:
    return shared_dataset("opensanctions-lists", FILES[key][1])


def import_all(db: Path) -> dict[str, ImportReport]:
    return {
        key: import_list_file(db, str(real_file(key)), fmt, RETRIEVED)
        for key, (fmt, _) in FILES.items()
    }


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory, builtin_db: Path
) -> tuple[Path, dict[str, ImportReport]]:
    db = tmp_path_factory.mktemp("real-lists") / "store.duckdb"
    shutil.copyfile(builtin_db, db)
    return db, import_all(db)


def entities(db: Path, where: str, *params: Any) -> list[dict[str, Any]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute(f"SELECT * FROM listed_entities WHERE {where}", list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def test_china_lists_counts_and_the_one_refused_row(
    imported: tuple[Path, dict[str, ImportReport]],
) -> None:
    report = imported[1]["cn-countermeasures"]
    assert (report.rows_read, report.added, report.rejected) == (610, 609, 1)
    assert report.lists == {
        "cn-mfa-countermeasures": 299,
        "cn-mofcom-export-control-list": 153,
        "cn-mofcom-uel": 66,
        "cn-mofcom-export-control-watch-list": 40,
        "cn-tao-diehard-separatists": 15,
        "cn-mofcom-countermeasure-list": 14,
        "cn-tao-henchmen-accomplices": 12,
        "cn-tao-punished-organisations": 10,
    }
    [refused] = report.rejections
    assert (refused.row, refused.field) == (129, "Body")
    assert refused.raw["Name"] == "Alliance of Democracies Foundation"


def test_a_us_defence_company_on_chinas_unreliable_entity_list(
    imported: tuple[Path, dict[str, ImportReport]],
) -> None:
    [lockheed] = entities(
        imported[0], "list_id = 'cn-mofcom-uel' AND name = ?", "Lockheed Martin Corporation"
    )
    assert lockheed["aliases"] == ["洛克希德·马丁公司"]
    assert lockheed["listing_date"] == dt.date(2023, 2, 16) and lockheed["countries"] == ["US"]
    assert lockheed["source_url"].endswith("/202302/20230203391289.shtml")
    assert lockheed["source_row"] == 102
    [subaru] = entities(imported[0], "name = ?", "SUBARU Corporation")
    assert subaru["list_id"] == "cn-mofcom-export-control-watch-list"
    assert subaru["aliases"] == ["斯巴鲁株式会社"] and subaru["countries"] == ["JP"]
    assert subaru["listing_date"] == dt.date(2026, 2, 24)


def test_japans_lists_counts_names_and_dates(
    imported: tuple[Path, dict[str, ImportReport]],
) -> None:
    db, reports = imported
    russia, third = reports["jp-meti-russia"], reports["jp-meti-third"]
    assert (russia.rows_read, russia.rejected, russia.lists) == (
        561, 0, {"jp-meti-russia-export-ban": 561}
    )  # fmt: skip
    assert (third.rows_read, third.rejected, third.lists) == (
        56, 0, {"jp-meti-third-country-export-ban": 56}
    )  # fmt: skip
    [ausay] = entities(db, "name = ?", "Guangzhou Ausay Technology Co. Limited")
    assert ausay["list_id"] == "jp-meti-third-country-export-ban"
    assert ausay["aliases"][:2] == [
        "グアンジョウ・オーサイ・テクノロジー有限会社",
        "广州欧赛科技有限公司",
    ]
    assert ausay["countries"] == ["CN"] and ausay["listing_date"] is None
    assert "2023-12-15" in ausay["remarks"] and "2025-09-12" in ausay["remarks"]
    assert ausay["citation"] == "令和五年外務省告示第四百四十七号"
    [fsb] = entities(db, "name = ?", "Federal Security Service (FSB)")
    assert fsb["aliases"] == ["連邦保安庁", "Federalnaya Sluzhba Bezopasnosti"]
    assert fsb["countries"] == ["RU"] and len(fsb["addresses"]) == 2
    third_countries = Counter(
        c
        for e in entities(db, "list_id = 'jp-meti-third-country-export-ban'")
        for c in e["countries"]
    )
    assert (third_countries["HK"], third_countries["CN"], third_countries["TR"]) == (23, 15, 10)
    japanese = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
    every_jp = entities(db, "list_id LIKE 'jp-meti-%'")
    assert all(any(japanese.search(a) for a in e["aliases"]) for e in every_jp)
    assert all(e["listing_date"] is None for e in every_jp)


def test_the_1260h_list_one_record_per_yearly_listing(
    imported: tuple[Path, dict[str, ImportReport]],
) -> None:
    db, reports = imported
    report = reports["us-1260h"]
    assert (report.rows_read, report.added, report.rejected) == (397, 397, 0)
    years = Counter(e["listing_date"].year for e in entities(db, "list_id = 'us-dod-1260h'"))
    assert years == {2021: 47, 2022: 13, 2024: 16, 2025: 133, 2026: 188}
    hikvision = entities(db, "name = ?", "Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert sorted(e["listing_date"] for e in hikvision) == [
        dt.date(2021, 6, 3), dt.date(2025, 1, 7), dt.date(2026, 6, 8)
    ]  # fmt: skip
    assert all(e["aliases"] == ["Hikvision"] for e in hikvision)
    [megvii] = entities(db, "name = ?", "Beijing Megvii Technology Co., Ltd.")
    assert (megvii["listing_date"], megvii["end_date"]) == (
        dt.date(2024, 1, 31),
        dt.date(2025, 1, 7),
    )


def test_imported_names_screen_in_chinese_and_english(
    imported: tuple[Path, dict[str, ImportReport]],
) -> None:
    with Techbloc.open(imported[0]) as tb:
        hits = tb.screen("洛克希德·马丁公司", limit=10)
        uel = [h for h in hits if h.list_id == "cn-mofcom-uel"]
        assert uel and uel[0].name == "Lockheed Martin Corporation" and uel[0].score == 1.0
        english = tb.screen("Lockheed Martin Corporation", limit=10)
        assert any(h.entity_id == uel[0].entity_id for h in english)
        [ausay] = tb.screen("广州欧赛科技有限公司")
        assert ausay.list_id == "jp-meti-third-country-export-ban"
        assert ausay.name == "Guangzhou Ausay Technology Co. Limited"
        hikvision = tb.screen("Hikvision")
        assert {h.list_id for h in hikvision} == {"us-dod-1260h"}


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: sorted(map(tuple, con.execute(f"SELECT * FROM {table}").fetchall()), key=repr)
            for table in ("listed_entities", "listing_events", "list_quarantine")
        }
    finally:
        con.close()


def test_reimport_is_idempotent_and_keys_are_stable(fresh_store: Path, tmp_path: Path) -> None:
    import_all(fresh_store)
    before = snapshot(fresh_store)
    again = import_all(fresh_store)
    assert {r.status for r in again.values()} == {"already-imported"}
    assert snapshot(fresh_store) == before
    for key, (fmt, name) in FILES.items():  # other bytes, same content, a later day
        copy = tmp_path / name
        copy.write_bytes(real_file(key).read_bytes() + b"\n")
        report = import_list_file(fresh_store, str(copy), fmt, RETRIEVED + dt.timedelta(days=1))
        assert (report.added, report.changed, report.removed) == (0, 0, 0), key
        assert report.unchanged == sum(report.lists.values()) > 0
