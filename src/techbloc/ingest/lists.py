"""Import a restricted-party list file (local or URL) into the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb

from techbloc.ingest.formats import list_format
from techbloc.ingest.records import ListInfo
from techbloc.ingest.source import local_copy
from techbloc.store.build import build_store
from techbloc.store.connection import connect_for_writing
from techbloc.store.listings import ImportReport, import_snapshot
from techbloc.store.manifest import file_sha256


def import_list_file(
    db_path: Path,
    location: str,
    source_format: str = "csl",
    retrieved: dt.date | None = None,
    partial: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one list file; ``retrieved`` dates the snapshot (default: download day or the
    file's modification date). ``on_start`` gets the file size, ``on_progress`` bytes read.
    A change file (e.g. an OpenSanctions delta) is always partial."""
    build_store(db_path)  # the store exists, holds the knowledge base and the latest schema
    with local_copy(location) as copy:
        if on_start:
            on_start(copy.path.stat().st_size)
        con = connect_for_writing(db_path)
        try:
            return import_list_path(
                con, copy.path, copy.location, source_format,
                retrieved or copy.default_retrieved, partial, on_progress,
            )  # fmt: skip
        finally:
            con.close()


def import_list_path(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    location: str,
    source_format: str,
    retrieved: dt.date,
    partial: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import the local file ``path`` (read from ``location``) into the open store ``con``."""
    lists: dict[str, ListInfo] = {}  # the reader fills it with the lists it meets
    form = list_format(source_format)
    partial = partial or bool(form.is_change_file and form.is_change_file(path))
    items = form.read(path, on_progress, lists)
    return import_snapshot(
        con, items, lists, source_format, location, file_sha256(path), retrieved, partial
    )
