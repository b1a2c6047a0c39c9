"""An analytics engine over a store built from the structure fixture knowledge base."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine
from techbloc.kb.loader import load_kb
from techbloc.kb.validate import validate_kb
from techbloc.store.build import build_store
from tests.analytics.structure_kb import structure_kb
from tests.conftest import TODAY
from tests.kbfactory import write_kb


@pytest.fixture(scope="module")
def structure_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = write_kb(tmp_path_factory.mktemp("structure-kb"), structure_kb())
    kb = load_kb(root)
    errors = [str(p) for p in validate_kb(kb, TODAY) if p.severity == "error"]
    assert errors == []
    path: Path = tmp_path_factory.mktemp("structure-store") / "store.duckdb"
    build_store(path, kb, today=TODAY)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def engine(structure_con: duckdb.DuckDBPyConnection) -> AnalyticsEngine:
    return duckdb_engine(structure_con)
