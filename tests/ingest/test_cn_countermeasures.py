"""China's countermeasure and export-control lists (OpenSanctions CSV): lists by body and 'List',
dates, names in both scripts, countries, and the rows that are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from techbloc.ingest import cn_countermeasures as cn
from techbloc.ingest.records import ListedRecord, Rejection

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "cn_countermeasures" / "snapshot.csv"


@pytest.fixture(scope="module")
def items() -> list[ListedRecord | Rejection]:
    return list(cn.read_cn_countermeasures(FIXTURE))


def records(items: list[ListedRecord | Rejection]) -> dict[str, ListedRecord]:
    return {i.name: i for i in items if isinstance(i, ListedRecord)}


def test_good_rows_land_on_the_list_their_body_and_list_name(
    items: list[ListedRecord | Rejection],
) -> None:
    by_name = records(items)
    assert {name: r.list_id for name, r in by_name.items()} == {
        "Example Defense Systems Inc.": "cn-mofcom-uel",
        "Jane Example": "cn-mfa-countermeasures",
        "Example Aerospace Institute": "cn-mofcom-export-control-watch-list",
        "Example Island Media": "cn-tao-punished-organisations",
        "Example Politician": "cn-tao-diehard-separatists",
        "Atlantis Trading Co.": "cn-mofcom-export-control-list",
        "Springfield Drones Inc.": "cn-mofcom-export-control-list",
    }


def test_bad_rows_are_rejected_with_row_field_and_reason(
    items: list[ListedRecord | Rejection],
) -> None:
    assert [(r.row, r.field, r.reason) for r in items if isinstance(r, Rejection)] == [
        (5, "Name", "no name (neither Name nor Chinese name)"),
        (6, "Body", "no issuing body: the row does not say which list it belongs to"),
        (7, "List", "unknown Ministry of Commerce list 'Some New List'"),
        (8, "Date", "not a date (DD.MM.YYYY): '31.02.2025'"),
        (13, None, "more cells than header columns"),
    ]


def test_names_dates_and_provenance_are_kept(items: list[ListedRecord | Rejection]) -> None:
    person = records(items)["Jane Example"]
    assert person.aliases == ("J. Example", "Jane Q. Example", "简·示例")
    assert person.entity_type == "Individual" and person.identifiers == ("Wikidata Q000001",)
    assert person.listing_date == dt.date(2024, 6, 21) and person.programs == ("AFSL",)
    assert (
        person.remarks == "Chief Executive of Example Defense Systems | 示例防务系统公司首席执行官"
    )
    assert person.source_url == "https://example.org/mfa/2024-06.html"
    company = records(items)["Example Defense Systems Inc."]
    assert company.listing_date == dt.date(2023, 2, 16)  # DD.MM.YY is a year in 2000-2099
    assert company.entity_type == "Entity" and company.aliases == ("示例防务系统公司",)


def test_end_date_and_the_party_name_of_the_taiwan_affairs_office(
    items: list[ListedRecord | Rejection],
) -> None:
    media = records(items)["Example Island Media"]
    assert (media.listing_date, media.end_date) == (dt.date(2022, 8, 3), dt.date(2023, 7, 13))
    politician = records(items)["Example Politician"]
    assert politician.remarks == (
        "Announced by the Taiwan Work Office of the CPC Central Committee"
    )


def test_countries_from_the_column_or_else_the_address(
    items: list[ListedRecord | Rejection],
) -> None:
    by_name = records(items)
    assert by_name["Example Aerospace Institute"].countries == ("JP",)  # 'Japan'
    assert by_name["Example Island Media"].countries == ("TW",)
    assert by_name["Springfield Drones Inc."].countries == ("US",)  # '…, USA' address
    unknown = by_name["Atlantis Trading Co."]
    assert unknown.countries == () and unknown.remarks == "country not recognised: Atlantis"


def test_one_name_in_two_announcements_is_two_records(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").splitlines()[:2]
    again = text[1].replace("16.02.23", "04.03.25").replace("uel-2023-1", "uel-2025-7")
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*text, again]) + "\n", encoding="utf-8")
    first, second = cn.read_cn_countermeasures(path)
    assert isinstance(first, ListedRecord) and isinstance(second, ListedRecord)
    assert first.source_key != second.source_key and first.list_id == second.list_id


def test_a_header_without_the_needed_columns_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Name,Country\nX,US\n", encoding="utf-8")
    [rejection] = cn.read_cn_countermeasures(path)
    assert isinstance(rejection, Rejection) and rejection.field == "header"
    assert "Chinese name" in rejection.reason and "Body" in rejection.reason
