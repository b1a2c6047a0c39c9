"""Shared fixtures: a store built once from the built-in knowledge base, and fixture stores."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from techbloc.kb.loader import load_kb
from techbloc.store.build import build_store
from tests.kbfactory import base_kb, write_kb

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def builtin_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file built from the built-in knowledge base (once per test run)."""
    path = tmp_path_factory.mktemp("store") / "techbloc.duckdb"
    build_store(path)
    return path


@pytest.fixture
def fresh_store(tmp_path: Path, builtin_db: Path) -> Path:
    """A writable copy of the built-in store, for tests that import into it."""
    path = tmp_path / "store.duckdb"
    shutil.copyfile(builtin_db, path)
    return path


@pytest.fixture(scope="session")
def builtin_con(builtin_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(builtin_db), read_only=True)
    yield con
    con.close()


@pytest.fixture
def fixture_kb_root(tmp_path: Path) -> Path:
    return write_kb(tmp_path / "kb", base_kb())


@pytest.fixture
def fixture_con(tmp_path: Path, fixture_kb_root: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A store built from the small fixture knowledge base of tests/kbfactory.py."""
    path = tmp_path / "fixture.duckdb"
    build_store(path, load_kb(fixture_kb_root), today=TODAY)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()
