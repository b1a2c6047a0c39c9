"""Names per second: bulk screening on Spark local[2] against the single-machine batch path.

Input: N names (default 30,000) made from the real names and aliases of the US Consolidated
Screening List snapshot in ../shared/datasets/us-csl-watchman/csl_2023.csv — as listed, lower-cased,
cut to their first two words, with a word added, with a letter dropped — and names recombined from
the first word of one entry and the rest of another (mostly no hit, like most of a register).
Each engine screens the same CSV file against a store holding that snapshot:

  * baseline: ``techbloc.matching.batch.screen_file`` on one core (what ``screen-bulk --engine
    duckdb`` runs), writing the hits CSV;
  * Spark local[2]: ``techbloc.scale.spark_screen`` (what ``screen-bulk --engine spark`` runs),
    writing the same CSV; timed without and with the session start.

The two hits files are compared byte for byte. The script runs itself with PYTHONHASHSEED=0, the
seed PySpark gives its Python workers: the matcher breaks some ties between equally good
candidates in the order of Python's string hashing, so processes with different seeds may differ
on a few rows (docs/methodology.md, "Screening millions of rows on Spark").

Run:  .venv/bin/python benchmarks/screening_spark.py [--names 30000] [--master local[2]]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from techbloc.ingest.lists import import_list_file
from techbloc.matching.batch import hit_rows, screen_file
from techbloc.scale.hits_output import OutputKind, write_hits
from techbloc.scale.lists_export import export_for_process
from techbloc.scale.spark_screen import file_queries, run_screening
from techbloc.scale.spark_session import start_session
from techbloc.store.build import build_store
from techbloc.workspace import Techbloc

SNAPSHOT = (
    Path(__file__).resolve().parents[2] / "shared" / "datasets" / "us-csl-watchman" / "csl_2023.csv"
)
EXTRA = ["Group", "International", "Trading", "Holdings", "Technology"]


def make_names(store: Path, count: int, seed: int = 2023) -> list[tuple[str, str]]:
    """``count`` (name, country) pairs: list names, their variants and recombinations."""
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute(
        "SELECT name, aliases, countries FROM listed_entities WHERE is_active ORDER BY entity_id"
    ).fetchall()
    con.close()
    base = [(n, (c or [""])[0]) for name, aliases, c in rows for n in [name, *(aliases or [])]]
    picker = random.Random(seed)
    out: list[tuple[str, str]] = []
    while len(out) < count:
        name, country = picker.choice(base)
        words = name.split()
        other = picker.choice(base)[0].split()
        kind = len(out) % 6
        if kind == 1:
            name = name.lower()
        elif kind == 2:
            name = " ".join(words[:2])
        elif kind == 3:
            name = f"{name} {picker.choice(EXTRA)}"
        elif kind == 4 and len(name) > 6:
            cut = picker.randrange(1, len(name) - 1)
            name = name[:cut] + name[cut + 1 :]
        elif kind == 5:
            name, country = " ".join(words[:1] + other[1:]), ""
        out.append((name, country))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--names", type=int, default=30_000)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":  # the seed of Spark's Python workers
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    if not SNAPSHOT.exists():
        sys.exit(f"missing {SNAPSHOT}")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    with tempfile.TemporaryDirectory(prefix="techbloc-bench-") as folder:
        work = Path(folder)
        store = work / "store.duckdb"
        build_store(store)
        import_list_file(store, str(SNAPSHOT), retrieved=dt.date(2023, 11, 30))
        names = make_names(store, args.names)
        queries = work / "names.csv"
        with queries.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name", "country"])
            writer.writerows(names)

        with Techbloc.open(store) as tb:
            index, bridge = tb.screening_index(), tb.name_bridge()
            start = time.perf_counter()
            results = screen_file(index, queries, "name", "country", bridge=bridge)
            rows = (row for query, hits in results for row in hit_rows(query, hits))
            local_hits = write_hits(rows, work / "local.csv", OutputKind.CSV)
            local_seconds = time.perf_counter() - start
            lists = export_for_process(tb.con)

        start = time.perf_counter()
        spark = start_session(args.master)
        started = time.perf_counter()
        rows = file_queries(spark, queries, "name", "country")
        screening = run_screening(spark, rows, lists)
        ordered = screening.ordered().toLocalIterator()
        spark_hits = write_hits((r.asDict() for r in ordered), work / "spark.csv", OutputKind.CSV)
        done = time.perf_counter()
        screening.release()
        cores = spark.sparkContext.defaultParallelism
        spark.stop()
        same = (work / "local.csv").read_bytes() == (work / "spark.csv").read_bytes()

    count = len(names)
    print(f"{count:,} names, {local_hits:,} hit rows; hits files identical: {same}")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| engine | cores | seconds | names/s |")
    print("|---|---|---|---|")
    print(f"| single machine (batch.screen_file) | 1 | {local_seconds:.1f} | "
          f"{count / local_seconds:,.0f} |")  # fmt: skip
    print(f"| Spark {args.master}, session running | {cores} | {done - started:.1f} | "
          f"{count / (done - started):,.0f} |")  # fmt: skip
    print(f"| Spark {args.master}, with session start ({started - start:.1f} s) | {cores} | "
          f"{done - start:.1f} | {count / (done - start):,.0f} |")  # fmt: skip
    if spark_hits != local_hits or not same:
        sys.exit("the engines disagree")


if __name__ == "__main__":
    main()
