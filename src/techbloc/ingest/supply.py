"""Import a supply-chain source into the store: the ETO folder, or a CSV of shares (file or URL)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.ingest.source import local_copy
from techbloc.ingest.supply_countries import StoreCountries
from techbloc.ingest.supply_csv import read_share_csv
from techbloc.ingest.supply_eto import eto_files, read_eto
from techbloc.store.build import build_store
from techbloc.store.connection import connect_for_writing
from techbloc.store.manifest import file_sha256
from techbloc.store.supply import SupplyImportReport, import_supply

SupplyFormat = Literal["eto", "csv"]
FORMATS: dict[str, str] = {
    "eto": "ETO Advanced Semiconductor Supply Chain Dataset (a folder of CSV files)",
    "csv": "any CSV of input, country, share[, year, source, input_name, unit, organisation]",
}


def supply_format(location: str, given: str | None) -> SupplyFormat:
    """The format named, else 'eto' for a folder and 'csv' for a file or URL."""
    if given is None:
        return "eto" if Path(location).expanduser().is_dir() else "csv"
    if given not in FORMATS:
        raise InvalidArgument(
            f"unknown supply format '{given}'", hint=f"formats: {', '.join(FORMATS)}"
        )
    return "eto" if given == "eto" else "csv"


def folder_sha256(files: list[Path]) -> str:
    """One digest of the files read from a folder (their names and contents)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.name}:{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def import_supply_source(
    db_path: Path,
    location: str,
    source_format: str | None = None,
    year: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> SupplyImportReport:
    """Import one supply source. ``year`` is the data year of a CSV without a year column;
    ``on_start`` gets the bytes to read, ``on_progress`` the bytes read so far."""
    build_store(db_path)  # the store exists, holds the knowledge base and the latest schema
    form = supply_format(location, source_format)
    if form == "eto":
        folder = Path(location).expanduser()
        if not folder.is_dir():
            raise InvalidArgument(
                f"{location} is not a folder",
                hint="give the ETO folder holding inputs.csv, providers.csv and provision.csv",
            )
        files = eto_files(folder)  # an error naming what the folder lacks
        if on_start:
            on_start(sum(p.stat().st_size for p in files))
        con = connect_for_writing(db_path)
        try:
            return import_eto_folder(con, folder, on_progress)
        finally:
            con.close()
    if Path(location).expanduser().is_dir():
        raise InvalidArgument(
            f"{location} is a folder", hint="give a CSV file, or --format eto for the ETO folder"
        )
    with local_copy(location) as copy:
        if on_start:
            on_start(copy.path.stat().st_size)
        con = connect_for_writing(db_path)
        try:
            return import_share_csv(con, copy.path, copy.location, year, on_progress)
        finally:
            con.close()


def import_eto_folder(
    con: duckdb.DuckDBPyConnection, folder: Path, on_progress: Callable[[int], None] | None = None
) -> SupplyImportReport:
    """Import the ETO folder into the open store ``con``."""
    files = eto_files(folder)
    read = read_eto(folder, StoreCountries(con), on_progress)
    return import_supply(con, read, "eto", str(folder.resolve()), folder_sha256(files))


def import_share_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    location: str,
    year: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> SupplyImportReport:
    """Import the local CSV of shares ``path`` (read from ``location``) into the open store."""
    rows = con.execute("SELECT input_id, input_name FROM supply_inputs").fetchall()
    known = {str(r[0]): str(r[1]) for r in rows}
    read = read_share_csv(path, StoreCountries(con), known, year, on_progress)
    return import_supply(con, read, "csv", location, file_sha256(path))
