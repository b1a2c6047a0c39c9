"""Precision and recall of screening on the labelled set, against a rapidfuzz baseline.

The set (tests/matching/eval/screening_pairs.yaml) pairs queries — Chinese names in simplified and
traditional characters, pinyin, English variants, hard negatives, foreign firms written in
Chinese — with the entries of the real US Consolidated Screening List snapshot
(../shared/datasets/us-csl-watchman/csl_2023.csv) that they must hit, or none. The snapshot is
imported into a fresh store built from the knowledge base, as the product does.

Printed, at the default threshold and per category: TP, FP (a hit on a wrong entry or any hit on a
negative), FN, precision, recall and, for negatives, the share without any hit; then a
precision–recall table over thresholds 0.70–0.95. Matchers, in the same run:
  * techbloc: screen.screen with the name bridge (what users get);
  * techbloc without the bridge: the same, the bridge switched off (matching across scripts only);
  * baseline: rapidfuzz WRatio (default_process) over every name and alias, brute force, hit at
    >= 80, as in benchmarks/screening_cn_list.py.
Each matcher keeps at most 10 hits per query.

The matcher's results depend on Python's string hash seed (index candidates tied at the
MAX_CANDIDATES cut are taken in set order): fix PYTHONHASHSEED to reproduce a run exactly.

Run:  PYTHONHASHSEED=0 PYTHONPATH=src .venv/bin/python benchmarks/screening_eval.py [--failures]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from techbloc.evaluation.screening_score import (
    CaseResult,
    Counts,
    count,
    judge,
    run,
    techbloc_matcher,
    wratio_matcher,
)
from techbloc.evaluation.screening_set import CATEGORIES, load_cases
from techbloc.ingest.lists import import_list_file
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import DEFAULT_THRESHOLD
from techbloc.store.build import build_store

ROOT = Path(__file__).resolve().parents[1]
SET_FILE = ROOT / "tests" / "matching" / "eval" / "screening_pairs.yaml"
SNAPSHOT = ROOT.parent / "shared" / "datasets" / "us-csl-watchman" / "csl_2023.csv"
THRESHOLDS = [0.70, 0.75, 0.80, 0.85, 0.90, 0.95]
BASELINE_THRESHOLD = 0.80
LIMIT = 10


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _row(label: str, c: Counts) -> str:
    return (
        f"| {label} | {c.tp + c.fn} | {c.negatives} | {c.tp} | {c.fp} | {c.fn} | "
        f"{_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.clean_rate)} |"
    )


def _table(title: str, results: list[CaseResult], threshold: float) -> None:
    print(f"\n{title} (threshold {threshold:.2f})\n")
    print(
        "| category | positives | negatives | TP | FP | FN | precision | recall | negatives clean |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for category in CATEGORIES:
        subset = [r for r in results if r.case.category == category]
        if subset:
            print(_row(category, count(subset, threshold)))
    print(_row("**all**", count(results, threshold)))
    unbridged = [r for r in results if not r.case.bridge]
    print(_row("all without bridge-covered positives", count(unbridged, threshold)))


def _curve(named: dict[str, tuple[list[CaseResult], list[float]]]) -> None:
    print("\nPrecision / recall over thresholds, all cases\n")
    print("| matcher | threshold | TP | FP | FN | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for name, (results, thresholds) in named.items():
        for threshold in thresholds:
            c = count(results, threshold)
            print(
                f"| {name} | {threshold:.2f} | {c.tp} | {c.fp} | {c.fn} | "
                f"{_fmt(c.precision)} | {_fmt(c.recall)} |"
            )


def _failures(results: list[CaseResult], threshold: float) -> None:
    print(f"\nFailures of techbloc at {threshold:.2f}\n")
    for result in results:
        judged = judge(result, threshold)
        case = result.case
        missed = case.positive and not judged.found
        if not missed and not judged.wrong:
            continue
        kind = "MISS" if missed else "FALSE HIT"
        if missed and judged.wrong:
            kind = "MISS+FALSE HIT"
        wrong = ", ".join(f"{h.name} ({h.score:.2f})" for h in judged.wrong) or "-"
        wanted = "; ".join(e.name for e in case.expected) or "none"
        print(
            f"{kind} [{case.category}] {case.id} {case.query!r} wanted: {wanted} | wrong: {wrong}"
        )


def _timed(label: str, job: Callable[[], list[CaseResult]], queries: int) -> list[CaseResult]:
    start = time.perf_counter()
    results = job()
    seconds = time.perf_counter() - start
    print(f"{label}: {queries} queries in {seconds:.2f} s ({queries / seconds:,.0f} queries/s)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every miss and false hit")
    args = parser.parse_args()
    if not SNAPSHOT.exists():
        sys.exit(f"missing {SNAPSHOT}")
    cases = load_cases(SET_FILE)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.duckdb"
        build_store(db)
        import_list_file(db, str(SNAPSHOT), retrieved=dt.date(2023, 11, 30))
        con = duckdb.connect(str(db), read_only=True)
        index, bridge = ScreeningIndex.from_store(con), NameBridge.from_store(con)
        rows = con.execute(
            "SELECT list_id, name, aliases FROM listed_entities WHERE is_active"
        ).fetchall()
        con.close()
    names = [
        (alias, str(list_id), str(name).strip())
        for list_id, name, aliases in rows
        for alias in dict.fromkeys([name, *(aliases or [])])
    ]
    low = THRESHOLDS[0]
    positives = sum(c.positive for c in cases)
    print(
        f"{len(cases)} cases ({positives} positive, {len(cases) - positives} negative; "
        f"{sum(bool(c.bridge) for c in cases)} positives covered by the name bridge) against "
        f"{len(rows)} active entries, {len(names)} names and aliases\n"
    )
    with_bridge = _timed(
        "techbloc", lambda: run(cases, techbloc_matcher(index, bridge, low, LIMIT)), len(cases)
    )
    no_bridge = _timed(
        "techbloc without bridge",
        lambda: run(cases, techbloc_matcher(index, None, low, LIMIT)),
        len(cases),
    )
    baseline = _timed(
        "rapidfuzz WRatio brute force",
        lambda: run(cases, wratio_matcher(names, low, LIMIT)),
        len(cases),
    )
    _table("techbloc", with_bridge, DEFAULT_THRESHOLD)
    _table("techbloc without the name bridge", no_bridge, DEFAULT_THRESHOLD)
    _table("baseline: rapidfuzz WRatio >= 80", baseline, BASELINE_THRESHOLD)
    _curve(
        {
            "techbloc": (with_bridge, THRESHOLDS),
            "techbloc without bridge": (no_bridge, THRESHOLDS),
            "rapidfuzz WRatio": (baseline, THRESHOLDS),
        }
    )
    if args.failures:
        _failures(with_bridge, DEFAULT_THRESHOLD)


if __name__ == "__main__":
    main()
