"""The CLI end to end on the built-in store: answers, --json, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app

runner = CliRunner()


def run(db: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result


def run_json(db: Path, *args: str) -> Any:
    return json.loads(run(db, *args, "--json").stdout)


def test_blockade_alliances_then_and_now(builtin_db: Path) -> None:
    then = {
        a["alliance_id"]
        for a in run_json(builtin_db, "alliances", "--at", "1990-01-01", "--kind", "blockade")
    }
    now = {
        a["alliance_id"]
        for a in run_json(builtin_db, "alliances", "--at", "2025-01-01", "--kind", "blockade")
    }
    assert {"cocom", "nsg", "mtcr", "australia-group"} <= then
    assert "wassenaar" not in then and "us-japan-netherlands-sme" not in then
    assert {"wassenaar", "nsg", "mtcr", "australia-group", "us-japan-netherlands-sme"} <= now
    assert "cocom" not in now


def test_alliance_by_chinese_alias(builtin_db: Path) -> None:
    for name in ("瓦森纳", "瓦森納", "WA", "Wassenaar Arrangement"):
        profile = run_json(builtin_db, "alliance", name, "--at", "2024-01-01")
        assert profile["alliance_id"] == "wassenaar"
        assert profile["member_count_at"] == 42
        assert profile["predecessor_id"] == "cocom"
        assert profile["sources"] and all(s["publisher"] for s in profile["sources"])
    cocom = run_json(builtin_db, "alliance", "巴统")
    assert cocom["successors"] == ["wassenaar"]


def test_india_joins_wassenaar_in_december_2017(builtin_db: Path) -> None:
    before = run_json(builtin_db, "country", "IN", "--at", "2017-11-30")
    after = run_json(builtin_db, "country", "印度", "--at", "2018-06-30")
    assert "wassenaar" not in {m["alliance_id"] for m in before["alliances_at"]}
    assert {"wassenaar", "australia-group", "mtcr"} <= {
        m["alliance_id"] for m in after["alliances_at"]
    }


def test_country_profile(builtin_db: Path) -> None:
    nl = run_json(builtin_db, "country", "荷兰", "--at", "2023-09-01")
    assert nl["actor_code"] == "NL"
    assert {"wassenaar", "us-japan-netherlands-sme"} <= {
        m["alliance_id"] for m in nl["alliances_at"]
    }
    assert nl["measures_issued"]["by_direction"].get("restrictive", 0) >= 1


def test_measures_filter(builtin_db: Path) -> None:
    rows = run_json(
        builtin_db,
        "measures",
        "--since",
        "2022-10-01",
        "--until",
        "2023-12-31",
        "--domain",
        "semiconductor-equipment",
        "--direction",
        "restrictive",
    )
    assert rows
    assert all("2022-10-01" <= r["date"] <= "2023-12-31" for r in rows)
    assert all(r["direction"] == "restrictive" for r in rows)
    assert {"US", "NL", "JP"} <= {r["actor_code"] for r in rows}
    assert all(r["sources"] for r in rows)
    relief = run_json(builtin_db, "measures", "--direction", "relaxing", "--actor", "美国")
    assert relief and all(r["actor_code"] == "US" for r in relief)


def test_tables_for_people(builtin_db: Path) -> None:
    out = run(builtin_db, "alliances", "--at", "1990-01-01", "--kind", "blockade").stdout
    assert "COCOM" in out and "巴黎统筹委员会" in out


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["alliances", "--at", "1990-13-01"], "invalid date '1990-13-01' for --at", "YYYY-MM-DD"),
        (["alliances", "--kind", "blokade"], "unknown kind 'blokade'", "blockade"),
        (["alliances", "--domain", "semiconductor"], "unknown domain", "semiconductors"),
        (["alliance", "Wasenar"], "no alliance is called 'Wasenar'", "Wassenaar"),
        (["country", "Nehterlands"], "no country is called", "Netherlands"),
        (["measures", "--direction", "restrictve"], "unknown direction", "restrictive"),
    ],
)
def test_bad_arguments(builtin_db: Path, args: list[str], message: str, hint: str) -> None:
    result = run(builtin_db, *args, code=2)
    assert message in result.stderr
    assert "hint:" in result.stderr and hint in result.stderr


def test_every_command_takes_json(builtin_db: Path) -> None:
    for args in (
        ["stats"],
        ["alliances"],
        ["alliance", "quad"],
        ["country", "JP"],
        ["measures", "--limit", "3"],
    ):
        data = run_json(builtin_db, *args)
        assert data
    stats = run_json(builtin_db, "stats")
    assert stats["alliances"] >= 30 and stats["measures"] >= 150 and stats["leaf_domains"] >= 20


def test_init_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = json.loads(runner.invoke(app, ["init", "--db", str(db), "--json"]).stdout)
    second = json.loads(runner.invoke(app, ["init", "--db", str(db), "--json"]).stdout)
    assert (first["status"], second["status"]) == ("created", "unchanged")
    assert first["row_counts"] == second["row_counts"]


def test_store_location_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env" / "store.duckdb"
    monkeypatch.setenv("TECHBLOC_DB", str(db))
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0 and db.exists()
    assert str(db) in result.stdout


def test_kb_validate_passes() -> None:
    result = runner.invoke(app, ["kb", "validate"])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("techbloc ")
