"""Importing CSVs of supplier shares: both share conventions, every kind of bad row, refusals,
idempotence, replacement by input and year, roll-up of organisations, interrupted imports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

import techbloc.store.supply as supply_module
from techbloc.errors import InvalidArgument
from techbloc.ingest.supply import import_supply_source
from techbloc.ingest.supply_csv import column_map, slug
from techbloc.ingest.supply_values import parse_number, parse_share_pct, parse_year

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "supply"
PERCENT = FIXTURES / "shares_percent.csv"
FRACTION = FIXTURES / "shares_fraction.csv"


def shares(db: Path) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            """SELECT input_id, year, actor_code, organisation, share_pct, basis
               FROM supply_shares ORDER BY ALL"""
        ).fetchall()
    finally:
        con.close()


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = ("supply_imports", "supply_inputs", "supply_shares", "supply_edges",
                  "supply_quarantine")  # fmt: skip
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    finally:
        con.close()


def test_percent_file_lands_good_rows_and_quarantines_every_bad_kind(fresh_store: Path) -> None:
    report = import_supply_source(fresh_store, str(PERCENT))
    assert (report.status, report.share_scale) == ("imported", "percent")
    assert report.scale_reason == "the unit column says percent"
    assert (report.rows_read, report.inputs, report.input_years) == (31, 4, 5)
    assert (report.organisation_shares, report.rolled_up, report.country_shares) == (5, 4, 17)
    reasons = {(r.row, r.field, r.reason) for r in report.rejections}
    assert reasons == {
        (20, "input", "input missing"),
        (21, "country", "country missing"),
        (22, "country", "unknown country 'Atlantis'"),
        (23, "share", "not a number: 'lots'"),
        (24, "share", "negative share: -3"),
        (25, "share", "share above 100 %: 150"),
        (26, "year", "not a year: '20x4'"),
        (27, "year", "year out of range 1900–2100: 1800"),
        (28, "year", "year missing"),
        (29, "share", "share missing"),
        (30, "country", "repeats row 2 (same input, year and supplier)"),
        (31, "unit", "unknown unit 'bananas' (percent or fraction)"),
        (32, None, "more cells than header columns"),
    }
    assert [r.source_file for r in report.rejections] == ["shares_percent.csv"] * 13
    assert report.over_100 == [
        {"input_id": "over-input", "year": 2024, "level": "country", "total_pct": 101.0,
         "suppliers": 2}
    ]  # fmt: skip
    stored = shares(fresh_store)
    assert ("euv-scanners", 2024, "NL", None, 90.0, "country") in stored
    assert ("photoresist-x", 2024, "DE", None, 10.0, "country") in stored  # 德国
    # organisations only: each country's share is the sum of its organisations
    assert ("eda-tools", 2024, "US", None, 70.0, "organisations") in stored
    assert ("eda-tools", 2024, None, None, 5.0, "organisations") in stored  # 'Other'
    assert ("eda-tools", 2024, "US", "Synopsys Fixture", 40.0, "organisation") in stored
    con = duckdb.connect(str(fresh_store), read_only=True)
    quarantined = con.execute("SELECT count(*), min(source_file) FROM supply_quarantine").fetchone()
    con.close()
    assert quarantined == (13, "shares_percent.csv")


def test_fraction_file_is_read_as_fractions(fresh_store: Path) -> None:
    report = import_supply_source(fresh_store, str(FRACTION))
    assert report.share_scale == "fraction"
    assert "no share above 1" in report.scale_reason
    assert {(r.row, r.field) for r in report.rejections} == {(7, "country"), (8, "share")}
    assert [(s[2], s[4]) for s in shares(fresh_store)] == [
        ("CN", 5.0), ("DE", 5.0), ("JP", 55.0), ("KR", 15.0), ("TW", 20.0)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("mixed_units.csv", "mixes share units: row 3 says percent, row 5 says fraction"),
        ("mixed_values.csv", "the shares of b-input in 2024 (rows 4, 5) sum to 1 (fractions)"),
    ],
)
def test_a_file_mixing_conventions_is_refused(fresh_store: Path, name: str, message: str) -> None:
    before = snapshot(fresh_store)
    with pytest.raises(InvalidArgument, match=re.escape(message)):
        import_supply_source(fresh_store, str(FIXTURES / name))
    assert snapshot(fresh_store) == before


def test_same_file_again_changes_nothing(fresh_store: Path) -> None:
    import_supply_source(fresh_store, str(PERCENT))
    before = snapshot(fresh_store)
    again = import_supply_source(fresh_store, str(PERCENT))
    assert again.status == "already-imported" and again.import_id == 1
    assert snapshot(fresh_store) == before


def test_a_file_replaces_the_input_years_it_covers(fresh_store: Path, tmp_path: Path) -> None:
    import_supply_source(fresh_store, str(PERCENT))
    newer = tmp_path / "newer.csv"
    newer.write_text("input,country,share,year\nEUV scanners (fixture),NL,100,2024\n")
    report = import_supply_source(fresh_store, str(newer))
    assert (report.replaced, report.inputs, report.country_shares) == (4, 0, 1)
    euv = [s for s in shares(fresh_store) if s[0] == "euv-scanners"]
    assert euv == [("euv-scanners", 2024, "NL", None, 100.0, "country")]
    assert len([s for s in shares(fresh_store) if s[0] == "photoresist-x"]) == 7  # untouched


def test_interrupted_import_leaves_store_as_it_was(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(fresh_store)
    real = supply_module._apply

    def apply_then_fail(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)
        raise RuntimeError("power cut")

    monkeypatch.setattr(supply_module, "_apply", apply_then_fail)
    with pytest.raises(RuntimeError, match="power cut"):
        import_supply_source(fresh_store, str(PERCENT))
    assert snapshot(fresh_store) == before


def test_year_from_option_when_the_file_has_none(fresh_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "no_year.csv"
    path.write_text("Input,Country Code,Market Share\nneon-gas,UA,45\nneon-gas,RU,30\n")
    with pytest.raises(InvalidArgument, match="has no year column"):
        import_supply_source(fresh_store, str(path))
    report = import_supply_source(fresh_store, str(path), year=2021)
    assert report.rejected == 0
    assert [s[:3] for s in shares(fresh_store)] == [
        ("neon-gas", 2021, "RU"),
        ("neon-gas", 2021, "UA"),
    ]


def test_fraction_above_one_is_rejected_where_the_unit_says_fraction(
    fresh_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "declared.csv"
    path.write_text("input,country,share,year,unit\nx,US,0.6,2024,fraction\nx,JP,1.4,2024,\n")
    report = import_supply_source(fresh_store, str(path))
    assert [(r.row, r.reason) for r in report.rejections] == [(3, "share above 1: 1.4")]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("input,country,year", "lacks share"),
        ("item,iso2,share,iso3", "columns 'iso2' and 'iso3' both mean country"),
    ],
)
def test_header_errors(fresh_store: Path, tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(header + "\n")
    with pytest.raises(InvalidArgument, match=message):
        import_supply_source(fresh_store, str(path))


def test_not_utf8_and_missing_paths_are_clear_errors(fresh_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "input,country,share,year\nN20,JP,90,2024\n光刻胶,日本,90,2024\n".encode("gbk")
    )
    report = import_supply_source(fresh_store, str(path))  # the GBK row alone is quarantined
    assert report.country_shares == 1
    [rejection] = report.rejections
    assert rejection.row == 3 and "not UTF-8" in rejection.reason and "GBK" in rejection.reason
    assert rejection.raw["text"].startswith("\\xb9\\xe2")  # its bytes kept, written as \xNN
    path.write_bytes("输入,国家,份额,年份\n".encode("gbk"))
    with pytest.raises(InvalidArgument, match="header cannot be read: not UTF-8"):
        import_supply_source(fresh_store, str(path))
    with pytest.raises(InvalidArgument, match="no such file"):
        import_supply_source(fresh_store, str(tmp_path / "missing.csv"))
    with pytest.raises(InvalidArgument, match="lacks providers.csv, provision.csv, inputs.csv"):
        import_supply_source(fresh_store, str(tmp_path), "eto")
    with pytest.raises(InvalidArgument, match="unknown supply format"):
        import_supply_source(fresh_store, str(path), "xlsx")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("45.2", 45.2), ("45,2", 45.2), ("45.2%", 45.2), (" 0.3 ", 0.3), ("1e1", 10.0),
     ("abc", "not a number: 'abc'"), ("nan", "not a number: 'nan'"), ("", "not a number: ''")],
)  # fmt: skip
def test_parse_number(text: str, expected: float | str) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024", 2024), ("2024.0", 2024), ("24", "not a year: '24'"), ("2200", "year out of range "
     "1900–2100: 2200"), ("", "year missing")],
)  # fmt: skip
def test_parse_year(text: str, expected: int | str) -> None:
    assert parse_year(text) == expected


def test_parse_share_pct_limits() -> None:
    assert parse_share_pct("100") == 100.0
    assert parse_share_pct("100.1") == "share above 100 %: 100.1"
    assert parse_share_pct("-0.1") == "negative share: -0.1"


def test_column_aliases_and_slugs() -> None:
    found = column_map(Path("x.csv"), ["Technology", "ISO3", "份额", "年份", "Company"])
    assert found == {"input": "Technology", "country": "ISO3", "share": "份额", "year": "年份",
                     "organisation": "Company"}  # fmt: skip
    assert slug("ArF photoresist (KrF) ") == "arf-photoresist-krf"
    assert slug("光刻胶 ArF") == "光刻胶-arf"


@given(st.text(max_size=12))
def test_cell_parsers_never_crash(text: str) -> None:
    share = parse_share_pct(text)
    assert isinstance(share, str) or 0 <= share <= 100
    year = parse_year(text)
    assert isinstance(year, str) or 1900 <= year <= 2100
