"""Every validation rule, provoked one at a time on the small fixture knowledge base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from techbloc.kb.loader import load_kb
from techbloc.kb.validate import validate_kb
from tests.kbfactory import base_kb, write_kb

TODAY = dt.date(2026, 11, 23)
Files = dict[str, Any]


def problems_of(tmp_path: Path, files: Files) -> list[tuple[str, str, str]]:
    kb = load_kb(write_kb(tmp_path / "kb", files))
    return [(p.file, p.field, p.code) for p in validate_kb(kb, TODAY) if p.severity == "error"]


def test_fixture_kb_is_valid(tmp_path: Path) -> None:
    assert problems_of(tmp_path, base_kb()) == []


def _alliance(files: Files) -> dict[str, Any]:
    return files["alliances/testreg.yaml"]  # type: ignore[no-any-return]


def _measure(files: Files) -> dict[str, Any]:
    return files["measures/2022.yaml"]["measures"][0]  # type: ignore[no-any-return]


def _set(getter: Callable[[Files], dict[str, Any]], **values: Any) -> Callable[[Files], None]:
    def change(files: Files) -> None:
        getter(files).update(values)

    return change


def _member(index: int, **values: Any) -> Callable[[Files], None]:
    return lambda files: _alliance(files)["memberships"][index].update(values)


def _duplicate_alliance(files: Files) -> None:
    files["alliances/testreg2.yaml"] = {
        **_alliance(files),
        "aliases": [],
        "sources": [{"id": "other", "publisher": "p", "title": "t"}],
    }


CASES: list[tuple[str, Callable[[Files], None], tuple[str, str, str]]] = [
    (
        "unknown country in a membership",
        _member(0, actor="XX"),
        ("alliances/testreg.yaml", "memberships[0].actor", "unknown-country"),
    ),
    (
        "unknown country as a measure target",
        _set(_measure, targets=["ZZ"]),
        ("measures/2022.yaml", "measures[0].targets[0]", "unknown-country"),
    ),
    (
        "member joined before the alliance was founded",
        _member(0, joined="1999-12-31"),
        ("alliances/testreg.yaml", "memberships[0].joined", "member-outside-life"),
    ),
    (
        "member joined after the alliance ended",
        _member(1, joined="2011-01-01", left=None),
        ("alliances/testreg.yaml", "memberships[1].joined", "member-outside-life"),
    ),
    (
        "member left after the alliance ended",
        _member(1, left="2012-01-01"),
        ("alliances/testreg.yaml", "memberships[1].left", "member-outside-life"),
    ),
    (
        "member after its state ceased to exist",
        _member(0, actor="SU", joined="2001-01-01"),
        ("alliances/testreg.yaml", "memberships[0].joined", "member-outside-life"),
    ),
    (
        "left before joined",
        _member(1, left="2003-03-31"),
        ("alliances/testreg.yaml", "memberships[1].left", "left-before-joined"),
    ),
    (
        "membership without a source",
        _member(0, source=None),
        ("alliances/testreg.yaml", "memberships[0].source", "missing-source"),
    ),
    (
        "membership citing an undefined source",
        _member(0, source="nowhere"),
        ("alliances/testreg.yaml", "memberships[0].source", "unknown-source"),
    ),
    (
        "measure without a source",
        _set(_measure, sources=[]),
        ("measures/2022.yaml", "measures[0].sources", "missing-source"),
    ),
    (
        "measure in the future",
        _set(_measure, date="2027-01-01"),
        ("measures/2022.yaml", "measures[0].date", "future-date"),
    ),
    (
        "membership in the future",
        _member(0, joined="2030"),
        ("alliances/testreg.yaml", "memberships[0].joined", "future-date"),
    ),
    (
        "duplicate measure id",
        lambda f: f["measures/2022.yaml"]["measures"].append(_measure(f)),
        ("measures/2022.yaml", "measures[2].id", "duplicate-id"),
    ),
    (
        "duplicate alliance id",
        _duplicate_alliance,
        ("alliances/testreg2.yaml", "id", "id-not-file-name"),
    ),
    (
        "alias shared by two alliances",
        lambda f: f["alliances/coop.yaml"]["aliases"].append("测试安排"),
        ("alliances/coop.yaml", "aliases[1]", "shared-alias"),
    ),
    (
        "alias shared after traditional→simplified folding",
        lambda f: f["alliances/coop.yaml"]["aliases"].append("測試安排"),
        ("alliances/coop.yaml", "aliases[1]", "shared-alias"),
    ),
    (
        "missing Chinese name",
        _set(_alliance, name={"en": "Test Regime"}),
        ("alliances/testreg.yaml", "name.zh", "missing-name"),
    ),
    (
        "unknown domain",
        _set(_alliance, domains=["semiconductor"]),
        ("alliances/testreg.yaml", "domains[0]", "unknown-domain"),
    ),
    (
        "unknown stage",
        _set(_measure, stages=["export"]),
        ("measures/2022.yaml", "measures[0].stages[0]", "unknown-stage"),
    ),
    (
        "unknown instrument",
        _set(_measure, instrument="embargo"),
        ("measures/2022.yaml", "measures[0].instrument", "unknown-instrument"),
    ),
    (
        "unknown alliance of a measure",
        _set(_measure, alliance="nato"),
        ("measures/2022.yaml", "measures[0].alliance", "unknown-alliance"),
    ),
    (
        "unknown predecessor",
        _set(_alliance, predecessor="cocom"),
        ("alliances/testreg.yaml", "predecessor", "unknown-alliance"),
    ),
    (
        "a dimension not rated",
        lambda f: _alliance(f)["dimensions"].pop("spillover"),
        ("alliances/testreg.yaml", "dimensions.spillover", "missing-dimension"),
    ),
    (
        "same member twice at once",
        lambda f: _alliance(f)["memberships"].append(
            {"actor": "US", "role": "member", "joined": "2004", "source": "reg-src"}
        ),
        ("alliances/testreg.yaml", "memberships[4].actor", "duplicate-membership"),
    ),
    (
        "bad vocabulary value",
        _set(_measure, direction="punitive"),
        ("measures/2022.yaml", "measures[0].direction", "invalid-field"),
    ),
    (
        "typo in a field name",
        _set(_measure, severty=3),
        ("measures/2022.yaml", "measures[0].severty", "invalid-field"),
    ),
    (
        "file name differs from id",
        _set(_alliance, id="testregime"),
        ("alliances/testreg.yaml", "id", "id-not-file-name"),
    ),
    (
        "attribute with unknown indicator",
        lambda f: f["actors/attributes.yaml"]["values"][0].update(indicator="gdp"),
        ("actors/attributes.yaml", "values[0].indicator", "unknown-indicator"),
    ),
    (
        "YAML syntax error",
        lambda f: f.update({"measures/2023.yaml": "measures: [\n  {id: x"}),
        ("measures/2023.yaml", "line 2, column 9", "yaml-syntax"),
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [(c, e) for _, c, e in CASES], ids=[name for name, _, _ in CASES]
)
def test_each_rule(
    tmp_path: Path, change: Callable[[Files], None], expected: tuple[str, str, str]
) -> None:
    files = base_kb()
    change(files)
    assert expected in problems_of(tmp_path, files)


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    files = base_kb()
    _member(0, actor="XX")(files)
    _set(_measure, date="2030-01-01", instrument="embargo")(files)
    codes = {code for _, _, code in problems_of(tmp_path, files)}
    assert {"unknown-country", "future-date", "unknown-instrument"} <= codes


def test_norway_stays_a_string(tmp_path: Path) -> None:
    """YAML 1.1 reads a bare NO as false; our loader must not."""
    files = base_kb()
    kb_root = write_kb(tmp_path / "kb", files)
    path = kb_root / "alliances/testreg.yaml"
    text = path.read_text(encoding="utf-8").replace("actor: US", "actor: NO", 1)
    text = text.replace("actor: 'NO'", "actor: US")
    path.write_text(text, encoding="utf-8")
    kb = load_kb(kb_root)
    actors = [m.actor for m in kb.alliances["testreg"].memberships]
    assert actors[0] == "NO"
    assert [p for p in validate_kb(kb, TODAY) if p.severity == "error"] == []


def test_unused_measure_source_is_a_warning(tmp_path: Path) -> None:
    files = base_kb()
    files["measures/2022.yaml"]["sources"].append({"id": "spare", "publisher": "p", "title": "t"})
    kb = load_kb(write_kb(tmp_path / "kb", files))
    found = [(p.code, p.severity) for p in validate_kb(kb, TODAY)]
    assert ("unused-source", "warning") in found
