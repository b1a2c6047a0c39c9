"""The first assessment indicators on the built-in knowledge base: the COCOM-vs-today table checked
against the knowledge-base files themselves, and the contracts of shift and pressure."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pytest

from techbloc.analytics.cocom_comparison import cocom_vs_today
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine
from techbloc.analytics.membership import blockade_side
from techbloc.analytics.pressure import pressure, pressure_series
from techbloc.analytics.shift import shift_series
from techbloc.kb.loader import load_kb

NOW = dt.date(2026, 11, 23)
COCOM_1985 = {"US", "GB", "FR", "IT", "NL", "BE", "NO", "DK", "LU", "DE", "CA", "JP", "PT", "GR",
              "TR"}  # fmt: skip
"""COCOM's members at the end of 1985 in cocom.yaml: Spain and Australia count only from 1994-03
(their accession dates are not verified)."""


@pytest.fixture(scope="module")
def engine(builtin_con: duckdb.DuckDBPyConnection) -> AnalyticsEngine:
    return duckdb_engine(builtin_con)


@pytest.fixture(scope="module")
def headline(engine: AnalyticsEngine) -> dict[str, Any]:
    return cocom_vs_today(engine, dt.date(1985, 12, 31), NOW, "CN")


def _cells(table: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return next(r["cells"] for r in table["rows"] if r["key"] == key)


def test_cocom_at_the_end_of_1985(headline: dict[str, Any]) -> None:
    cocom = headline["columns"][0]["detail"]
    assert cocom["group_id"] == "cocom" and cocom["member_count"] == 15
    assert set(cocom["members"]) == COCOM_1985
    kb = load_kb()
    gdp = {v.actor: v.value for v in kb.attributes if v.indicator == "gdp_usd" and v.year == 1985}
    expected = sum(gdp[c] for c in COCOM_1985 if c in gdp) / gdp["XW"]
    share = cocom["gdp"]
    assert share["share"] == pytest.approx(expected)
    assert 0.6 < share["share"] < 0.7
    assert share["missing"] == ["DE"] and share["with_value"] == 14
    assert share["world_basis"] == "kb_world_total" and share["world_year"] == 1985
    assert cocom["rd"]["share"] is None and "1985" in cocom["rd"]["reason"]
    assert cocom["hightech"]["share"] is None
    assert cocom["domains"]["count"] == 12 and cocom["domains"]["of"] == 27
    assert cocom["stages"]["ids"] == ["trade_export"] and cocom["stages"]["of"] == 10
    assert cocom["tech_scope"] == ["dual_use", "military"]


def test_cocom_vs_today_rows(headline: dict[str, Any], engine: AnalyticsEngine) -> None:
    assert [c["group_id"] for c in headline["columns"]] == [
        "cocom", "blockade-side", "wassenaar", "system"]  # fmt: skip
    members = _cells(headline, "members")
    side = set(r["actor_code"] for r in engine.rows(blockade_side(engine, NOW, "CN")))
    assert members[1]["value"] == len(side) and members[2]["value"] == 42
    assert set(headline["columns"][1]["detail"]["members"]) == side
    assert members[0]["value"] < members[2]["value"] < members[1]["value"] < members[3]["value"]
    gdp = _cells(headline, "gdp")
    assert "world = KB world total 1985" in gdp[0]["note"]
    assert all("2023" in cell["note"] for cell in gdp[1:])
    assert all(c["value"] is None and c["note"] for c in _cells(headline, "hightech"))
    stages = _cells(headline, "stages")
    assert stages[0]["value"] == 1 and stages[3]["value"] == 10
    domains = _cells(headline, "domains")
    assert domains[0]["value"] < domains[1]["value"] <= domains[3]["value"] == 27


def test_shift_shares(engine: AnalyticsEngine) -> None:
    cells = shift_series(engine, list(range(2018, 2027)), "scope", "CN", today=NOW)
    by_year: dict[int, list[dict[str, Any]]] = {}
    for cell in cells:
        by_year.setdefault(cell["year"], []).append(cell)
    assert sorted(by_year) == list(range(2018, 2027))
    for year, row in by_year.items():
        assert [c["category"] for c in row] == ["military", "dual_use", "civilian_frontier",
                                                "unknown"]  # fmt: skip
        assert sum(c["measures"] for c in row) == row[0]["year_measures"] > 0, year
        assert sum(c["measure_share"] for c in row) == pytest.approx(1.0)
        assert sum(c["severity_share"] for c in row) == pytest.approx(1.0)
        assert all(len(c["measure_ids"]) == c["measures"] for c in row)
    stage = shift_series(engine, [2023], "stage", "CN", today=NOW)
    assert sum(c["measure_share"] for c in stage) >= 1.0  # a measure counts in each group


def test_pressure_series_2018_2025(engine: AnalyticsEngine) -> None:
    series = pressure_series(engine, list(range(2018, 2026)), "CN", today=NOW)
    rows = series["rows"]
    assert len(rows) == 27 * 8
    assert all(r["total"] >= 0 and r["listings"] == 0 and r["documents"] == 0 for r in rows)
    measure_ids = {r[0] for r in engine.backend.con.execute("SELECT measure_id FROM measures")
                   .fetchall()}  # fmt: skip
    assert all(t["measure_id"] in measure_ids for r in rows for t in r["top_measures"])
    end_2025 = [r for r in rows if r["at_date"] == dt.date(2025, 12, 31)]
    assert end_2025[0]["domain_id"].startswith("semiconductor")
    alone = {r["domain_id"]: r["total"] for r in pressure(engine, dt.date(2025, 12, 31))["rows"]}
    assert {r["domain_id"]: r["total"] for r in end_2025} == pytest.approx(alone)
