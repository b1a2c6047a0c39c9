"""Throughput and peak memory of reading a large FtM file, against an in-memory baseline.

The real zala sample (91 OpenSanctions entities, ../shared/datasets/opensanctions-ftm-samples) is
repeated COPIES times, each copy with its own ids (references rewritten to match), into one file
in a temporary folder. Each reader runs in its own process, which reports its time and its peak
resident memory (ru_maxrss):
  * techbloc: ``read_ftm`` — two streaming passes, references staged in SQLite on disk;
  * baseline "in memory": every line parsed into a list of dicts, Addresses and Sanctions indexed
    in dicts, then every listed entity resolved — what a single-pass reader that allows forward
    references must hold.

Run:  .venv/bin/python benchmarks/ftm_reader.py [COPIES]     (default 1000: 91,000 lines)
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "shared" / "datasets" / "opensanctions-ftm-samples" / "zala_entities.ftm.jsonl"
)  # fmt: skip


def write_copies(target: Path, copies: int) -> int:
    entities = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    ids = {e["id"] for e in entities}
    lines = 0
    with target.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for entity in entities:
                clone = dict(entity, id=f"{entity['id']}-c{copy}")
                clone["properties"] = {
                    name: [f"{v}-c{copy}" if v in ids else v for v in vals]
                    for name, vals in entity["properties"].items()
                }
                out.write(json.dumps(clone, ensure_ascii=False) + "\n")
                lines += 1
    return lines


def run_techbloc(path: Path) -> dict[str, Any]:
    from techbloc.ingest.ftm import read_ftm

    counts: dict[str, int] = defaultdict(int)
    for item in read_ftm(path, None, {}):
        counts[type(item).__name__] += 1
    return dict(counts)


def run_in_memory(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        entities = [json.loads(line) for line in handle if line.strip()]
    addresses = {e["id"]: e["properties"].get("full", [""])[0] for e in entities
                 if e["schema"] == "Address"}  # fmt: skip
    sanctions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entities:
        if e["schema"] == "Sanction":
            for target in e["properties"].get("entity", []):
                sanctions[target].append(e)
    resolved = 0
    for e in entities:
        if e.get("target") or e["id"] in sanctions:
            resolved += len([addresses.get(a) for a in e["properties"].get("addressEntity", [])])
            resolved += len(sanctions.get(e["id"], []))
    return {"entities": len(entities), "references resolved": resolved}


def child(reader: str, path: Path) -> None:
    start = time.perf_counter()
    result = run_techbloc(path) if reader == "techbloc" else run_in_memory(path)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(json.dumps({"seconds": seconds, "peak_mib": peak_mib, "result": result}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
        return
    if not SAMPLE.exists():
        sys.exit(f"missing {SAMPLE}")
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(prefix="techbloc-bench-") as tmp:
        path = Path(tmp) / "entities.ftm.json"
        lines = write_copies(path, copies)
        size_mib = path.stat().st_size / 2**20
        print(f"{lines:,} lines, {size_mib:,.0f} MiB ({copies} copies of the zala sample)")
        print("| reader | seconds | lines/s | peak memory (MiB) |")
        print("|---|---|---|---|")
        for reader in ("techbloc", "in-memory baseline"):
            done = subprocess.run(
                [sys.executable, __file__, "--child", reader.split()[0], str(path)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            run = json.loads(done.stdout)
            print(f"| {reader} | {run['seconds']:.1f} | {lines / run['seconds']:,.0f} | "
                  f"{run['peak_mib']:,.0f} |")  # fmt: skip
            print(f"<!-- {run['result']} -->")


if __name__ == "__main__":
    main()
