"""A store of the fixture knowledge base without measures, built once; each test gets a copy."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.warning.store_fixture import make_store


@pytest.fixture(scope="session")
def empty_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("warning-store"))


@pytest.fixture
def new_store(tmp_path: Path, empty_store_file: Path) -> Callable[[str], Path]:
    """A fresh writable copy of the empty fixture store, under a name."""

    def copy(name: str = "store") -> Path:
        path = tmp_path / f"{name}.duckdb"
        shutil.copyfile(empty_store_file, path)
        return path

    return copy
