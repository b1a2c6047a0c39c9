"""`techbloc import ftm` and `techbloc derived` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from techbloc.cli.app import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ftm"


def invoke(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout if code == 0 else result.stderr


def test_import_ftm_then_derived(fresh_store: Path) -> None:
    snapshot = str(FIXTURES / "ownership.ftm.jsonl")
    report = json.loads(
        invoke(fresh_store, "import", "ftm", snapshot, "--retrieved", "2026-08-11", "--json")
    )
    assert (report["added"], report["rejected"], report["ownerships"]) == (3, 6, 7)
    assert {r["field"] for r in report["rejections"]} == {None, "id", "schema", "name", "asset"}
    text = invoke(fresh_store, "import", "ftm", str(FIXTURES / "ownership.delta.jsonl"),
                  "--retrieved", "2026-08-12")  # fmt: skip
    assert "partial" in text and "2 removed" in text
    derived = json.loads(invoke(fresh_store, "derived", "--at", "2026-11-23", "--json"))
    assert derived["derived"] == [] and len(derived["below_threshold"]) == 2


def test_derived_table_shows_the_chain(fresh_store: Path) -> None:
    invoke(fresh_store, "import", "ftm", str(FIXTURES / "ownership.ftm.jsonl"), "--partial")
    text = invoke(fresh_store, "derived", "--list", "os-us-ofac-sdn", "--at", "2026-11-23")
    assert "3 derived listings" in text
    assert "Example Owner One (60 %) → Example Subsidiary A (50 %) → Example" in text
    assert "1 holding(s) below 50 %" in text and "1 link(s) of unknown percentage" in text


def test_derived_unknown_list(fresh_store: Path) -> None:
    assert "no imported list" in invoke(fresh_store, "derived", "--list", "os-nope", code=2)
