"""`techbloc docs search | list | show | index` end to end on the corpus store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
from typer.testing import CliRunner

from techbloc.cli.app import app
from tests.documents.search.corpus import insert_corpus

runner = CliRunner()


def run(db: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result


def run_json(db: Path, *args: str) -> Any:
    return json.loads(run(db, *args, "--json").stdout)


def test_search_with_filters(corpus_db: Path, doc_ids: dict[str, str]) -> None:
    rows = run_json(corpus_db, "docs", "search", "出口管制", "--alliance", "瓦森纳")
    assert [r["doc_id"] for r in rows] == [doc_ids["wassenaar-intro"]]
    assert "«出口管制»" in rows[0]["snippet"]
    table = run(corpus_db, "docs", "search", "export controls", "--since", "2023", "--limit", "2")
    assert "Netherlands publishes" in table.stdout and "2 row(s)" in table.stdout


def test_search_errors_are_messages(corpus_db: Path) -> None:
    result = run(corpus_db, "docs", "search", "the of", code=2)
    assert "no searchable words" in result.stderr
    result = run(corpus_db, "docs", "search", "出口", "--domain", "semiconductor", code=2)
    assert "semiconductors" in result.stderr


def test_list_and_show(corpus_db: Path, doc_ids: dict[str, str]) -> None:
    rows = run_json(corpus_db, "docs", "list", "--language", "mixed")
    assert {r["doc_id"] for r in rows} == {doc_ids["ymtc-entity-list"], doc_ids["cn-graphite"]}
    shown = run(corpus_db, "docs", "show", doc_ids["cn-export-control-law"][:12])
    assert "中华人民共和国出口管制法" in shown.stdout and "— page 3 —" in shown.stdout
    assert "export_control" in shown.stdout
    missing = run(corpus_db, "docs", "show", "doc-nothing", code=2)
    assert "no document" in missing.stderr


def test_index_then_search(fresh_store: Path) -> None:
    with duckdb.connect(str(fresh_store)) as con:
        insert_corpus(con)
    stale = run(fresh_store, "docs", "search", "出口管制", code=2)
    assert "techbloc docs index" in stale.stderr
    report = run_json(fresh_store, "docs", "index")
    assert report["documents_indexed"] == 15 and report["passages_total"] > 15
    assert run_json(fresh_store, "docs", "search", "出口管制")
