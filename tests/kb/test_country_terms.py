"""Country terms (kb/data/actors/country_terms.yaml): loaded, validated, cross-checked against CLDR,
written to the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest
from babel import Locale

from techbloc.kb.loader import load_kb
from techbloc.kb.validate import validate_kb
from tests.kbfactory import base_kb, write_kb

TODAY = dt.date(2026, 11, 23)
KB = load_kb()
REQUIRED = [
    "US", "CN", "JP", "NL", "KR", "TW", "DE", "FR", "GB", "IT", "CA", "AU", "IN", "RU", "EU", "BE",
    "SE", "FI", "IL", "SG", "MY", "VN", "TH", "ID", "PH", "NZ", "CH", "NO", "PL", "ES", "BR", "SA",
    "AE", "TR", "IR", "KP", "UA", "BY", "HK", "MO",
]  # fmt: skip

# English seat -> the CLDR time zone whose exemplar city it is (where CLDR has the capital itself).
CLDR_SEATS = {
    "Tokyo": "Asia/Tokyo", "Seoul": "Asia/Seoul", "Taipei": "Asia/Taipei",
    "Moscow": "Europe/Moscow", "Berlin": "Europe/Berlin", "Paris": "Europe/Paris",
    "London": "Europe/London", "Rome": "Europe/Rome", "Brussels": "Europe/Brussels",
    "Stockholm": "Europe/Stockholm", "Helsinki": "Europe/Helsinki",
    "Kuala Lumpur": "Asia/Kuala_Lumpur", "Bangkok": "Asia/Bangkok", "Jakarta": "Asia/Jakarta",
    "Manila": "Asia/Manila", "Oslo": "Europe/Oslo", "Warsaw": "Europe/Warsaw",
    "Madrid": "Europe/Madrid", "Riyadh": "Asia/Riyadh", "Tehran": "Asia/Tehran",
    "Pyongyang": "Asia/Pyongyang", "Kiev": "Europe/Kiev", "Minsk": "Europe/Minsk",
}  # fmt: skip


def test_the_builtin_file_covers_the_countries_that_matter() -> None:
    assert set(REQUIRED) <= set(KB.country_terms)
    assert KB.country_terms["US"].zh_abbreviation == "美"
    assert "Washington" in KB.country_terms["US"].seats.en
    assert "Brussels" in KB.country_terms["EU"].seats.en
    assert {j.term for j in KB.joint_forms} == {"港澳", "港澳台"}


def test_the_builtin_knowledge_base_stays_valid() -> None:
    errors = [p for p in validate_kb(KB) if p.severity == "error"]
    assert errors == []


@pytest.mark.parametrize(("seat", "zone"), sorted(CLDR_SEATS.items()))
def test_chinese_seat_names_are_cldr_exemplar_cities(seat: str, zone: str) -> None:
    owner = next(t for t in KB.country_terms.values() if seat in t.seats.en)
    city = Locale("zh").time_zones[zone]["city"]
    assert city in owner.seats.zh


def _with_terms(**entry: Any) -> dict[str, Any]:
    files = base_kb()
    files["actors/country_terms.yaml"] = {
        "sources": [{"id": "ct-src", "publisher": "P", "title": "T"}],
        "countries": [{"code": "US", "source": "ct-src", **entry}],
    }
    return files


def _errors(tmp_path: Path, files: dict[str, Any]) -> list[tuple[str, str]]:
    kb = load_kb(write_kb(tmp_path / "kb", files))
    return [(p.field, p.code) for p in validate_kb(kb, TODAY) if p.severity == "error"]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"demonyms": ["American"]}, []),
        ({"code": "XX"}, [("countries[0].code", "unknown-country")]),
        (
            {"seats": {"en": ["Beijing"], "zh": ["北京"]}, "source": None},
            [("countries[0].sources", "missing-source")],
        ),
        ({"demonyms": ["China"]}, [("countries[0].demonyms[0]", "shared-term")]),
        ({"forms": {"zh": ["美國政府"]}}, [("countries[0].forms.zh[0]", "not-simplified")]),
        ({"zh_abbreviation": "美国"}, [("countries[0].zh_abbreviation", "invalid-field")]),
    ],
)
def test_validation_of_country_terms(
    tmp_path: Path, entry: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    assert _errors(tmp_path, _with_terms(**entry)) == expected


def test_a_shared_abbreviation_and_an_unknown_joint_code_are_errors(tmp_path: Path) -> None:
    files = _with_terms(zh_abbreviation="美")
    doc = files["actors/country_terms.yaml"]
    doc["countries"].append({"code": "CN", "zh_abbreviation": "美", "source": "ct-src"})
    doc["joint_forms"] = [{"term": "美中", "codes": ["US", "XX"], "source": "ct-src"}]
    assert _errors(tmp_path, files) == [
        ("countries[1].zh_abbreviation", "shared-term"),
        ("joint_forms[0].codes[1]", "unknown-country"),
    ]


def test_taxonomy_keywords_must_be_simplified(tmp_path: Path) -> None:
    files = base_kb()
    files["taxonomy/stages.yaml"]["stages"][0]["keywords"] = {"en": ["export"], "zh": ["貿易"]}
    assert _errors(tmp_path, files) == [("stages[0].keywords.zh[0]", "not-simplified")]


def test_the_store_holds_the_terms_and_keywords(builtin_db: Path) -> None:
    con = duckdb.connect(str(builtin_db), read_only=True)
    try:
        seats = con.execute(
            "SELECT actor_code FROM country_terms WHERE term_kind = 'seat' AND term = '海牙'"
        ).fetchall()
        joint = con.execute(
            "SELECT list_sort(list(actor_code)) FROM country_terms WHERE term = '港澳台'"
        ).fetchone()
        keywords = con.execute(
            "SELECT keywords_zh FROM instruments WHERE instrument_id = 'entity_listing'"
        ).fetchone()
    finally:
        con.close()
    assert seats == [("NL",)]
    assert joint == (["HK", "MO", "TW"],)
    assert keywords is not None and "实体清单" in keywords[0]
