"""Filters and lookups on the fixture store; bad arguments give messages with suggestions."""

from __future__ import annotations

import duckdb
import pytest

from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.alliances import alliance_profile, list_alliances
from techbloc.query.countries import country_profile
from techbloc.query.measures import list_measures


def ids(rows: list[dict[str, object]], key: str = "alliance_id") -> list[object]:
    return [r[key] for r in rows]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "blockade"}, ["testreg"]),
        ({"kind": "Cooperation"}, []),
        ({"domain": "semiconductor-equipment"}, ["testreg"]),  # a leaf finds its parent's alliance
        ({"domain": "半导体"}, ["testreg"]),
        ({"stage": "trade_export"}, ["testreg"]),
        ({"member": "NL"}, ["testreg"]),
        ({"member": "荷兰"}, ["testreg"]),
        ({"member": "USA"}, ["testreg"]),
        ({"member": "CN"}, []),
    ],
)
def test_alliance_filters(
    fixture_con: duckdb.DuckDBPyConnection, filters: dict[str, str], expected: list[str]
) -> None:
    at = "2004-06-01" if filters.get("kind") != "Cooperation" else "2021-01-01"
    if filters.get("kind") == "Cooperation":
        expected = ["coop"]
    assert ids(list_alliances(fixture_con, at=at, **filters)) == expected


@pytest.mark.parametrize(
    "name",
    ["testreg", "TR", "Test Regime", "测试机制", "測試機制", "testing  arrangement", "测试安"],
)
def test_alliance_by_any_name(fixture_con: duckdb.DuckDBPyConnection, name: str) -> None:
    assert alliance_profile(fixture_con, name)["alliance_id"] == "testreg"


def test_unknown_alliance_suggests(fixture_con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NotFound) as info:
        alliance_profile(fixture_con, "Tset Regime")
    assert info.value.hint and "Test Regime" in info.value.hint


@pytest.mark.parametrize(
    ("call", "message", "hint"),
    [
        (lambda c: list_alliances(c, at="2023-13-01"), "invalid date", "YYYY-MM-DD"),
        (lambda c: list_alliances(c, kind="blokade"), "unknown kind", "blockade"),
        (lambda c: list_alliances(c, domain="semiconductor"), "unknown domain", "semiconductors"),
        (lambda c: list_measures(c, direction="restrictve"), "unknown direction", "restrictive"),
        (
            lambda c: list_measures(c, instrument="export controls"),
            "unknown instrument",
            "export_control",
        ),
        (lambda c: list_measures(c, since="yesterday"), "invalid date", "YYYY"),
        (lambda c: country_profile(c, "Nehterlands"), "no country", "Netherlands"),
    ],
)
def test_bad_arguments_explain_themselves(
    fixture_con: duckdb.DuckDBPyConnection, call: object, message: str, hint: str
) -> None:
    with pytest.raises((InvalidArgument, NotFound)) as info:
        call(fixture_con)  # type: ignore[operator]
    assert message in info.value.message
    assert info.value.hint and hint in info.value.hint


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["nl-2022-coop", "us-2022-rule"]),
        ({"since": "2022-10-08"}, ["nl-2022-coop"]),
        ({"until": "2022-10-07"}, ["us-2022-rule"]),  # until is inclusive
        ({"since": "2022-10-07", "until": "2022-10-07"}, ["us-2022-rule"]),
        ({"domain": "semiconductors"}, ["us-2022-rule"]),
        ({"instrument": "出口管制"}, ["us-2022-rule"]),
        ({"direction": "cooperative"}, ["nl-2022-coop"]),
        ({"actor": "Netherlands"}, ["nl-2022-coop"]),
        ({"target": "CN"}, ["us-2022-rule"]),
        ({"alliance": "Quantum Club"}, ["nl-2022-coop"]),
        ({"limit": 1}, ["nl-2022-coop"]),
    ],
)
def test_measure_filters(
    fixture_con: duckdb.DuckDBPyConnection, filters: dict[str, object], expected: list[str]
) -> None:
    assert ids(list_measures(fixture_con, **filters), "measure_id") == expected  # type: ignore[arg-type]


def test_measure_carries_its_sources(fixture_con: duckdb.DuckDBPyConnection) -> None:
    [row] = list_measures(fixture_con, actor="US", with_sources=True)
    assert row["citation"] == "87 FR 62186"
    assert row["sources"][0]["url"] == "https://example.org/rule"
    assert row["date"] == "2022-10-07"


def test_country_profile(fixture_con: duckdb.DuckDBPyConnection) -> None:
    nl = country_profile(fixture_con, "荷兰", at="2004-01-01")
    assert [m["alliance_id"] for m in nl["alliances_at"]] == ["testreg"]
    later = country_profile(fixture_con, "NL", at="2022-12-31")
    assert [m["alliance_id"] for m in later["alliances_at"]] == ["coop"]
    assert later["measures_issued"]["by_direction"] == {"cooperative": 1}
    us = country_profile(fixture_con, "US", at="2024-01-01")
    assert us["attributes"][0]["value"] == 2.7e13
    assert us["measures_issued"]["by_direction"] == {"restrictive": 1}
    assert country_profile(fixture_con, "CN")["measures_targeting"]["by_direction"] == {
        "restrictive": 1
    }


def test_alliance_profile_lists_its_sources(fixture_con: duckdb.DuckDBPyConnection) -> None:
    profile = alliance_profile(fixture_con, "coop")
    assert [s["source_id"] for s in profile["sources"]] == ["coop-src"]
    assert profile["sources"][0]["date"] == "2020-05"
