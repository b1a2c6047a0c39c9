"""The backtest end to end on the built-in store, with a stand-in detector (the echo baseline),
through the Python API and the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.errors import InvalidArgument, NotFound
from techbloc.warning.backtest.baselines import echo_baseline
from techbloc.warning.backtest.matching import MatchRules
from techbloc.warning.backtest.run import BacktestSpec, run_backtest
from techbloc.workspace import Techbloc

D = dt.date
SPEC = BacktestSpec(start=D(2018, 1, 1), end=D(2023, 12, 31), match=MatchRules(180, 31))


@pytest.fixture(scope="module")
def echo_result(builtin_con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return run_backtest(builtin_con, SPEC, detect=echo_baseline(builtin_con, "CN"))


def test_the_echo_detector_scores_as_its_baseline(echo_result: dict[str, Any]) -> None:
    result = echo_result
    assert result["params"]["as_of_dates"] == 72
    assert {(r["period"], r["level"]) for r in result["summary"]} == {
        (p, lv) for p in ("tune", "report") for lv in ("blue", "yellow", "orange", "red")
    }
    echo = [
        {k: v for k, v in row.items() if k != "baseline"}
        for row in result["baselines"]
        if row["baseline"] == "echo"
    ]
    assert echo == result["summary"]  # the same detector scores the same, whichever way it came
    chance = [
        r for r in result["baselines"] if r["baseline"] == "random" and r["level"] == "yellow"
    ]
    assert [r["period"] for r in chance] == ["tune", "report"]
    assert all(r["alarms"] > 30 and 0.05 < r["precision"] < 0.5 for r in chance), chance


def test_hand_checked_outcomes_of_the_echo_detector(echo_result: dict[str, Any]) -> None:
    rows = {r["id"]: r for r in echo_result["escalations"]}
    # The ZTE denial order (2018-04-15) is in the register, seen at the 2018-04-30 month end.
    zte = rows["us-2018-04-zte-denial-order"]
    assert (zte["status"], zte["lead_days"], zte["first_raised"]) == ("no_lead", -15, "2018-04-30")
    # The Dutch announcement (2023-03-08) comes before the register's measure (2023-06-30), and
    # the October 2022 rule's alert on chipmaking equipment (2022-10-31) falls in its lead window.
    nl = rows["nl-2023-03-sme-controls"]
    assert (nl["status"], nl["first_raised"], nl["scope_key"]) == (
        "early", "2022-10-31", "semiconductor-equipment",
    )  # fmt: skip
    assert nl["lead_days"] == 128


def test_a_list_for_another_focal_country_is_refused(
    builtin_con: duckdb.DuckDBPyConnection,
) -> None:
    spec = BacktestSpec(start=D(2022, 1, 1), end=D(2022, 3, 31), focal="US")
    with pytest.raises(InvalidArgument, match="is about CN, not US"):
        run_backtest(builtin_con, spec, detect=lambda as_of: [])


def test_python_api(builtin_db: Path) -> None:
    with Techbloc.open(builtin_db) as tb:
        result = tb.backtest(start="2022-01", end="2022-12-31", level="橙",
                             detect=echo_baseline(tb.con, "CN"))  # fmt: skip
        assert result["params"]["level"] == "orange"
        assert result["params"]["as_of_dates"] == 12
        with pytest.raises(InvalidArgument, match="unknown alert level"):
            tb.backtest(level="purple", detect=lambda as_of: [])
        with pytest.raises(NotFound, match="no file"):
            tb.backtest(rules="/nonexistent/rules.yaml", detect=lambda as_of: [])
