"""Time semantics on the fixture: joined on the day → member; left on the day → not a member."""

from __future__ import annotations

import duckdb
import pytest

from techbloc.query.alliances import alliance_profile, list_alliances

# testreg: founded 2000-01-10, dissolved 2010-06-30; US founding 2000-01-10;
# NL 2003-04-01 .. 2005-03-01; NO joined "2001" (year only);
# CN observer, accession date unknown, as_of 2004-05-06.


def members(con: duckdb.DuckDBPyConnection, at: str) -> set[str]:
    profile = alliance_profile(con, "testreg", at=at)
    return {m["actor_code"] for m in profile["memberships"] if m["is_member_at"]}


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2000-01-09", set()),
        ("2000-01-10", {"US"}),  # joined on the day: member
        ("2000-12-31", {"US"}),
        ("2001-01-01", {"US", "NO"}),  # a year-only date counts from the year's first day
        ("2003-03-31", {"US", "NO"}),
        ("2003-04-01", {"US", "NO", "NL"}),
        ("2004-05-05", {"US", "NO", "NL"}),
        ("2004-05-06", {"US", "NO", "NL", "CN"}),  # unknown accession: counted from as_of
        ("2005-02-28", {"US", "NO", "NL", "CN"}),
        ("2005-03-01", {"US", "NO", "CN"}),  # left on the day: no longer a member
    ],
)
def test_membership_boundaries(
    fixture_con: duckdb.DuckDBPyConnection, at: str, expected: set[str]
) -> None:
    assert members(fixture_con, at) == expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2000-01-09", set()),
        ("2000-01-10", {"testreg"}),
        ("2010-06-29", {"testreg"}),
        ("2010-06-30", set()),  # dissolved on the day
        ("2020-04-30", set()),
        ("2020-05", {"coop"}),  # month precision: from the first of the month
    ],
)
def test_alliance_existence(
    fixture_con: duckdb.DuckDBPyConnection, at: str, expected: set[str]
) -> None:
    assert {a["alliance_id"] for a in list_alliances(fixture_con, at=at)} == expected


def test_member_count_excludes_observers(fixture_con: duckdb.DuckDBPyConnection) -> None:
    [row] = list_alliances(fixture_con, at="2004-06-01")
    assert row["member_count"] == 3  # US, NO, NL; CN is an observer
    assert alliance_profile(fixture_con, "测试", at="2004-06-01")["member_count_at"] == 3


def test_status_on_a_date(fixture_con: duckdb.DuckDBPyConnection) -> None:
    assert alliance_profile(fixture_con, "TR", at="2009-01-01")["status_at"] == "active"
    assert alliance_profile(fixture_con, "TR", at="2011-01-01")["status_at"] == "dissolved"
    assert alliance_profile(fixture_con, "TR", at="1999-01-01")["status_at"] is None
