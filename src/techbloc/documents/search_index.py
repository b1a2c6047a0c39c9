"""The full-text index over document passages: DuckDB's FTS extension over segmented tokens.

Each block of a document (``document_blocks``, a paragraph or heading) is one passage; its words
(:func:`techbloc.documents.segment.tokens_text`) land in ``document_search.tokens``, and DuckDB's
FTS extension indexes that column (BM25 statistics in the schema ``fts_main_document_search``).
The extension cannot be downloaded at run time: it comes from the pinned wheel
``duckdb-extension-fts`` and is loaded from its file, on read-only connections too.

The index is rebuilt as a whole (the extension has no incremental update); both steps run inside
the caller's transaction when there is one, so an import that rolls back leaves the passages and
the index as they were.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from techbloc.documents.segment import tokens_text
from techbloc.errors import NotFound, NotReady, StoreError
from techbloc.store.build import build_store

FTS_SCHEMA = "fts_main_document_search"
STEMMER = "porter"
STOPWORDS = "english"
IGNORE = r"[^\p{L}\p{N}]+"
"""What the index's own tokenizer treats as a separator (RE2): anything but a letter of any
script or a digit. The extension's default, ``(\\.|[^a-z])+``, would erase every Han character and
digit; the tokens arrive already cut, so this only has to keep them whole."""

_CREATE_INDEX = (
    f"PRAGMA create_fts_index('document_search', 'passage_id', 'tokens', stemmer='{STEMMER}', "
    f"stopwords='{STOPWORDS}', ignore='{IGNORE}', strip_accents=1, lower=1, overwrite=1)"
)


class StaleIndex(NotReady):
    """Documents or passages that the full-text index does not cover."""


@dataclass(frozen=True)
class IndexReport:
    documents_indexed: int
    passages_written: int
    passages_total: int
    seconds: float


@dataclass(frozen=True)
class IndexStatus:
    """How far the full-text index covers the documents of the store."""

    has_index: bool
    documents: int
    unindexed_documents: int
    passages: int
    unindexed_passages: int
    removed_passages: int
    orphan_passages: int = 0

    @property
    def is_stale(self) -> bool:
        return bool(
            self.unindexed_documents
            or self.unindexed_passages
            or self.removed_passages
            or self.orphan_passages
        )

    def describe(self) -> str:
        parts = []
        if self.unindexed_documents:
            parts.append(f"{self.unindexed_documents} document(s) have no passages in it")
        if self.unindexed_passages:
            parts.append(f"{self.unindexed_passages} passage(s) were written after it was built")
        if self.removed_passages:
            parts.append(f"{self.removed_passages} passage(s) in it no longer exist")
        if self.orphan_passages:
            parts.append(f"{self.orphan_passages} passage(s) belong to removed documents")
        return "; ".join(parts) or "it covers every document"


def fts_extension_path() -> Path:
    """The FTS extension file shipped in the ``duckdb-extension-fts`` wheel for this DuckDB."""
    spec = importlib.util.find_spec("duckdb_extension_fts")
    if spec is None or not spec.submodule_search_locations:
        raise StoreError(
            "DuckDB's full-text-search extension is not installed",
            hint=f"install the package duckdb-extension-fts=={duckdb.__version__}",
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    path = root / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        found = sorted(p.parent.name for p in root.glob("extensions/*/fts.duckdb_extension"))
        raise StoreError(
            f"no full-text-search extension for DuckDB {duckdb.__version__} in {root}"
            + (f" (found: {', '.join(found)})" if found else ""),
            hint=f"install duckdb-extension-fts=={duckdb.__version__}, the version of duckdb",
        )
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the FTS extension into ``con`` from the wheel's file (read-only connections too)."""
    row = con.execute(
        "SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'fts'"
    ).fetchone()
    if row and row[0]:
        return
    try:
        con.load_extension(str(fts_extension_path()))
    except duckdb.Error as exc:
        raise StoreError(f"cannot load DuckDB's full-text-search extension: {exc}") from exc


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con`` has an open transaction: outside one, each statement runs in a transaction
    of its own (with a new id). Probing with BEGIN would abort the caller's transaction."""
    first = con.execute("SELECT txid_current()").fetchone()
    second = con.execute("SELECT txid_current()").fetchone()
    return first == second


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A transaction of our own, or the caller's when one is already open (then the caller
    commits or rolls back)."""
    if in_transaction(con):
        yield
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _target_documents(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str] | None) -> list[str]:
    if doc_ids is None:
        rows = con.execute(
            "SELECT doc_id FROM documents WHERE doc_id NOT IN "
            "(SELECT DISTINCT doc_id FROM document_search) ORDER BY doc_id"
        ).fetchall()
        return [str(r[0]) for r in rows]
    wanted = list(dict.fromkeys(doc_ids))
    known = {
        str(r[0])
        for r in con.execute(
            "SELECT doc_id FROM documents WHERE list_contains($ids, doc_id)", {"ids": wanted}
        ).fetchall()
    }
    missing = [d for d in wanted if d not in known]
    if missing:
        raise NotFound(
            f"no document with id {', '.join(missing)}",
            hint="'techbloc docs list' shows the documents in the store",
        )
    return wanted


_BATCH = 200


def _passages(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> Iterator[tuple[str, int, str]]:
    """(doc_id, block_index, tokens) for every block of the documents, read 200 documents at a
    time; the whole text is block 0 of a document without blocks."""
    for at in range(0, len(doc_ids), _BATCH):
        rows = con.execute(
            """SELECT d.doc_id, coalesce(b.block_index, 0),
                      CASE WHEN b.doc_id IS NULL THEN d.text
                           ELSE substring(d.text, b.start_offset + 1, b.end_offset - b.start_offset)
                      END
               FROM documents d LEFT JOIN document_blocks b ON b.doc_id = d.doc_id
               WHERE list_contains($ids, d.doc_id) ORDER BY d.doc_id, b.block_index""",
            {"ids": doc_ids[at : at + _BATCH]},
        ).fetchall()
        for doc_id, block_index, text in rows:
            yield str(doc_id), int(block_index), tokens_text(str(text))


def index_documents(
    con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str] | None = None
) -> IndexReport:
    """Write the passages of the given documents (default: every document without passages),
    drop those of documents no longer in the store, and rebuild the full-text index (unless
    nothing was to be written and the index covers every document).

    Runs inside the caller's open transaction if there is one (a rollback then undoes the
    passages and the index with the import); otherwise in a transaction of its own."""
    started = time.perf_counter()
    read_only = con.execute(
        "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if read_only and read_only[0]:
        raise StoreError(
            "cannot index documents: the store is open read-only",
            hint="index from a writable connection ('techbloc docs index')",
        )
    load_fts(con)
    ids: list[str] = []
    passage_ids: list[str] = []
    blocks: list[int] = []
    tokens: list[str] = []
    with _transaction(con):
        targets = _target_documents(con, doc_ids)
        if not targets and has_fts_index(con) and not index_status(con).is_stale:
            return IndexReport(0, 0, index_status(con).passages, time.perf_counter() - started)
        for doc_id, block_index, words in _passages(con, targets):
            ids.append(doc_id)
            passage_ids.append(f"{doc_id}:{block_index}")
            blocks.append(block_index)
            tokens.append(words)
        con.execute(
            "DELETE FROM document_search WHERE list_contains($ids, doc_id) "
            "OR doc_id NOT IN (SELECT doc_id FROM documents)",
            {"ids": targets},
        )
        if passage_ids:
            con.execute(
                "INSERT INTO document_search (passage_id, doc_id, block_index, tokens) "
                "SELECT unnest($p), unnest($d), unnest($b), unnest($t)",
                {"p": passage_ids, "d": ids, "b": blocks, "t": tokens},
            )
        con.execute(_CREATE_INDEX)
        total = con.execute("SELECT count(*) FROM document_search").fetchone()
    return IndexReport(
        documents_indexed=len(targets),
        passages_written=len(passage_ids),
        passages_total=int(total[0]) if total else 0,
        seconds=time.perf_counter() - started,
    )


def has_fts_index(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'docs'",
        [FTS_SCHEMA],
    ).fetchone()
    return bool(row and row[0])


def index_status(con: duckdb.DuckDBPyConnection) -> IndexStatus:
    """What the index covers: documents without passages, passages written after the index was
    built, and passages indexed that no longer exist."""
    has_index = has_fts_index(con)
    against_index = (
        f"""(SELECT count(*) FROM document_search
              WHERE passage_id NOT IN (SELECT name FROM {FTS_SCHEMA}.docs)),
             (SELECT count(*) FROM {FTS_SCHEMA}.docs
              WHERE name NOT IN (SELECT passage_id FROM document_search))"""
        if has_index
        else "(SELECT count(*) FROM document_search), 0"
    )
    row = con.execute(
        f"""SELECT (SELECT count(*) FROM documents),
                   (SELECT count(*) FROM documents
                    WHERE doc_id NOT IN (SELECT doc_id FROM document_search)),
                   (SELECT count(*) FROM document_search),
                   (SELECT count(*) FROM document_search
                    WHERE doc_id NOT IN (SELECT doc_id FROM documents)),
                   {against_index}"""
    ).fetchone()
    documents, unindexed_documents, passages, orphans, unindexed_passages, removed = (
        (int(v) for v in row) if row else (0,) * 6
    )
    return IndexStatus(
        has_index, documents, unindexed_documents, passages, unindexed_passages, removed, orphans
    )


def require_index(con: duckdb.DuckDBPyConnection, allow_stale: bool = False) -> IndexStatus:
    """The index status, or a :class:`StaleIndex` error when the index is missing or (unless
    ``allow_stale``) does not cover every document."""
    status = index_status(con)
    hint = "run 'techbloc docs index' (the importer does this after each import)"
    if not status.has_index:
        if status.documents == 0:
            raise StaleIndex(
                "the store holds no documents to search",
                hint="import documents first: 'techbloc import docs PATH'",
            )
        raise StaleIndex(
            f"the full-text index of the {status.documents} document(s) was never built",
            hint=hint,
        )
    if status.is_stale and not allow_stale:
        raise StaleIndex(f"the full-text index is out of date: {status.describe()}", hint=hint)
    return status


def index_store(db_path: Path, doc_ids: Sequence[str] | None = None) -> IndexReport:
    """Index the store file at ``db_path`` (``techbloc docs index``): the store is brought to the
    latest schema first, then opened for writing."""
    build_store(db_path)
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.Error as exc:
        raise StoreError(
            f"cannot open the store {db_path} for writing: {exc}",
            hint="is another techbloc process using it?",
        ) from exc
    try:
        return index_documents(con, doc_ids)
    finally:
        con.close()
