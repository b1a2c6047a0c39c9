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
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from techbloc.errors import InvalidArgument, NotFound
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
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise InvalidArgument(
                    f"{path.name}: a GDELT zip holds one CSV file, this one holds {len(members)}"
                )
            target = workdir / f"{len(list(workdir.iterdir()))}-{Path(members[0].filename).name}"
            with archive.open(members[0]) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            return target
    except zipfile.BadZipFile as exc:
        raise InvalidArgument(f"{path.name}: not a readable zip file ({exc})") from None


def describe(source: Path, readable: Path) -> GdeltFile:
    """What ``readable`` (the file ``source`` or its extracted CSV) holds."""
    name_kind = kind_from_name(source.name)
    first = _first_line(readable)
    delimiter = "\t" if "\t" in first or not first else ","
    fields = next(csv.reader([first], delimiter=delimiter)) if first else []
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


def _first_line(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return handle.readline().lstrip("\ufeff").rstrip("\r\n")


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


def _header_columns(source: Path, kind: FileKind, lowered: list[str]) -> tuple[str | None, ...]:
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
