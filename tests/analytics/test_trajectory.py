"""Trajectory profiles on the structure fixture, against hand-computed values."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.measure_dimensions import instrument_dimension_rows, measure_dimensions
from techbloc.analytics.trajectory import (
    NAMED_RECENT_GROUPINGS,
    TrajectoryParams,
    default_groupings,
    recent_us_led,
    trajectory_rows,
    trajectory_series,
)

AT = dt.date(2023, 12, 31)


def decayed(severity: float, measure_day: dt.date, at: dt.date = AT) -> float:
    return severity * 0.5 ** ((at - measure_day).days / (3 * 365.25))


def index(activity: float) -> float:
    return 3 * (1 - math.exp(-activity / 4))


def profile(engine: AnalyticsEngine, alliance: str) -> dict[str, dict[str, object]]:
    rows = trajectory_rows(engine, AT, [alliance])
    return {str(r["dimension_id"]): r for r in rows}


def test_untagged_measure_counts_along_its_instruments_dimension(engine: AnalyticsEngine) -> None:
    coop = profile(engine, "coop")  # NL joint R&D of 2022-12 (severity 2) → development
    activity = decayed(2, dt.date(2022, 12, 1))  # a month date stands for its first day
    assert coop["development"]["activity_score"] == pytest.approx(activity)
    assert coop["development"]["activity_measure_ids"] == ["nl-2022-coop"]
    assert coop["development"]["combined_score"] == pytest.approx(0.5 * 1 + 0.5 * index(activity))
    for dim in ("application", "sharing", "transformation", "spillover"):
        assert coop[dim]["activity_score"] == 0 and coop[dim]["combined_score"] == 0.5


def test_tags_win_over_the_instrument_rule(engine: AnalyticsEngine) -> None:
    club = profile(engine, "club")  # joint R&D tagged development and sharing
    activity = decayed(3, dt.date(2021, 6, 1))
    assert club["development"]["activity_score"] == pytest.approx(activity)
    assert club["sharing"]["activity_score"] == pytest.approx(activity)
    assert club["development"]["rating_level"] == 2
    assert club["development"]["combined_score"] == pytest.approx(1 + 0.5 * index(activity))
    assert club["transformation"]["activity_measure_count"] == 0


def test_only_alliances_that_exist_have_a_profile(engine: AnalyticsEngine) -> None:
    assert trajectory_rows(engine, AT, ["testreg"]) == []  # dissolved in 2010
    assert trajectory_rows(engine, dt.date(2019, 1, 1), ["coop"]) == []  # founded 2020-05
    assert len(trajectory_rows(engine, AT)) == 5 * 4  # regime, club, coop, deal


def test_activity_is_zero_before_the_measure_and_parameters_apply(engine: AnalyticsEngine) -> None:
    before = profile_at(engine, dt.date(2022, 11, 30), "coop")
    assert before["development"]["activity_score"] == 0
    fast = TrajectoryParams(half_life_years=1.0, saturation=2.0, rating_weight=0.25)
    row = {r["dimension_id"]: r for r in trajectory_rows(engine, AT, ["coop"], fast)}
    activity = 2 * 0.5 ** ((AT - dt.date(2022, 12, 1)).days / 365.25)
    expected = 0.25 * 1 + 0.75 * 3 * (1 - math.exp(-activity / 2))
    assert row["development"]["combined_score"] == pytest.approx(expected)


def profile_at(engine: AnalyticsEngine, at: dt.date, alliance: str) -> dict[str, dict[str, object]]:
    return {str(r["dimension_id"]): r for r in trajectory_rows(engine, at, [alliance])}


def test_recent_us_led_rule(engine: AnalyticsEngine) -> None:
    rows = engine.rows(recent_us_led(engine))
    # coop: US founding, founded 2020, but its first measure is NL's → not US-led
    assert [(r["alliance_id"], r["launch_measure_id"]) for r in rows] == [
        ("deal", "us-2021-deal-launch")
    ]
    assert default_groupings(engine) == [*NAMED_RECENT_GROUPINGS, "deal"]


def test_series_is_one_table_per_year_end(engine: AnalyticsEngine) -> None:
    rows = trajectory_series(engine, [2021, 2022], ["club"], today=dt.date(2026, 11, 23))
    assert {(r["year"], r["at"]) for r in rows} == {
        (2021, dt.date(2021, 12, 31)),
        (2022, dt.date(2022, 12, 31)),
    }
    dev = [r for r in rows if r["dimension_id"] == "development"]
    assert dev[0]["activity_score"] > dev[1]["activity_score"] > 0  # decays


def test_instrument_rule_table(engine: AnalyticsEngine) -> None:
    rules = {
        (r["instrument_id"], r["direction"]): r["dimension_id"] for r in instrument_dimension_rows()
    }
    assert rules[("export_control", "cooperative")] == "sharing"
    assert rules[("export_control", "restrictive")] == "spillover"
    assert rules[("joint_rd", "relaxing")] == "development"
    assert not any(i == "tariff" for i, _ in rules)
    dims = {(r["measure_id"], r["dimension_id"]): r["dimension_basis"]
            for r in engine.rows(measure_dimensions(engine))}  # fmt: skip
    assert dims[("club-2021-rd", "sharing")] == "tagged"
    assert dims[("us-2023-licence", "spillover")] == "instrument"
