"""The first assessment indicators on a fixture knowledge base, against numbers worked out by hand
(tests/analytics/assess_fixture.py gives the figures)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.analytics.comprehensiveness import comprehensiveness, comprehensiveness_series
from techbloc.analytics.economy import BASIS_NONE, group_shares
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine
from techbloc.analytics.pressure import PressureWeights, pressure, pressure_series
from techbloc.analytics.shift import shift_series
from techbloc.errors import InvalidArgument
from tests.analytics.assess_fixture import add_documents, add_listings, build_assess_store

AT_2004 = dt.date(2004, 1, 1)
T_2025 = dt.date(2025, 10, 7)  # 1096 days after us-2022-rule (2022-10-07)
HALF_LIFE = 1096 / 365.25  # so that us-2022-rule has decayed to exactly one half on T_2025


def _engine(path: Path) -> Iterator[AnalyticsEngine]:
    con = duckdb.connect(str(path), read_only=True)
    yield duckdb_engine(con)
    con.close()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[AnalyticsEngine]:
    yield from _engine(build_assess_store(tmp_path))


@pytest.fixture
def engine_with_imports(tmp_path: Path) -> Iterator[AnalyticsEngine]:
    path = build_assess_store(tmp_path)
    add_listings(path)
    add_documents(path)
    yield from _engine(path)


def _group(rows: list[dict[str, Any]], group_id: str) -> dict[str, Any]:
    return next(r for r in rows if r["group_id"] == group_id)


def test_world_shares_from_the_nearest_years_with_coverage(engine: AnalyticsEngine) -> None:
    rows = comprehensiveness(engine, AT_2004, "CN")
    reg = _group(rows, "testreg")
    assert reg["members"] == ["NL", "NO", "US"] and reg["member_count"] == 3  # CN only observes
    gdp = reg["gdp"]
    # US 2003 (not 2005: a tie goes to the earlier year) + NL 2003; NO has only 1990 (too far)
    assert gdp["value_usd"] == pytest.approx(11e12)
    assert gdp["world_usd"] == pytest.approx(15e12)  # US + NL + CN, the economies with a value
    assert gdp["share"] == pytest.approx(11 / 15)
    assert gdp["world_basis"] == "sum_of_economies_with_value" and gdp["world_economies"] == 3
    assert (gdp["with_value"], gdp["economies"], gdp["missing"]) == (2, 3, ["NO"])
    assert gdp["years"] == [2003] and "incomplete" in gdp["reason"]
    rd = reg["rd"]  # US 10 × 2.0 % + NL 1 × 1.5 % (intensity of 2001, GDP of 2003); CN 4 × 1 %
    assert rd["value_usd"] == pytest.approx(0.215e12)
    assert rd["share"] == pytest.approx(0.215 / 0.255)
    assert rd["years"] == [2001, 2003] and rd["gdp_years"] == [2003]
    hightech = reg["hightech"]
    assert hightech["share"] is None and hightech["value_usd"] is None
    assert hightech["reason"] == "no member has a value within 10 years of 2004"


def test_world_total_of_the_knowledge_base_is_the_denominator(tmp_path: Path) -> None:
    for engine in _engine(build_assess_store(tmp_path, world_gdp_2003=40e12)):
        gdp = _group(comprehensiveness(engine, AT_2004, "CN"), "testreg")["gdp"]
        assert gdp["share"] == pytest.approx(11 / 40)
        assert (gdp["world_basis"], gdp["world_year"]) == ("kb_world_total", 2003)


def test_an_alliance_keeps_the_focal_country_a_side_does_not(engine: AnalyticsEngine) -> None:
    day = dt.date(2024, 1, 1)
    coop = comprehensiveness(engine, day, "US", alliance="coop")[0]
    assert coop["members"] == ["NL", "US"]
    assert coop["gdp"]["share"] == pytest.approx(6.5 / 8)  # US + NL of 2022 against US + NL + CN
    side = _group(comprehensiveness(engine, day, "CN"), "cooperation-side")
    assert side["members"] == ["NL", "US"] and side["gdp"]["share"] == pytest.approx(6.5 / 8)
    # with the US as focal, the cooperation side leaves out coop, an alliance the US belongs to
    assert "cooperation-side" not in {r["group_id"] for r in comprehensiveness(engine, day, "US")}


def test_no_share_when_only_the_group_has_values(engine: AnalyticsEngine) -> None:
    everyone = engine.memtable(
        [{"group_id": "all", "ref_year": 2004, "actor_code": c} for c in ("US", "NL", "CN")],
        {"group_id": "str", "ref_year": "int64", "actor_code": "str"},
    )
    rows = {r["indicator"]: r for r in engine.rows(group_shares(engine, everyone))}
    assert rows["gdp_usd"]["share"] is None
    assert rows["gdp_usd"]["value_sum"] == pytest.approx(15e12)
    assert rows["gdp_usd"]["world_basis"] == BASIS_NONE


def test_field_is_counted_in_leaves_and_stages(engine: AnalyticsEngine) -> None:
    rows = comprehensiveness(engine, AT_2004, "CN")
    side = _group(rows, "blockade-side")
    assert side["alliances"] == ["testreg"] and side["members"] == ["NL", "NO", "US"]
    # testreg covers 'semiconductors', a parent: its one leaf of the two leaves
    assert side["domains"] == {"count": 1, "of": 2, "share": 0.5,
                               "ids": ["semiconductor-equipment"]}  # fmt: skip
    assert side["stages"]["ids"] == ["trade_export"] and side["stages"]["of"] == 2
    assert side["tech_scope"] == ["dual_use"]
    assert {r["group_id"] for r in rows} == {"testreg", "blockade-side", "system"}


def test_shift_by_scope_and_stage(engine: AnalyticsEngine) -> None:
    today = dt.date(2026, 1, 1)
    scope = {(r["year"], r["category"]): r
             for r in shift_series(engine, [2022, 2023], "scope", "CN", today=today)}  # fmt: skip
    # 2022: us-2022-rule and no-2022-rule (civilian frontier, 5 and 1), us-2022-parent (dual use,
    # 3); the measure on Russia and China's own do not press on China
    civ, dual = scope[(2022, "civilian_frontier")], scope[(2022, "dual_use")]
    assert civ["measure_ids"] == ["no-2022-rule", "us-2022-rule"]
    assert (civ["measures"], civ["measure_share"]) == (2, pytest.approx(2 / 3))
    assert civ["severity_share"] == pytest.approx(6 / 9)
    assert (dual["measures"], dual["severity_share"]) == (1, pytest.approx(3 / 9))
    assert dual["measure_ids"] == ["us-2022-parent"]
    assert scope[(2022, "military")]["measures"] == 0 and scope[(2022, "unknown")]["measures"] == 0
    assert scope[(2023, "dual_use")]["measure_ids"] == ["nl-2023-coop-rule"]  # relief left out
    stage = {(r["year"], r["category"]): r
             for r in shift_series(engine, [2022], "stage", "CN", today=today)}  # fmt: skip
    assert stage[(2022, "product_export")]["measure_share"] == 1.0
    assert stage[(2022, "rd")]["measures"] == 1
    assert stage[(2022, "rd")]["severity_share"] == pytest.approx(3 / 9)
    assert stage[(2022, "others")]["measures"] == 0


def _decay(since: str) -> float:
    days = (T_2025 - dt.date.fromisoformat(since)).days
    return float(0.5 ** (days / (365.25 * HALF_LIFE)))


def test_pressure_by_hand(engine: AnalyticsEngine) -> None:
    result = pressure(engine, T_2025, "CN", half_life=HALF_LIFE)
    rows = {r["domain_id"]: r for r in result["rows"]}
    equipment = rows["semiconductor-equipment"]
    breadth = 6 / 8  # the US's GDP of 2022 against US + NL + CN
    assert _decay("2022-10-07") == pytest.approx(0.5)
    restrictive = 5 * breadth * 0.5 + 3 * breadth * _decay("2022-12-01")  # the parent spreads
    relaxing = 2 * breadth * _decay("2023-06-01")
    assert equipment["measures_restrictive"] == pytest.approx(restrictive)
    assert equipment["measures_relaxing"] == pytest.approx(relaxing)
    assert equipment["total"] == pytest.approx(restrictive - relaxing)
    assert equipment["measure_count"] == 3
    top = equipment["top_measures"]
    assert top[0]["measure_id"] == "us-2022-rule"
    assert top[0]["contribution"] == pytest.approx(1.875)
    assert top[0]["breadth_basis"] == "gdp_usd"
    quantum = rows["quantum"]
    # NL within coop (US + NL) 2 × 6.5/8, less the US relief 5 × 6/8: floored at 0; Norway has no
    # figure near 2022, so its rule is unmeasured, not zero
    assert quantum["measures_restrictive"] == pytest.approx(2 * 6.5 / 8 * _decay("2023-03-01"))
    assert quantum["measures_relaxing"] == pytest.approx(5 * 0.75 * _decay("2023-09-01"))
    assert quantum["measures_component"] == 0 and quantum["total"] == 0
    assert quantum["unmeasured"] == ["no-2022-rule"]
    assert result["parameters"]["weights"] == {"measures": 1.0, "listings": 0.05,
                                               "documents": 0.1}  # fmt: skip


def test_pressure_before_any_measure_is_zero(engine: AnalyticsEngine) -> None:
    rows = pressure(engine, dt.date(2021, 1, 1), "CN")["rows"]
    assert len(rows) == 2 and all(r["total"] == 0 and not r["top_measures"] for r in rows)


def test_listings_and_documents_components(engine_with_imports: AnalyticsEngine) -> None:
    weights = PressureWeights(measures=0.0, listings=2.0, documents=10.0)
    rows = {r["domain_id"]: r for r in pressure(engine_with_imports, T_2025, "CN",
                                                weights=weights)["rows"]}  # fmt: skip
    assert (rows["semiconductor-equipment"]["listings"], rows["quantum"]["listings"]) == (1, 0)
    assert (rows["semiconductor-equipment"]["documents"], rows["quantum"]["documents"]) == (0, 1)
    assert rows["semiconductor-equipment"]["total"] == pytest.approx(2.0)
    assert rows["quantum"]["total"] == pytest.approx(10.0)
    later = pressure(engine_with_imports, T_2025, "CN", window_days=30)["rows"]
    assert all(r["listings"] == 0 and r["documents"] == 0 for r in later)


def test_pressure_series_and_domain_filter(engine: AnalyticsEngine) -> None:
    series = pressure_series(engine, [2021, 2022, 2023], "CN", domain="semiconductors",
                             today=dt.date(2026, 1, 1))  # fmt: skip
    assert series["parameters"]["dates"] == [dt.date(2021, 12, 31), dt.date(2022, 12, 31),
                                             dt.date(2023, 12, 31)]  # fmt: skip
    assert {r["domain_id"] for r in series["rows"]} == {"semiconductor-equipment"}
    totals = [r["total"] for r in series["rows"]]
    assert totals[0] == 0 and totals[1] > 0
    with pytest.raises(InvalidArgument):
        pressure(engine, T_2025, "CN", half_life=0)


def test_comprehensiveness_series_by_year_end(engine: AnalyticsEngine) -> None:
    rows = comprehensiveness_series(engine, [2002, 2005], "CN", alliance="testreg",
                                    today=dt.date(2026, 1, 1))  # fmt: skip
    assert [(r["at"], r["members"]) for r in rows] == [
        (dt.date(2002, 12, 31), ["NO", "US"]),  # NL joins on 2003-04-01
        (dt.date(2005, 12, 31), ["NO", "US"]),  # and leaves on 2005-03-01
    ]
