"""The search tests' corpus (corpus.yaml) written straight into a store's document tables."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import yaml

CORPUS = Path(__file__).with_name("corpus.yaml")
IMPORTED_AT = dt.datetime(2024, 5, 1, 12, 0)


@dataclass(frozen=True)
class FixtureDocument:
    key: str
    language: str
    published: dt.date | None
    title: str
    paragraphs: list[str]
    mentions: list[tuple[str, str, str]]

    @property
    def text(self) -> str:
        return "\n\n".join([self.title, *self.paragraphs])

    @property
    def doc_id(self) -> str:
        return "doc-" + hashlib.sha256(self.text.encode()).hexdigest()[:16]

    def blocks(self) -> list[tuple[int, int, int, str]]:
        """(block_index, start, end, kind) of the title and each paragraph."""
        found, at = [], 0
        for i, para in enumerate([self.title, *self.paragraphs]):
            start = self.text.index(para, at)
            found.append((i, start, start + len(para), "heading" if i == 0 else "paragraph"))
            at = start + len(para)
        return found


def page_of(block_index: int) -> int:
    """Pages as a PDF would give them: two blocks to a page."""
    return 1 + block_index // 2


def load_corpus() -> list[FixtureDocument]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return [
        FixtureDocument(
            key=d["key"],
            language=d["language"],
            published=d["published"],
            title=d["title"],
            paragraphs=list(d["paragraphs"]),
            mentions=[tuple(m) for m in d["mentions"]],
        )
        for d in data["documents"]
    ]


def insert_document(
    con: duckdb.DuckDBPyConnection, doc: FixtureDocument, import_id: int = 1
) -> str:
    """Rows in documents, document_blocks and document_mentions, as an importer would write."""
    text = doc.text
    sha = hashlib.sha256(text.encode()).hexdigest()
    con.execute(
        """INSERT INTO documents (doc_id, content_sha256, original_sha256, title, language,
               published, format, media_type, pages, chars, source_location, file_name, text,
               original, metadata, tagger_version, import_id, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, 'txt', 'text/plain', NULL, ?, ?, ?, ?, ?, NULL, 'test',
                   ?, ?)""",
        [
            doc.doc_id, sha, sha, doc.title, doc.language, doc.published, len(text),
            f"fixtures/{doc.key}.txt", f"{doc.key}.txt", text, text.encode(), import_id,
            IMPORTED_AT,
        ],
    )  # fmt: skip
    blocks = doc.blocks()
    _insert_rows(
        con,
        "document_blocks",
        [[doc.doc_id, i, page_of(i), kind, s, e] for i, s, e, kind in blocks],
    )
    rows: list[list[Any]] = []
    for mention_type, key, surface in doc.mentions:
        start = text.index(surface)
        index, b_start, b_end, _ = next(b for b in blocks if b[1] <= start < b[2])
        rows.append(
            [doc.doc_id, mention_type, key, surface, start, start + len(surface), index,
             page_of(index), text[b_start:b_end], "fixture"]
        )  # fmt: skip
    _insert_rows(con, "document_mentions", rows)
    return doc.doc_id


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]]) -> None:
    """One INSERT for many rows (DuckDB's executemany runs one statement per row)."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    unnests = ", ".join(f"unnest(${i})" for i in range(1, len(columns) + 1))
    con.execute(f"INSERT INTO {table} SELECT {unnests}", [list(c) for c in columns])


def insert_corpus(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every corpus document; returns key → doc_id."""
    docs = load_corpus()
    con.execute(
        "INSERT INTO document_imports VALUES (1, 'fixtures', ?, ?, ?, 0, 0)",
        [IMPORTED_AT, len(docs), len(docs)],
    )
    return {doc.key: insert_document(con, doc) for doc in docs}
