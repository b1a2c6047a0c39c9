"""Screening many names (a CSV file or any sequence of queries) with the same logic as one name.

Each query is screened exactly as ``screen`` does it, so a batch gives the hits of screening its
names one at a time. With ``workers`` above one, the queries are screened by a pool of processes:
each worker receives the index and the name bridge once, when it starts, then screens chunks of
queries; the results come back in input order, and no more than a few chunks per worker are in
flight at a time, so a long file is read as it is screened. A batch too small to pay for starting
the pool (fewer than ``PARALLEL_MIN`` names) is screened in this process.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from techbloc.errors import InvalidArgument
from techbloc.ingest.rows import FIELD_LIMIT
from techbloc.ingest.text_files import ERRORS, NOT_UTF8_HINT, undecodable
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
    """The names of one column (and countries of another), with their file row numbers, read as
    Python's csv module reads them (as the Spark bulk screening reads each line: a stray quote
    stays in the name, the last of two equal column names wins). A file that cannot be read,
    lacks a column or cannot be read as CSV at some row (bytes that are not UTF-8, a field over
    the csv module's limit) is an InvalidArgument naming the row: no name is skipped unseen."""
    try:
        handle = path.open(encoding="utf-8-sig", errors=ERRORS, newline="")
    except OSError as exc:
        raise InvalidArgument(f"cannot read {path}: {exc}") from exc
    record: list[str] = []  # the physical lines of the record being read

    def lines() -> Iterator[str]:
        for line in handle:
            record.append(line)
            yield line

    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))  # not the default 128 KiB
    with handle:
        reader = csv.DictReader(lines())
        try:
            columns = reader.fieldnames or []
            if problem := undecodable(",".join(columns)):
                raise InvalidArgument(f"{path}: the header cannot be read: {problem}",
                                      hint=NOT_UTF8_HINT)  # fmt: skip
            for wanted in (column, country_column):
                if wanted and wanted not in columns:
                    raise InvalidArgument(
                        f"{path} has no column '{wanted}'",
                        hint=f"its columns are: {', '.join(columns) or '(none)'}",
                    )
            record.clear()
            for raw in reader:
                if _ends_inside_quotes(record):
                    raise InvalidArgument(
                        f"{path}, row {reader.line_num - len(record) + 1}: the file ends inside "
                        "a quoted cell (cut off?)"
                    )
                record.clear()
                if problem := undecodable(",".join(v for v in raw.values() if isinstance(v, str))):
                    raise InvalidArgument(f"{path}, row {reader.line_num}: {problem}",
                                          hint=NOT_UTF8_HINT)  # fmt: skip
                name = _cell(raw.get(column))
                if name:
                    country = _cell(raw.get(country_column)).upper() if country_column else ""
                    yield Query(name, country or None, reader.line_num)
        except csv.Error as exc:
            row = reader.line_num + 1
            raise InvalidArgument(f"{path}, row {row}: not CSV text ({exc})") from exc


def _ends_inside_quotes(record: list[str]) -> bool:
    """Whether the record's lines end inside a quoted cell: only the file's last record can, and
    the csv module then reads the rest of the file as that cell without a word."""
    if not record or record[-1].endswith(("\n", "\r")):
        return False
    try:
        list(csv.reader(io.StringIO("".join(record)), strict=True))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _cell(value: str | list[str] | None) -> str:
    """A cell's text; a row longer than the header puts its extra cells under None as a list."""
    return value.strip() if isinstance(value, str) else ""


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
