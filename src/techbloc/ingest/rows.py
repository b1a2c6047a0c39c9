"""Pieces every list reader needs: counting bytes for the progress bar, reading CSV rows with their
line numbers, splitting multi-valued cells, and stable keys for lists that number nothing."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from techbloc.ingest.records import ListedRecord, Rejection
from techbloc.text.normalize import normalize_name

Progress = Callable[[int], None]
"""Called with the number of bytes read so far."""


def counted_lines(handle: Iterable[str], on_progress: Progress | None) -> Iterator[str]:
    """The lines of a text file, reporting the bytes read so far after each."""
    done = 0
    for line in handle:
        done += len(line.encode("utf-8"))
        if on_progress:
            on_progress(done)
        yield line


def csv_rows(
    path: Path, on_progress: Progress | None, required: Iterable[str]
) -> Iterator[tuple[int, dict[str, str]] | Rejection]:
    """Each CSV row as (line number, cells by column) — the line where the row ends, as in a
    spreadsheet for one-line rows. A header without a required column is one rejection (row 1)
    and nothing else is read; a row with more cells than the header is rejected."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(counted_lines(handle, on_progress))
        columns = list(reader.fieldnames or [])
        missing = [c for c in required if c not in columns]
        if missing:
            yield Rejection(
                1,
                f"header lacks the column(s) {', '.join(missing)}",
                "header",
                {"columns": columns},
            )
            return
        for raw in reader:
            if None in raw:  # more cells than the header has columns
                cells = {str(k): v for k, v in raw.items()}
                yield Rejection(reader.line_num, "more cells than header columns", None, cells)
                continue
            yield reader.line_num, {k: (v or "").strip() for k, v in raw.items()}


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
