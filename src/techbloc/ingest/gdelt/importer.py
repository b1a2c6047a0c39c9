"""`techbloc import gdelt`: GDELT 2.0 event and mention files into the store (docs/methodology.md,
"News events (GDELT 2.0)").

A run reads every file into temporary staging tables first (DuckDB's CSV reader, every value as
text, then checked and cast in SQL), tags the new events' technology domain (once per distinct
URL and actor name), and then writes all files in **one transaction**: an interrupted or failed
run leaves the store as it was. A file already imported (same SHA-256) is skipped; keys already
stored are skipped row by row, so re-running the same files changes nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb

from techbloc.ingest.gdelt.countries import country_maps, register_maps
from techbloc.ingest.gdelt.domains import DOMAIN_TAGGER_VERSION, DomainTag, DomainTagger
from techbloc.ingest.gdelt.files import GdeltFile, describe, find_files, readable_copy
from techbloc.ingest.gdelt.layout import LAYOUTS
from techbloc.ingest.gdelt.load import (
    FileCounts,
    classify,
    file_counts,
    insert_quarantine,
    insert_rows,
)
from techbloc.ingest.gdelt.stage import StagedFile, create_stage_tables, mend_file, stage_file
from techbloc.ingest.gdelt.temp_tables import temp_table
from techbloc.store.build import build_store
from techbloc.store.manifest import file_sha256

Progress = Callable[[int, int, str], None]
"""Called with (files done, files in all, what is being done)."""
QUARANTINE_SHOWN = 20


@dataclass
class GdeltFileReport:
    location: str
    status: Literal["imported", "already-imported"]
    kind: str = ""
    layout: str = ""
    sha256: str = ""
    import_id: int | None = None
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    rows_already_stored: int = 0


@dataclass
class GdeltImportReport:
    run_id: int | None = None
    files: list[GdeltFileReport] = field(default_factory=list)
    events_added: int = 0
    mentions_added: int = 0
    rows_rejected: int = 0
    rows_already_stored: int = 0
    urls_tagged: int = 0
    urls_seen: int = 0
    events_with_leaf_domain: int = 0
    events_with_parent_domain_only: int = 0
    quarantine: list[dict[str, Any]] = field(default_factory=list)


def import_gdelt(
    db_path: Path, locations: list[str], on_progress: Progress | None = None
) -> GdeltImportReport:
    """Import the GDELT files named (files or folders) into the store at ``db_path``."""
    build_store(db_path)  # the store exists, holds the knowledge base and the latest schema
    paths = find_files(locations)
    con = duckdb.connect(str(db_path))
    try:
        return import_gdelt_into(con, paths, on_progress)
    finally:
        con.close()


def import_gdelt_into(
    con: duckdb.DuckDBPyConnection, paths: list[Path], on_progress: Progress | None = None
) -> GdeltImportReport:
    """Import the GDELT files ``paths`` (found by :func:`find_files`) through ``con``, a
    connection to a store built to the latest schema."""
    with tempfile.TemporaryDirectory(prefix="techbloc-gdelt-") as tmp:
        return _run(con, paths, Path(tmp), on_progress or (lambda *_: None))


def _run(
    con: duckdb.DuckDBPyConnection, paths: list[Path], workdir: Path, progress: Progress
) -> GdeltImportReport:
    report = GdeltImportReport()
    known: dict[str, tuple[str, str, int | None]] = {
        str(sha): (str(kind), str(layout), int(import_id))
        for sha, kind, layout, import_id in con.execute(
            "SELECT file_sha256, file_kind, file_layout, min(import_id) FROM news_imports "
            "GROUP BY ALL"
        ).fetchall()
    }
    create_stage_tables(con)
    staged: list[StagedFile] = []
    for done, path in enumerate(paths):
        progress(done, len(paths), path.name)
        sha = file_sha256(path)
        if sha in known:
            kind, layout, import_id = known[sha]
            report.files.append(
                GdeltFileReport(str(path), "already-imported", kind, layout, sha, import_id)
            )
            continue
        readable = readable_copy(path, workdir)
        copies = {readable} - {path}
        try:
            file = mend_file(describe(path, readable), workdir)
            copies.add(file.readable)
            staged.append(stage_file(con, file, len(staged) + 1, sha))
            known[sha] = (file.kind, file.layout, None)  # the same file twice in a run: once
        finally:
            for copy in copies - {path}:
                copy.unlink(missing_ok=True)
    progress(len(paths), len(paths), "tagging technology domains")
    register_maps(con, country_maps(con))
    report.urls_seen, report.urls_tagged = _tag_domains(con)
    for kind in LAYOUTS:
        classify(con, kind)
    counts = file_counts(con, staged)
    ids = _write(con, staged, counts, report, progress, len(paths)) if staged else {}
    report.files += [_file_report(s, counts[s.file_no], ids[s.file_no], report) for s in staged]
    report.files.sort(key=lambda f: paths.index(Path(f.location)))
    return report


def _write(
    con: duckdb.DuckDBPyConnection,
    staged: list[StagedFile],
    counts: dict[int, FileCounts],
    report: GdeltImportReport,
    progress: Progress,
    total: int,
) -> dict[int, int]:
    """Everything the run adds, in one transaction; returns each file number's import id."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE gdelt_file_ids (file_no INTEGER, import_id INTEGER, "
        "source_location VARCHAR)"
    )
    ids: dict[int, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        report.run_id = _next(con, "news_run_ids")
        for s in staged:
            c = counts[s.file_no]
            import_id = ids[s.file_no] = _next(con, "news_import_ids")
            con.execute("INSERT INTO gdelt_file_ids VALUES (?, ?, ?)",
                        [s.file_no, import_id, str(s.file.source)])  # fmt: skip
            con.execute(
                "INSERT INTO news_imports VALUES (?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?)",
                [import_id, report.run_id, str(s.file.source), s.file.kind, s.file.layout,
                 s.sha256, c.rows_read, c.rows_kept, c.rows_rejected, c.rows_already_stored,
                 DOMAIN_TAGGER_VERSION if s.file.kind == "events" else None],
            )  # fmt: skip
        progress(total, total, "writing events")
        insert_rows(con, "events")
        progress(total, total, "writing mentions")
        insert_rows(con, "mentions")
        progress(total, total, "writing the quarantine")
        insert_quarantine(con)
        _summarise(con, report)
        con.execute("COMMIT")
    except BaseException:  # an interruption (Ctrl-C) too: the store stays as it was
        con.execute("ROLLBACK")
        raise
    return ids


def _next(con: duckdb.DuckDBPyConnection, sequence: str) -> int:
    row = con.execute(f"SELECT nextval('{sequence}')").fetchone()
    assert row is not None
    return int(row[0])


def _summarise(con: duckdb.DuckDBPyConnection, report: GdeltImportReport) -> None:
    row = con.execute(
        "SELECT count(*) FILTER (WHERE domain_id IS NOT NULL), "
        "count(*) FILTER (WHERE domain_id IS NULL AND domain_parent_id IS NOT NULL) "
        "FROM news_events WHERE import_id IN (SELECT import_id FROM gdelt_file_ids)"
    ).fetchone()
    if row:
        report.events_with_leaf_domain, report.events_with_parent_domain_only = map(int, row)
    cursor = con.execute(
        "SELECT q.source_location, q.source_row, q.field, q.reason, q.value "
        "FROM news_quarantine q JOIN gdelt_file_ids f USING (import_id) "
        f"ORDER BY f.file_no, q.source_row, q.field NULLS FIRST LIMIT {QUARANTINE_SHOWN}"
    )
    names = [d[0] for d in cursor.description]
    report.quarantine = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def _file_report(
    s: StagedFile, c: FileCounts, import_id: int, report: GdeltImportReport
) -> GdeltFileReport:
    f: GdeltFile = s.file
    if f.kind == "events":
        report.events_added += c.rows_kept
    else:
        report.mentions_added += c.rows_kept
    report.rows_rejected += c.rows_rejected
    report.rows_already_stored += c.rows_already_stored
    return GdeltFileReport(
        str(f.source), "imported", f.kind, f.layout, s.sha256, import_id, c.rows_read,
        c.rows_kept, c.rows_rejected, c.rows_already_stored,
    )  # fmt: skip


def _tag_domains(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """``gdelt_url_tags`` and ``gdelt_name_tags`` (text, domain_id, domain_parent_id, terms) for
    the distinct URLs and actor names of the run's good events that name a domain; returns
    (distinct URLs, URLs tagged)."""
    good = "FROM gdelt_stage_events WHERE len(problems) = 0"
    urls = [str(r[0]) for r in con.execute(
        f"SELECT DISTINCT source_url {good} AND source_url IS NOT NULL").fetchall()]  # fmt: skip
    names = [str(r[0]) for r in con.execute(
        f"SELECT DISTINCT name FROM (SELECT actor1_name AS name {good} UNION "
        f"SELECT actor2_name {good}) WHERE name IS NOT NULL").fetchall()]  # fmt: skip
    tagger = DomainTagger.from_store(con) if urls or names else None
    url_tags = {u: t for u in urls if tagger and (t := tagger.tag_url(u))}
    name_tags = {n: t for n in names if tagger and (t := tagger.tag(n))}
    _tag_table(con, "gdelt_url_tags", url_tags)
    _tag_table(con, "gdelt_name_tags", name_tags)
    return len(urls), len(url_tags)


def _tag_table(con: duckdb.DuckDBPyConnection, name: str, tags: dict[str, DomainTag]) -> None:
    temp_table(con, name, {
        "text": ("VARCHAR", list(tags)),
        "domain_id": ("VARCHAR", [t.domain_id for t in tags.values()]),
        "domain_parent_id": ("VARCHAR", [t.domain_parent_id for t in tags.values()]),
        "terms": ("VARCHAR[]", [list(t.terms) for t in tags.values()]),
    })  # fmt: skip
