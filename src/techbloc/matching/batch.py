"""Screening a CSV file of names, row by row, with the same logic as a single name."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from techbloc.errors import InvalidArgument
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import DEFAULT_THRESHOLD, Hit, Query, explain, screen

HIT_COLUMNS = [
    "query_row", "query", "query_country", "rank", "score", "list_id", "entity_id",
    "listed_name", "matched_alias", "listed_countries", "explanation",
]  # fmt: skip


def read_queries(path: Path, column: str, country_column: str | None = None) -> Iterator[Query]:
    """The names of one column (and countries of another), with their file row numbers."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InvalidArgument(f"cannot read {path}: {exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        for wanted in (column, country_column):
            if wanted and wanted not in columns:
                raise InvalidArgument(
                    f"{path} has no column '{wanted}'",
                    hint=f"its columns are: {', '.join(columns) or '(none)'}",
                )
        for raw in reader:
            name = (raw.get(column) or "").strip()
            if name:
                country = (raw.get(country_column) or "").strip().upper() if country_column else ""
                yield Query(name, country or None, reader.line_num)


def screen_file(
    index: ScreeningIndex,
    path: Path,
    column: str,
    country_column: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    on_row: Callable[[int], None] | None = None,
    bridge: NameBridge | None = None,
) -> Iterator[tuple[Query, list[Hit]]]:
    for count, query in enumerate(read_queries(path, column, country_column), start=1):
        yield query, screen(index, query, threshold, limit, bridge)
        if on_row:
            on_row(count)


def hit_rows(query: Query, hits: list[Hit]) -> Iterator[dict[str, object]]:
    for rank, hit in enumerate(hits, start=1):
        yield {
            "query_row": query.row, "query": query.text, "query_country": query.country or "",
            "rank": rank, "score": hit.score, "list_id": hit.list_id, "entity_id": hit.entity_id,
            "listed_name": hit.name, "matched_alias": hit.matched_alias,
            "listed_countries": ";".join(hit.countries), "explanation": explain(hit),
        }  # fmt: skip
