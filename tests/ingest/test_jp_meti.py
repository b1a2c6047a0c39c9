"""Japan's export-ban lists of entities, read from the text of the PDFs: entries that wrap or are
glued together, Japanese/English/Chinese names, aliases in both layouts, addresses, the header's
dates, and the entries that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from techbloc.ingest import jp_meti
from techbloc.ingest.records import ListedRecord, Rejection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jp_meti"
THIRD = "jp-meti-third-country-export-ban"


@pytest.fixture(scope="module")
def items() -> list[ListedRecord | Rejection]:
    return list(jp_meti.read_jp_meti(FIXTURES / "third_country.txt"))


def records(items: list[ListedRecord | Rejection]) -> list[ListedRecord]:
    return [i for i in items if isinstance(i, ListedRecord)]


def test_every_readable_entry_lands_and_the_rest_are_explained(
    items: list[ListedRecord | Rejection],
) -> None:
    assert [(r.row, r.name) for r in records(items)] == [
        (6, "Sample Trading LLC"),
        (12, "Guangzhou Sample Technology Co. Limited"),  # glued to entry 1's address
        (16, "Example Electronics Ltd"),
        (23, "Testchips FZCO"),
        (28, "Integral Sample SPB"),
    ]
    assert [(r.row, r.field, r.reason) for r in items if isinstance(r, Rejection)] == [
        (23, "number", "entry 4 missing: the numbering jumps from 3 to 5"),
        (27, "name", "entry 6 has no name"),
    ]
    assert {r.list_id for r in records(items)} == {THIRD}


def test_old_layout_japanese_aliases_and_english_bullets(
    items: list[ListedRecord | Rejection],
) -> None:
    first = records(items)[0]
    assert first.aliases == (
        "有限会社サンプル・トレーディング", "サンプル・トレード", "エス・ティー・エル",
        "Sample Trade", "STL",
    )  # fmt: skip
    assert first.addresses == (
        "Unit 1, 2/F, 10 Example Road, Kowloon, Hong Kong, China",
        "3 Test Street, Yerevan, 0026, Armenia",
    )
    assert first.countries == ("HK", "AM")  # 'Hong Kong, China' is HK


def test_chinese_names_in_brackets_become_aliases(items: list[ListedRecord | Rejection]) -> None:
    glued = records(items)[1]
    assert glued.aliases == (
        "グアンジョウ・サンプル・テクノロジー有限会社",
        "广州样例科技有限公司",
        "Guangzhou Sample Technology Co., Ltd.",
    )
    assert glued.countries == ("CN",)


def test_new_layout_aliases_after_bessho(items: list[ListedRecord | Rejection]) -> None:
    new = records(items)[2]
    assert new.aliases == (
        "エグザンプル・エレクトロニクス・リミテッド", "深圳市样例电子有限公司",
        "エグザンプル・エレクトロニクス", "エグザンプル・イー", "Example Electronics",
        "EXEL Co Ltd", "Example Electronics International",
    )  # fmt: skip
    assert new.countries == ("CN", "HK")


def test_wrapped_address_and_spaced_label(items: list[ListedRecord | Rejection]) -> None:
    spaced = records(items)[3]
    assert spaced.addresses == ("Dubai Silicon Oasis, Unit 21-45, Dubai, United Arab Emirates",)
    assert spaced.aliases == ("テストチップス FZCO",)


def test_latin_glued_to_a_japanese_name_is_not_taken_for_the_english_name(
    items: list[ListedRecord | Rejection],
) -> None:
    assert records(items)[4].aliases == ("インテグラルSPB",)


def test_header_dates_go_to_remarks_not_listing_date(
    items: list[ListedRecord | Rejection],
) -> None:
    first = records(items)[0]
    assert first.listing_date is None
    assert "2023-12-15" in (first.remarks or "") and "2025-09-12" in (first.remarks or "")
    assert first.citation == "令和五年外務省告示第四百四十七号"


def test_russia_list_with_full_width_numbers() -> None:
    items = list(jp_meti.read_jp_meti(FIXTURES / "russia.txt"))
    assert [(r.list_id, r.name, r.countries) for r in records(items)] == [
        ("jp-meti-russia-export-ban", "Sample Shipyard JSC", ("RU",)),
        ("jp-meti-russia-export-ban", "(OOO) Sample Complex (SC)", ("RU",)),
    ]
    assert records(items)[1].aliases == ("(有限会社)サンプル・コンプレックス(SC)",)
    assert "2022-03-01" in (records(items)[0].remarks or "")


def test_unknown_header_is_refused() -> None:
    [rejection] = jp_meti.read_jp_meti(FIXTURES / "unknown_header.txt")
    assert isinstance(rejection, Rejection)
    assert (rejection.row, rejection.field) == (1, "header")


def test_a_file_without_entries_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("○ 何もない\n", encoding="utf-8")
    [rejection] = jp_meti.read_jp_meti(path)
    assert isinstance(rejection, Rejection) and rejection.field == "entry"
