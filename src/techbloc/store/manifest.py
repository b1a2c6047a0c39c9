"""The manifest of a store export: what the folder holds and how to check it.

``manifest.json`` names the format and its version, the techbloc and DuckDB versions that wrote
it, when, the store's schema version and every migration applied, and per table its Parquet file,
row count, columns with their types, the file's SHA-256 and the rows' content digest
(:mod:`techbloc.store.digest`); the sequences' positions; whether the store had a full-text index.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from techbloc.errors import InvalidArgument

MANIFEST = "manifest.json"
FORMAT = "techbloc-store-export"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class TableEntry:
    file: str
    rows: int
    columns: list[dict[str, str]]
    """[{"name": …, "type": …}] in table order."""
    sha256: str
    content_digest: str


@dataclass
class Manifest:
    techbloc_version: str
    duckdb_version: str
    created_at: str
    schema_version: int
    migrations: list[dict[str, Any]]
    """[{"version": 1, "name": "knowledge_base", "applied_at": …}] as the store recorded them."""
    tables: dict[str, TableEntry] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)
    """Sequence name → the next value it may give (never one it gave before)."""
    fts_index: bool = False
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def write(self, folder: Path) -> Path:
        path = folder / MANIFEST
        data = asdict(self)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return path


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a MiB at a time (exports, and the imports that skip a
    file already imported)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> Manifest:
    """The manifest of the export in ``folder``; an InvalidArgument naming what is wrong."""
    path = folder / MANIFEST
    if not path.is_file():
        raise InvalidArgument(
            f"{folder} holds no {MANIFEST}: not a techbloc export",
            hint="give a folder written by 'techbloc export'",
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, not {FORMAT!r}")
        if int(data.get("format_version", 0)) > FORMAT_VERSION:
            raise InvalidArgument(
                f"{path} is export format {data['format_version']}, newer than this techbloc "
                f"reads ({FORMAT_VERSION})",
                hint="restore it with a newer techbloc",
            )
        tables = {name: TableEntry(**entry) for name, entry in data.pop("tables").items()}
        return Manifest(**data, tables=tables)
    except InvalidArgument:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidArgument(f"{path} cannot be read: {exc}") from None
