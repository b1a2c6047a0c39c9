"""`techbloc import docs` end to end on the document fixtures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from techbloc.cli.app import app

runner = CliRunner()
DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def invoke(db: Path, *args: str, code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, ["import", "docs", *args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout, result.stderr


def test_import_docs_reports_added_duplicates_failures_and_candidates(
    fresh_store: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("zh_briefing.pdf", "zh_briefing.txt", "encrypted.pdf", "fr_2022-21658.json"):
        shutil.copyfile(DOCS / name, batch / name)
    stdout, _ = invoke(fresh_store, str(batch), str(DOCS / "en_news.html"), "--json")
    report = json.loads(stdout)
    assert report["import_id"] == 1 and report["files_seen"] == 5
    assert [(d["format"], d["language"], d["pages"]) for d in report["added"]] == [
        ("fr-json", "en", None),
        ("pdf", "zh", 2),
        ("html", "en", None),
    ]  # the folder's files in sorted order, then the next location
    assert report["added"][1]["title"] == "关于半导体出口管制形势的研究简报"
    assert [Path(d["location"]).name for d in report["duplicates"]] == ["zh_briefing.txt"]
    assert [(f["kind"], f["reason"]) for f in report["failures"]] == [
        ("encrypted", "the PDF is encrypted with a password"),
    ]
    [candidate] = report["candidates"]
    assert candidate["linked_measure_id"] == "us-2022-10-07-advanced-computing-sme-rule"

    stdout, _ = invoke(fresh_store, str(batch), str(DOCS / "en_news.html"))
    assert "nothing changed: 0 added, 4 duplicate(s), 1 failed, of 5 file(s)" in stdout
    assert "the PDF is encrypted with a password" in stdout


def test_import_docs_tables_and_size_limit(fresh_store: Path) -> None:
    stdout, _ = invoke(
        fresh_store, str(DOCS / "zh_notice.txt"), str(DOCS / "zh_briefing.pdf"), "--max-mb", "0.002"
    )
    assert "import #1: 1 added, 0 duplicate(s), 1 failed, of 2 file(s)" in stdout
    assert "关于开展出口管制合规培训的通知" in stdout
    assert "too-large" in stdout and "4.8 KB is over the limit of 2.0 KB" in stdout


def test_import_docs_refuses_bad_arguments(fresh_store: Path) -> None:
    _, stderr = invoke(fresh_store, "missing-folder", code=2)
    assert "error: no such file or folder: missing-folder" in stderr
    _, stderr = invoke(fresh_store, str(DOCS / "zh_notice.txt"), "--max-mb", "0", code=2)
    assert "--max-mb must be positive" in stderr
