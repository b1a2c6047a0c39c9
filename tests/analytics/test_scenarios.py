"""Scenarios on the fixture of tests/analytics/priority_fixture.py: each change moves what it
should, by hand, and nothing else; the store file stays byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.analytics.coalitions import Coalition
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine
from techbloc.analytics.membership import members_at
from techbloc.analytics.scenario_changes import (
    AddDomain,
    Join,
    Leave,
    Setting,
    Strictest,
    apply_changes,
)
from techbloc.analytics.scenario_report import read_scenario_file, scenario_file_report
from techbloc.analytics.scenarios import run_scenario
from techbloc.errors import InvalidArgument
from tests.analytics.priority_fixture import AT, build_priority_store

COOP = Coalition("alliance", "coop", alliance_id="coop")
BLOCKADE = Coalition("blockade", "blockade")
PRESSURE = {"semiconductor-equipment": 2.1, "semiconductor-design": 0.6, "quantum": 1.3,
            "rare-earths": 0.0}  # fmt: skip


@pytest.fixture(scope="module")
def priority_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_priority_store(tmp_path_factory.mktemp("scenarios"))


@pytest.fixture(scope="module")
def con(priority_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(priority_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def engine(con: duckdb.DuckDBPyConnection) -> AnalyticsEngine:
    return duckdb_engine(con)


def pressures(result: dict[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
    rows = result["pressure"]
    return ({r["domain_id"]: r["total_before"] for r in rows},
            {r["domain_id"]: r["total_after"] for r in rows})  # fmt: skip


def test_leave_moves_shares_and_breadth(engine: AnalyticsEngine) -> None:
    result = run_scenario(engine, [Leave("US", "coop")], Setting(AT, "CN", COOP))
    assert result["coalition"] == {"before": ["NL", "US"], "after": ["NL"], "joined": [],
                                   "left": ["US"]}  # fmt: skip
    before, after = pressures(result)
    assert before == pytest.approx(PRESSURE)
    # nl-quantum loses US from its coalition: 4 × 0.1 − 0.3 = 0.1; nothing else moves
    assert after == pytest.approx({**PRESSURE, "quantum": 0.1})
    changed = {r["input_id"]: r for r in result["inputs"]}
    tool_a = changed["tool-a"]  # NL 80 stays in the coalition: only its rank moves (2 → 1)
    assert (tool_a["before"]["rank"], tool_a["after"]["rank"], tool_a["delta_score"]) == (2, 1, 0)
    assert changed["eda-x"]["after"]["coalition_share_pct"] == 0.0
    tool_b = changed["tool-b"]
    assert (tool_b["before"]["coalition_share_pct"], tool_b["after"]["coalition_share_pct"]) == (
        50.0, 0.0,
    )  # fmt: skip
    assert tool_b["after"]["backups"] == ["US", "KR"] and tool_b["delta_score"] == -0.4
    expected = {  # against coop: exposure of equipment (0.72 + 0.4) / 2 → 0.72 / 2, design 0.81 → 0
        "semiconductor-equipment": (0.35 + 0.3 * 0.56 + 0.2 + 0.15 * 0.85,
                                    0.35 + 0.3 * 0.36 + 0.2 + 0.15 * 0.85),
        "quantum": ((0.35 * 1.3 / 2.1 + 0.2) / 0.55, (0.35 * 0.1 / 2.1 + 0.2) / 0.55),
        "semiconductor-design": (0.1 + 0.3 * 0.81 + 0.15 + 0.135, 0.1 + 0.15 + 0.135),
        "rare-earths": (0.0, 0.0),
    }  # fmt: skip
    for side, k in (("score_before", 0), ("score_after", 1)):
        got = {r["domain_id"]: r[side] for r in result["priorities"]}
        assert got == pytest.approx({d: v[k] for d, v in expected.items()}), side
    assert [r["domain_id"] for r in result["priorities"]][:3] == [
        "semiconductor-equipment", "quantum", "semiconductor-design",
    ]  # fmt: skip


def test_leave_on_a_date_keeps_the_past(engine: AnalyticsEngine) -> None:
    setting = Setting(AT, "CN", COOP)
    changed, said = apply_changes(engine, [Leave("US", "coop", since=AT)], setting)
    assert said == ["US leaves coop on 2025-06-30"]

    def coop(on: dt.date) -> list[str]:
        m = members_at(changed, on)
        return sorted(r["actor_code"] for r in changed.rows(m.filter(m.alliance_id == "coop")))

    assert (coop(AT - dt.timedelta(days=1)), coop(AT)) == (["NL", "US"], ["NL"])
    result = run_scenario(engine, [Leave("US", "coop", since=AT)], setting)
    _, after = pressures(result)
    assert after["quantum"] == pytest.approx(0.1)  # nl-quantum is dated AT: US has left by then


def test_join_from_the_founding(engine: AnalyticsEngine) -> None:
    result = run_scenario(engine, [Join("JP", "coop")], Setting(AT, "CN", COOP))
    assert result["coalition"]["joined"] == ["JP"]
    _, after = pressures(result)
    assert after == pytest.approx({**PRESSURE, "quantum": 4 * 0.5 - 0.3})  # US+NL+JP = 0.5
    tool_a = next(r for r in result["inputs"] if r["input_id"] == "tool-a")
    assert (tool_a["before"]["coalition_share_pct"], tool_a["after"]["coalition_share_pct"]) == (
        80.0, 90.0,
    )  # fmt: skip
    assert "from its founding (2020-05-01)" in result["scenario"]["assumptions"][0]


def test_add_domain_adds_a_field_and_a_measure(engine: AnalyticsEngine) -> None:
    change = AddDomain("rare-earths", "chipreg", severity=3)
    result = run_scenario(engine, [change], Setting(AT, "CN", BLOCKADE))
    _, after = pressures(result)
    assert after == pytest.approx({**PRESSURE, "rare-earths": 3 * 0.5})  # chipreg: US+JP+NL
    rare = next(r for r in result["priorities"] if r["domain_id"] == "rare-earths")
    assert rare["criteria_after"]["importance"] == 0.25  # no CET; 1 of at most 2 alliances
    assert rare["criteria_before"]["importance"] == 0.0
    assert result["inputs"] == [] and result["coalition"]["joined"] == []
    said = result["scenario"]["assumptions"][0]
    assert "rare-earths added to the field of chipreg" in said and "taken in chipreg by JP" in said


def test_strictest_blockade_by_hand(engine: AnalyticsEngine) -> None:
    result = run_scenario(engine, [Strictest()], Setting(AT, "CN", BLOCKADE))
    _, after = pressures(result)
    # severity 5 by US (0.3), JP (0.1), NL (0.1) on both chipreg leaves; NL also on quantum (its
    # own measure); US's relaxing measure on quantum withdrawn
    assert after == pytest.approx({"semiconductor-equipment": 2.1 + 2.5,
                                   "semiconductor-design": 0.6 + 2.5,
                                   "quantum": 1.6 + 0.5, "rare-earths": 0.0})  # fmt: skip
    said = result["scenario"]["assumptions"][0]
    assert "3 members" in said and "severity 5" in said and "7 measures" in said
    assert "1 relaxing measures of members withdrawn (us-quantum-relief)" in said
    assert result["inputs"] == []  # the choke-point score already assumes the cut-off
    cut = result["cut_off"]
    assert [(r["input_id"], r["supply_left_pct"]) for r in cut["after"]] == [
        ("eda-x", 10.0), ("tool-a", 10.0),
    ]  # fmt: skip
    assert cut["leaf_inputs"] == 3 and cut["newly_cut_off"] == []
    assert any("strictest blockade leaves exposure as it is" in n for n in result["notes"])


def test_changes_stay_in_memory(priority_db: Path, engine: AnalyticsEngine) -> None:
    digest = hashlib.sha256(priority_db.read_bytes()).hexdigest()
    run_scenario(engine, [Leave("US", "coop"), AddDomain("quantum", "chipreg"), Strictest()],
                 Setting(AT, "CN", BLOCKADE))  # fmt: skip
    members = members_at(engine, AT)
    coop = engine.rows(members.filter(members.alliance_id == "coop").select("actor_code"))
    assert sorted(r["actor_code"] for r in coop) == ["NL", "US"]
    assert hashlib.sha256(priority_db.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (Join("US", "coop"), "US is already a member of coop"),
        (Join("CN", "coop"), "CN is the focal country"),
        (Leave("JP", "coop"), "JP is not a member of coop"),
        (AddDomain("quantum", "chipreg", severity=6), "severity must be 1–5"),
        (AddDomain("quantum", "testreg"), "testreg has no members on 2025-06-30"),
    ],
)
def test_impossible_changes_are_refused(engine: AnalyticsEngine, change: Any, message: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        run_scenario(engine, [change], Setting(AT, "CN", BLOCKADE))
    assert message in caught.value.message


def test_a_scenario_file(tmp_path: Path, con: duckdb.DuckDBPyConnection,
                         engine: AnalyticsEngine) -> None:  # fmt: skip
    path = tmp_path / "what-if.yaml"
    path.write_text(
        "name: US out of coop, Japan in\nat: 2025-06-30\ncoalition: coop\nchanges:\n"
        "  - leave: {country: United States, alliance: coop}\n"
        "  - join: {country: 日本, alliance: Coop, since: 2024-01-01}\n",
        encoding="utf-8",
    )
    result = scenario_file_report(con, engine, path)
    assert result["scenario"]["name"] == "US out of coop, Japan in"
    assert result["coalition"]["after"] == ["JP", "NL"]
    assert [c["kind"] for c in result["scenario"]["changes"]] == ["leave", "join"]
    _, after = pressures(result)
    assert after["quantum"] == pytest.approx(4 * 0.2 - 0.3)  # NL + JP (member since 2024)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("changes: []\n", "'changes' must be a non-empty list"),
        ("changes:\n  - jump: {country: US}\n", "changes[0].jump: unknown change 'jump'"),
        ("changes:\n  - leave: {country: US}\n", "(leave): missing alliance"),
        ("changes:\n  - leave: {country: US, alliance: coop, when: 2020}\n", "unknown when"),
        ("changes:\n  - leave: {country: NO, alliance: coop}\n", "expected a name or code"),
        ("when: 2024\nchanges:\n  - strictest\n", "unknown key(s) when"),
        ("changes: [\n", "not valid YAML"),
    ],
)
def test_bad_scenario_files(tmp_path: Path, con: duckdb.DuckDBPyConnection,
                            engine: AnalyticsEngine, text: str, message: str) -> None:  # fmt: skip
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidArgument) as caught:
        scenario_file_report(con, engine, path)
    assert message in caught.value.message


def test_strictest_without_fields_reads_as_a_word(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("changes:\n  - strictest\n", encoding="utf-8")
    assert read_scenario_file(path)["changes"] == [
        ("strictest", {}, f"{path}: changes[0].strictest")
    ]
