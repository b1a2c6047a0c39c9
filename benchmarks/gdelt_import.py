"""Importing GDELT 2.0 events: techbloc's importer (DuckDB's CSV reader, checks in SQL) against a
pandas baseline and a Python row-loop baseline, on N synthetic events in GDELT's real layout.

Input: one events export file — 61 tab-separated columns, no header, as GDELT publishes its
15-minute files — written by ``techbloc.scale.synthetic_export`` from the synthetic events of
``techbloc.scale.synthetic_events`` (random but seeded; CAMEO codes and Goldstein scores from
../shared/datasets/gdelt-reference/cameo_codes.json; the store's ~200 countries and 5 CAMEO
regions; two events per URL, 30 % of the URLs with a domain keyword in their slug; with
``--bad-every`` k, every k-th event has one bad value). Made once in the benchmark folder (a
temporary folder, never the repository) and reused.

Each contender imports the file into its own copy of a store holding the built-in knowledge base,
in a process of its own, so that its peak RSS (``resource.getrusage``, imports included) is its
own:

* ``techbloc``: ``techbloc.ingest.gdelt.importer.import_gdelt`` — the product, with the time of
  its phases (read and check; tag domains and sort rows; write in one transaction);
* ``pandas``: ``benchmarks/gdelt_baselines.py`` — read_csv, vectorised checks of the same rules,
  the same country maps and domain tagger, DuckDB's scan of the DataFrame for the insert;
* ``loop``: the same with csv.reader, checks per value and executemany, on the first
  ``--loop-rows`` lines only (it is slow; its rate is what to compare).

The stores that techbloc and pandas write are compared afterwards (rows, ids, mapped codes,
domains, quarantined rows). Load averages of the machine at the start and the end are printed with
the table, as the machine is shared.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/gdelt_import.py [--rows 1000000]
      [--loop-rows 20000] [--bad-every 500] [--folder DIR] [--record]
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
SECTION = "## Importing GDELT 2.0 events (1 million synthetic rows)"
PHASE_TIMEOUT = 3600
EXPORT_VERSION = 2  # of techbloc.scale.synthetic_export's output: a new version makes a new file


def prepare_store(folder: Path) -> Path:
    from techbloc.store.build import build_store

    store = folder / "base.duckdb"
    build_store(store)  # creates it, or brings it to the latest schema; otherwise unchanged
    return store


def prepare_export(folder: Path, store: Path, rows: int, seed: int, bad_every: int) -> tuple[
    Path, float | None
]:  # fmt: skip
    """The export file (made once; the seconds it took when made now)."""
    import duckdb

    from techbloc.ingest.gdelt.countries import code_tables
    from techbloc.scale.synthetic_events import cameo_countries, load_cameo
    from techbloc.scale.synthetic_export import write_export

    path = folder / f"{rows}-seed{seed}-bad{bad_every}-v{EXPORT_VERSION}.export.CSV"
    if path.exists():
        return path, None
    con = duckdb.connect(str(store), read_only=True)
    actors = con.execute(
        "SELECT actor_code, iso3, upper(name_en) FROM actors WHERE iso3 IS NOT NULL"
    ).fetchall()
    leaves = [str(r[0]) for r in con.execute(
        "SELECT domain_id FROM domains WHERE domain_id NOT IN (SELECT parent_id FROM domains "
        "WHERE parent_id IS NOT NULL) ORDER BY domain_id").fetchall()]  # fmt: skip
    keywords = sorted({str(k) for (ks,) in con.execute("SELECT keywords_en FROM domains")
                       .fetchall() for k in ks or []})  # fmt: skip
    con.close()
    fips_of: dict[str, str] = {}
    for fips, iso2 in sorted(code_tables()["fips"].items()):
        fips_of.setdefault(iso2, fips)
    names = {str(iso3): str(name) for _, iso3, name in actors}
    fips = {str(iso3): fips_of[code] for code, iso3, _ in actors if code in fips_of}
    cameo = load_cameo(SHARED / "gdelt-reference" / "cameo_codes.json")
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    write_export(partial, rows, cameo_countries([str(a[1]) for a in actors]), leaves, cameo,
                 names, fips, keywords, seed, bad_every)  # fmt: skip
    partial.rename(path)
    return path, time.perf_counter() - started


def run_phase(name: str, export: Path, store: Path, loop_rows: int) -> None:
    """One contender in this process; its measures as JSON on stdout."""
    phases: dict[str, float] = {}
    started = time.perf_counter()
    if name == "techbloc":
        from techbloc.ingest.gdelt.importer import import_gdelt

        marks: list[tuple[str, float]] = []
        report = import_gdelt(store, [str(export)],
                              lambda d, t, what: marks.append((what, time.perf_counter())))  # fmt: skip
        marks.append(("end", time.perf_counter()))
        at = {what: when for what, when in marks}
        phases = {
            "read and check": at["tagging technology domains"] - started,
            "tag and sort": at["writing events"] - at["tagging technology domains"],
            "write": at["end"] - at["writing events"],
        }
        counts = {"rows_read": report.files[0].rows_read, "rows_kept": report.events_added,
                  "rows_rejected": report.rows_rejected}  # fmt: skip
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import gdelt_baselines

        if name == "pandas":
            counts = gdelt_baselines.pandas_import(store, export)
        else:
            counts = gdelt_baselines.loop_import(store, export, loop_rows)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mib": peak, "phases": phases, **counts}))


def measure(name: str, export: Path, base: Path, folder: Path, loop_rows: int) -> dict[str, Any]:
    store = folder / f"store-{name}.duckdb"
    shutil.copyfile(base, store)
    command = [sys.executable, __file__, "--phase", name, "--events", str(export),
               "--store", str(store), "--loop-rows", str(loop_rows)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PHASE_TIMEOUT,
                              env=env, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"name": name, "failed": f"did not finish in {PHASE_TIMEOUT} s"}
    if done.returncode != 0:
        return {"name": name, "failed": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return {"name": name, "store": store, **json.loads(done.stdout.strip().splitlines()[-1])}


SUMMARY = """
    SELECT count(*), sum(global_event_id), count(actor1_actor_code), count(actor2_actor_code),
           count(action_geo_actor_code), count(domain_id), count(domain_parent_id),
           sum(hash(domain_id)), sum(hash(event_date)), sum(num_mentions),
           round(sum(goldstein_scale), 6), sum(source_row)
    FROM news_events"""


def same_stores(a: Path, b: Path) -> str:
    """Whether two stores hold the same events and quarantined rows (checksums)."""
    import duckdb

    def look(path: Path) -> tuple[Any, ...]:
        con = duckdb.connect(str(path), read_only=True)
        try:
            events = con.execute(SUMMARY).fetchone()
            rows = con.execute("SELECT count(DISTINCT source_row), sum(DISTINCT source_row) "
                               "FROM news_quarantine").fetchone()  # fmt: skip
            return (events, rows)
        finally:
            con.close()

    left, right = look(a), look(b)
    if left == right:
        return f"yes ({left[0][0]:,} events, {left[1][0]:,} quarantined rows, same checksums)"
    return f"NO: {left} vs {right}"


def table(results: list[tuple[str, dict[str, Any]]]) -> str:
    lines = ["| importer | rows read | kept | quarantined | seconds | rows/s | peak RSS MiB |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    for label, m in results:
        if "failed" in m:
            lines.append(f"| {label} | failed: {m['failed']} | | | | | |")
            continue
        lines.append(f"| {label} | {m['rows_read']:,} | {m['rows_kept']:,} | "
                     f"{m['rows_rejected']:,} | {m['seconds']:.1f} | "
                     f"{m['rows_read'] / m['seconds']:,.0f} | {m['peak_rss_mib']:,.0f} |")  # fmt: skip
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
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop-rows", type=int, default=20_000)
    parser.add_argument("--bad-every", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "techbloc-bench-gdelt"
    )
    parser.add_argument("--record", action="store_true", help="append to docs/benchmarks.md")
    parser.add_argument("--phase", choices=["techbloc", "pandas", "loop"], help=argparse.SUPPRESS)
    parser.add_argument("--events", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args.phase, args.events, args.store, args.loop_rows)
        return
    args.folder.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    began = time.perf_counter()
    base = prepare_store(args.folder)
    export, made = prepare_export(args.folder, base, args.rows, args.seed, args.bad_every)
    size = export.stat().st_size / 2**20
    print(f"events: {export} ({size:,.0f} MiB, {f'made in {made:.0f} s' if made else 'reused'})",
          flush=True)  # fmt: skip
    results: list[tuple[str, dict[str, Any]]] = []
    ours = measure("techbloc", export, base, args.folder, args.loop_rows)
    results.append(("techbloc (DuckDB read_csv, checks in SQL, 2 threads)", ours))
    print(table(results), flush=True)
    notes = []
    if "phases" in ours:
        notes.append("techbloc's phases: " + ", ".join(
            f"{k} {v:.1f} s" for k, v in ours["phases"].items()))  # fmt: skip
    if not args.no_pandas:
        theirs = measure("pandas", export, base, args.folder, args.loop_rows)
        results.append(("pandas baseline (read_csv, vectorised checks, DuckDB insert)", theirs))
        print(table(results), flush=True)
        if "store" in ours and "store" in theirs:
            notes.append("techbloc's and pandas' stores hold the same events and quarantine: "
                         + same_stores(ours["store"], theirs["store"]))  # fmt: skip
    loop = measure("loop", export, base, args.folder, args.loop_rows)
    results.append((f"row-loop baseline (csv.reader, executemany; first {args.loop_rows:,} rows)",
                    loop))  # fmt: skip
    load_end = os.getloadavg()
    command = "PYTHONPATH=src .venv/bin/python benchmarks/gdelt_import.py " + " ".join(
        a for a in sys.argv[1:] if a != "--record"
    )
    block = "\n".join([
        f"`{command.strip()}` — run on {dt.date.today()} ({platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.system()}), {time.perf_counter() - began:.0f} s in "
        f"all; file {size:,.0f} MiB; load average {load_start[0]:.2f} at the start, "
        f"{load_end[0]:.2f} at the end.",
        "", table(results), "", *[f"- {note}" for note in notes],
    ])  # fmt: skip
    print("\n" + block)
    if args.record:
        record(block)
    for name in ("techbloc", "pandas", "loop"):
        (args.folder / f"store-{name}.duckdb").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
