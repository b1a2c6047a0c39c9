"""Ties to the focal country and participants, on the structure fixture (hand-computed)."""

from __future__ import annotations

import datetime as dt

import pytest

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.focal_ties import focal_ties, participants_at

AT = dt.date(2023, 12, 31)


def test_ties_by_kind(engine: AnalyticsEngine) -> None:
    rows = {r["actor_code"]: r for r in engine.rows(focal_ties(engine, AT, "CN"))}
    assert sorted(rows) == ["DE", "JP", "KR", "NO"]  # US ranks first only in 2023: too recent
    kr = rows["KR"]
    assert (kr["partnership_ids"], kr["fta_ids"], kr["trade_rank"]) == (["club"], ["cn-kr"], None)
    assert kr["tie_count"] == 2
    assert rows["NO"]["fta_ids"] is None  # signed, not in force
    assert (rows["JP"]["trade_rank"], rows["JP"]["trade_year"]) == (1, 2021)
    assert [rows[c]["tie_count"] for c in ("DE", "JP", "NO")] == [1, 1, 1]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (dt.date(2024, 1, 1), {"KR", "NO", "US"}),  # the 2023 ranking counts from 2024
        (dt.date(2015, 12, 31), set()),  # before the FTA, the club and any ranking
        (dt.date(2016, 1, 1), {"KR"}),  # the FTA's first day
    ],
)
def test_ties_follow_the_date(engine: AnalyticsEngine, at: dt.date, expected: set[str]) -> None:
    assert {r["actor_code"] for r in engine.rows(focal_ties(engine, at, "CN"))} == expected


def test_proposed_participants_stand_in_for_members(engine: AnalyticsEngine) -> None:
    rows = engine.rows(participants_at(engine, AT))
    by = {(r["alliance_id"], r["actor_code"]): r["role"] for r in rows}
    assert by[("deal", "US")] == by[("deal", "JP")] == "proposed"
    assert not any(a == "testreg" for a, _ in by)  # dissolved in 2010
    assert {c for a, c in by if a == "regime"} == {"US", "NL", "JP", "KR"}
