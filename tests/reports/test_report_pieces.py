"""The parts of the report: labels in both languages, the methods it cites, fonts, references,
a store without supply data or alerts, and the command."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.cli.report import STEP_COUNT
from techbloc.reports.fonts import MissingFont, report_fonts
from techbloc.reports.labels import LANGS, Words, load_labels
from techbloc.reports.report import STEPS, write_report
from techbloc.reports.sections.method import METHODS, anchor
from techbloc.reports.view import ref_text
from tests.reports.conftest import AT

ROOT = Path(__file__).resolve().parents[2]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_label_has_both_languages_with_the_same_placeholders() -> None:
    labels = load_labels()
    assert len(labels) > 150
    for key, texts in labels.items():
        assert set(texts) == set(LANGS), key
        assert all(t.strip() for t in texts.values()), key
        assert _fields(texts["en"]) == _fields(texts["zh"]), key


def test_the_methods_cited_are_sections_of_the_methodology() -> None:
    doc = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    headings = {line[3:].strip() for line in doc.splitlines() if line.startswith("## ")}
    for _, heading in METHODS:
        assert heading in headings
    assert anchor("Assessment: choke points and exposure") == "assessment-choke-points-and-exposure"
    assert anchor("Severity of measures (rubric)") == "severity-of-measures-rubric"


def test_a_chinese_report_without_a_cjk_font_is_refused_with_a_hint() -> None:
    with pytest.raises(MissingFont, match="no installed font can draw Chinese") as caught:
        report_fonts("zh", candidates=("No Such Font SC",))
    assert caught.value.hint and "fonts-noto-cjk" in caught.value.hint
    english = report_fonts("en", candidates=("No Such Font SC",))
    assert english.cjk is None and "Noto Sans CJK SC" not in english.css_stack()
    assert report_fonts("zh").cjk == "Noto Sans CJK SC"  # installed here: fonts-noto-cjk


@pytest.mark.parametrize(
    ("numbers", "text"),
    [([], ""), ([4], "[4]"), ([3, 4, 5, 9], "[3–5, 9]"), ([9, 3, 3, 4], "[3–4, 9]"),
     ([1, 3, 5], "[1, 3, 5]")],
)  # fmt: skip
def test_reference_numbers_are_shown_as_ranges(numbers: list[int], text: str) -> None:
    assert ref_text(numbers) == text


@pytest.mark.parametrize(
    ("lang", "value", "pct"), [("en", 0.736, "73.6\u00a0%"), ("zh", 0.736, "73.6%"),
                               ("en", None, "–")],
)  # fmt: skip
def test_percent_format(lang: str, value: float | None, pct: str) -> None:
    assert Words(lang).pct(value) == pct


def test_without_supply_data_or_alerts_the_report_says_so_and_how(
    builtin_db: Path, tmp_path: Path
) -> None:
    con = duckdb.connect(str(builtin_db), read_only=True)
    try:
        result = write_report(con, AT, "zh", "md", tmp_path / "r.md", "CN")
    finally:
        con.close()
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    w = Words("zh")
    assert w("supply.none") in text and "techbloc import supply" in text
    assert "techbloc watch --once" in text
    assert w("findings.no_supply", section="第4节") in text
    assert '<a id="tab-chokepoints">' not in text and '<a id="tab-alerts">' not in text
    assert len(result["figures"]) == 3 and len(result["files"]) == 3


def test_the_command_writes_the_report_and_refuses_bad_choices(
    builtin_db: Path, tmp_path: Path
) -> None:
    assert len(STEPS) == STEP_COUNT
    db = tmp_path / "store.duckdb"
    shutil.copyfile(builtin_db, db)
    runner = CliRunner()
    out = tmp_path / "out" / "report.html"
    done = runner.invoke(app, ["report", "--db", str(db), "--at", AT.isoformat(), "--format",
                               "html", "--out", str(out), "--json"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert out.is_file() and '"format": "html"' in done.output
    assert re.search(r'"pages": null', done.output)
    bad = runner.invoke(app, ["report", "--db", str(db), "--format", "docx"])
    assert bad.exit_code == 2 and "unknown format 'docx'" in bad.output
    bad = runner.invoke(app, ["report", "--db", str(db), "--lang", "fr"])
    assert bad.exit_code == 2 and "choose en or zh" in bad.output
    bad = runner.invoke(app, ["report", "--db", str(db), "--at", "2999-01-01"])
    assert bad.exit_code == 2 and "lies in the future" in bad.output
