"""A store another process holds: every import answers with a StoreError naming the store,
never with DuckDB's own exception."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from techbloc.documents.store import import_documents
from techbloc.errors import StoreError
from techbloc.ingest.lists import import_list_file
from techbloc.ingest.supply import import_supply_source
from techbloc.workspace import Techbloc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HOLD = (
    "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
    "time.sleep(60)"
)


@pytest.fixture
def held_store(fresh_store: Path) -> Iterator[Path]:
    """The store, opened for writing by another process for the length of the test."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(fresh_store)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield fresh_store
    holder.kill()
    holder.wait()
    time.sleep(0.1)


IMPORTS: dict[str, Callable[[Path], object]] = {
    "list": lambda db: import_list_file(db, str(FIXTURES / "csl" / "snapshot_v1.csv")),
    "supply": lambda db: import_supply_source(db, str(FIXTURES / "supply" / "shares_percent.csv")),
    "documents": lambda db: import_documents(db, [str(FIXTURES / "documents" / "zh_notice.txt")]),
}


@pytest.mark.parametrize("kind", sorted(IMPORTS))
def test_an_import_into_a_store_in_use_is_a_store_error(held_store: Path, kind: str) -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        IMPORTS[kind](held_store)


def test_a_restore_over_a_store_in_use_is_refused(
    builtin_db: Path, held_store: Path, tmp_path: Path
) -> None:
    with Techbloc.open(builtin_db) as tb:
        folder = Path(tb.export(tmp_path / "backup")["folder"])
    with pytest.raises(StoreError, match="in use by another process"):
        Techbloc.restore(folder, held_store, force=True)
    assert sorted(p.name for p in held_store.parent.iterdir() if p.name.startswith(".")) == []
