"""Finding GDELT files and telling what each holds: events or mentions, header row or not.

GDELT publishes its 15-minute files zipped (``20230127120000.export.CSV.zip``,
``….mentions.CSV.zip``): tab-separated, **no header row**, 61 event or 16 mention columns. Copies
made by other tools (BigQuery exports, gdeltPyR) often carry a header row, in any case, and may be
comma-separated. The kind is read from the name (``.export.`` = events, ``.mentions.`` =
mentions), else from the header's column names, else from the first line's column count (61 or
16); anything else is a clear error before the store is touched.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from techbloc.errors import InvalidArgument, NotFound
from techbloc.ingest.archives import ZIP_ERRORS
from techbloc.ingest.gdelt.layout import LAYOUTS, REQUIRED_HEADER, FileKind

READ_SUFFIXES = (".csv", ".tsv", ".zip")
_GDELT_NAME = re.compile(r"\.(export|mentions|gkg)\.csv(\.zip)?$", re.IGNORECASE)
_NAME_KINDS: dict[str, FileKind] = {"export": "events", "mentions": "mentions"}
_COUNT_KINDS: dict[int, FileKind] = {len(cols): kind for kind, cols in LAYOUTS.items()}


@dataclass(frozen=True)
class GdeltFile:
    """A file to import: where it is, what it holds and how its columns line up with the
    layout (``columns``: the GDELT name of each column in the file, None for one not in the
    layout)."""

    source: Path
    readable: Path  # the file itself, or the CSV extracted from a zip
    kind: FileKind
    has_header: bool
    delimiter: str
    columns: tuple[str | None, ...]
    marks: tuple[str, ...] = ()  # the marks of ``mend`` that the readable copy holds

    @property
    def layout(self) -> str:
        if not self.has_header:
            return "gdelt-tab"
        return "tsv-header" if self.delimiter == "\t" else "csv-header"


def find_files(locations: Iterable[str]) -> list[Path]:
    """The files named (any name) and those under the folders named (recursively: .csv, .tsv and
    .zip files, any case), each once, folders' files in name order."""
    found: dict[Path, None] = {}
    for location in locations:
        path = Path(location).expanduser()
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and _readable_name(p))
            found.update(dict.fromkeys(p.resolve() for p in inside))
        elif path.is_file():
            found[path.resolve()] = None
        else:
            raise NotFound(
                f"no such file or folder: {location}",
                hint="give GDELT event or mention files, or folders holding them",
            )
    if not found:
        raise NotFound("no GDELT files found", hint="folders are searched for .csv, .tsv, .zip")
    return list(found)


def _readable_name(path: Path) -> bool:
    return path.name.lower().endswith(READ_SUFFIXES) and not path.name.startswith(".")


def readable_copy(path: Path, workdir: Path) -> Path:
    """``path`` itself, or for a zip the one CSV it holds, extracted under ``workdir``."""
    if path.suffix.lower() != ".zip":
        return path
    with _opened_zip(path) as archive:
        members = _members(path, archive)
        if len(members) != 1:
            raise InvalidArgument(
                f"{path.name}: a GDELT zip holds one CSV file, this one holds {len(members)}"
            )
        target = workdir / f"{len(list(workdir.iterdir()))}-{Path(members[0].filename).name}"
        try:
            with target.open("wb") as dst:
                for chunk in _unzipped(path, archive, members[0]):
                    dst.write(chunk)
        except InvalidArgument:
            target.unlink(missing_ok=True)
            raise
        return target


def _opened_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        raise InvalidArgument(f"{path.name}: not a readable zip file ({_zip_error(exc)})") from None


