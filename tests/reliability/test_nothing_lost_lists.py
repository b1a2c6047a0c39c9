"""Every list importer on a file mixing good rows with every kind of bad row: every good row
lands, every bad row is in quarantine with its row and reason, and the same file again changes
nothing (same row counts and content digests of every table)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from techbloc.ingest.lists import import_list_file
from tests.reliability.digests import digests, rows

DAY = dt.date(2025, 6, 1)
EL = "Entity List (EL) - Bureau of Industry and Security"


def csl_csv() -> bytes:
    lines = [
        "source,name,start_date,addresses",
        f'"{EL}",Good One Ltd,2023-01-02,"1 Road, Beijing, CN"',  # 2
        f'"{EL}",,2023-01-02,no name',  # 3: no name
        f'"{EL}",Bad Date Ltd,2023-02-30,',  # 4: not a date
        ",No Source Ltd,2023-01-02,",  # 5: no source
        f'"{EL}",Good Two Ltd,2022-05-06,"2 Road, Shanghai, CN"',  # 6
        f'"{EL}",Too Many Ltd,2023-01-02,a,b',  # 7: more cells than columns
        f'"{EL}","Quoted"junk,2023-01-02,',  # 8: text after a closing quote
        f'"{EL}",Good Three Ltd,,',  # 9
    ]
    gbk = f'"{EL}",华为 GBK,2023-01-02,'.encode("gbk")  # 10: not UTF-8
    nul = f'"{EL}",Nul\x00Byte,2023-01-02,'.encode()  # 11: NUL byte
    cut = f'"{EL}",Good Four Ltd,2023-01-02,\n"{EL}","Cut Off'.encode()  # 12 good, 13 truncated
    text = "\n".join(lines).encode() + b"\n" + gbk + b"\n" + nul + b"\n" + cut
    return text


def csl_json() -> bytes:
    good = [{"source": EL, "name": f"Json Good {n}", "start_date": "2023-01-02"} for n in range(3)]
    parts = [
        json.dumps(good[0]),
        "5",  # 2: not an object
        json.dumps({"source": EL, "name": ""}),  # 3: no name
        '{"source": "x", "name": }',  # 4: broken JSON in the middle
        json.dumps(good[1]),  # 5
        json.dumps({"source": EL, "name": "Bad Date", "start_date": "2023-13-01"}),  # 6
        json.dumps(good[2]),  # 7
        '{"source": "' + EL + '", "name": "Cut',  # 8: the file is cut off here
    ]
    return ('{"results": [' + ",\n".join(parts)).encode()


def ftm_lines() -> bytes:
    def entity(key: str, name: str, **extra: object) -> str:
        doc = {"id": key, "schema": "Company", "properties": {"name": [name]},
               "datasets": ["eu_fsf"], "target": True, **extra}  # fmt: skip
        return json.dumps(doc, ensure_ascii=False)

    lines = [
        entity("g1", "FtM Good One"),  # 1
        '{"id": "b1", "schema": "Company", "properties": {"name": ["Broken"]',  # 2: broken JSON
        "[1, 2]",  # 3: not an object
        entity("", "No Id"),  # 4: no id
        entity("b2", "Odd Name", properties={"name": [{"not": "text"}]}),  # 5: not text
        entity("b3", "Odd Datasets", datasets=["eu_fsf", 7]),  # 6: datasets not names
        entity("g2", "FtM Good Two"),  # 7
        "[" * 5000 + "]" * 5000,  # 8: nested too deeply
        entity("b4", "No Name", properties={"alias": ["x"]}),  # 9: listed without a name
        json.dumps({"id": "o1", "schema": "Ownership", "properties": {"asset": ["g1"]}}),  # 10
        entity("g3", "FtM Good Three"),  # 11
    ]
    gbk = entity("b5", "华为").encode("gbk")  # 12: not UTF-8
    return "\n".join(lines).encode() + b"\n" + gbk + b"\n" + entity("g4", "FtM Good Four").encode()


def cn_csv() -> bytes:
    head = "Type,Name,Chinese name,Body,List,Date"
    good = [f"Company,CN Good {n},样例{n},Ministry of Commerce,UEL,16.02.23" for n in range(3)]
    lines = [
        head,
        good[0],
        "Company,,,Ministry of Commerce,UEL,16.02.23",  # 3: no name
        good[1],
        "Company,Too Many,多,Ministry of Commerce,UEL,16.02.23,extra",
    ]  # 5
    gbk = "Company,GBK,华为,Ministry of Commerce,UEL,16.02.23".encode("gbk")  # 6
    cut = f'{good[2]}\nCompany,"Cut Off'.encode()  # 7 good, 8 truncated
    return "\n".join(lines).encode() + b"\n" + gbk + b"\n" + cut


def dod_csv() -> bytes:
    lines = ["Name,Clean Name,Start date", "DoD Good One*,DoD Good One,2021-06-03",
             ",,2021-06-03",  # 3: no name
             "Bad Date,Bad Date,2021-02-30",  # 4
             "DoD Good Two,DoD Good Two,2024-01-31"]  # fmt: skip
    return "\n".join(lines).encode() + b"\nNul\x00,Nul,2021-06-03\n"  # 6: NUL byte


def jp_text() -> bytes:
    head = "○ 輸出等に係る禁止措置の対象となるロシア連邦の団体\n指定日：2022 年03月01 日\n"
    entries = [
        "１ 株式会社サンプル造船所\nSample Shipyard JSC\n所在地：St. Petersburg, Russia.\n",
        "２ 株式会社グッド\nGood Two JSC\n所在地：Moscow, Russia.\n",
    ]
    broken = "３ 株式会社ブロークン\n".encode() + "破損".encode("gbk") + b"\n"  # 6: not UTF-8
    last = "４ 株式会社ラスト\nLast Four JSC\n所在地：Kazan, Russia.\n"
    return (head + "".join(entries)).encode() + broken + last.encode()


CASES = {
    "csl-csv": (
        "csl", "csl.csv", csl_csv,
        ["Good One Ltd", "Good Two Ltd", "Good Three Ltd", "Good Four Ltd"],
        [(3, "no name"), (4, "not a date"), (5, "no source"), (7, "more cells"),
         (8, "not valid CSV"), (10, "not UTF-8"), (11, "NUL"), (13, "truncated")],
    ),
    "csl-json": (
        "csl", "csl.json", csl_json, ["Json Good 0", "Json Good 1", "Json Good 2"],
        [(2, "not an object"), (3, "no name"), (4, "not valid JSON"), (6, "not a date"),
         (8, "truncated")],
    ),
    "ftm": (
        "ftm", "entities.ftm.json", ftm_lines,
        ["FtM Good One", "FtM Good Two", "FtM Good Three", "FtM Good Four"],
        [(2, "not valid JSON"), (3, "not a JSON object"), (4, "no id"), (5, "not text"),
         (6, "datasets"), (8, "nested too deeply"), (9, "without a name"),
         (10, "without an owner"), (12, "not UTF-8")],
    ),
    "cn-countermeasures": (
        "cn-countermeasures", "cn.csv", cn_csv, ["CN Good 0", "CN Good 1", "CN Good 2"],
        [(3, "no name"), (5, "more cells"), (6, "not UTF-8"), (8, "truncated")],
    ),
    "us-1260h": (
        "us-1260h", "1260h.csv", dod_csv, ["DoD Good One", "DoD Good Two"],
        [(3, "no name"), (4, "date"), (6, "NUL")],
    ),
    "jp-meti": (
        "jp-meti", "list.txt", jp_text, ["Sample Shipyard JSC", "Good Two JSC", "Last Four JSC"],
        [(9, "not UTF-8")],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_good_rows_land_bad_rows_are_quarantined_and_a_rerun_changes_nothing(
    fresh_store: Path, tmp_path: Path, case: str
) -> None:
    source_format, name, make, good, bad = CASES[case]
    path = tmp_path / name
    path.write_bytes(make())
    report = import_list_file(fresh_store, str(path), source_format, DAY)
    landed = {r[0] for r in rows(fresh_store, "SELECT name FROM listed_entities")}
    assert set(good) <= landed
    assert report.added == len(good)
    quarantined = rows(
        fresh_store,
        "SELECT source_row, reason, raw_json FROM list_quarantine WHERE import_id = ? "
        "ORDER BY source_row",
        [report.import_id],
    )
    assert [row for row, _, _ in quarantined] == [row for row, _ in bad]
    for (_, reason, raw), (_, expected) in zip(quarantined, bad, strict=True):
        assert expected in reason
        assert json.loads(raw)  # the row is kept as the file had it

    before = digests(fresh_store)
    again = import_list_file(fresh_store, str(path), source_format, DAY)
    assert again.status == "already-imported"
    assert digests(fresh_store) == before
