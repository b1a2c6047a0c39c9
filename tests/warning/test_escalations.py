"""The escalation list: the built-in one against the knowledge base and its selection rule, and
clear errors for broken lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from techbloc.errors import InvalidArgument
from techbloc.kb.loader import load_kb
from techbloc.kb.yaml_io import read_yaml
from techbloc.warning.escalations import ESCALATIONS_FILE, load_escalations

FOCAL = "CN"


def test_the_built_in_list_loads_clean_against_the_built_in_store(
    builtin_con: duckdb.DuckDBPyConnection,
) -> None:
    listed = load_escalations(builtin_con)
    assert listed.focal == FOCAL
    dates = [e.date for e in listed.escalations]
    assert dates == sorted(dates) and 15 <= len(dates) <= 30
    assert sum(d < dt.date(2023, 1, 1) for d in dates) >= 10  # enough to tune on
    assert sum(d >= dt.date(2023, 1, 1) for d in dates) >= 10  # and to report on
    assert {e.severity for e in listed.escalations} == {"major", "critical"}


def _selected(measure: Any) -> bool:
    """Selection rule 1 of the file's header."""
    return (
        measure.date.start >= dt.date(2018, 1, 1)
        and measure.direction == "restrictive"
        and measure.severity >= 4
        and FOCAL in measure.targets
        and measure.actor != FOCAL
    )


def test_every_measure_of_the_selection_rule_is_an_escalation_or_excluded_with_a_reason() -> None:
    kb = load_kb()
    data = read_yaml(ESCALATIONS_FILE)
    covered = {m for e in data["escalations"] for m in e["measures"]}
    excluded = {x["measure"] for x in data["excluded"]}
    selected = {m.id for m in kb.measures.values() if _selected(m)}
    assert selected - covered - excluded == set()
    for escalation in data["escalations"]:
        measures = [kb.measures[m] for m in escalation["measures"]]
        if not all(_selected(m) for m in measures):
            assert "selection rule 2" in escalation.get("note", ""), escalation["id"]


def test_dates_severity_and_domains_agree_with_the_measures() -> None:
    kb = load_kb()
    for escalation in read_yaml(ESCALATIONS_FILE)["escalations"]:
        measures = [kb.measures[m] for m in escalation["measures"]]
        assert measures, escalation["id"]
        # announced on or before the day the knowledge base records the measure
        assert escalation["date"] <= min(m.date.start for m in measures), escalation["id"]
        top = max(m.severity for m in measures)
        assert escalation["severity"] == ("critical" if top == 5 else "major"), escalation["id"]
        wanted = {d for m in measures for d in m.domains}
        assert wanted <= set(escalation["domains"]), escalation["id"]


GOOD = {
    "focal": "CN",
    "sources": [{"id": "esc-test", "publisher": "Test", "title": "A source", "date": "2023-01"}],
    "escalations": [
        {
            "id": "us-2022-10-rule", "date": dt.date(2022, 10, 7),
            "title": {"en": "October rule", "zh": "十月规则"}, "issuer": "BIS",
            "severity": "critical", "actors": ["US"], "domains": ["semiconductor-equipment"],
            "measures": ["us-2022-10-07-advanced-computing-sme-rule"], "sources": ["esc-test"],
        }
    ],
}  # fmt: skip


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "escalations.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _broken(change: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(yaml.safe_dump(GOOD))
    e = data["escalations"][0]
    if change == "unknown-domain":
        e["domains"] = ["semiconductor-equipment", "chips"]
    elif change == "missing-zh":
        e["title"] = {"en": "October rule"}
    elif change == "duplicate-id":
        data["escalations"].append(dict(e))
    elif change == "month-only-date":
        e["date"] = "2022-10"
    elif change == "unknown-source":
        e["sources"] = ["nowhere"]
    elif change == "no-scope":
        e["actors"], e["domains"] = [], []
    elif change == "unexplained-date":
        e["date"] = dt.date(2022, 10, 1)
    elif change == "bad-severity":
        e["severity"] = "severe"
    elif change == "typo-field":
        e["domain"] = ["quantum"]
    elif change == "future":
        e["date"], e["measures"] = dt.date(2099, 1, 1), []
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown-domain", "escalations[0].domains[1]: unknown domain 'chips'"),
        ("missing-zh", "escalations[0].title.zh: the zh title is missing"),
        ("duplicate-id", "escalation id 'us-2022-10-rule' is used twice"),
        ("month-only-date", "escalations[0].date:"),
        ("unknown-source", "escalations[0].sources[0]: unknown source 'nowhere'"),
        ("no-scope", "escalations[0]: no domain, alliance, actor or organisation"),
        ("unexplained-date", "differs from its measure's date 2022-10-07"),
        ("bad-severity", "escalations[0].severity:"),
        ("typo-field", "escalations[0].domain: Extra inputs are not permitted"),
        ("future", "date 2099-01-01 lies in the future"),
    ],
)
def test_a_broken_list_is_refused_with_file_and_field(
    tmp_path: Path, builtin_con: duckdb.DuckDBPyConnection, change: str, message: str
) -> None:
    with pytest.raises(InvalidArgument) as caught:
        load_escalations(builtin_con, _write(tmp_path, _broken(change)))
    assert "escalations.yaml" in caught.value.message
    assert message in caught.value.message


def test_the_hand_made_list_itself_is_good(
    tmp_path: Path, builtin_con: duckdb.DuckDBPyConnection
) -> None:
    listed = load_escalations(builtin_con, _write(tmp_path, GOOD))
    assert [e.id for e in listed.escalations] == ["us-2022-10-rule"]
    assert listed.escalations[0].domains == frozenset({"semiconductor-equipment"})


def test_a_missing_file_is_refused(builtin_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="no such file"):
        load_escalations(builtin_con, tmp_path / "none.yaml")
