"""The index: built from the wheel's extension, inside an import's transaction, stale when
documents arrive after it, usable read-only."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from techbloc.documents import search_index
from techbloc.documents.search import search_documents
from techbloc.documents.search_index import (
    FTS_SCHEMA,
    IGNORE,
    StaleIndex,
    fts_extension_path,
    in_transaction,
    index_documents,
    index_status,
    load_fts,
)
from techbloc.errors import NotFound, StoreError
from tests.documents.search.corpus import FixtureDocument, insert_corpus, insert_document

QUANTUM = FixtureDocument(
    key="quantum-note",
    language="zh",
    published=None,
    title="量子计算出口管制说明",
    paragraphs=["本文说明量子计算机及其部件的出口管制。"],
    mentions=[("domain", "quantum", "量子计算")],
)


def test_the_extension_comes_from_the_wheel() -> None:
    path = fts_extension_path()
    assert path.is_file() and path.name == "fts.duckdb_extension"
    assert f"v{duckdb.__version__}" in path.parts


def test_the_ignore_pattern_keeps_han_characters_and_digits() -> None:
    con = duckdb.connect()
    default = r"(\.|[^a-z])+"
    erased = con.execute("SELECT regexp_replace('出口 3a090', ?, ' ', 'g')", [default]).fetchone()
    kept = con.execute("SELECT regexp_replace('出口 3a090', ?, ' ', 'g')", [IGNORE]).fetchone()
    assert erased == (" a ",)  # the extension's default would lose the Chinese and the digits
    assert kept == ("出口 3a090",)


def test_index_holds_chinese_words_pairs_and_numbers(corpus_db: Path) -> None:
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        load_fts(con)
        terms = {r[0] for r in con.execute(f"SELECT term FROM {FTS_SCHEMA}.dict").fetchall()}
    assert {"出口", "管制", "bi日荷", "3a090", "2023", "control"} <= terms
    assert "controls" not in terms  # stemmed


def test_report_counts_documents_and_passages(fresh_store: Path) -> None:
    with duckdb.connect(str(fresh_store)) as con:
        ids = insert_corpus(con)
        blocks = con.execute("SELECT count(*) FROM document_blocks").fetchone()
        report = index_documents(con)
        assert report.documents_indexed == len(ids)
        assert (report.passages_written,) == (report.passages_total,) == blocks
        again = index_documents(con)
        assert (again.documents_indexed, again.passages_written) == (0, 0)
        assert again.passages_total == report.passages_total
        assert not index_status(con).is_stale


def test_search_before_any_index_says_what_to_do(fresh_store: Path) -> None:
    with duckdb.connect(str(fresh_store)) as con:
        with pytest.raises(StaleIndex, match="no documents") as empty:
            search_documents(con, "出口管制")
        assert empty.value.hint and "import" in empty.value.hint
        insert_corpus(con)
        with pytest.raises(StaleIndex, match="never built") as unbuilt:
            search_documents(con, "出口管制")
        assert unbuilt.value.hint and "techbloc docs index" in unbuilt.value.hint


def test_a_document_added_after_the_index_makes_it_stale(indexed_store: Path) -> None:
    with duckdb.connect(str(indexed_store)) as con:
        insert_document(con, QUANTUM)
        status = index_status(con)
        assert status.is_stale and status.unindexed_documents == 1
        with pytest.raises(StaleIndex, match="1 document"):
            search_documents(con, "量子计算")
        assert search_documents(con, "量子计算", allow_stale=True) == []
        index_documents(con)
        assert [r["doc_id"] for r in search_documents(con, "量子计算")] == [QUANTUM.doc_id]


def test_passages_written_without_rebuilding_are_reported(indexed_store: Path) -> None:
    with duckdb.connect(str(indexed_store)) as con:
        con.execute("INSERT INTO document_search VALUES ('doc-x:0', 'doc-x', 0, 'x')")
        status = index_status(con)
        assert status.unindexed_passages == 1
        assert "written after it was built" in status.describe()


def test_removed_documents_leave_the_index_on_the_next_run(
    indexed_store: Path, doc_ids: dict[str, str]
) -> None:
    gone = doc_ids["blue-dot-network"]
    with duckdb.connect(str(indexed_store)) as con:
        for table in ("document_mentions", "document_blocks", "documents"):
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [gone])
        assert index_status(con).orphan_passages == 4  # title and three paragraphs
        assert "removed documents" in index_status(con).describe()
        index_documents(con)
        assert not index_status(con).is_stale
        left = con.execute("SELECT count(*) FROM document_search WHERE doc_id = ?", [gone])
        assert left.fetchone() == (0,)
        assert gone not in {r["doc_id"] for r in search_documents(con, "export controls")}


def test_reindexing_given_documents(indexed_store: Path, doc_ids: dict[str, str]) -> None:
    with duckdb.connect(str(indexed_store)) as con:
        report = index_documents(con, [doc_ids["cn-graphite"]])
        assert (report.documents_indexed, report.passages_written) == (1, 4)
        with pytest.raises(NotFound, match="doc-nope"):
            index_documents(con, ["doc-nope"])


def test_indexing_inside_an_import_that_commits(indexed_store: Path) -> None:
    with duckdb.connect(str(indexed_store)) as con:
        con.execute("BEGIN TRANSACTION")
        insert_document(con, QUANTUM)
        assert in_transaction(con)
        index_documents(con)
        assert in_transaction(con)  # the importer's transaction is still open
        con.execute("COMMIT")
        assert not in_transaction(con)
    with duckdb.connect(str(indexed_store), read_only=True) as con:
        assert [r["doc_id"] for r in search_documents(con, "量子计算")] == [QUANTUM.doc_id]


def test_an_import_that_rolls_back_leaves_passages_and_index_as_they_were(
    indexed_store: Path,
) -> None:
    with duckdb.connect(str(indexed_store)) as con:
        before = con.execute("SELECT count(*) FROM document_search").fetchone()
        con.execute("BEGIN TRANSACTION")
        insert_document(con, QUANTUM)
        index_documents(con)
        assert [r["doc_id"] for r in search_documents(con, "量子计算")] == [QUANTUM.doc_id]
        con.execute("ROLLBACK")
        assert con.execute("SELECT count(*) FROM document_search").fetchone() == before
        assert not index_status(con).is_stale
        assert search_documents(con, "量子计算") == []
        assert search_documents(con, "出口管制法")[0]["title"] == "中华人民共和国出口管制法"


def test_a_failure_inside_indexing_rolls_back_its_own_transaction(
    indexed_store: Path, doc_ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with duckdb.connect(str(indexed_store)) as con:
        before = con.execute("SELECT * FROM document_search ORDER BY passage_id").fetchall()
        insert_document(con, QUANTUM)
        # the passages are rewritten, then building the index fails
        monkeypatch.setattr(search_index, "_CREATE_INDEX", "PRAGMA no_such_pragma")
        with pytest.raises(duckdb.Error):
            index_documents(con, [QUANTUM.doc_id, doc_ids["cn-graphite"]])
        assert not in_transaction(con)
        after = con.execute("SELECT * FROM document_search ORDER BY passage_id").fetchall()
        assert after == before


def test_read_only_connection_searches_but_does_not_index(corpus_db: Path) -> None:
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        assert search_documents(con, "出口管制")  # the extension loads from the wheel's file
        with pytest.raises(StoreError, match="read-only"):
            index_documents(con)


def test_a_document_without_blocks_is_one_passage(indexed_store: Path) -> None:
    with duckdb.connect(str(indexed_store)) as con:
        doc_id = insert_document(con, QUANTUM)
        con.execute("DELETE FROM document_blocks WHERE doc_id = ?", [doc_id])
        report = index_documents(con)
        assert (report.documents_indexed, report.passages_written) == (1, 1)
        (row,) = search_documents(con, "量子计算机 部件")
    assert (row["doc_id"], row["block_index"], row["page"]) == (doc_id, 0, None)
    assert "«部件»" in row["snippet"] and row["snippet"].startswith("«量子计算»")
