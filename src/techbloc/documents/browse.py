"""Documents in the store: the list (newest first) and one document in full, for ``docs list``
and ``docs show``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from techbloc.documents.filters import DATE_BASIS, DOCUMENT_DATE, document_filter
from techbloc.documents.model import MENTION_TYPES
from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.resolve import suggest
from techbloc.query.rows import Row, fetch, plain

_SUMMARY = f"""d.doc_id, d.title, d.language, d.published, {DOCUMENT_DATE} AS date,
    {DATE_BASIS} AS date_basis, d.format, d.pages, d.chars, d.source_location, d.file_name,
    d.import_id, d.imported_at"""


def list_documents(
    con: duckdb.DuckDBPyConnection,
    *,
    domain: str | None = None,
    alliance: str | None = None,
    since: str | dt.date | None = None,
    language: str | None = None,
    limit: int | None = 50,
) -> list[Row]:
    """Documents, newest first (by published date, else import day), with their mention counts;
    the same filters as search."""
    if limit is not None and limit < 0:
        raise InvalidArgument(f"limit must not be negative, not {limit}")
    filt = document_filter(con, domain=domain, alliance=alliance, since=since, language=language)
    params = dict(filt.params)
    limit_sql = ""
    if limit is not None:
        params["limit"] = limit
        limit_sql = "LIMIT $limit"
    rows = fetch(
        con,
        f"""SELECT {_SUMMARY},
                   (SELECT count(*) FROM document_mentions m WHERE m.doc_id = d.doc_id)
                       AS mentions,
                   (SELECT count(*) FROM document_blocks b WHERE b.doc_id = d.doc_id) AS blocks
            FROM documents d WHERE {filt.where}
            ORDER BY date DESC, d.imported_at DESC, d.doc_id {limit_sql}""",
        params,
    )
    return [plain(r) for r in rows]


def resolve_doc_id(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    """A document id from the id or a unique beginning of it (at least 8 characters, as
    ``doc-1a2b``); an unknown one suggests the closest ids and titles."""
    ident = typed.strip()
    rows = con.execute(
        "SELECT doc_id FROM documents "
        "WHERE doc_id = $i OR (length($i) >= 8 AND starts_with(doc_id, $i))",
        {"i": ident},
    ).fetchall()
    ids = sorted(str(r[0]) for r in rows)
    if ident in ids:
        return ident
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        raise NotFound(
            f"'{typed}' begins several document ids: {', '.join(ids[:5])}",
            hint="type more of the id",
        )
    labels = {
        str(label): str(doc_id)
        for doc_id, title in con.execute("SELECT doc_id, title FROM documents").fetchall()
        for label in (doc_id, title)
        if label
    }
    options = suggest(typed, labels)
    raise NotFound(
        f"no document with id '{typed}'",
        hint=(f"did you mean: {', '.join(options)}? " if options else "")
        + "'techbloc docs list' shows the documents, 'techbloc docs search' finds them",
    )


def _mentions(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, list[Row]]:
    rows = fetch(
        con,
        """SELECT mention_type, key, count(*) AS count,
                  arg_min(surface, start_offset) AS first_surface,
                  arg_min(sentence, start_offset) AS first_sentence,
                  arg_min(block_index, start_offset) AS first_block_index,
                  arg_min(page, start_offset) AS first_page
           FROM document_mentions WHERE doc_id = ?
           GROUP BY mention_type, key ORDER BY mention_type, count DESC, key""",
        [doc_id],
    )
    grouped: dict[str, list[Row]] = {t: [] for t in MENTION_TYPES}
    for row in rows:
        grouped.setdefault(row.pop("mention_type"), []).append(row)
    return {t: found for t, found in grouped.items() if found}


def _blocks(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[Row]:
    return fetch(
        con,
        """SELECT b.block_index, b.page, b.kind, b.start_offset, b.end_offset,
                  substring(d.text, b.start_offset + 1, b.end_offset - b.start_offset) AS text
           FROM document_blocks b JOIN documents d USING (doc_id)
           WHERE b.doc_id = ? ORDER BY b.block_index""",
        [doc_id],
    )


def document_detail(con: duckdb.DuckDBPyConnection, doc_id: str) -> Row:
    """One document: metadata, blocks with pages, mentions grouped by type (count, first
    evidence sentence), stances, event dates, the candidate measure if any, and whether it is
    in the search index."""
    ident = resolve_doc_id(con, doc_id)
    detail = fetch(
        con,
        f"""SELECT {_SUMMARY}, d.media_type, d.content_sha256, d.original_sha256, d.metadata,
                   d.tagger_version
            FROM documents d WHERE d.doc_id = ?""",
        [ident],
    )[0]
    metadata: Any = detail["metadata"]
    detail["metadata"] = json.loads(metadata) if isinstance(metadata, str) else metadata
    detail["blocks"] = _blocks(con, ident)
    detail["mentions"] = _mentions(con, ident)
    detail["stances"] = fetch(
        con,
        """SELECT alliance_id, stance, direction, restrictive, cooperative, relaxing, evidence
           FROM document_stances WHERE doc_id = ? ORDER BY alliance_id""",
        [ident],
    )
    detail["event_dates"] = fetch(
        con,
        """SELECT event_date, precision, surface, sentence FROM document_event_dates
           WHERE doc_id = ? ORDER BY event_date, start_offset""",
        [ident],
    )
    measures = fetch(
        con,
        """SELECT document_number, citation, publication_date, effective_date, document_type,
                  action, title, url, linked_measure_id, link_reason
           FROM candidate_measures WHERE doc_id = ? ORDER BY document_number""",
        [ident],
    )
    detail["candidate_measure"] = measures[0] if measures else None
    indexed = con.execute("SELECT count(*) FROM document_search WHERE doc_id = ?", [ident])
    row = indexed.fetchone()
    detail["indexed_passages"] = int(row[0]) if row else 0
    result: Row = plain(detail)
    return result
