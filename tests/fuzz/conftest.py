"""Fixtures of the fuzz tests: stores to import into, scratch files, and a tally of the inputs
each property tried (printed at the end; written as JSON to $TECHBLOC_FUZZ_REPORT when set)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

TALLY: Counter[str] = Counter()
SECONDS: dict[str, float] = {}
RESET_EVERY = 200
"""A store takes this many imports before it is replaced by a fresh copy (keeps each import as
fast as the first: the document index is rebuilt over every stored document)."""


def tally(importer: str) -> None:
    TALLY[importer] += 1


class Stores:
    """Copies of the built-in store on a RAM disk where there is one, each used for
    ``RESET_EVERY`` imports; and scratch files for the generated inputs."""

    def __init__(self, builtin: Path) -> None:
        shm = Path("/dev/shm")
        parent = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
        self.root = Path(tempfile.mkdtemp(prefix="techbloc-fuzz-", dir=parent))
        self.builtin = builtin
        self.uses = 0
        self.count = 0
        self.con: duckdb.DuckDBPyConnection | None = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        if self.con is None or self.uses >= RESET_EVERY:
            self.close()
            self.count += 1
            path = self.root / f"store-{self.count}.duckdb"
            shutil.copyfile(self.builtin, path)
            self.con = duckdb.connect(str(path))
            self.uses = 0
        self.uses += 1
        return self.con

    def file(self, data: bytes, name: str) -> Path:
        """``data`` written to a fresh folder as ``name``."""
        folder = Path(tempfile.mkdtemp(dir=self.root))
        path = folder / name
        path.write_bytes(data)
        return path

    def folder(self, files: dict[str, bytes]) -> Path:
        folder = Path(tempfile.mkdtemp(dir=self.root))
        for name, data in files.items():
            (folder / name).write_bytes(data)
        return folder

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            path = self.root / f"store-{self.count}.duckdb"
            path.unlink(missing_ok=True)
            Path(f"{path}.wal").unlink(missing_ok=True)
            self.con = None


@pytest.fixture(scope="module")
def stores(builtin_db: Path) -> Iterator[Stores]:
    pool = Stores(builtin_db)
    yield pool
    pool.close()
    shutil.rmtree(pool.root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _timed(request: pytest.FixtureRequest) -> Iterator[None]:
    start = time.perf_counter()
    yield
    SECONDS[request.node.name] = SECONDS.get(request.node.name, 0.0) + time.perf_counter() - start


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY:
        return
    terminalreporter.section("fuzz: generated inputs per importer")
    for importer, count in sorted(TALLY.items()):
        terminalreporter.write_line(f"{importer:28} {count:>7,}")
    report = os.environ.get("TECHBLOC_FUZZ_REPORT")
    if report:
        Path(report).write_text(
            json.dumps({"inputs": dict(sorted(TALLY.items())), "seconds": SECONDS}, indent=2),
            encoding="utf-8",
        )
