"""Tune the early-warning detectors' parameters on 2018–2022 only (the backtest's tuning period).

Coordinate search over the settings listed in ``GRID`` (paths into the rules file): starting from
the built-in rules file, each setting in turn takes each of its candidate values with the others
held, and keeps the value with the best objective; the sweep repeats until nothing improves (at
most ``--rounds`` times). Every run of the detectors stops at 2022-12-31, so the reporting period
(2023 on) is never seen while tuning.

Objective, at level ≥ yellow on 2018–2022: the F-measure of early recall (escalations warned of
before their date) and warning precision (alarms that came before an escalation they match);
ties go to the higher recall, then to fewer alarms. "Detected, no lead" is not rewarded: a
detector that only echoes the escalations' own measures scores 0 on early recall's numerator for
them.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/backtest_tuning.py [--db PATH] [--rounds 2]
      [--write FILE]   # the tuned rules file (default: print the changes only)
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import yaml

from techbloc.errors import TechblocError
from techbloc.kb.yaml_io import read_yaml
from techbloc.store.build import build_store
from techbloc.warning.backtest.calendar import as_of_dates
from techbloc.warning.backtest.history import replay
from techbloc.warning.backtest.matching import DomainTree
from techbloc.warning.backtest.run import BacktestSpec, score_history, store_detectors
from techbloc.warning.escalations import load_escalations
from techbloc.warning.model import Level

TUNE_END = dt.date(2022, 12, 31)
RULES_FILE = Path(__file__).resolve().parents[1] / "src" / "techbloc" / "warning" / "rules.yaml"

#: Settings searched and their candidate values. A path is a list of keys; a rule or series is
#: named by its id, e.g. ("rules", "focal-measures-per-domain", "levels", "yellow").
GRID: list[tuple[tuple[str, ...], list[Any]]] = [
    (("rules", "focal-measures-per-domain", "window"), ["90d", "180d", "365d"]),
    (("rules", "focal-measures-per-domain", "levels"), [
        {"yellow": 2, "orange": 4, "red": 6}, {"yellow": 3, "orange": 5, "red": 7},
        {"yellow": 4, "orange": 6, "red": 8}, {"yellow": 5, "orange": 7, "red": 9}]),
    (("rules", "focal-severity-per-domain-family", "window"), ["60d", "90d", "180d"]),
    (("rules", "focal-severity-per-domain-family", "levels"), [
        {"yellow": 10, "orange": 20, "red": 30}, {"yellow": 15, "orange": 25, "red": 35},
        {"yellow": 20, "orange": 30, "red": 40}]),
    (("rules", "first-measure-by-country-in-domain", "levels"), [
        {"blue": 1, "yellow": 2, "orange": 4}, {"blue": 1, "yellow": 3, "orange": 4},
        {"blue": 1, "orange": 4}]),
    (("rules", "country-joins-blockade-alliance", "levels"), [
        {"yellow": 1, "orange": 2, "red": 3}, {"blue": 1, "yellow": 2, "orange": 3}]),
    (("rules", "blockade-alliance-expands", "levels"), [
        {"blue": 1, "yellow": 3, "orange": 6}, {"blue": 1, "yellow": 5, "orange": 8}]),
    (("rules", "new-blockade-grouping", "levels"), [{"orange": 1}, {"yellow": 1}, {"blue": 1}]),
    (("rules", "new-mixed-grouping-without-focal", "levels"), [{"yellow": 1}, {"blue": 1}]),
    (("rules", "grouping-activated", "levels"), [{"yellow": 1}, {"blue": 1}]),
    (("parameters", "surge", "levels"), [
        {"blue": 0.02, "yellow": 0.01, "orange": 0.002, "red": 0.0005},
        {"blue": 0.01, "yellow": 0.002, "orange": 0.0005, "red": 0.0001},
        {"blue": 0.005, "yellow": 0.001, "orange": 0.0002, "red": 0.00005}]),
    (("parameters", "surge", "min_count"), [1, 2, 3]),
    (("parameters", "cusum", "shift"), [1.5, 2.0, 3.0]),
    (("parameters", "cusum", "threshold"), [3.0, 4.0, 5.0]),
    (("parameters", "changepoint", "min_ratio"), [1.5, 2.0, 3.0]),
    (("parameters", "changepoint", "recent_months"), [3, 6]),
]  # fmt: skip


def get_node(doc: Any, path: tuple[str, ...]) -> Any:
    node = doc
    for key in path:
        node = _child(node, key)
    return node


def set_value(doc: Any, path: tuple[str, ...], value: Any) -> None:
    parent = get_node(doc, path[:-1])
    parent[path[-1]] = value


def _child(node: Any, key: str) -> Any:
    if isinstance(node, list):
        return next(item for item in node if item.get("id") == key)
    return node[key]


def objective(tune: dict[str, Any]) -> tuple[float, float, int]:
    er, wp = tune["early_recall"] or 0.0, tune["warning_precision"] or 0.0
    f = 2 * er * wp / (er + wp) if er + wp else 0.0
    return (round(f, 4), tune["recall"] or 0.0, -tune["alarms"])


class Tuner:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.spec = BacktestSpec(end=TUNE_END, level=Level.YELLOW)
        self.dates = as_of_dates(self.spec.start, TUNE_END, "month")
        self.escalations = load_escalations(con).escalations
        self.tree = DomainTree.from_store(con)
        self.folder = Path(tempfile.mkdtemp(prefix="techbloc-tune-"))
        self.runs = 0

    def tune_figures(self, doc: Any) -> dict[str, Any]:
        self.runs += 1
        path = self.folder / f"rules-{self.runs}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        history = replay(store_detectors(self.con, path, "CN"), self.dates)
        summary = score_history(history, self.escalations, self.tree, self.spec)["summary"]
        return next(r for r in summary if r["level"] == "yellow" and r["period"] == "tune")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="techbloc-tune-store-")) / "store.duckdb"
    if not db.exists():
        build_store(db)
    con = duckdb.connect(str(db), read_only=True)
    tuner = Tuner(con)
    base = read_yaml(RULES_FILE)
    best_doc = copy.deepcopy(base)
    started = time.perf_counter()
    best = tuner.tune_figures(best_doc)
    before = best
    print("before:", json.dumps(best, ensure_ascii=False), flush=True)
    for round_no in range(1, args.rounds + 1):
        improved = False
        for path, values in GRID:
            current = get_node(best_doc, path)
            for value in values:
                if value == current:
                    continue
                trial = copy.deepcopy(best_doc)
                set_value(trial, path, value)
                try:
                    figures = tuner.tune_figures(trial)
                except TechblocError as exc:  # a combination the rules file refuses
                    print(f"round {round_no} {'.'.join(path)}={value}: refused ({exc.message})")
                    continue
                better = objective(figures) > objective(best)
                print(f"round {round_no} {'.'.join(path)}={value}: {objective(figures)}"
                      f"{' *' if better else ''}", flush=True)  # fmt: skip
                if better:
                    best, best_doc, current, improved = figures, trial, value, True
        if not improved:
            break
    changes = [(".".join(p), get_node(base, p), get_node(best_doc, p)) for p, _ in GRID]
    print("\nchanges:")
    for name, old, new in changes:
        if old != new:
            print(f"  {name}: {old} -> {new}")
    print("before:", json.dumps(before, ensure_ascii=False))
    print("after: ", json.dumps(best, ensure_ascii=False))
    print(f"{tuner.runs} runs in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.write:
        args.write.write_text(yaml.safe_dump(best_doc, allow_unicode=True, sort_keys=False))


if __name__ == "__main__":
    main()
