"""Time the assessment report: gathering the indicators once (the baseline: what the core costs),
then composing and writing each format in each language from the gathered data.

    PYTHONPATH=src python benchmarks/report_build.py [--db STORE] [--eto FOLDER] [--at DATE]

Without --db, builds a store from the built-in knowledge base in a temporary folder and, with
--eto, imports the ETO supply-chain folder into it. Prints a Markdown table for
docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from techbloc.ingest.supply import import_supply_source
from techbloc.reports.gather import gather_report
from techbloc.reports.report import write_report
from techbloc.store.build import build_store


def _store(args: argparse.Namespace, folder: Path) -> Path:
    if args.db:
        return Path(args.db)
    path = folder / "bench.duckdb"
    build_store(path)
    if args.eto:
        import_supply_source(path, args.eto)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--eto")
    parser.add_argument("--at")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = _store(args, folder)
        con = duckdb.connect(str(db), read_only=True)
        start = time.perf_counter()
        data = gather_report(con, args.at, store_name=db.name)
        gathered = time.perf_counter() - start
        con.close()
        print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)")
        print("| step | language | seconds | pages | size KiB | sources |")
        print("|---|---|---:|---:|---:|---:|")
        print(f"| gather the indicators (baseline) | – | {gathered:.1f} | | | |")
        for lang in ("en", "zh"):
            for fmt in ("md", "html", "pdf"):
                start = time.perf_counter()
                result = write_report(None, lang=lang, fmt=fmt, out=folder, data=data)
                took = time.perf_counter() - start
                size = Path(result["path"]).stat().st_size + sum(
                    Path(f).stat().st_size for f in result["files"]
                )
                pages = result["pages"] or ""
                print(f"| compose and write {fmt} | {lang} | {took:.1f} | {pages} | "
                      f"{size / 1024:,.0f} | {result['references']} |")  # fmt: skip
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {peak:,.0f} MiB; load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
