"""`techbloc assess priorities` and `techbloc scenario …` end to end, on the fixture store of
tests/analytics/priority_fixture.py."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from tests.analytics.priority_fixture import build_priority_store

runner = CliRunner()
AT = ("--at", "2025-06-30")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_priority_store(tmp_path_factory.mktemp("priorities-cli"))


def invoke(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout if code == 0 else result.stderr


def as_json(db: Path, *args: str) -> Any:
    return json.loads(invoke(db, *args, "--json"))


def test_priorities(db: Path) -> None:
    data = as_json(db, "assess", "priorities", *AT, "--top", "2")
    assert [(r["rank"], r["domain_id"]) for r in data["rows"]] == [
        (1, "semiconductor-equipment"), (2, "quantum"),
    ]  # fmt: skip
    assert data["domains"] == 4 and data["parameters"]["coalition"] == "blockade"
    text = invoke(db, "assess", "priorities", *AT)
    assert "R&D priorities on 2025-06-30 (focal CN; exposure against blockade" in text
    assert "no exposure or gap data for 2 domain(s)" in text and "quantum, rare-earths" in text
    assert "Parent domains" in text


def test_priorities_weights_and_sensitivity(db: Path) -> None:
    args = ("assess", "priorities", *AT, "--sensitivity", "--samples", "40", "--seed", "5")
    first = as_json(db, *args)
    assert first["sensitivity"] == as_json(db, *args)["sensitivity"]
    assert first["sensitivity"]["parameters"]["samples"] == 40
    text = invoke(db, *args)
    assert "Sensitivity: each weight ±0.1 (renormalised), and 40 random weight vectors" in text
    assert "Kendall's τ" in text and "random weights: τ mean" in text
    heavy = as_json(db, "assess", "priorities", *AT, "--weights",
                    "pressure=0,exposure=1,importance=0,gap=0")  # fmt: skip
    assert heavy["rows"][0]["domain_id"] == "semiconductor-design"
    error = invoke(db, "assess", "priorities", "--weights", "pressure=0.9", code=2)
    assert "sum to 1" in error and "hint:" in error


def test_priorities_by_year(db: Path) -> None:
    text = invoke(db, "assess", "priorities", "--from", "2024", "--to", "2025")
    assert "R&D priority rank by year" in text and "semiconductor-design" in text
    error = invoke(db, "assess", "priorities", "--from", "2024", "--sensitivity", code=2)
    assert "either --at (and --sensitivity) or --from/--to" in error


def test_scenarios(db: Path, tmp_path: Path) -> None:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    left = as_json(db, "scenario", "leave", "US", "coop", *AT)
    assert left["scenario"]["coalition"] == "coop" and left["coalition"]["left"] == ["US"]
    joined = as_json(db, "scenario", "join", "JP", "coop", "--since", "2024-01-01", *AT,
                     "--coalition", "blockade")  # fmt: skip
    assert joined["scenario"]["coalition"] == "blockade" and joined["coalition"]["joined"] == []
    added = as_json(db, "scenario", "add-domain", "稀土", "chipreg", "--severity", "3", *AT)
    assert added["scenario"]["changes"][0] == {
        "domain": "rare-earths", "alliance": "chipreg", "severity": 3, "since": None,
        "kind": "add-domain",
    }  # fmt: skip
    text = invoke(db, "scenario", "strictest", *AT)
    assert "assumed: strictest blockade by blockade: 3 members" in text
    assert "Leaf inputs with no backup source outside the coalition and the focal country" in text
    assert "Containment pressure that changed (3 of 4 domains)" in text
    path = tmp_path / "two.yaml"
    path.write_text("name: two changes\ncoalition: coop\nchanges:\n"
                    "  - leave: {country: US, alliance: coop}\n  - strictest\n",
                    encoding="utf-8")  # fmt: skip
    ran = invoke(db, "scenario", "run", str(path), *AT)
    assert "Scenario two changes on 2025-06-30" in ran and "strictest blockade by coop" in ran
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("scenario", "leave", "JP", "coop", *AT), "JP is not a member of coop on 2025-06-30"),
        (("scenario", "join", "Atlantis", "coop"), "no country is called 'Atlantis'"),
        (("scenario", "add-domain", "teleportation", "chipreg"), "unknown domain"),
        (("scenario", "run", "missing.yaml"), "no such scenario file"),
    ],
)
def test_scenario_errors(db: Path, args: tuple[str, ...], message: str) -> None:
    assert message in invoke(db, *args, code=2)
