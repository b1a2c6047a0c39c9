"""Cohesion and limits on the structure fixture, against hand-computed values.

On 2023-12-31, ``regime`` (semiconductors) has participants US, NL, JP, KR. Tied to CN: JP (trade
rank 1 of 2021) and KR (club, FTA) → tie share 2/4. Lead measures: the US rule of 2022-10-07
and the JP rule of 2023-07-01 → 6 (participant, lead) pairs; JP adopted the US rule 267 days
later, the US had acted before JP's rule (delay 0); NL and KR adopted neither (KR's only measure
is on quantum) → non-adoption 4/6. Relaxing: the US licence (severity 2) against restrictive
severity 5 + 4 → 2/11.
"""

from __future__ import annotations

import datetime as dt

import pytest

from techbloc.analytics.cohesion import CohesionParams, cohesion_rows, cohesion_series
from techbloc.analytics.engine import AnalyticsEngine

AT = dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def regime(engine: AnalyticsEngine) -> dict[str, object]:
    rows = cohesion_rows(engine, AT, "CN")
    assert [r["alliance_id"] for r in rows] == ["regime"]  # the blockade alliances by default
    return rows[0]


def test_ties_of_participants(regime: dict[str, object]) -> None:
    assert regime["participant_count"] == 4
    assert regime["tied_members"] == ["JP", "KR"]
    assert (regime["partnership_member_count"], regime["fta_member_count"],
            regime["top_trade_member_count"]) == (1, 1, 1)  # fmt: skip
    assert regime["tie_share"] == pytest.approx(0.5)


def test_lead_measures_and_adoption(regime: dict[str, object]) -> None:
    assert regime["lead_measure_ids"] == ["jp-2023-rule", "us-2022-rule"]
    assert regime["leading_members"] == ["JP", "US"]
    assert (regime["expected_pairs"], regime["adopted_pairs"]) == (6, 2)
    assert regime["non_adopters"] == ["KR", "NL"]
    assert regime["mean_delay_days"] == pytest.approx((267 + 0) / 2)
    assert regime["non_adoption_share"] == pytest.approx(4 / 6)


def test_carve_outs_and_score(regime: dict[str, object]) -> None:
    assert regime["relaxing_measure_ids"] == ["us-2023-licence"]
    assert (regime["relaxing_severity"], regime["restrictive_severity"]) == (2, 9)
    assert regime["relaxing_share"] == pytest.approx(2 / 11)
    expected = 1 - (0.4 * 0.5 + 0.4 * 4 / 6 + 0.2 * 2 / 11)
    assert regime["cohesion_score"] == pytest.approx(expected)


def test_undefined_components_are_left_out(engine: AnalyticsEngine) -> None:
    # before the JP rule, the US rule has no follower yet; lead severity 5 keeps only it
    rows = cohesion_rows(engine, dt.date(2023, 1, 1), "CN", ["regime", "deal", "coop"],
                         CohesionParams(lead_severity=5))  # fmt: skip
    by = {r["alliance_id"]: r for r in rows}
    assert by["regime"]["adopted_pairs"] == 0 and by["regime"]["expected_pairs"] == 3
    deal = by["deal"]  # proposed: US and JP stand in; JP tied by trade
    assert (deal["participant_count"], deal["tied_members"]) == (2, ["JP"])
    assert deal["non_adoption_share"] == pytest.approx(1.0)  # JP has no measure before 2023-07
    coop = by["coop"]  # quantum: no lead measure, no relaxing → only the tie share
    assert coop["lead_measure_count"] is None and coop["relaxing_share"] is None
    assert coop["tie_share"] == 0 and coop["cohesion_score"] == pytest.approx(1.0)


def test_focal_country_is_a_setting(engine: AnalyticsEngine) -> None:
    rows = cohesion_rows(engine, AT, "KR", ["regime"])
    regime = rows[0]
    assert regime["participant_count"] == 3  # KR itself is left out
    assert regime["lead_measure_count"] is None  # nothing targets KR
    assert regime["tied_members"] is None


def test_series(engine: AnalyticsEngine) -> None:
    rows = cohesion_series(engine, [2014, 2023], "CN", today=dt.date(2026, 11, 23))
    by_year = {r["year"]: r for r in rows}
    assert by_year[2014]["participant_count"] == 3  # KR joins in 2015
    assert by_year[2023]["cohesion_score"] == pytest.approx(
        1 - (0.4 * 0.5 + 0.4 * 4 / 6 + 0.2 * 2 / 11)
    )
