"""Recording alerts: a back-test's daily findings through `record_alerts` (look-ups, merging across
periods, evidence, events, one transaction) against a baseline that only inserts the same rows,
and one `techbloc watch` run of the real detectors over the built-in knowledge base.

Findings: ``--scopes`` domains × ``--days`` consecutive daily 30-day windows, each with 5 evidence
rows (3 of them shared with the day before), levels rising and falling; with the default quiet
interval every scope's days merge into one alert, so the store ends with one alert per scope.
Two baselines write the same findings and evidence, one row per finding, into tables without
keys — the cost of writing the rows with no look-up and no merging at all: ``inserts`` with the
multi-row INSERT statements ``record_alerts`` itself uses, ``executemany`` with DuckDB's
``executemany`` (one statement per row, the obvious way; ``--no-executemany`` skips it).

A second case, ``--distinct`` findings of as many scopes on one day recorded twice, measures the
other extreme: nothing merges, the first pass inserts every alert and the second updates every one
(all ``repeated``).

The store is a copy of a store built from the built-in knowledge base in a temporary folder.
Load averages are printed, as the machine is shared.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/alert_store.py [--scopes 50] [--days 120]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from techbloc.store.build import build_store
from techbloc.warning.alert_recording import insert_rows
from techbloc.warning.alert_store import record_alerts
from techbloc.warning.model import Alert, Evidence, Level
from techbloc.warning.watch import WatchRequest, run_watch

LEVELS = [Level.BLUE, Level.YELLOW, Level.ORANGE, Level.YELLOW, Level.RED, Level.ORANGE]


def findings(scopes: int, days: int) -> list[Alert]:
    start = dt.date(2024, 1, 1)
    out = []
    for s in range(scopes):
        for d in range(days):
            end = start + dt.timedelta(days=d)
            evidence = [Evidence("measure", f"m-{s}-{d + k}", end) for k in range(-3, 2)]
            out.append(
                Alert(
                    "bench:daily", "domain", f"domain-{s:03d}", end - dt.timedelta(days=29), end,
                    LEVELS[(d // 20) % len(LEVELS)], "count_30d", float(d % 7), 3.0,
                    f"Finding {s}", f"发现 {s}", evidence, {"day": d},
                )
            )  # fmt: skip
    return out


def baseline(con: duckdb.DuckDBPyConnection, alerts: list[Alert], how: str) -> float:
    con.execute("CREATE OR REPLACE TEMP TABLE b_alerts AS SELECT * FROM alerts LIMIT 0")
    con.execute("CREATE OR REPLACE TEMP TABLE b_evidence AS SELECT * FROM alert_evidence LIMIT 0")
    now = dt.datetime.now()
    rows = [[a.alert_id, a.detector, a.scope_type, a.scope_key, a.period_start, a.period_end,
             a.level.label, a.statistic, a.value, a.threshold, a.title_en, a.title_zh, "{}", "new",
             a.period_end, a.period_end, 1, now, now] for a in alerts]  # fmt: skip
    evidence = [[a.alert_id, e.kind, e.id, e.date, e.label, e.url]
                for a in alerts for e in a.evidence]  # fmt: skip
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    if how == "executemany":
        con.executemany(f"INSERT INTO b_alerts VALUES ({', '.join(['?'] * 19)})", rows)
        con.executemany("INSERT INTO b_evidence VALUES (?, ?, ?, ?, ?, ?)", evidence)
    else:
        insert_rows(con, "INSERT INTO b_alerts", rows, 19)
        insert_rows(con, "INSERT INTO b_evidence", evidence, 6)
    con.execute("COMMIT")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scopes", type=int, default=50)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--no-executemany", action="store_true")
    parser.add_argument("--distinct", type=int, default=5000)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    folder = Path(tempfile.mkdtemp(prefix="techbloc-bench-alerts-"))
    try:
        built = folder / "built.duckdb"
        build_store(built)
        alerts = findings(args.scopes, args.days)

        store = folder / "record.duckdb"
        shutil.copyfile(built, store)
        con = duckdb.connect(str(store))
        started = time.perf_counter()
        changes = record_alerts(con, alerts)
        recorded = time.perf_counter() - started
        stored = con.execute("SELECT count(*), sum(occurrences) FROM alerts").fetchone()
        bases = {
            how: baseline(con, alerts, how)
            for how in ("inserts", "executemany")[: 1 if args.no_executemany else 2]
        }
        con.close()
        kinds = {k: sum(1 for c in changes if c.change == k) for k in
                 ("raised", "merged", "escalated", "repeated")}  # fmt: skip
        print(f"findings: {len(alerts):,} ({args.scopes} scopes × {args.days} days), "
              f"{sum(len(a.evidence) for a in alerts):,} evidence rows")  # fmt: skip
        print(f"record_alerts: {recorded:.2f} s = {len(alerts) / recorded:,.0f} findings/s "
              f"→ {stored[0] if stored else '?'} alerts, occurrences {stored[1] if stored else '?'}"
              f"; changes {kinds}")  # fmt: skip
        for how, base in bases.items():
            print(f"baseline {how} (one row per finding, no look-ups): {base:.2f} s = "
                  f"{len(alerts) / base:,.0f} findings/s; record_alerts / baseline = "
                  f"{recorded / base:.2f}")  # fmt: skip

        distinct = findings(args.distinct, 1)
        store = folder / "distinct.duckdb"
        shutil.copyfile(built, store)
        con = duckdb.connect(str(store))
        for n in (1, 2):
            started = time.perf_counter()
            changes = record_alerts(con, distinct)
            took = time.perf_counter() - started
            kinds = {c.change for c in changes}
            print(
                f"{len(distinct):,} distinct findings, pass {n}: {took:.2f} s = "
                f"{len(distinct) / took:,.0f} findings/s ({', '.join(sorted(kinds))})"
            )
        con.close()

        watch_store = folder / "watch.duckdb"
        shutil.copyfile(built, watch_store)
        for day in (dt.date(2023, 10, 20), dt.date(2023, 10, 21)):
            started = time.perf_counter()
            report = run_watch(WatchRequest(watch_store, day))
            took = time.perf_counter() - started
            print(f"techbloc watch (real detectors, built-in KB) as of {day}: {took:.2f} s, "
                  f"{report.alerts_found} findings, {report.count('raised')} raised, "
                  f"{report.count('repeated', 'merged')} repeated or merged")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
