"""Full-text search over the documents: BM25 over passages, ranked per document, with snippets.

A query is cut into words by the same function as the text (:mod:`techbloc.documents.segment`),
so a Chinese, English or mixed query meets Chinese, English or mixed documents, and a query in
traditional characters meets text in simplified ones. Each passage (block) is scored by BM25
(DuckDB's ``match_bm25``, any query word may match); a document scores its best passage, raised
by the number of passages that match (:data:`DEPTH_WEIGHT`), so a document about the subject ranks
above one that names it once. Method: docs/methodology.md, "Documents: search".
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


def passage_snippet(
    con: duckdb.DuckDBPyConnection, passage: str, query_stems: set[str]
) -> tuple[str, int]:
    """The passage's snippet with the query's words marked, and how many words were marked."""
    spans = token_spans(passage)
    stems = stem_words(con, [t.text for t in spans])
    hits = [(t.start, t.end) for t, s in zip(spans, stems, strict=True) if s in query_stems]
    return mark_snippet(passage, hits), len(hits)


def _search_sql(where: str) -> str:
    return f"""
        WITH scored AS (
            SELECT s.doc_id, s.block_index,
                   {FTS_SCHEMA}.match_bm25(s.passage_id, $query, k := $k, b := $b) AS score
            FROM document_search s),
        hits AS (SELECT * FROM scored WHERE score IS NOT NULL),
        ranked AS (
            SELECT doc_id, block_index, score,
                   count(*) OVER (PARTITION BY doc_id) AS matched_passages,
                   row_number() OVER (PARTITION BY doc_id ORDER BY score DESC, block_index) AS n
            FROM hits)
        SELECT r.doc_id, d.title, d.language, d.published, {DOCUMENT_DATE} AS date,
               {DATE_BASIS} AS date_basis, r.score AS best_passage_score, r.matched_passages,
               r.score * (1 + $depth * ln(r.matched_passages)) AS score,
               r.block_index, b.page,
               CASE WHEN b.doc_id IS NULL THEN d.text
                    ELSE substring(d.text, b.start_offset + 1, b.end_offset - b.start_offset)
               END AS passage
        FROM ranked r JOIN documents d ON d.doc_id = r.doc_id
        LEFT JOIN document_blocks b ON b.doc_id = r.doc_id AND b.block_index = r.block_index
        WHERE r.n = 1 AND {where}
        ORDER BY score DESC, r.matched_passages DESC, r.doc_id
        LIMIT $limit"""


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
    rows = fetch(con, _search_sql(filt.where), params)
    stems = set(stem_words(con, words))
    for row in rows:
        row["snippet"], row["marked_words"] = passage_snippet(con, row.pop("passage"), stems)
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