def _members(path: Path, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    try:
        return [m for m in archive.infolist() if not m.is_dir()]
    except ZIP_ERRORS as exc:
        raise InvalidArgument(f"{path.name}: not a readable zip file ({_zip_error(exc)})") from None


def _unzipped(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in chunks; a damaged archive as an InvalidArgument (raised here, in the
    reading, never for what the caller does with a chunk: writing it may fail for its own
    reasons)."""
    try:
        src = archive.open(member)
    except ZIP_ERRORS as exc:
        raise InvalidArgument(f"{path.name}: not a readable zip file ({_zip_error(exc)})") from None
    with src:
        while True:
            try:
                chunk = src.read(1 << 20)
            except ZIP_ERRORS as exc:
                raise InvalidArgument(
                    f"{path.name}: its CSV cannot be unzipped whole ({_zip_error(exc)})"
                ) from None
            if not chunk:
                return
            yield chunk


def _zip_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def describe(source: Path, readable: Path) -> GdeltFile:
    """What ``readable`` (the file ``source`` or its extracted CSV) holds."""
    name_kind = kind_from_name(source.name)
    first = _first_line(readable)
    delimiter = "\t" if "\t" in first or not first else ","
    fields = _first_fields(first, delimiter)
    lowered = [f.strip().lower() for f in fields]
    if "globaleventid" in lowered:
        kind = name_kind or _kind_from_header(source, lowered)
        return GdeltFile(source, readable, kind, True, delimiter,
                         _header_columns(source, kind, lowered))  # fmt: skip
    counted = name_kind or _COUNT_KINDS.get(len(fields))
    if counted is None:
        raise InvalidArgument(
            f"{source.name}: cannot tell whether it holds GDELT 2.0 events or mentions "
            f"({len(fields)} tab-separated columns on its first line, no header row)",
            hint="GDELT 2.0 event files have 61 columns (name *.export.CSV), mention files 16 "
            "(*.mentions.CSV); GDELT 1.0 files (57 or 58 columns) and GKG files are not read",
        )
    columns = tuple(c.gdelt for c in LAYOUTS[counted])
    return GdeltFile(source, readable, counted, False, "\t", columns)


def kind_from_name(name: str) -> FileKind | None:
    match = _GDELT_NAME.search(name)
    if match is None:
        return None
    if match[1].lower() == "gkg":
        raise InvalidArgument(
            f"{name}: a GDELT Global Knowledge Graph file; only event and mention files are read"
        )
    return _NAME_KINDS[match[1].lower()]


FIRST_LINE_CHARS = 1 << 20
"""The first line is read up to this many characters to tell the file's kind (a GDELT row has a
few hundred; a file without line breaks is not read whole into memory for that)."""


def _first_line(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return handle.readline(FIRST_LINE_CHARS).lstrip("\ufeff").rstrip("\r\n")


def _first_fields(first: str, delimiter: str) -> list[str]:
    """The first line's fields. Tab-separated: split on tabs, as DuckDB reads a GDELT file (no
    quoting; a header's names may be quoted). Comma-separated: as CSV, and a line
    the csv module refuses (a field over its limit of 131,072 characters) has no header's names
    in it: it is one field, whose count tells no kind."""
    if not first:
        return []
    if delimiter == "\t":
        return [_unquoted(f) for f in first.split("\t")]
    try:
        return next(csv.reader([first], delimiter=delimiter))
    except csv.Error:
        return [first]


def _unquoted(field: str) -> str:
    return (
        field[1:-1].replace('""', '"') if len(field) > 1 and field[0] == field[-1] == '"' else field
    )


def _kind_from_header(source: Path, lowered: list[str]) -> FileKind:
    if "sqldate" in lowered:
        return "events"
    if "mentionidentifier" in lowered:
        return "mentions"
    raise InvalidArgument(
        f"{source.name}: its header names GLOBALEVENTID but neither SQLDATE (events) nor "
        "MentionIdentifier (mentions)",
        hint="a file with a header row must use GDELT 2.0's column names (any case)",
    )


HEADER_FIELDS = 256
"""A header row may name at most this many columns (GDELT has 61; the reader's SQL grows with
each column, and DuckDB refuses an expression nested over 1,000 deep)."""


def _header_columns(source: Path, kind: FileKind, lowered: list[str]) -> tuple[str | None, ...]:
    if len(lowered) > HEADER_FIELDS:
        raise InvalidArgument(
            f"{source.name}: its header row has {len(lowered):,} columns; a GDELT {kind} file "
            f"has {len(LAYOUTS[kind])} (at most {HEADER_FIELDS} are read)"
        )
    names = {c.gdelt.lower(): c.gdelt for c in LAYOUTS[kind]}
    columns = tuple(names.get(name) for name in lowered)
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise InvalidArgument(f"{source.name}: the header names {', '.join(twice)} twice")
    missing = [name for name in REQUIRED_HEADER[kind] if name not in columns]
    if missing:
        raise InvalidArgument(
            f"{source.name}: the header lacks the {kind} columns {', '.join(missing)}",
            hint=f"GDELT 2.0 {kind} column names, any case; see docs/methodology.md",
        )
    return columns
