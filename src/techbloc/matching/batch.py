"""Screening many names (a CSV file or any sequence of queries) with the same logic as one name.

Each query is screened exactly as ``screen`` does it, so a batch gives the hits of screening its
names one at a time. With ``workers`` above one, the queries are screened by a pool of processes:
each worker receives the index and the name bridge once, when it starts, then screens chunks of
queries; the results come back in input order, and no more than a few chunks per worker are in
flight at a time, so a long file is read as it is screened. A batch too small to pay for starting
the pool (fewer than ``PARALLEL_MIN`` names) is screened in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from techbloc.errors import InvalidArgument
from techbloc.ingest.records import Rejection
from techbloc.ingest.rows import csv_records
from techbloc.ingest.text_files import NOT_UTF8_HINT
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import DEFAULT_THRESHOLD, Hit, Query, explain, screen

HIT_COLUMNS = [
    "query_row", "query", "query_country", "rank", "score", "list_id", "entity_id",
    "listed_name", "matched_alias", "listed_countries", "explanation",
]  # fmt: skip

CHUNK = 250  # queries per task sent to a worker
PARALLEL_MIN = 1_000  # fewer names than this are screened in this process
IN_FLIGHT_PER_WORKER = 4  # chunks handed out ahead per worker

Screened = tuple[Query, list[Hit]]


def available_cores() -> int:
    """The cores this process may run on (all of them, unless its affinity is restricted)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def read_queries(path: Path, column: str, country_column: str | None = None) -> Iterator[Query]:
    """The names of one column (and countries of another), with their file row numbers. A file
    that cannot be read, lacks a column or has a row that is not CSV text (a truncated file,
    bytes that are not UTF-8) is an InvalidArgument naming the row: no name is skipped unseen."""
    try:
        records = iter(csv_records(path, None))
        first = next(records, None)
    except OSError as exc:
        raise InvalidArgument(f"cannot read {path}: {exc}") from exc
    if isinstance(first, Rejection):
        hint = NOT_UTF8_HINT if "UTF-8" in first.reason else None
        raise InvalidArgument(f"{path}: the header cannot be read: {first.reason}", hint=hint)
    columns = first[1] if first else []
    for wanted in (column, country_column):
        if wanted and wanted not in columns:
            raise InvalidArgument(
                f"{path} has no column '{wanted}'",
                hint=f"its columns are: {', '.join(columns) or '(none)'}",
            )
    at = {name: i for i, name in reversed(list(enumerate(columns)))}  # the first of a repeat
    for item in records:
        if isinstance(item, Rejection):
            hint = NOT_UTF8_HINT if "UTF-8" in item.reason else None
            raise InvalidArgument(f"{path}, row {item.row}: {item.reason}", hint=hint)
        row, cells = item
        name = _cell(cells, at[column])
        if name:
            country = _cell(cells, at[country_column]).upper() if country_column else ""
            yield Query(name, country or None, row)


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def screen_file(
    index: ScreeningIndex,
    path: Path,
    column: str,
    country_column: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    on_row: Callable[[int], None] | None = None,
    bridge: NameBridge | None = None,
    workers: int = 1,
) -> Iterator[Screened]:
    """Each name of a CSV column with its hits, in file order (see ``screen_queries``)."""
    queries = read_queries(path, column, country_column)
    yield from screen_queries(index, queries, threshold, limit, on_row, bridge, workers)


def screen_queries(
    index: ScreeningIndex,
    queries: Iterable[Query],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    on_row: Callable[[int], None] | None = None,
    bridge: NameBridge | None = None,
    workers: int = 1,
    parallel_min: int = PARALLEL_MIN,
    chunk_size: int = CHUNK,
) -> Iterator[Screened]:
    """Each query with its hits (as ``screen`` gives them), in input order.

    ``workers`` > 1 screens in that many processes, in chunks of ``chunk_size`` queries, once the
    batch has ``parallel_min`` queries; ``on_row`` is called with the number of queries done after
    each one. As with any process pool, a script that calls this with ``workers`` > 1 starts its
    work under ``if __name__ == "__main__":``."""
    if workers < 1 or chunk_size < 1:
        raise InvalidArgument(f"workers and chunk size must be 1 or more: {workers}, {chunk_size}")
    pending = iter(queries)
    head = list(islice(pending, parallel_min)) if workers > 1 else []
    all_queries = _chained(head, pending)
    if workers == 1 or len(head) < parallel_min:
        results: Iterator[Screened] = (
            (query, screen(index, query, threshold, limit, bridge)) for query in all_queries
        )
    else:
        results = _screen_in_pool(index, bridge, threshold, limit, all_queries, workers, chunk_size)
    for count, result in enumerate(results, start=1):
        yield result
        if on_row:
            on_row(count)


def _chained(head: list[Query], rest: Iterator[Query]) -> Iterator[Query]:
    yield from head
    yield from rest


# --- the process pool -----------------------------------------------------------------------

_worker_state: tuple[ScreeningIndex, NameBridge | None, float, int] | None = None


def _start_worker(
    index: ScreeningIndex, bridge: NameBridge | None, threshold: float, limit: int
) -> None:
    global _worker_state
    _worker_state = (index, bridge, threshold, limit)


def _screen_chunk(queries: list[Query]) -> list[list[Hit]]:
    assert _worker_state is not None, "the worker was started without its index"
    index, bridge, threshold, limit = _worker_state
    return [screen(index, query, threshold, limit, bridge) for query in queries]


def _pool_context() -> multiprocessing.context.BaseContext:
    """Fresh workers from a server process (not forked from this one, which may hold threads:
    a store connection, a progress bar); plain spawning where there is no fork server."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["techbloc.matching.screen"])
        return context
    return multiprocessing.get_context("spawn")


def _screen_in_pool(
    index: ScreeningIndex,
    bridge: NameBridge | None,
    threshold: float,
    limit: int,
    queries: Iterator[Query],
    workers: int,
    chunk_size: int,
) -> Iterator[Screened]:
    context = _pool_context()
    chunks = iter(lambda: list(islice(queries, chunk_size)), [])
    with context.Pool(
        workers, initializer=_start_worker, initargs=(index, bridge, threshold, limit)
    ) as pool:
        in_flight: deque[tuple[list[Query], AsyncResult[list[list[Hit]]]]] = deque()
        for chunk in islice(chunks, workers * IN_FLIGHT_PER_WORKER):
            in_flight.append((chunk, pool.apply_async(_screen_chunk, (chunk,))))
        while in_flight:
            chunk, result = in_flight.popleft()
            hits = result.get()
            for following in islice(chunks, 1):
                in_flight.append((following, pool.apply_async(_screen_chunk, (following,))))
            yield from zip(chunk, hits, strict=True)


def hit_rows(query: Query, hits: list[Hit]) -> Iterator[dict[str, object]]:
    for rank, hit in enumerate(hits, start=1):
        yield {
            "query_row": query.row, "query": query.text, "query_country": query.country or "",
            "rank": rank, "score": hit.score, "list_id": hit.list_id, "entity_id": hit.entity_id,
            "listed_name": hit.name, "matched_alias": hit.matched_alias,
            "listed_countries": ";".join(hit.countries), "explanation": explain(hit),
        }  # fmt: skip
