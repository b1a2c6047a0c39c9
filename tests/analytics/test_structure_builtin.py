"""The structure indicators on the built-in knowledge base: the facts they rest on and what
they must show (exact figures live in the fixture tests; these check the real data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from techbloc.analytics.cohesion import cohesion_rows
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine
from techbloc.analytics.focal_ties import focal_ties
from techbloc.analytics.network import network
from techbloc.analytics.partners import partners
from techbloc.analytics.trajectory import default_groupings, trajectory_rows
from techbloc.model import DIMENSION_IDS

AT = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def builtin(builtin_db: Path) -> Iterator[AnalyticsEngine]:
    con = duckdb.connect(str(builtin_db), read_only=True)
    yield duckdb_engine(con)
    con.close()


def test_the_nine_recent_us_led_groupings(builtin: AnalyticsEngine) -> None:
    nine = default_groupings(builtin)
    assert nine == [
        "ttc", "ipef", "aukus", "quad", "chip4", "minerals-security-partnership",
        "clean-network", "gpai", "blue-dot-network",
    ]  # fmt: skip
    rows = trajectory_rows(builtin, AT, nine)
    assert {(r["alliance_id"], r["dimension_id"]) for r in rows} == {
        (a, d) for a in nine for d in DIMENSION_IDS
    }
    assert all(0 <= r["combined_score"] <= 3 and r["rating_source_ids"] for r in rows)
    active = {r["alliance_id"] for r in rows if r["activity_measure_count"]}
    assert {"ttc", "ipef", "aukus", "quad", "minerals-security-partnership"} <= active
    assert "chip4" not in active  # no measure taken in Chip 4 is recorded


def test_ties_of_china(builtin: AnalyticsEngine) -> None:
    ties = {r["actor_code"]: r for r in builtin.rows(focal_ties(builtin, AT, "CN"))}
    assert ties["KR"]["fta_ids"] == ["cn-korea-fta"] and ties["KR"]["trade_rank"] == 3
    assert set(ties["IN"]["partnership_ids"]) == {"brics", "sco"}
    assert ties["SG"]["fta_ids"] == ["cn-asean-fta", "cn-singapore-fta"]
    assert "MV" in ties  # China-Maldives FTA in force since 2025-01-01
    assert "RS" in ties and "MV" not in {
        r["actor_code"] for r in builtin.rows(focal_ties(builtin, dt.date(2024, 6, 30), "CN"))
    }
    assert ties["US"]["tie_count"] == 1 and ties["US"]["trade_rank"] == 1


def test_cohesion_of_the_regimes_chip4_and_the_trilateral(builtin: AnalyticsEngine) -> None:
    names = ["wassenaar", "australia-group", "nsg", "mtcr", "chip4", "us-japan-netherlands-sme"]
    rows = {r["alliance_id"]: r for r in cohesion_rows(builtin, AT, "CN", names)}
    assert sorted(rows) == sorted(names)
    assert rows["chip4"]["tied_members"] == ["JP", "KR", "TW", "US"]
    assert rows["us-japan-netherlands-sme"]["participant_count"] == 3
    assert {"US", "JP", "NL"} <= set(rows["wassenaar"]["leading_members"])
    assert {"IN", "RU", "KR"} <= set(rows["wassenaar"]["tied_members"])
    assert rows["australia-group"]["lead_measure_count"] is None  # no severe chem-bio measure
    assert all(0 <= r["cohesion_score"] <= 1 for r in rows.values())
    trilateral, wassenaar = rows["us-japan-netherlands-sme"], rows["wassenaar"]
    assert trilateral["non_adopters"] is None  # each of the three adopted some lead measure
    assert trilateral["non_adoption_share"] < wassenaar["non_adoption_share"]
    assert "US" in rows["wassenaar"]["relaxing_members"]


def test_bridges_and_network(builtin: AnalyticsEngine) -> None:
    net = network(builtin, AT, "CN")
    top = [b["actor_code"] for b in net["bridges"][:6]]
    assert {"AU", "JP", "KR", "RU"} <= set(top)
    assert all(b["blockade_count"] and b["tie_count"] for b in net["bridges"])
    nodes = {n["id"] for n in net["nodes"]}
    assert {"sco", "rcep", "wassenaar", "CN", "US"} <= nodes
    pairs = {(o["alliance_a"], o["alliance_b"]) for o in net["overlaps"]}
    assert ("australia-group", "wassenaar") in pairs


def test_partners_for_semiconductors(builtin: AnalyticsEngine) -> None:
    rows = partners(builtin, AT, "semiconductors", "CN")
    top = [r["actor_code"] for r in rows[:10]]
    assert "CN" not in top and "US" not in top  # the US leads the controls: no opportunity
    assert all(r["rd_usd"] for r in rows)
    us = next(r for r in rows if r["actor_code"] == "US")
    assert us["weak_binding"] == 0 and us["capability"] == 1
