"""`techbloc import csl`, `listings`, `listed`, `listing-history` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from techbloc.cli.app import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csl"


def invoke(db: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout if code == 0 else result.stderr


def test_import_then_query(fresh_store: Path) -> None:
    first = json.loads(
        invoke(
            fresh_store,
            "import",
            "csl",
            str(FIXTURES / "snapshot_v1.csv"),
            "--retrieved",
            "2024-01-01",
            "--json",
        )
    )
    assert (first["added"], first["rejected"]) == (4, 3)
    assert {r["field"] for r in first["rejections"]} == {"name", "start_date", "source"}
    text = invoke(fresh_store, "import", "csl", str(FIXTURES / "snapshot_v1.csv"))
    assert "nothing changed" in text
    invoke(
        fresh_store, "import", "csl", str(FIXTURES / "snapshot_v2.csv"), "--retrieved", "2024-06-01"
    )
    counts = json.loads(
        invoke(fresh_store, "listings", "--by", "list", "--country", "中国", "--json")
    )
    assert {"list": "us-bis-entity-list", "entities": 3} in counts
    meu = json.loads(invoke(fresh_store, "listed", "us-bis-meu", "--at", "2024-03-01", "--json"))
    assert [r["name"] for r in meu] == ["Test Aviation Works"]
    history = json.loads(invoke(fresh_store, "listing-history", meu[0]["entity_id"], "--json"))
    assert [e["event"] for e in history["events"]] == ["added", "removed"]


def test_import_errors(fresh_store: Path) -> None:
    assert "no such file" in invoke(fresh_store, "import", "csl", "/no/such.csv", code=2)
    assert "invalid date" in invoke(
        fresh_store,
        "import",
        "csl",
        str(FIXTURES / "snapshot_v1.csv"),
        "--retrieved",
        "2024-13-01",
        code=2,
    )
    assert "cannot group by" in invoke(fresh_store, "listings", "--by", "colour", code=2)
