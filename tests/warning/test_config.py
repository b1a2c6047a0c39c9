"""The rules file: the built-in one loads; a user's file is merged over it; every mistake is
reported with the file, the rule or series and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from techbloc.errors import InvalidArgument
from techbloc.warning.config import DEFAULT_RULES, load_config
from techbloc.warning.parameters import METHODS
from techbloc.warning.vocabulary import check_vocabulary

RULE: dict[str, Any] = {
    "id": "my-rule",
    "title": {"en": "{value:g} in {scope_en}", "zh": "{scope_zh}{value:g}"},
    "stream": "measures",
    "filters": {"direction": "restrictive"},
    "scope": "domain",
    "window": "90d",
    "aggregate": "count",
    "levels": {"yellow": 2, "orange": 4},
}


def write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "my-rules.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_the_built_in_rules_load_with_every_method() -> None:
    config = load_config()
    assert config.source == str(DEFAULT_RULES)
    assert {r.id for r in config.rules} >= {
        "focal-measures-per-domain", "first-measure-by-country-in-domain",
        "country-joins-blockade-alliance", "new-blockade-grouping", "focal-listings-30d",
        "restrictive-documents-per-domain",
    }  # fmt: skip
    used = {m for s in config.series for m in s.detectors}
    assert used == set(METHODS) - {"general"}


def test_a_file_with_only_parameters_keeps_the_built_in_rules(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, {"parameters": {"surge": {"min_count": 4}}}))
    default = load_config()
    assert config.parameters.surge.min_count == 4
    assert config.parameters.surge.baseline_months == default.parameters.surge.baseline_months
    assert [r.id for r in config.rules] == [r.id for r in default.rules]
    assert all(
        s.parameters["surge"].min_count == 4 for s in config.series if "surge" in s.detectors
    )


def test_a_file_with_rules_replaces_the_built_in_rules(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, {"rules": [RULE], "series": []}))
    assert [r.id for r in config.rules] == ["my-rule"]
    assert config.series == ()
    assert config.rules[0].window_days == 90


def test_a_series_can_override_one_setting(tmp_path: Path) -> None:
    series = {
        "id": "s", "title": {"en": "x {scope_en}", "zh": "x"}, "stream": "measures",
        "scope": "system", "value": "count", "detectors": ["surge"],
        "parameters": {"surge": {"min_count": 5}},
    }  # fmt: skip
    config = load_config(write(tmp_path, {"series": [series]}))
    assert config.series[0].parameters["surge"].min_count == 5
    assert config.parameters.surge.min_count == load_config().parameters.surge.min_count


BROKEN = [
    ({"stream": "tweets"}, "rule 'my-rule': stream: unknown stream 'tweets'"),
    ({"filters": {"colour": "red"}}, "rule 'my-rule': filters: unknown field 'colour'"),
    ({"exclude": {"colour": "red"}}, "rule 'my-rule': exclude: unknown field 'colour'"),
    ({"window": "3 months"}, "rule 'my-rule': window: expected a length like 90d"),
    ({"levels": {"yellow": 5, "orange": 2}}, "rule 'my-rule': levels: thresholds must increase"),
    ({"levels": {"purple": 1}}, "rule 'my-rule': levels: unknown level(s) purple"),
    ({"levels": {"yellow": "many"}}, "rule 'my-rule': levels.yellow: expected a number"),
    ({"scope": "planet"}, "rule 'my-rule': scope: expected one of"),
    ({"scope": "organisation"}, "rule 'my-rule': scope: the measures stream has no 'organisation'"),
    ({"domain_level": "family", "scope": "country"}, "rule 'my-rule': domain_level"),
    ({"aggregate": {"sum": "price"}}, "rule 'my-rule': aggregate: sum of unknown value 'price'"),
    ({"aggregate": {"distinct": "colour"}}, "rule 'my-rule': aggregate: distinct of unknown"),
    ({"aggregate": "median"}, "rule 'my-rule': aggregate: expected count"),
    ({"at_least": {"severity": "high"}}, "rule 'my-rule': at_least.severity: expected a number"),
    ({"first_for": ["colour"]}, "rule 'my-rule': first_for: unknown field 'colour'"),
    ({"title": {"en": "{oops}", "zh": "x"}}, "rule 'my-rule': title.en: unknown placeholder"),
    ({"title": {"en": "only English"}}, "rule 'my-rule': title: expected en and zh"),
    ({"evidence": {"limit": 0}}, "rule 'my-rule': evidence.limit: expected a whole number"),
    ({"colour": "red"}, "rule 'my-rule': colour: unknown field"),
    ({"id": "My Rule"}, "id: expected a slug"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN)
def test_a_broken_rule_is_reported_with_file_rule_and_field(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    path = write(tmp_path, {"rules": [{**RULE, **change}]})
    with pytest.raises(InvalidArgument) as caught:
        load_config(path)
    assert str(path) in caught.value.message
    assert message in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"parameters": {"surge": {"min_count": -1}}}, "parameters.surge.min_count: must be >= 0"),
        ({"parameters": {"surge": {"min_count": 1.5}}}, "parameters.surge.min_count: expected a"),
        ({"parameters": {"surge": {"speed": 1}}}, "parameters.surge.speed: unknown setting"),
        ({"parameters": {"cusum": {"shift": 1.0}}}, "parameters.cusum.shift: must be above 1"),
        ({"parameters": {"ewma": {"weight": 1.5}}}, "parameters.ewma.weight: must lie strictly"),
        ({"parameters": {"surge": {"levels": {"blue": 0.001, "red": 0.01}}}},
         "parameters.surge.levels: thresholds must decrease"),
        ({"parameters": {"magic": {}}}, "parameters.magic: unknown method"),
        ({"version": 2}, "version: expected 1"),
        ({"extras": 1}, "extras: unknown section"),
        ({"rules": [RULE, RULE]}, "rule 'my-rule': id: used twice"),
        ({"series": [{"id": "s", "title": {"en": "x", "zh": "x"}, "stream": "news",
                      "scope": "domain", "value": "severity", "detectors": ["surge"]}]},
         "series 's': value: 'severity' is not a value of news"),
        ({"series": [{"id": "s", "title": {"en": "x", "zh": "x"}, "stream": "measures",
                      "scope": "domain", "detectors": ["prophet"]}]},
         "series 's': detectors: unknown method 'prophet'"),
        ({"series": [{"id": "s", "title": {"en": "x", "zh": "x"}, "stream": "measures",
                      "scope": "domain", "detectors": ["surge"],
                      "parameters": {"cusum": {"shift": 3}}}]},
         "series 's': parameters.cusum: not one of this series' detectors"),
    ],
)  # fmt: skip
def test_broken_parameters_and_series_are_reported(
    tmp_path: Path, doc: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgument) as caught:
        load_config(write(tmp_path, doc))
    assert message in caught.value.message


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, {"rules": [{**RULE, "stream": "tweets"}, {**RULE, "id": "b",
                                                                      "window": "x"}]})  # fmt: skip
    with pytest.raises(InvalidArgument) as caught:
        load_config(path)
    assert "2 problem(s)" in caught.value.message
    assert "rule 'b': window" in caught.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [("rules: [unclosed", "not valid YAML"), ("- a\n- b\n", "expected a mapping")],
)
def test_unreadable_files_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidArgument, match=message):
        load_config(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="no rules file"):
        load_config(tmp_path / "nowhere.yaml")


def test_a_filter_value_the_store_does_not_know_is_an_error_with_a_suggestion(
    tmp_path: Path, builtin_con: duckdb.DuckDBPyConnection
) -> None:
    rule = {**RULE, "filters": {"domain": "semiconductor-equipmnt", "direction": "restricted"}}
    config = load_config(write(tmp_path, {"rules": [rule]}))
    with pytest.raises(InvalidArgument) as caught:
        check_vocabulary(builtin_con, config)
    assert "rule 'my-rule': filters.domain: unknown value 'semiconductor-equipmnt' " in (
        caught.value.message
    )
    assert "did you mean semiconductor-equipment?" in caught.value.message
    assert "filters.direction: unknown value 'restricted'" in caught.value.message


def test_the_built_in_rules_fit_the_built_in_store(builtin_con: duckdb.DuckDBPyConnection) -> None:
    check_vocabulary(builtin_con, load_config())
