"""The single-machine batch result of a file, printed as JSON, for the Spark tests to compare with.

It runs in its own process with PYTHONHASHSEED=0, the seed PySpark gives its Python workers:
the matcher keeps, among candidates sharing equally many tokens with a query, those it meets
first, and that order follows Python's string hashing, so two processes with different seeds can
break such ties differently (a rare different alias or candidate). With the same seed the single-
machine path and Spark must agree exactly.

    python -m tests.scale.batch_reference STORE FILE [COLUMN]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from techbloc.matching.batch import hit_rows, screen_file
from techbloc.scale.local_screen import screen_locally
from techbloc.workspace import Techbloc

ROOT = Path(__file__).resolve().parents[2]


def batch_hits(store: Path, path: Path, column: str = "name") -> list[dict[str, object]]:
    """The hits of ``techbloc.matching.batch`` (with the name bridge), in a seed-0 process."""
    env = os.environ | {"PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.scale.batch_reference", str(store), str(path), column],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def _main(store: Path, path: Path, column: str) -> None:
    with Techbloc.open(store) as tb:
        index, bridge = tb.screening_index(), tb.name_bridge()
        if path.suffix == ".csv":
            results = screen_file(index, path, column, "country", bridge=bridge)
        else:
            results = screen_locally(index, bridge, path, column, "country")
        rows = [row for query, hits in results for row in hit_rows(query, hits)]
    json.dump(rows, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    _main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "name")
