"""Pieces every list reader needs: counting bytes for the progress bar, reading CSV rows with their
line numbers, splitting multi-valued cells, and stable keys for lists that number nothing."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from techbloc.ingest.records import ListedRecord, Rejection
from techbloc.ingest.text_files import escaped, open_text, undecodable
from techbloc.text.normalize import normalize_name

Progress = Callable[[int], None]
"""Called with the number of bytes read so far."""


FIELD_LIMIT = 64 * 2**20
"""The largest CSV cell read, in characters (Python's default, 128 KiB, is below some remarks)."""


def counted_lines(handle: Iterable[str], on_progress: Progress | None) -> Iterator[str]:
    """The lines of a text file, reporting the bytes read so far after each."""
    done = 0
    for line in handle:
        done += len(line.encode("utf-8", "replace"))  # an undecoded byte counts as one
        if on_progress:
            on_progress(done)
        yield line


class _KeptLines:
    """The lines of a file, keeping those read since the last :meth:`take` (one CSV record's)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._kept: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._kept.append(line)
        return line

    def take(self) -> str:
        text = "".join(self._kept)
        self._kept.clear()
        return text


def csv_records(
    path: Path, on_progress: Progress | None
) -> Iterator[tuple[int, list[str]] | Rejection]:
    """Each record of a CSV file as (line number, cells), the header first — the line where the
    record ends, as in a spreadsheet for one-line records; blank lines are skipped. A record that
    is not CSV (a quote not closed before the file ends: a truncated file; text after a closing
    quote), that holds bytes which are not UTF-8 or NUL bytes, is a :class:`Rejection` with its
    text, and the reading goes on with the next record."""
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    with open_text(path) as handle:
        lines = _KeptLines(counted_lines(handle, on_progress))
        reader = csv.reader(lines, strict=True)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                text = escaped(lines.take())
                yield Rejection(reader.line_num, _csv_reason(exc), None, {"text": text})
                continue
            text = lines.take()
            problem = undecodable(text)
            if problem:
                yield Rejection(reader.line_num, problem, None, {"text": escaped(text)})
            elif cells:
                yield reader.line_num, cells


def _csv_reason(exc: csv.Error) -> str:
    message = str(exc)
    if "unexpected end of data" in message:
        return "the file ends inside a quoted cell (a truncated file?)"
    if "field larger than field limit" in message:
        return f"a cell longer than {FIELD_LIMIT:,} characters"
    return f"not valid CSV ({message})"


def csv_rows(
    path: Path, on_progress: Progress | None, required: Iterable[str]
) -> Iterator[tuple[int, dict[str, str]] | Rejection]:
    """Each CSV row as (line number, cells by column) — the line where the row ends, as in a
    spreadsheet for one-line rows. A header without a required column (or that cannot be read)
    is one rejection (row 1) and nothing else is read; a row with more cells than the header is
    rejected, a row with fewer has the missing cells empty; see :func:`csv_records` for the
    rest."""
    records = csv_records(path, on_progress)
    header: list[str] | None = None
    for item in records:
        if isinstance(item, Rejection):
            if header is None:  # the header itself is unreadable: nothing else can be read
                yield Rejection(item.row, f"the header cannot be read: {item.reason}", "header",
                                item.raw)  # fmt: skip
                return
            yield item
            continue
        row, cells = item
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                yield Rejection(row, f"header lacks the column(s) {', '.join(missing)}",
                                "header", {"columns": header})  # fmt: skip
                return
            continue
        if len(cells) > len(header):
            raw = dict(zip(header, cells, strict=False))
            raw["(more cells)"] = " | ".join(cells[len(header) :])
            yield Rejection(row, "more cells than header columns", None, raw)
            continue
        padded = cells + [""] * (len(header) - len(cells))
        yield row, {k: v.strip() for k, v in zip(header, padded, strict=True)}
    if header is None and required:
        yield Rejection(1, f"the file is empty: no header with {', '.join(required)}", "header")


def split_cell(value: str, separator: str = ";") -> tuple[str, ...]:
    """A multi-valued cell as its non-empty, stripped values, in order, without repeats."""
    parts = (p.strip() for p in value.split(separator))
    return tuple(dict.fromkeys(p for p in parts if p))


def unique(values: Iterable[str], *, besides: str = "") -> tuple[str, ...]:
    """Values in order without repeats or empties, leaving out ``besides`` (the primary name)."""
    return tuple(dict.fromkeys(v for v in values if v and v != besides))


def name_key(name: str, *context: str) -> str:
    """A stable key for an entry of a list that numbers nothing: its normalised name and a digest
    of what tells apart two entries of that name (addresses, a date, an announcement)."""
    digest = hashlib.sha1("|".join(normalize_name(c) for c in context).encode()).hexdigest()[:8]
    return f"h{normalize_name(name)[:80]}-{digest}"


def parsed_csv_rows(
    path: Path,
    on_progress: Progress | None,
    required: Iterable[str],
    parse: Callable[[dict[str, str], int], ListedRecord | Rejection],
) -> Iterator[ListedRecord | Rejection]:
    """``parse`` applied to each CSV row (cells, line number); bad rows pass as rejections."""
    for item in csv_rows(path, on_progress, required):
        yield item if isinstance(item, Rejection) else parse(item[1], item[0])
