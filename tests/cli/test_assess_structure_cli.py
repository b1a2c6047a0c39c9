"""`techbloc assess trajectory | cohesion | network | partners` end to end on the built-in store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from techbloc.cli.app import app

runner = CliRunner()
AT = "2025-06-30"


def run(db: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, ["assess", *args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result


def run_json(db: Path, *args: str) -> Any:
    return json.loads(run(db, *args, "--json").stdout)


def test_trajectory_shows_the_nine_side_by_side(builtin_db: Path) -> None:
    text = run(builtin_db, "trajectory", "--at", AT).stdout
    for name in ("TTC", "IPEF", "AUKUS", "Quad", "Chip 4", "MSP", "Clean Network", "GPAI",
                 "Blue Dot Network"):  # fmt: skip
        assert name in text
    assert "9 row(s)" in text and "blue-dot-network" in text  # the rule names the ninth
    data = run_json(builtin_db, "trajectory", "--at", AT)
    assert len(data["rows"]) == 45 and data["default_rule"]["added"] == ["blue-dot-network"]


def test_trajectory_series_and_named_alliance(builtin_db: Path) -> None:
    data = run_json(
        builtin_db, "trajectory", "--alliance", "奥库斯", "--from", "2022", "--to", "2023"
    )
    assert data["years"] == [2022, 2023] and data["alliances"] == ["aukus"]
    assert {r["year"] for r in data["rows"]} == {2022, 2023}


def test_cohesion_names_in_any_language(builtin_db: Path) -> None:
    data = run_json(builtin_db, "cohesion", "--at", AT, "--alliance", "瓦森纳",
                    "--alliance", "Chip 4", "--focal", "中国")  # fmt: skip
    assert [r["alliance_id"] for r in data["rows"]] == ["wassenaar", "chip4"]
    assert data["focal"] == "CN" and len(data["unverified_ties"]) == 3
    text = run(builtin_db, "cohesion", "--at", AT).stdout
    assert "Wassenaar" in text and "cohesion = 1 − weighted mean" in text


def test_network_and_graph_export(builtin_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    text = run(builtin_db, "network", "--at", AT, "--top", "5", "--graph-out", str(out)).stdout
    assert "Bridging countries" in text and "Alliance overlap" in text
    graph = json.loads(out.read_text(encoding="utf-8"))
    assert {n["type"] for n in graph["nodes"]} == {"country", "alliance"}
    assert graph["edges"] and {"source", "target", "role"} <= set(graph["edges"][0])


def test_partners_with_weights(builtin_db: Path) -> None:
    data = run_json(builtin_db, "partners", "--domain", "半导体", "--at", AT,
                    "--weights", "capability=0.6,weak_binding=0.2,ties=0.2")  # fmt: skip
    assert data["domains"] == ["semiconductors"]
    assert data["rows"][0]["weights"] == {"capability": 0.6, "weak_binding": 0.2, "ties": 0.2}
    text = run(builtin_db, "partners", "--at", AT, "--top", "2").stdout
    assert text.count("Partner opportunities for") == 7  # one table per top-level domain
    assert "hightech_exports_usd" in text  # what the capability proxy lacks is said


def test_clear_errors(builtin_db: Path) -> None:
    bad = run(builtin_db, "partners", "--weights", "capability=2", code=2)
    assert "weights must be" in bad.stderr
    assert "no alliance" in run(builtin_db, "cohesion", "--alliance", "Nowhere Pact", code=2).stderr
    assert "after" in run(builtin_db, "network", "--from", "2024", "--to", "2020", code=2).stderr
    assert "unknown domain" in run(builtin_db, "partners", "--domain", "cooking", code=2).stderr
