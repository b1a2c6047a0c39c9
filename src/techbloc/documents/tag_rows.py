"""Write what a tagger found in a document (mentions, stances, event dates) to the store.

A mention whose span does not hold its surface text breaks the contract of
``documents.model`` (``text[m.start:m.end] == m.surface``) and stops the import: evidence that
points at the wrong words is worse than none. A mention without a block gets the block (and page)
its start falls in.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

import duckdb

from techbloc.documents.model import ExtractedDocument, Mention, TagResult

_MENTION_TYPES = ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "INTEGER",
                  "INTEGER", "VARCHAR", "VARCHAR"]  # fmt: skip
_STANCE_TYPES = ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "INTEGER",
                 "VARCHAR", "INTEGER"]  # fmt: skip
_DATE_TYPES = ["VARCHAR", "DATE", "VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "VARCHAR"]


def insert_tags(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument, tags: TagResult) -> int:
    """Insert the tagger's rows for ``doc``; returns the number of mentions."""
    starts = [b.start for b in doc.blocks]
    rows = []
    for m in tags.mentions:
        if doc.text[m.start : m.end] != m.surface:
            raise ValueError(
                f"tagger mention {m.key!r} at [{m.start}, {m.end}) of {doc.doc_id} does not hold "
                f"its surface {m.surface!r}"
            )
        block_index, page = _block_of(m, doc, starts)
        rows.append(
            (
                doc.doc_id,
                m.type,
                m.key,
                m.surface,
                m.start,
                m.end,
                block_index,
                page,
                m.sentence,
                m.method,
            )  # fmt: skip
        )
    insert_rows(con, "document_mentions", _MENTION_TYPES, rows)
    insert_rows(
        con, "document_stances", _STANCE_TYPES,
        [(doc.doc_id, s.alliance_id, s.stance, s.direction, s.restrictive, s.cooperative,
          s.relaxing, s.evidence, s.evidence_start) for s in tags.stances],
    )  # fmt: skip
    insert_rows(
        con, "document_event_dates", _DATE_TYPES,
        [(doc.doc_id, d.date, d.precision, d.surface, d.start, d.end, d.sentence)
         for d in tags.event_dates],
    )  # fmt: skip
    return len(rows)


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, types: list[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (values in the table's column order, of SQL ``types``) in one statement:
    each column travels as one list and is unnested again."""
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(?::{sql_type}[])" for sql_type in types)
    con.execute(f"INSERT INTO {table} SELECT {select}", columns)


def _block_of(
    mention: Mention, doc: ExtractedDocument, starts: list[int]
) -> tuple[int | None, int | None]:
    if mention.block_index is not None:
        return mention.block_index, mention.page
    at = bisect.bisect_right(starts, mention.start) - 1
    if at < 0:
        return None, mention.page
    block = doc.blocks[at]
    return block.index, mention.page if mention.page is not None else block.page
