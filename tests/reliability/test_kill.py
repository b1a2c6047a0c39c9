"""Killing an import: an import runs in its own process (the `techbloc import …` command) and is
killed with SIGKILL after a seeded random delay spanning the import's whole run; the store must
then open and hold exactly what it held before or exactly what a completed import leaves, never
anything in between. Repeated; ``make fuzz`` repeats more (``TECHBLOC_KILLS``)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from techbloc.store.connection import open_store
from techbloc.store.digest import CLOCK_TYPES, TableDigest, store_digest, table_digest
from tests.reliability.big_files import write_csl, write_documents, write_ftm, write_gdelt

KILLS = int(os.environ.get("TECHBLOC_KILLS", "6"))
"""Kills per scenario; the normal suite kills 6 times (CSL only), ``make fuzz`` 30 per scenario."""
FULL = KILLS > 6
SRC = Path(__file__).resolve().parents[2] / "src"
OUTCOMES: dict[str, Counter[str]] = {}
NOT_CLOCK = "key <> 'kb_built_at'"


@dataclass(frozen=True)
class Scenario:
    command: list[str]
    make: Callable[[Path], list[str]]
    """Writes the input under the folder given; returns the command's arguments for it."""
    new_store: bool = False
    """The command builds the store (it does not exist before)."""


SCENARIOS = {
    "csl": Scenario(["import", "csl", "--retrieved", "2025-01-01"],
                    lambda d: [str(write_csl(d / "csl.csv", 20_000 if FULL else 8_000))]),
    "ftm": Scenario(["import", "ftm", "--retrieved", "2025-01-01"],
                    lambda d: [str(write_ftm(d / "entities.ftm.json", 6_000))]),
    "docs": Scenario(["import", "docs"], lambda d: [str(write_documents(d / "docs", 150))]),
    "gdelt": Scenario(["import", "gdelt"],
                      lambda d: [str(write_gdelt(d / "20230128000000.export.CSV", 150_000))]),
    "init": Scenario(["init"], lambda d: [], new_store=True),
}  # fmt: skip


def run(command: list[str], db: Path, tmp: Path) -> subprocess.Popen[bytes]:
    """``techbloc <command> --db DB`` in its own process (temporary files under ``tmp``, so that
    what a killed process leaves behind is removed with the test's folder)."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(tmp)}
    code = "from techbloc.cli.app import main; main()"
    args = [sys.executable, "-c", code, *command, "--db", str(db)]
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def state(db: Path) -> dict[str, TableDigest] | None:
    """What the store holds, opened as techbloc opens it (read-only, after any recovery); None
    when there is no store."""
    if not db.exists():
        return None
    opened = open_store(db, build_if_missing=False)
    try:
        found = store_digest(opened.con, CLOCK_TYPES)
        # when the knowledge base was loaded, written as text: no two builds share it
        found["store_meta"] = table_digest(opened.con, "store_meta", where=NOT_CLOCK)
        return found
    finally:
        opened.con.close()


def fresh(db: Path, builtin_db: Path, scenario: Scenario) -> None:
    for path in (db, Path(f"{db}.wal")):
        path.unlink(missing_ok=True)
    if not scenario.new_store:
        shutil.copyfile(builtin_db, db)


@pytest.mark.parametrize(
    "name", ["csl", "ftm", "docs", "gdelt", "init"] if FULL else ["csl", "init"]
)
def test_a_killed_import_leaves_the_store_as_before_or_as_after(
    name: str, builtin_db: Path, tmp_path: Path
) -> None:
    scenario = SCENARIOS[name]
    command = scenario.command + scenario.make(tmp_path)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    db = tmp_path / "store.duckdb"
    fresh(db, builtin_db, scenario)
    before = state(db)
    start = time.perf_counter()
    done = run(command, db, scratch)
    assert done.wait() == 0, done.stderr.read() if done.stderr else ""
    duration = time.perf_counter() - start
    after = state(db)
    assert after != before

    rng = random.Random(f"kill-{name}")
    outcomes: Counter[str] = Counter()
    for _ in range(KILLS):
        fresh(db, builtin_db, scenario)
        process = run(command, db, scratch)
        time.sleep(rng.uniform(0.05, 1.05) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = state(db)
        if found == before:
            outcomes["before"] += 1
        elif found == after:
            outcomes["after"] += 1
        else:
            tables = set(found or {}) | set(after or {})
            changed = sorted(t for t in tables if (found or {}).get(t) != (after or {}).get(t))
            pytest.fail(f"killed {name} left the store in between: {changed}")
    leftovers = sorted(p.name for p in db.parent.glob(f".{db.name}.*"))
    OUTCOMES[name] = outcomes
    print(
        f"\nkill test {name}: {KILLS} kills over {duration:.1f} s runs: {dict(outcomes)}; "
        f"left beside the store: {leftovers}"
    )
