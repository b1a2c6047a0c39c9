"""Choke points, backups and exposure on the fixture shares, against numbers computed by hand.

tests/fixtures/supply/shares_percent.csv and shares_fraction.csv (2024 unless said):
euv-scanners NL 90, JP 6, KR 3, CN 1; photoresist-x JP 60, US 15, KR 10, DE 10, CN 5 (2020:
JP 70, US 30); eda-tools organisations only: US 40 + 30, DE 15, CN 10, 'Other' 5; over-input
US 60, JP 41; wafers-x JP 55, TW 20, KR 15, CN 5, DE 5.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.analytics.coalitions import Coalition, resolve_coalition
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine
from techbloc.analytics.exposure import (
    backup_sources,
    chokepoints,
    chokepoints_series,
    exposure,
    exposure_series,
)
from techbloc.errors import NotFound
from techbloc.ingest.supply import import_supply_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "supply"
AT = dt.date(2024, 6, 1)
US_JP_NL = Coalition("countries", "JP,NL,US", codes=("JP", "NL", "US"))
DEAL = Coalition("alliance", "us-japan-netherlands-sme", alliance_id="us-japan-netherlands-sme")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    db = tmp_path_factory.mktemp("supply") / "store.duckdb"
    db.write_bytes(builtin_db.read_bytes())
    import_supply_source(db, str(FIXTURES / "shares_percent.csv"))
    import_supply_source(db, str(FIXTURES / "shares_fraction.csv"))
    return db


@pytest.fixture(scope="module")
def con(store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(store), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def engine(con: duckdb.DuckDBPyConnection) -> AnalyticsEngine:
    return duckdb_engine(con)


def by_input(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["input_id"]: r for r in rows}


COLUMNS = ("coalition_share_pct", "focal_share_pct", "outside_share_pct", "unattributed_share_pct",
           "hhi", "top_supplier", "top_supplier_share_pct", "chokepoint_score", "rank")  # fmt: skip
EXPECTED = {  # coalition US, JP, NL; focal CN
    "over-input": (101.0, 0.0, 0.0, 0.0, 5281.0, "US", 60.0, 1.0, 1),  # C capped at 100
    "euv-scanners": (96.0, 1.0, 3.0, 0.0, 8146.0, "NL", 90.0, 0.96 * 0.99, 2),
    "photoresist-x": (75.0, 5.0, 20.0, 0.0, 4050.0, "JP", 60.0, 0.75 * 0.95, 3),
    "eda-tools": (70.0, 10.0, 15.0, 5.0, 5225.0, "US", 70.0, 0.70 * 0.90, 4),
    "wafers-x": (55.0, 5.0, 40.0, 0.0, 3700.0, "JP", 55.0, 0.55 * 0.95, 5),
}


@pytest.mark.parametrize("coalition", ["US,JP,NL", "us-japan-netherlands-sme", "美国,日本,荷兰"])
def test_chokepoints_by_hand(
    engine: AnalyticsEngine, con: duckdb.DuckDBPyConnection, coalition: str
) -> None:
    rows = by_input(engine.rows(chokepoints(engine, AT, resolve_coalition(con, coalition), "CN")))
    assert set(rows) == set(EXPECTED)
    for input_id, expected in EXPECTED.items():
        got = tuple(rows[input_id][c] for c in COLUMNS)
        assert got == pytest.approx(expected), input_id
    eda = rows["eda-tools"]
    assert (eda["organisations"], eda["backup_countries"], eda["backup_organisations"]) == (5, 1, 1)
    assert (eda["data_year"], eda["coalition_size"], eda["focal"]) == (2024, 3, "CN")
    assert rows["euv-scanners"]["is_leaf"] and rows["euv-scanners"]["known_share_pct"] == 100.0


def test_backups_ranked_within_countries_and_organisations(engine: AnalyticsEngine) -> None:
    rows = engine.rows(backup_sources(engine, AT, US_JP_NL, "CN"))
    got = sorted((r["input_id"], r["level"], r["rank"], r["supplier"], r["share_pct"], r["role"])
                 for r in rows)  # fmt: skip
    assert got == [
        ("eda-tools", "country", 1, "DE", 15.0, "outside"),
        ("eda-tools", "organisation", 1, "Siemens EDA Fixture", 15.0, "outside"),
        ("euv-scanners", "country", 1, "KR", 3.0, "outside"),
        ("photoresist-x", "country", 1, "DE", 10.0, "outside"),  # a tie: by code
        ("photoresist-x", "country", 2, "KR", 10.0, "outside"),
        ("wafers-x", "country", 1, "TW", 20.0, "outside"),
        ("wafers-x", "country", 2, "KR", 15.0, "outside"),
        ("wafers-x", "country", 3, "DE", 5.0, "outside"),
    ]
    unplaced = engine.rows(backup_sources(engine, AT, US_JP_NL, "CN", roles=("unattributed",)))
    assert sorted((r["level"], r["supplier"], r["share_pct"]) for r in unplaced) == [
        ("country", "Various countries", 5.0), ("organisation", "Other vendors", 5.0)
    ]  # fmt: skip


def test_the_focal_country_is_never_in_the_coalition(engine: AnalyticsEngine) -> None:
    rows = by_input(engine.rows(chokepoints(engine, AT, US_JP_NL, "JP")))
    euv = rows["euv-scanners"]  # coalition US, NL: NL 90; focal JP 6; outside CN 1 + KR 3
    assert (euv["coalition_share_pct"], euv["focal_share_pct"], euv["outside_share_pct"]) == (
        90.0, 6.0, 4.0,
    )  # fmt: skip
    assert euv["chokepoint_score"] == pytest.approx(0.90 * 0.94)
    assert euv["coalition_size"] == 2


def test_blockade_side_and_dates(engine: AnalyticsEngine) -> None:
    blockade = Coalition("blockade", "blockade")
    wafers = by_input(engine.rows(chokepoints(engine, AT, blockade, "CN")))["wafers-x"]
    # JP, KR, DE sit in blockade regimes (Wassenaar …) on the date; Taiwan in none
    assert (wafers["coalition_share_pct"], wafers["outside_share_pct"]) == (75.0, 20.0)
    early = engine.rows(chokepoints(engine, dt.date(2022, 6, 1), DEAL, "CN"))
    found = {(r["coalition_size"], r["coalition_share_pct"], r["chokepoint_score"]) for r in early}
    assert found == {(0, 0.0, 0.0)}  # the deal of January 2023 did not exist yet


def test_data_year_and_stage_filters(engine: AnalyticsEngine) -> None:
    rows = engine.rows(chokepoints(engine, AT, US_JP_NL, "CN", year=2022))
    assert [(r["input_id"], r["data_year"], r["coalition_share_pct"], r["hhi"]) for r in rows] == [
        ("photoresist-x", 2020, 100.0, 5800.0)
    ]
    assert engine.rows(chokepoints(engine, AT, US_JP_NL, "CN", stage="S2")) == []  # no stages


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory, store: Path) -> Iterator[AnalyticsEngine]:
    """The fixture store with domains, revenues and stages set by hand (a CSV carries none) and
    euv-scanners made a type of over-input, which then is no leaf."""
    db = tmp_path_factory.mktemp("shaped") / "store.duckdb"
    db.write_bytes(store.read_bytes())
    con = duckdb.connect(str(db))
    for input_id, domain, size, stages in [
        ("euv-scanners", "semiconductor-equipment", 1000.0, ["S2"]),
        ("over-input", "semiconductor-equipment", 5000.0, ["S2"]),
        ("photoresist-x", "semiconductor-materials", 300.0, ["S2"]),
        ("wafers-x", "semiconductor-materials", 100.0, ["S2", "S3"]),
        ("eda-tools", "semiconductor-design", None, ["S1"]),
    ]:
        con.execute(
            "UPDATE supply_inputs SET domain_id = ?, market_size_usd_m = ?, stage_ids = ? "
            "WHERE input_id = ?",
            [domain, size, stages, input_id],
        )
    con.execute("INSERT INTO supply_edges VALUES ('euv-scanners', 'over-input', 'is_type_of', "
                "1, 'test', 0)")  # fmt: skip
    con.close()
    read_only = duckdb.connect(str(db), read_only=True)
    yield duckdb_engine(read_only)
    read_only.close()


EXPOSURE_COLUMNS = ("inputs", "inputs_with_market_size", "market_size_usd_m",
                    "mean_chokepoint_score", "weighted_chokepoint_score", "max_chokepoint_score",
                    "top_input_id", "coalition_held_usd_m", "focal_held_usd_m")  # fmt: skip


def test_exposure_by_domain_by_hand(shaped: AnalyticsEngine) -> None:
    rows = {r["group"]: r for r in shaped.rows(exposure(shaped, AT, US_JP_NL, "CN", "domain"))}
    got = {g: tuple(r[c] for c in EXPOSURE_COLUMNS) for g, r in rows.items()}
    assert got == {
        "semiconductor-equipment": pytest.approx(
            (1, 1, 1000.0, 0.9504, 0.9504, 0.9504, "euv-scanners", 960.0, 10.0)
        ),  # over-input has a type with shares of its own: left out
        "semiconductor-materials": pytest.approx(
            (
                2,
                2,
                400.0,
                (0.7125 + 0.5225) / 2,
                (0.7125 * 300 + 0.5225 * 100) / 400,
                0.7125,
                "photoresist-x",
                225.0 + 55.0,
                15.0 + 5.0,
            )
        ),  # fmt: skip
        "semiconductor-design": (
            1,
            0,
            None,
            pytest.approx(0.63),
            None,
            pytest.approx(0.63),
            "eda-tools",
            None,
            None,
        ),  # fmt: skip
    }
    assert rows["semiconductor-materials"]["group_name"] == "Semiconductor materials"
    over = by_input(shaped.rows(chokepoints(shaped, AT, US_JP_NL, "CN")))["over-input"]
    assert (over["child_inputs"], over["children_with_shares"], over["is_leaf"]) == (1, 1, False)


def test_exposure_by_stage_counts_an_input_in_each_of_its_stages(shaped: AnalyticsEngine) -> None:
    rows = {r["group"]: r for r in shaped.rows(exposure(shaped, AT, US_JP_NL, "CN", "stage"))}
    assert {g: r["inputs"] for g, r in rows.items()} == {"S1": 1, "S2": 3, "S3": 1}
    assert rows["S2"]["weighted_chokepoint_score"] == pytest.approx(
        (0.9504 * 1000 + 0.7125 * 300 + 0.5225 * 100) / 1400
    )
    assert rows["S3"]["top_input_id"] == "wafers-x"
    only_s3 = shaped.rows(chokepoints(shaped, AT, US_JP_NL, "CN", stage="S3"))
    assert [(r["input_id"], r["rank"]) for r in only_s3] == [("wafers-x", 1)]


def test_series_read_each_year_as_of_its_end(engine: AnalyticsEngine) -> None:
    today = dt.date(2026, 11, 23)
    rows = engine.rows(chokepoints_series(engine, [2020, 2022, 2024], DEAL, "CN", today=today))
    got = sorted((r["as_of_year"], r["input_id"], r["data_year"], r["coalition_size"],
                  r["at"]) for r in rows)  # fmt: skip
    assert got[:2] == [(2020, "photoresist-x", 2020, 0, dt.date(2020, 12, 31)),
                       (2022, "photoresist-x", 2020, 0, dt.date(2022, 12, 31))]  # fmt: skip
    assert {r[3] for r in got if r[0] == 2024} == {3} and len(got) == 7
    ex = engine.rows(exposure_series(engine, [2024, 2026], DEAL, "CN", today=today))
    assert {(r["as_of_year"], r["at"]) for r in ex} == {
        (2024, dt.date(2024, 12, 31)), (2026, today)
    }  # fmt: skip


def test_coalition_names(con: duckdb.DuckDBPyConnection) -> None:
    assert resolve_coalition(con, None) == Coalition("blockade", "blockade")
    assert resolve_coalition(con, "瓦森纳").alliance_id == "wassenaar"
    assert resolve_coalition(con, "荷兰") == Coalition("countries", "NL", codes=("NL",))
    with pytest.raises(NotFound, match="neither 'blockade', an alliance nor a country"):
        resolve_coalition(con, "warsaw pactt")
