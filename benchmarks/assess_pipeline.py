"""The event-pressure × exposure pipeline on 10 million synthetic GDELT-layout events: techbloc's
Ibis pipeline on DuckDB against a plain-pandas baseline, and the same pipeline on Spark local[2].

Input: a Parquet file of N synthetic events in GDELT 2.0's event layout with a techbloc
``domain_id`` (``techbloc.scale.synthetic_events``: dates 2018–2025, the store's ~200 country
codes plus 5 CAMEO regions with a skew toward the US, China, Russia …, CAMEO codes and Goldstein
scores from ../shared/datasets/gdelt-reference/cameo_codes.json with a consistent QuadClass,
heavy-tailed mentions, 27 leaf domains and 30 % untagged), written once to the benchmark folder
(a temporary folder, never the repository) and reused. The store is the built-in knowledge base
with the real ETO supply-chain dataset (../shared/datasets/eto-chip-explorer) imported, so the
semiconductor domains have an exposure.

Each engine computes :func:`techbloc.analytics.event_pressure.event_pressure` (blockade side, focal
CN, by month, on 2025-12-31) in a process of its own, so that its peak RSS
(``resource.getrusage``, max resident set size, imports included; for Spark plus the JVM's peak,
VmHWM) is its own:

  * ``duckdb``: the Ibis expression on DuckDB over the Parquet file (2 threads);
  * ``pandas``: ``techbloc.analytics.event_pressure_pandas`` — read_parquet, filter, merge,
    groupby — the named baseline; its final table must equal DuckDB's (floats to 1e-9 relative);
  * ``spark``: the Ibis expression on Spark local[2] over a file of ``--spark-rows`` events
    (default 1,000,000), timed with and without the session start and checked against DuckDB on
    that file.

The wall time runs from opening the events file to the rows in Python. Load averages of the
machine at the start and the end are printed with the table, as the machine is shared.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/assess_pipeline.py [--rows 10000000]
      [--spark-rows 1000000 | --no-spark] [--folder DIR] [--record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets"
AT = dt.date(2025, 12, 31)
FOCAL = "CN"
SECTION = "## Assessment pipeline (10 million events)"
PHASE_TIMEOUT = 1800


def rss_mib() -> float:
    """This process's resident set size now (Linux /proc), MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mib() -> float:
    """Peak RSS of this process (getrusage) plus that of its running children (VmHWM of each:
    Spark's JVM, which getrusage does not count while it runs), MiB."""
    total = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    for pid in _descendants(os.getpid()):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
    return total


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def prepare_store(folder: Path) -> Path:
    from techbloc.ingest.supply import import_supply_source
    from techbloc.store.build import build_store

    store = folder / "store-eto.duckdb"
    if not store.exists():
        partial = folder / "store-eto.partial.duckdb"
        partial.unlink(missing_ok=True)
        build_store(partial)
        import_supply_source(partial, str(SHARED / "eto-chip-explorer"))
        partial.rename(store)
    return store


def prepare_events(folder: Path, store: Path, rows: int, seed: int) -> tuple[Path, float | None]:
    """The events file (made once; the seconds it took when made now)."""
    import duckdb

    from techbloc.scale.synthetic_events import cameo_countries, load_cameo, write_events

    path = folder / f"events-{rows}-seed{seed}.parquet"
    if path.exists():
        return path, None
    con = duckdb.connect(str(store), read_only=True)
    iso3 = [
        str(r[0]) for r in con.execute("SELECT iso3 FROM actors WHERE iso3 IS NOT NULL").fetchall()
    ]
    leaves = [
        str(r[0])
        for r in con.execute(
            "SELECT domain_id FROM domains WHERE domain_id NOT IN (SELECT parent_id FROM domains "
            "WHERE parent_id IS NOT NULL) ORDER BY domain_id"
        ).fetchall()
    ]
    con.close()
    cameo = load_cameo(SHARED / "gdelt-reference" / "cameo_codes.json")
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    write_events(partial, rows, cameo_countries(iso3), leaves, cameo, seed)
    partial.rename(path)
    return path, time.perf_counter() - started


def run_phase(name: str, events: Path, store: Path, out: Path) -> None:
    """One engine in this process: the rows to ``out`` (JSON), the measures to stdout."""
    import duckdb

    from techbloc.analytics.coalitions import resolve_coalition
    from techbloc.analytics.engine import duckdb_engine
    from techbloc.analytics.event_files import open_events
    from techbloc.analytics.event_pressure import event_pressure

    con = duckdb.connect(str(store), read_only=True)
    coalition = resolve_coalition(con, "blockade")
    session_seconds = 0.0
    before = rss_mib()
    if name == "pandas":
        from techbloc.analytics.event_pressure_pandas import event_pressure_pandas, frame_rows

        started = time.perf_counter()
        rows = frame_rows(event_pressure_pandas(con, events, AT, coalition, FOCAL))
    elif name == "duckdb":
        engine = duckdb_engine(con)
        started = time.perf_counter()
        rows = engine.rows(
            event_pressure(engine, open_events(engine, events), AT, coalition, FOCAL)
        )
    else:
        from techbloc.analytics.engine import spark_engine
        from techbloc.analytics.event_pressure import EVENT_PRESSURE_TABLES
        from techbloc.scale.spark_session import start_session

        started = time.perf_counter()
        session = start_session("local[2]")
        session.sparkContext.setLogLevel("ERROR")
        work = Path(tempfile.mkdtemp(prefix="techbloc-bench-spark-"))
        engine = spark_engine(con, session, EVENT_PRESSURE_TABLES, work)
        session_seconds = time.perf_counter() - started
        started = time.perf_counter()
        rows = engine.rows(
            event_pressure(engine, open_events(engine, events), AT, coalition, FOCAL)
        )
    seconds = time.perf_counter() - started
    out.write_text(json.dumps(rows, default=str), encoding="utf-8")
    print(json.dumps({"seconds": seconds, "session_seconds": session_seconds,
                      "peak_rss_mib": peak_rss_mib(), "rss_before_mib": before,
                      "output_rows": len(rows)}))  # fmt: skip


