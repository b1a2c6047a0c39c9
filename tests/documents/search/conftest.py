"""Stores holding the search corpus: one indexed copy per test run for reading, fresh ones for
tests that write."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from techbloc.documents.search_index import index_documents
from tests.documents.search.corpus import insert_corpus


def build_corpus_store(path: Path) -> dict[str, str]:
    """Insert the corpus into the store at ``path`` and index it; key → doc_id."""
    with duckdb.connect(str(path)) as con:
        ids = insert_corpus(con)
        index_documents(con)
    return ids


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    path = tmp_path_factory.mktemp("docsearch") / "corpus.duckdb"
    shutil.copyfile(builtin_db, path)
    build_corpus_store(path)
    return path


@pytest.fixture(scope="session")
def doc_ids(corpus_db: Path) -> dict[str, str]:
    from tests.documents.search.corpus import load_corpus

    return {doc.key: doc.doc_id for doc in load_corpus()}


@pytest.fixture(scope="session")
def ro_con(corpus_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the indexed corpus store (as the CLI opens it)."""
    con = duckdb.connect(str(corpus_db), read_only=True)
    yield con
    con.close()


@pytest.fixture
def indexed_store(tmp_path: Path, corpus_db: Path) -> Path:
    """A writable copy of the indexed corpus store (built from ``fresh_store``'s source)."""
    path = tmp_path / "indexed.duckdb"
    shutil.copyfile(corpus_db, path)
    return path
