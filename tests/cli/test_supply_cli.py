"""`techbloc import supply` and `techbloc assess chokepoints | backups | exposure` end to end."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from techbloc.cli.app import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "supply"
DEAL = ("--coalition", "us-japan-netherlands-sme", "--at", "2024-06-01")


def invoke(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout if code == 0 else result.stderr


def test_import_then_assess(fresh_store: Path) -> None:
    assert "holds no supply-chain shares" in invoke(fresh_store, "assess", "chokepoints", code=2)
    report = json.loads(
        invoke(fresh_store, "import", "supply", str(FIXTURES / "shares_percent.csv"), "--json")
    )
    assert (report["share_scale"], report["rejected"], report["rolled_up"]) == ("percent", 13, 4)
    text = invoke(fresh_store, "import", "supply", str(FIXTURES / "shares_fraction.csv"))
    assert "shares read as fraction" in text and "Quarantined rows" in text
    assert "nothing changed" in invoke(
        fresh_store, "import", "supply", str(FIXTURES / "shares_fraction.csv")
    )
    rows = json.loads(invoke(fresh_store, "assess", "chokepoints", *DEAL, "--top", "2", "--json"))
    assert [(r["rank"], r["input_id"]) for r in rows] == [(1, "over-input"), (2, "euv-scanners")]
    assert rows[1]["backups"] == [
        {"level": "country", "rank": 1, "supplier": "KR", "actor_code": "KR", "share_pct": 3.0}
    ]
    table = invoke(fresh_store, "assess", "chokepoints", *DEAL, "--top", "3")
    assert "Choke points against us-japan-netherlands-sme (3 members) on 2024-06-01" in table
    assert "DE 10.0; KR 10.0" in table  # photoresist-x's backups
    backups = json.loads(invoke(fresh_store, "assess", "backups", "EDA tools", *DEAL, "--json"))
    assert backups["coalition_members"] == ["JP", "NL", "US"]
    assert [b["supplier"] for b in backups["backups"]] == ["DE", "Siemens EDA Fixture"]
    unplaced = [b["supplier"] for b in backups["unattributed"]]
    assert unplaced == ["Various countries", "Other vendors"]
    shown = invoke(fresh_store, "assess", "backups", "eda-tools", *DEAL)
    assert "in no single country (may include coalition firms): Various countries 5.0 %" in shown
    shown = invoke(fresh_store, "assess", "backups", "euv-scanners", *DEAL)
    assert "Backup sources (备胎)" in shown and "shares_percent.csv:5" in shown


def test_exposure_series_and_errors(fresh_store: Path) -> None:
    invoke(fresh_store, "import", "supply", str(FIXTURES / "shares_percent.csv"))
    groups = json.loads(invoke(fresh_store, "assess", "exposure", *DEAL, "--json"))
    assert [(g["group"], g["inputs"]) for g in groups] == [("unmapped", 4)]
    assert "Exposure by stage" in invoke(fresh_store, "assess", "exposure", "--by", "stage")
    series = json.loads(
        invoke(fresh_store, "assess", "chokepoints", "--coalition", "us-japan-netherlands-sme",
               "--from", "2022", "--to", "2024", "--top", "1", "--json")
    )  # fmt: skip
    assert [(r["as_of_year"], r["coalition_size"]) for r in series] == [
        (2022, 0),
        (2023, 3),
        (2024, 3),
    ]
    error = invoke(fresh_store, "assess", "backups", "euv scaners", code=2)
    assert "no supply-chain input is called 'euv scaners'" in error
    assert "EUV scanners (fixture) (euv-scanners)" in error
    assert "matches several inputs" in invoke(fresh_store, "assess", "backups", "fixture", code=2)
    assert "unknown stage 'S9'" in invoke(
        fresh_store, "assess", "chokepoints", "--stage", "S9", code=2
    )
    assert "is after --to" in invoke(
        fresh_store, "assess", "exposure", "--from", "2025", "--to", "2020", code=2
    )
    assert "neither 'blockade', an alliance nor a country" in invoke(
        fresh_store, "assess", "exposure", "--coalition", "nato-ish", code=2
    )
