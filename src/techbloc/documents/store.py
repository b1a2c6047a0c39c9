"""Import policy documents into the store: all or nothing, duplicates skipped, failures recorded.

A location is a file, a folder (walked recursively in sorted order, hidden files and folders
skipped) or an http(s) URL. For every file, in one transaction:

* a file over ``max_bytes`` is a 'too-large' failure; one that cannot be read is a failure of its
  kind (see ``errors.ErrorKind``) with the reason, and the batch goes on;
* a document whose ``content_sha256`` is already stored (by an earlier import or earlier in this
  batch) is a duplicate and changes nothing;
* a new document lands with its original bytes, its blocks and, when a tagger is given, its
  mentions, stances and event dates;
* a Federal Register document also lands as a candidate measure (by document number), linked to a
  knowledge-base measure (``fr_links``); a second copy of the same document (the JSON after the
  XML) fills in what the first left empty and never overwrites it.

A run that adds nothing, updates no candidate measure and meets no new failure writes nothing (no
import row either): re-running an import changes nothing. Any other exception (a tagger error, an
interruption) rolls the whole call back.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import duckdb

from techbloc.documents.errors import DocumentError, ErrorKind
from techbloc.documents.extract import ReadDocument, read_file
from techbloc.documents.federal_register import CandidateMeasure
from techbloc.documents.fr_links import KbMeasure, link_candidate, load_kb_measures
from techbloc.documents.model import ExtractedDocument, TagResult
from techbloc.documents.search_index import index_documents
from techbloc.documents.tag_rows import insert_rows, insert_tags
from techbloc.errors import InvalidArgument
from techbloc.ingest.source import local_copy
from techbloc.store.build import build_store
from techbloc.store.connection import connect_for_writing

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
Tagger = Callable[[ExtractedDocument], TagResult]
_BLOCK_TYPES = ["VARCHAR", "INTEGER", "INTEGER", "VARCHAR", "INTEGER", "INTEGER"]
Progress = Callable[[int, int, str], None]
"""Called with (files done, files in all, the file starting now; '' when all are done)."""


@dataclass(frozen=True)
class AddedDocument:
    location: str
    doc_id: str
    title: str | None
    language: str
    format: str
    pages: int | None
    mentions: int


@dataclass(frozen=True)
class DuplicateDocument:
    location: str
    doc_id: str
    title: str | None


@dataclass(frozen=True)
class FailedDocument:
    location: str
    kind: ErrorKind
    reason: str


@dataclass(frozen=True)
class CandidateOutcome:
    document_number: str
    status: str
    """added, updated (filled in or relinked) or unchanged."""
    citation: str | None
    linked_measure_id: str | None
    link_reason: str | None


@dataclass
class DocumentImportReport:
    """What one call did; ``import_id`` is None when it wrote nothing."""

    import_id: int | None = None
    files_seen: int = 0
    added: list[AddedDocument] = field(default_factory=list)
    duplicates: list[DuplicateDocument] = field(default_factory=list)
    failures: list[FailedDocument] = field(default_factory=list)
    candidates: list[CandidateOutcome] = field(default_factory=list)


def expand_locations(locations: Sequence[str]) -> list[str]:
    """Files to read: URLs as given, folders walked (sorted, hidden entries skipped)."""
    files: list[str] = []
    for location in locations:
        if location.startswith(("http://", "https://")):
            files.append(location)
            continue
        path = Path(location).expanduser()
        if path.is_dir():
            files += [
                str(p.resolve())
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
        elif path.is_file():
            files.append(str(path.resolve()))
        else:
            raise InvalidArgument(
                f"no such file or folder: {location}", hint="give files, folders or http(s) URLs"
            )
    return files


def import_documents(
    db_path: Path,
    locations: Sequence[str],
    *,
    tagger: Tagger | None = None,
    on_progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    tagger_version: str | None = None,
    tag_with_store_kb: bool = False,
) -> DocumentImportReport:
    """Import every document at ``locations`` (see the module docstring), all or nothing.

    With ``tag_with_store_kb`` (and no ``tagger``) documents are tagged by the document tagger
    built from the knowledge base in the store, the one the CLI and the Python API use."""
    files = expand_locations(locations)
    build_store(db_path)  # the store exists with the latest schema and the knowledge base
    con = connect_for_writing(db_path)
    try:
        if tagger is None and tag_with_store_kb:
            tagger, tagger_version = store_tagger(con)
        report = import_files(
            con, files, locations, tagger=tagger, tagger_version=tagger_version,
            on_progress=on_progress, max_bytes=max_bytes,
        )  # fmt: skip
    finally:
        con.close()
    if on_progress:
        on_progress(len(files), len(files), "")
    return report


def import_files(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[str],
    locations: Sequence[str] | None = None,
    *,
    tagger: Tagger | None = None,
    tagger_version: str | None = None,
    on_progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> DocumentImportReport:
    """Import the files (paths or URLs) into the open store ``con``, in one transaction;
    ``locations`` are what the user named (recorded with the import; default the files)."""
    con.execute("BEGIN TRANSACTION")
    try:
        run = _Run(con, tagger, tagger_version, max_bytes)
        for done, location in enumerate(files):
            if on_progress:
                on_progress(done, len(files), location)
            run.import_location(location)
        run.finish(locations if locations is not None else files, len(files))
        if run.report.added:  # searchable as soon as committed; rolled back with the import
            index_documents(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return run.report


def store_tagger(con: duckdb.DuckDBPyConnection) -> tuple[Tagger, str]:
    """The document tagger over the store's knowledge base, and its version."""
    from techbloc.documents.tagging import TAGGER_VERSION, DocumentTagger

    tagger = DocumentTagger.from_store(con)
    return (lambda doc: tagger.tag(doc.text, doc.blocks)), TAGGER_VERSION


