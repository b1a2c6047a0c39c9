"""Full-text search over the documents: BM25 over passages, ranked per document, with snippets.

A query is cut into words by the same function as the text (:mod:`techbloc.documents.segment`),
so a Chinese, English or mixed query meets Chinese, English or mixed documents, and a query in
traditional characters meets text in simplified ones. Each passage (block) is scored by BM25 as
DuckDB's ``match_bm25`` scores it (any query word may match; :data:`PASSAGE_SCORES`); a document
scores its best passage, raised by the number of passages that match (:data:`DEPTH_WEIGHT`), so a
document about the subject ranks above one that names it once. Each result says how its score
was made (``explanation``) and how many words its snippet marks (``marked_words``).
Method: docs/methodology.md, "Documents: search".
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import duckdb

from techbloc.documents.filters import DATE_BASIS, DOCUMENT_DATE, document_filter
from techbloc.documents.search_index import FTS_SCHEMA, STEMMER, load_fts, require_index
from techbloc.documents.segment import token_spans, tokenize
from techbloc.documents.snippet import mark_snippet
from techbloc.errors import InvalidArgument
from techbloc.query.rows import Row, fetch, plain

BM25_K = 1.2
"""BM25 term-frequency saturation (the extension's and Lucene's default)."""
BM25_B = 0.75
"""BM25 length normalisation against the average passage length (the usual default)."""
DEPTH_WEIGHT = 0.25
"""A document's score is ``best passage × (1 + DEPTH_WEIGHT × ln(matching passages))``."""
MAX_LIMIT = 1000


