"""`techbloc assess comprehensiveness | cocom-vs-today | shift | pressure` end to end on the
built-in store: tables, --json, and errors without tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import run, run_json


def test_cocom_vs_today_table_and_json(builtin_db: Path) -> None:
    args = ("assess", "cocom-vs-today", "--then", "1985-12-31", "--now", "2026-11-23")
    text = run(builtin_db, *args).stdout
    assert "COCOM 1985-12-31" in text and "blockade side 2026-11-23" in text
    assert "63.9%" in text  # COCOM's share of world GDP in 1985
    data = run_json(builtin_db, *args)
    members = next(r for r in data["rows"] if r["key"] == "members")["cells"]
    assert members[0]["value"] == 15 and members[2]["value"] == 42


def test_comprehensiveness_of_one_alliance_by_name(builtin_db: Path) -> None:
    data = run_json(builtin_db, "assess", "comprehensiveness", "--alliance", "瓦森纳",
                    "--at", "2024-01-01")  # fmt: skip
    assert [g["group_id"] for g in data["groups"]] == ["wassenaar"]
    assert data["groups"][0]["member_count"] == 42
    blockade = run_json(builtin_db, "assess", "comprehensiveness", "--kind", "blockade",
                        "--at", "2024-01-01")  # fmt: skip
    assert {g["kind"] for g in blockade["groups"]} == {"blockade"}
    assert blockade["groups"][-1]["group_id"] == "blockade-side"


def test_shift_and_pressure(builtin_db: Path) -> None:
    shift = run_json(builtin_db, "assess", "shift", "--from", "2020", "--to", "2021",
                     "--by", "stage")  # fmt: skip
    assert shift["years"] == [2020, 2021] and len(shift["cells"]) == 2 * 7
    text = run(builtin_db, "assess", "shift", "--weighted", "--by", "stage").stdout
    assert "product_export" in text and "severity-weighted" in text
    series = run_json(builtin_db, "assess", "pressure", "--from", "2024", "--to", "2025",
                      "--half-life", "2")  # fmt: skip
    assert series["parameters"]["half_life_years"] == 2.0 and len(series["rows"]) == 54
    one = run(builtin_db, "assess", "pressure", "--at", "2025-12-31", "--domain", "半导体").stdout
    assert "semiconductor-equipment" in one and "quantum" not in one


@pytest.mark.parametrize(
    "args",
    [
        ("assess", "shift", "--by", "sector"),
        ("assess", "shift", "--from", "2025", "--to", "2024"),
        ("assess", "pressure", "--at", "2025-01-01", "--from", "2024"),
        ("assess", "pressure", "--half-life", "0"),
        ("assess", "comprehensiveness", "--kind", "blocade"),
        ("assess", "comprehensiveness", "--alliance", "no such alliance"),
        ("assess", "cocom-vs-today", "--then", "yesterday"),
        ("assess", "pressure", "--engine", "polars"),
    ],
)
def test_bad_arguments_exit_2(builtin_db: Path, args: tuple[str, ...]) -> None:
    result = run(builtin_db, *args, code=2)
    assert "error:" in result.stderr