class _Run:
    """One call of import_documents, inside its transaction."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, tagger: Tagger | None, tagger_version: str | None,
        max_bytes: int,
    ) -> None:  # fmt: skip
        self.con, self.tagger, self.tagger_version = con, tagger, tagger_version
        self.max_bytes = max_bytes
        self.report = DocumentImportReport()
        self._kb: list[KbMeasure] | None = None

    @property
    def import_id(self) -> int:
        """Taken the first time something is written, so a run that writes nothing leaves none."""
        if self.report.import_id is None:
            row = self.con.execute("SELECT nextval('document_import_ids')").fetchone()
            self.report.import_id = int(row[0]) if row else 0
        return self.report.import_id

    def import_location(self, location: str) -> None:
        try:
            found, source = self._read(location)
        except DocumentError as exc:
            self._fail(location, exc.kind, exc.reason)
            return
        except InvalidArgument as exc:  # a download that failed, a file that vanished
            self._fail(location, "unreadable", exc.message)
            return
        for item in found:
            self._store(item, source)

    def _read(self, location: str) -> tuple[list[ReadDocument], str]:
        with local_copy(location) as copy:
            size = copy.path.stat().st_size
            if size > self.max_bytes:
                raise DocumentError(
                    location, "too-large",
                    f"{_size(size)} is over the limit of {_size(self.max_bytes)}",
                )  # fmt: skip
            try:
                return read_file(copy.path, location=copy.location), copy.location
            except DocumentError:
                raise
            except Exception as exc:  # noqa: BLE001 - a reader library failing on odd input
                raise DocumentError(
                    location, "broken", f"cannot be read ({type(exc).__name__}: {exc})"
                ) from exc

    def _store(self, item: ReadDocument, location: str) -> None:
        doc = item.document
        stored = self.con.execute(
            "SELECT doc_id FROM documents WHERE content_sha256 = ?", [doc.content_sha256]
        ).fetchone()
        if stored:
            self.report.duplicates.append(DuplicateDocument(location, str(stored[0]), doc.title))
        else:
            mentions = self._insert(doc, item.original, location)
            self.report.added.append(
                AddedDocument(
                    location, doc.doc_id, doc.title, doc.language, doc.format, doc.pages, mentions
                )  # fmt: skip
            )
        if item.candidate is not None:
            self._upsert_candidate(item.candidate, str(stored[0]) if stored else doc.doc_id)

    def _insert(self, doc: ExtractedDocument, original: bytes, location: str) -> int:
        self.con.execute(
            """INSERT INTO documents (doc_id, content_sha256, original_sha256, title, language,
                   published, format, media_type, pages, chars, source_location, file_name, text,
                   original, metadata, tagger_version, import_id, imported_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""",
            [doc.doc_id, doc.content_sha256, doc.original_sha256, doc.title, doc.language,
             doc.published, doc.format, doc.media_type, doc.pages, len(doc.text), location,
             _file_name(location), doc.text, original,
             json.dumps(doc.metadata, ensure_ascii=False, default=str),
             self.tagger_version if self.tagger else None, self.import_id],
        )  # fmt: skip
        insert_rows(
            self.con, "document_blocks", _BLOCK_TYPES,
            [(doc.doc_id, b.index, b.page, b.kind, b.start, b.end) for b in doc.blocks],
        )  # fmt: skip
        if self.tagger is None:
            return 0
        return insert_tags(self.con, doc, self.tagger(doc))

    def _upsert_candidate(self, candidate: CandidateMeasure, doc_id: str) -> None:
        columns = [f.name for f in dataclasses.fields(CandidateMeasure)]
        row = self.con.execute(
            f"SELECT doc_id, {', '.join(columns)}, linked_measure_id, link_reason "
            "FROM candidate_measures WHERE document_number = ?",
            [candidate.document_number],
        ).fetchone()
        merged, stored_doc = candidate, doc_id
        if row:  # what is stored stays; the new copy only fills what is empty
            stored_doc = row[0] or doc_id
            old = dict(zip(columns, row[1 : 1 + len(columns)], strict=True))
            merged = CandidateMeasure(**{
                name: old[name] if old[name] not in (None, []) else getattr(candidate, name)
                for name in columns
            })  # fmt: skip
        if self._kb is None:
            self._kb = load_kb_measures(self.con)
        link = link_candidate(merged, self._kb)
        values = [stored_doc, *(getattr(merged, c) for c in columns),
                  link.measure_id if link else None, link.reason if link else None]  # fmt: skip
        status = "unchanged" if row and list(row) == values else "updated" if row else "added"
        if status != "unchanged":
            self.con.execute(
                "DELETE FROM candidate_measures WHERE document_number = ?",
                [candidate.document_number],
            )
            self.con.execute(
                f"INSERT INTO candidate_measures (doc_id, {', '.join(columns)}, linked_measure_id, "
                f"link_reason, import_id) VALUES ({', '.join('?' * (len(columns) + 4))})",
                [*values, self.import_id],
            )
        self.report.candidates.append(
            CandidateOutcome(merged.document_number, status, merged.citation,
                             link.measure_id if link else None, link.reason if link else None)
        )  # fmt: skip

    def _fail(self, location: str, kind: ErrorKind, reason: str) -> None:
        self.report.failures.append(FailedDocument(location, kind, reason))
        known = self.con.execute(
            "SELECT 1 FROM document_failures WHERE source_location = ? AND error_kind = ? "
            "AND reason = ?",
            [location, kind, reason],
        ).fetchone()
        if not known:
            self.con.execute(
                "INSERT INTO document_failures VALUES (?, ?, ?, ?)",
                [self.import_id, location, kind, reason],
            )

    def finish(self, locations: Sequence[str], files_seen: int) -> None:
        self.report.files_seen = files_seen
        if self.report.import_id is None:
            return
        self.con.execute(
            "INSERT INTO document_imports VALUES (?, ?, now(), ?, ?, ?, ?)",
            [self.report.import_id, "; ".join(locations), files_seen, len(self.report.added),
             len(self.report.duplicates), len(self.report.failures)],
        )  # fmt: skip


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count / 2**10:.1f} KB"


def _file_name(location: str) -> str:
    return PurePosixPath(location.rstrip("/")).name
