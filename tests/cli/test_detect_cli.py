"""`techbloc detect` and `Techbloc.detect` on the built-in store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from techbloc import Techbloc
from techbloc.cli.app import app

runner = CliRunner()


def run(db: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, ["detect", *args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result


def test_detect_prints_alerts_with_levels_and_says_which_streams_had_no_data(
    builtin_db: Path,
) -> None:
    result = run(builtin_db, "--at", "2023-02-15")
    assert "us-japan-netherlands-sme" in result.stdout
    assert "rule:new-blockade-grouping" in result.stdout
    assert "orange 橙" in result.stdout
    assert "New restrictive grouping" in result.stdout and "新的限制性集团" in result.stdout
    assert "no data in news" in result.stderr and "no data in listings" in result.stderr


def test_detect_json_filters_by_level_and_since(builtin_db: Path) -> None:
    everything = json.loads(run(builtin_db, "--at", "2025-02-10", "--json").stdout)
    high = json.loads(run(builtin_db, "--at", "2025-02-10", "--level", "橙", "--json").stdout)
    recent = json.loads(
        run(builtin_db, "--at", "2025-02-10", "--since", "2025-01-31", "--json").stdout
    )
    assert everything["as_of"] == "2025-02-10" and everything["focal"] == "CN"
    assert {a["level"] for a in high["alerts"]} <= {"orange", "red"}
    assert 0 < len(high["alerts"]) < len(everything["alerts"])
    assert all(a["period_end"] >= "2025-01-31" for a in recent["alerts"])
    assert len(recent["alerts"]) < len(everything["alerts"])
    first = everything["alerts"][0]
    assert set(first) >= {"alert_id", "level", "level_zh", "detector", "scope_type", "scope_key",
                          "period_start", "period_end", "statistic", "value", "threshold",
                          "title_en", "title_zh", "evidence", "detail"}  # fmt: skip
    assert first["evidence"][0]["kind"] == "measure" and first["evidence"][0]["url"]
    assert everything["streams_without_data"] == ["listings", "documents", "news"]


def test_detect_takes_a_rules_file(builtin_db: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rule = {
        "id": "any-restrictive", "title": {"en": "{value:g} in {scope_en}", "zh": "{value:g}"},
        "stream": "measures", "filters": {"direction": "restrictive"}, "scope": "system",
        "window": "30d", "aggregate": "count", "levels": {"red": 1},
    }  # fmt: skip
    rules.write_text(yaml.safe_dump({"rules": [rule], "series": []}), encoding="utf-8")
    report = json.loads(run(builtin_db, "--at", "2025-01-20", "--rules", str(rules),
                            "--json").stdout)  # fmt: skip
    assert {a["detector"] for a in report["alerts"]} == {"rule:any-restrictive"}
    assert report["rules"] == str(rules)


def test_detect_errors_are_messages(builtin_db: Path, tmp_path: Path) -> None:
    bad = run(builtin_db, "--level", "purple", code=2)
    assert "unknown alert level 'purple'" in bad.stderr
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: x\n    stream: tweets\n", encoding="utf-8")
    broken = run(builtin_db, "--rules", str(rules), code=2)
    assert "rule 'x': stream: unknown stream 'tweets'" in broken.stderr
    assert "hint:" in broken.stderr


def test_the_python_api_gives_the_same_answer(builtin_db: Path) -> None:
    # the rules at the levels this test was written for (the built-in ones are tuned)
    rules = Path(__file__).parents[1] / "fixtures" / "warning" / "rules_as_written.yaml"
    with Techbloc.open(builtin_db) as tb:
        report = tb.detect(at="2023-02-15", level="orange", rules=rules)
    cli = json.loads(
        run(
            builtin_db, "--at", "2023-02-15", "--level", "orange", "--rules", str(rules), "--json"
        ).stdout
    )
    assert report["alerts"] == cli["alerts"]
    assert any(a["scope_key"] == "us-japan-netherlands-sme" for a in report["alerts"])
