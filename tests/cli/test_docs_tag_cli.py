"""`techbloc docs tag` and the tagger wired into `techbloc import docs`."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from techbloc.cli.app import app

runner = CliRunner()
DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout + result.stderr


def test_docs_tag_json_has_spans_that_hold_their_surface(fresh_store: Path) -> None:
    path = DOCS / "zh_briefing.pdf"
    [doc] = json.loads(run("docs", "tag", str(path), "--db", str(fresh_store), "--json"))
    assert doc["language"] == "zh" and doc["pages"] == 2
    assert doc["summary"]["alliance"] == {"wassenaar": 1}
    assert "export_control" in doc["summary"]["instrument"]
    assert {d["date"] for d in doc["event_dates"]} >= {"2022-10-07"}
    text = run("docs", "show", "--db", str(fresh_store), "x", code=2)  # nothing stored
    assert "x" in text
    # offsets are into the clean text: each evidence sentence holds the surface
    for m in doc["mentions"]:
        assert m["surface"] in m["sentence"]
        assert m["page"] in (1, 2)


def test_docs_tag_tables_and_errors(fresh_store: Path) -> None:
    text = run("docs", "tag", str(DOCS / "en_news.html"), "--db", str(fresh_store))
    assert "Mentions by type" in text
    missing = run("docs", "tag", "no/such/file.pdf", "--db", str(fresh_store), code=2)
    assert "no such file" in missing
    broken = run("docs", "tag", str(DOCS / "encrypted.pdf"), "--db", str(fresh_store), code=2)
    assert "encrypted" in broken


def test_import_docs_stores_the_taggers_mentions(fresh_store: Path) -> None:
    run("import", "docs", str(DOCS / "zh_briefing.txt"), "--db", str(fresh_store), "--json")
    con = duckdb.connect(str(fresh_store), read_only=True)
    try:
        [(version,)] = con.execute("SELECT DISTINCT tagger_version FROM documents").fetchall()
        kinds = dict(
            con.execute(
                "SELECT mention_type, count(*) FROM document_mentions GROUP BY ALL"
            ).fetchall()
        )
        stances = con.execute("SELECT alliance_id, stance FROM document_stances").fetchall()
    finally:
        con.close()
    assert version is not None
    assert kinds["alliance"] >= 1 and kinds["instrument"] >= 1
    assert ("wassenaar", "blockade") in stances
    listed = json.loads(run("docs", "search", "瓦森纳", "--db", str(fresh_store), "--json"))
    assert listed and listed[0]["title"] == "关于半导体出口管制形势的研究简报"