def measure(name: str, events: Path, store: Path, folder: Path) -> dict[str, Any]:
    out = folder / f"result-{name}-{events.stem}.json"
    command = [sys.executable, __file__, "--phase", name, "--events", str(events),
               "--store", str(store), "--out", str(out)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PHASE_TIMEOUT,
                              env=env, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"engine": name, "failed": f"did not finish in {PHASE_TIMEOUT} s"}
    if done.returncode != 0:
        return {"engine": name, "failed": done.stderr.strip().splitlines()[-1:] or ["?"]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {"engine": name, **result, "rows": json.loads(out.read_text(encoding="utf-8"))}


def file_rows(path: Path) -> int:
    import duckdb

    return int(duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchone()[0])  # type: ignore[index]


def spark_matches(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> bool:
    def key(rows: list[dict[str, Any]]) -> list[str]:
        rounded = [{k: round(v, 9) if isinstance(v, float) else v for k, v in r.items()}
                   for r in rows]  # fmt: skip
        return sorted(json.dumps(r, sort_keys=True) for r in rounded)

    return key(expected) == key(actual)


def table(measured: list[tuple[str, int, dict[str, Any]]]) -> str:
    lines = [
        "| engine | events in file | seconds | events/s | peak RSS MiB (at start) | rows out |",
        "|---|---|---|---|---|---|",
    ]
    for label, rows, m in measured:
        if "failed" in m:
            lines.append(f"| {label} | {rows:,} | failed: {m['failed']} | | | |")
            continue
        lines.append(f"| {label} | {rows:,} | {m['seconds']:.1f} | {rows / m['seconds']:,.0f} | "
                     f"{m['peak_rss_mib']:,.0f} ({m['rss_before_mib']:,.0f}) | "
                     f"{m['output_rows']:,} |")  # fmt: skip
    return "\n".join(lines)


def record(block: str) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    if SECTION not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n"
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    end = len(text) if end < 0 else end
    text = text[:end].rstrip("\n") + "\n\n" + block.strip("\n") + "\n" + text[end:]
    doc.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--spark-rows", type=int, default=1_000_000)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "techbloc-bench"
    )
    parser.add_argument("--record", action="store_true", help="append to docs/benchmarks.md")
    parser.add_argument("--phase", choices=["duckdb", "pandas", "spark"], help=argparse.SUPPRESS)
    parser.add_argument("--events", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args.phase, args.events, args.store, args.out)
        return
    from techbloc.analytics.event_pressure_pandas import differences

    args.folder.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    began = time.perf_counter()
    store = prepare_store(args.folder)
    events, made = prepare_events(args.folder, store, args.rows, args.seed)
    print(f"events: {events} ({f'made in {made:.0f} s' if made else 'reused'})", flush=True)
    n = file_rows(events)
    measured: list[tuple[str, int, dict[str, Any]]] = []
    duck = measure("duckdb", events, store, args.folder)
    measured.append(("techbloc Ibis on DuckDB (2 threads)", n, duck))
    print(table(measured), flush=True)
    base = measure("pandas", events, store, args.folder)
    measured.append(("pandas baseline (read_parquet, merge, groupby)", n, base))
    notes = []
    if "rows" in duck and "rows" in base:
        found = differences(duck["rows"], base["rows"])
        verdict = "yes" if not found else f"NO ({len(found)} differences, e.g. {found[:3]})"
        notes.append(
            f"pandas = DuckDB to 1e-9 relative on all {len(duck['rows']):,} rows: {verdict}"
        )
    if not args.no_spark:
        small, _ = prepare_events(args.folder, store, args.spark_rows, args.seed)
        m = file_rows(small)
        duck_small = measure("duckdb", small, store, args.folder)
        measured.append(("techbloc Ibis on DuckDB (2 threads)", m, duck_small))
        spark = measure("spark", small, store, args.folder)
        measured.append(("techbloc Ibis on Spark local[2], session running", m, spark))
        if "rows" in spark and "rows" in duck_small:
            same = "yes" if spark_matches(duck_small["rows"], spark["rows"]) else "NO"
            notes.append(f"Spark session start and table export: {spark['session_seconds']:.1f} s; "
                         f"Spark rows = DuckDB rows (floats to 9 digits): {same}")  # fmt: skip
    load_end = os.getloadavg()
    command = "PYTHONPATH=src .venv/bin/python benchmarks/assess_pipeline.py " + " ".join(
        a for a in sys.argv[1:] if a != "--record"
    )
    block = "\n".join([
        f"`{command.strip()}` — run on {dt.date.today()} ({platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.system()}), {time.perf_counter() - began:.0f} s in "
        f"all; load average {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the end.",
        "", table(measured), "", *[f"- {note}" for note in notes],
    ])  # fmt: skip
    print("\n" + block)
    if args.record:
        record(block)
    shutil.rmtree(args.folder / "spark-warehouse", ignore_errors=True)


if __name__ == "__main__":
    main()
