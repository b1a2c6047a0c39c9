"""Precision and recall of screening on the labelled set, held above floors (real CSL snapshot).

The set is tests/matching/eval/screening_pairs.yaml; benchmarks/screening_eval.py prints the same
figures with a baseline and the failures. The floors live in FLOORS only.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from techbloc.errors import InvalidArgument
from techbloc.evaluation.screening_score import CaseResult, count, run, techbloc_matcher
from techbloc.evaluation.screening_set import (
    CATEGORIES,
    EvalCase,
    ListEntry,
    csl_entries,
    load_cases,
    unknown_entries,
)
from techbloc.ingest.lists import import_list_file
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.names import analyse
from techbloc.matching.screen import DEFAULT_THRESHOLD
from tests.shared_data import shared_dataset

SET_FILE = Path(__file__).resolve().parent / "eval" / "screening_pairs.yaml"
ALL = "all"
UNBRIDGED = "all without bridge-covered positives"

# Measured at DEFAULT_THRESHOLD (0.80) with the name bridge, each rounded DOWN to 0.01. The
# matcher is deterministic (candidate ties come in index order), whatever PYTHONHASHSEED.
# Floors only rise: when the matcher improves, raise them to the new measured values (never lower
# them to make a change pass). 'clean' is the share of negative queries with no hit at all.
# One exception, recorded here: pinyin precision was 1.00 on 3 hits; reading the pinyin of
# generic words (zhongguo, daxue, jishu …) raised pinyin recall from 0.07 to 0.26 and overall
# precision and recall, at the cost of 6 wrong hits of the parent/subsidiary kind already counted
# in the Chinese categories (China Telecom's two entries, CSSC/CSIC), so that floor is now 0.64.
FLOORS: dict[str, dict[str, float]] = {
    "zh-simplified": {"precision": 0.61, "recall": 0.85},
    "zh-traditional": {"precision": 0.62, "recall": 0.94},
    "pinyin": {"precision": 0.64, "recall": 0.26},
    "en-variant": {"precision": 0.81, "recall": 0.85},
    "hard-negative": {"clean": 0.88},
    "zh-transliterated-western": {"recall": 0.00, "clean": 1.00},
    ALL: {"precision": 0.69, "recall": 0.77, "clean": 0.91},
    UNBRIDGED: {"precision": 0.78, "recall": 0.67, "clean": 0.91},
}


@pytest.fixture(scope="module")
def cases() -> list[EvalCase]:
    return load_cases(SET_FILE)


@pytest.fixture(scope="module")
def snapshot() -> Path:
    return shared_dataset("us-csl-watchman", "csl_2023.csv")


@pytest.fixture(scope="module")
def csl_store(snapshot: Path, builtin_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "store.duckdb"
    shutil.copyfile(builtin_db, path)
    import_list_file(path, str(snapshot), retrieved=dt.date(2023, 11, 30))
    return path


@pytest.fixture(scope="module")
def results(csl_store: Path, cases: list[EvalCase]) -> list[CaseResult]:
    con = duckdb.connect(str(csl_store), read_only=True)
    try:
        index, bridge = ScreeningIndex.from_store(con), NameBridge.from_store(con)
    finally:
        con.close()
    return run(cases, techbloc_matcher(index, bridge, DEFAULT_THRESHOLD, limit=10))


def test_set_has_every_category_and_enough_cases(cases: list[EvalCase]) -> None:
    assert len(cases) >= 300
    per_category = {c: [case for case in cases if case.category == c] for c in CATEGORIES}
    assert all(len(found) >= 15 for found in per_category.values()), {
        c: len(found) for c, found in per_category.items()
    }
    assert len({(case.query, case.country) for case in cases}) == len(cases)


def test_every_expected_entry_is_in_the_snapshot(cases: list[EvalCase], snapshot: Path) -> None:
    assert unknown_entries(cases, csl_entries(snapshot)) == []


def test_a_wrong_entry_is_reported(snapshot: Path) -> None:
    wrong = EvalCase(
        "x-1", "en-variant", "Sichuan University", None,
        (ListEntry("EL", "Sichuan Universty"), ListEntry("CMIC", "Sichuan University")),
        (), False, "csl", "",
    )  # fmt: skip
    problems = unknown_entries([wrong], csl_entries(snapshot))
    assert problems == [
        "case x-1: expected entry EL 'Sichuan Universty' is not in the snapshot",
        "case x-1: expected entry CMIC 'Sichuan University' is not in the snapshot",
    ]


def test_bridge_flags_match_the_name_bridge(cases: list[EvalCase], builtin_db: Path) -> None:
    con = duckdb.connect(str(builtin_db), read_only=True)
    try:
        bridge = NameBridge.from_store(con)
    finally:
        con.close()
    wrong = [
        case.id
        for case in cases
        if case.positive and case.bridge != bool(bridge.variants(case.query, analyse(case.query)))
    ]
    assert wrong == [], "update 'bridge' of these cases to what the name bridge now gives"


def test_malformed_case_names_file_case_and_field(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(
        "sources: {csl: {shows: x}}\ncases:\n"
        "  - {id: a-1, category: pinyin, query: Sichuan Daxue, source: csl,\n"
        "     expected: [{list: EL, name: Sichuan University}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidArgument) as info:
        load_cases(path)
    assert str(path) in info.value.message and "a-1" in info.value.message
    assert "bridge" in info.value.message


def _measured(results: list[CaseResult]) -> dict[str, dict[str, float | None]]:
    groups = {c: [r for r in results if r.case.category == c] for c in CATEGORIES}
    groups[ALL] = results
    groups[UNBRIDGED] = [r for r in results if not r.case.bridge]
    measured = {}
    for name, subset in groups.items():
        counts = count(subset, DEFAULT_THRESHOLD)
        measured[name] = {
            "precision": counts.precision,
            "recall": counts.recall,
            "clean": counts.clean_rate,
        }
    return measured


def test_precision_and_recall_stay_above_floors(results: list[CaseResult]) -> None:
    measured = _measured(results)
    below = [
        f"{group} {metric}: {measured[group][metric]} < floor {floor}"
        for group, floors in FLOORS.items()
        for metric, floor in floors.items()
        if (measured[group][metric] or 0.0) < floor
    ]
    assert below == [], below
