"""Recall and precision of screening Chinese names against English list names, on real data.

The target's own countermeasure list (OpenSanctions copy of MOFCOM/MFA lists, in
../shared/datasets/opensanctions-lists) gives each listed organisation an English and a Chinese
name. We index the English names, screen each Chinese name, and count:
  * a true positive when the organisation's own English entry is among the hits,
  * a false positive for every other entry among the hits (another organisation),
  * a miss when its entry is not among the hits.
Baseline, in the same run: rapidfuzz WRatio over all English names (brute force), a hit at >= 80.

Run:  .venv/bin/python benchmarks/screening_cn_list.py
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from techbloc.matching.index import IndexedName, ScreeningIndex
from techbloc.matching.names import analyse
from techbloc.matching.screen import DEFAULT_THRESHOLD, Query, screen

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "opensanctions-lists"


def load_pairs() -> list[tuple[str, str]]:
    path = DATA / "cn_countermeasures_uel_export_control.csv"
    if not path.exists():
        sys.exit(f"missing {path}")
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Type"] in ("Organization", "Company")]
    pairs = {
        (r["Name"].strip(), r["Chinese name"].strip())
        for r in rows
        if r["Name"].strip() and r["Chinese name"].strip()
    }
    return sorted(pairs)


def main() -> None:
    pairs = load_pairs()
    english = sorted({en for en, _ in pairs})
    ids = {en: f"e{i}" for i, en in enumerate(english)}
    start = time.perf_counter()
    index = ScreeningIndex([IndexedName(ids[en], "cn", en, en, (), analyse(en)) for en in english])
    built = time.perf_counter() - start
    results = {}
    for name, matcher in (("techbloc", "techbloc"), ("rapidfuzz WRatio brute force", "rapidfuzz")):
        tp = fp = fn = 0
        start = time.perf_counter()
        for en, zh in pairs:
            if matcher == "techbloc":
                found = {h.entity_id for h in screen(index, Query(zh), DEFAULT_THRESHOLD)}
            else:
                found = {
                    ids[m[0]]
                    for m in process.extract(
                        zh, english, scorer=fuzz.WRatio, score_cutoff=80, limit=5
                    )
                }
            tp += ids[en] in found
            fn += ids[en] not in found
            fp += len(found - {ids[en]})
        seconds = time.perf_counter() - start
        precision = tp / (tp + fp) if tp + fp else 0.0
        results[name] = (tp, fp, fn, precision, tp / len(pairs), seconds)
    print(
        f"{len(pairs)} Chinese-name queries against {len(english)} English list names "
        f"(index built in {built:.2f} s)\n"
    )
    print("| matcher | hits (TP) | wrong hits (FP) | misses | precision | recall | queries/s |")
    print("|---|---|---|---|---|---|---|")
    for name, (tp, fp, fn, p, r, s) in results.items():
        print(f"| {name} | {tp} | {fp} | {fn} | {p:.3f} | {r:.3f} | {len(pairs) / s:,.0f} |")


if __name__ == "__main__":
    main()