def query_words(con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    """The searchable words of a query: its tokens less the index's stopwords; an empty or
    all-stopword query is refused."""
    if not query or not query.strip():
        raise InvalidArgument("empty search query", hint="type a word or two, e.g. 出口管制")
    words = list(dict.fromkeys(tokenize(query)))
    stop = {str(r[0]) for r in con.execute(f"SELECT sw FROM {FTS_SCHEMA}.stopwords").fetchall()}
    kept = [w for w in words if w not in stop]
    if not kept:
        raise InvalidArgument(
            f"the query '{query}' has no searchable words (only punctuation or stopwords)",
            hint="search for a subject word, e.g. 'export controls' or 出口管制",
        )
    return kept


def stem_words(con: duckdb.DuckDBPyConnection, words: list[str]) -> list[str]:
    """The index's stems of ``words`` (porter for Latin words; other words are unchanged)."""
    if not words:
        return []
    row = con.execute(
        f"SELECT list_transform($w::VARCHAR[], x -> stem(x, '{STEMMER}'))", {"w": words}
    ).fetchone()
    return [str(s) for s in row[0]] if row else []


def mark_passages(
    con: duckdb.DuckDBPyConnection, passages: list[str], query_stems: set[str]
) -> list[tuple[str, int]]:
    """Each passage's snippet with the query's words marked, and how many words were marked
    (the words of all passages stemmed in one statement)."""
    spans = [token_spans(p) for p in passages]
    words = sorted({t.text for found in spans for t in found})
    stem_of = dict(zip(words, stem_words(con, words), strict=True))
    marked = []
    for passage, found in zip(passages, spans, strict=True):
        hits = [(t.start, t.end) for t in found if stem_of[t.text] in query_stems]
        marked.append((mark_snippet(passage, hits), len(hits)))
    return marked


PASSAGE_SCORES = f"""
    WITH q AS (SELECT DISTINCT stem(unnest({FTS_SCHEMA}.tokenize($query)), '{STEMMER}') AS term),
    qt AS (SELECT d.termid, d.df FROM {FTS_SCHEMA}.dict d JOIN q ON d.term = q.term),
    tf AS (SELECT t.docid, t.termid, count(*) AS tf
           FROM {FTS_SCHEMA}.terms t JOIN qt USING (termid) GROUP BY t.docid, t.termid),
    st AS (SELECT num_docs, avgdl FROM {FTS_SCHEMA}.stats)
    SELECT x.name AS passage_id,
           sum(log((st.num_docs - qt.df + 0.5) / (qt.df + 0.5) + 1) * tf.tf * ($k + 1)
               / (tf.tf + $k * (1 - $b + $b * x.len / st.avgdl))) AS score
    FROM tf JOIN qt USING (termid) JOIN {FTS_SCHEMA}.docs x USING (docid) CROSS JOIN st
    GROUP BY x.name"""
"""BM25 of every passage holding a query term: ``match_bm25``'s formula (any term may match),
read from the index's postings of the query's terms only instead of being evaluated for every
passage (2–4 times faster, the same scores: tests/documents/search/test_search.py)."""

MATCH_BM25_SCORES = f"""
    SELECT passage_id, {FTS_SCHEMA}.match_bm25(passage_id, $query, k := $k, b := $b) AS score
    FROM document_search WHERE score IS NOT NULL"""
"""The extension's own ``match_bm25`` over every passage: the reference for PASSAGE_SCORES."""


def _search_sql(where: str) -> str:
    return f"""
        WITH scored AS ({PASSAGE_SCORES}),
        hits AS (
            SELECT s.doc_id, s.block_index, scored.score
            FROM scored JOIN document_search s USING (passage_id)),
        ranked AS (
            SELECT doc_id, max(score) AS score, count(*) AS matched_passages,
                   arg_max(block_index, [score, -block_index]) AS block_index
            FROM hits GROUP BY doc_id),
        top AS (
            SELECT r.doc_id, r.block_index, r.score AS best_passage_score, r.matched_passages,
                   r.score * (1 + $depth * ln(r.matched_passages)) AS score
            FROM ranked r JOIN documents d ON d.doc_id = r.doc_id
            WHERE {where}
            ORDER BY score DESC, r.matched_passages DESC, r.doc_id
            LIMIT $limit)
        SELECT t.doc_id, d.title, d.language, d.published, {DOCUMENT_DATE} AS date,
               {DATE_BASIS} AS date_basis, t.best_passage_score, t.matched_passages, t.score,
               t.block_index, b.page,
               CASE WHEN b.doc_id IS NULL THEN d.text
                    ELSE substring(d.text, b.start_offset + 1, b.end_offset - b.start_offset)
               END AS passage
        FROM top t JOIN documents d ON d.doc_id = t.doc_id
        LEFT JOIN document_blocks b ON b.doc_id = t.doc_id AND b.block_index = t.block_index
        ORDER BY t.score DESC, t.matched_passages DESC, t.doc_id"""


def search_documents(
    con: duckdb.DuckDBPyConnection,
    query: str,
    *,
    domain: str | None = None,
    alliance: str | None = None,
    since: str | dt.date | None = None,
    language: str | None = None,
    limit: int = 20,
    allow_stale: bool = False,
) -> list[Row]:
    """Documents matching ``query``, best first: id, title, language, dates, score, matching
    passages, and the best passage's block, page and snippet (query words in «»).

    Filters: ``domain`` (id or name; its child domains count) and ``alliance`` (id, name or alias)
    through the document's mentions, ``since`` on the document's date, ``language``. A stale
    index is an error unless ``allow_stale``."""
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidArgument(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    rows, words = _ranked(con, query, domain, alliance, since, language, limit, allow_stale)
    return _with_snippets(con, rows, words)


def search_page(
    con: duckdb.DuckDBPyConnection,
    query: str,
    *,
    domain: str | None = None,
    alliance: str | None = None,
    since: str | dt.date | None = None,
    language: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[Row], int]:
    """One page of :func:`search_documents` and the number of matching documents (up to
    ``MAX_LIMIT``); snippets are made for the page only."""
    if limit < 1 or offset < 0:
        raise InvalidArgument(f"limit must be 1 or more and offset 0 or more: {limit}, {offset}")
    rows, words = _ranked(con, query, domain, alliance, since, language, MAX_LIMIT, False)
    return _with_snippets(con, rows[offset : offset + limit], words), len(rows)


def _ranked(
    con: duckdb.DuckDBPyConnection,
    query: str,
    domain: str | None,
    alliance: str | None,
    since: str | dt.date | None,
    language: str | None,
    limit: int,
    allow_stale: bool,
) -> tuple[list[Row], list[str]]:
    load_fts(con)
    require_index(con, allow_stale=allow_stale)
    words = query_words(con, query)
    filt = document_filter(con, domain=domain, alliance=alliance, since=since, language=language)
    params: dict[str, Any] = {
        **filt.params,
        "query": " ".join(words),
        "k": BM25_K,
        "b": BM25_B,
        "depth": DEPTH_WEIGHT,
        "limit": limit,
    }
    return fetch(con, _search_sql(filt.where), params), words


def _with_snippets(con: duckdb.DuckDBPyConnection, rows: list[Row], words: list[str]) -> list[Row]:
    marks = mark_passages(con, [r.pop("passage") for r in rows], set(stem_words(con, words)))
    for row, (snippet, marked) in zip(rows, marks, strict=True):
        row["snippet"], row["marked_words"] = snippet, marked
        row["explanation"] = explain_score(row["best_passage_score"], row["matched_passages"])
        row["score"] = round(float(row["score"]), 4)
        row["best_passage_score"] = round(float(row["best_passage_score"]), 4)
    return [plain(r) for r in rows]


def explain_score(best_passage_score: float, matched_passages: int) -> str:
    """How a document's score was made from its passages' BM25 scores."""
    boost = 1 + DEPTH_WEIGHT * math.log(matched_passages)
    return (
        f"best passage BM25 {best_passage_score:.3f} × (1 + {DEPTH_WEIGHT} × ln "
        f"{matched_passages} matching passages) = {best_passage_score * boost:.3f}"
    )
