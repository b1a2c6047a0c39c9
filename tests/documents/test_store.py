"""import_documents on a real store: what lands, duplicates, failures, re-runs, rollback, tags and
candidate measures."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.documents.extract import extract_file
from techbloc.documents.model import ExtractedDocument, TagResult
from techbloc.documents.store import expand_locations, import_documents
from techbloc.errors import InvalidArgument
from tests.documents.fixtures import DOCS, tag_word
from tests.shared_data import shared_dataset

TABLES = ("documents", "document_blocks", "document_imports", "document_failures",
          "document_mentions", "document_stances", "document_event_dates", "candidate_measures",
          "document_search")  # fmt: skip


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every document table, in a fixed order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def folder(tmp_path: Path, *names: str) -> Path:
    target = tmp_path / "batch"
    target.mkdir()
    for name in names:
        shutil.copyfile(DOCS / name, target / name)
    return target


BATCH = ("zh_briefing.pdf", "encrypted.pdf", "en_news.html", "truncated.pdf", "zh_briefing.txt",
         "chip4_bilingual.docx", "image.png")  # fmt: skip


def test_a_batch_lands_with_its_failures_recorded(fresh_store: Path, tmp_path: Path) -> None:
    batch = folder(tmp_path, *BATCH)
    (batch / ".hidden.txt").write_text("不应导入的隐藏文件内容。", encoding="utf-8")
    seen: list[tuple[int, int, str]] = []
    report = import_documents(fresh_store, [str(batch)], on_progress=lambda *a: seen.append(a))
    assert report.files_seen == 7 and report.import_id == 1
    assert [Path(d.location).name for d in report.added] == [
        "chip4_bilingual.docx", "en_news.html", "zh_briefing.pdf",
    ]  # fmt: skip
    assert [(Path(d.location).name, d.doc_id) for d in report.duplicates] == [
        ("zh_briefing.txt", extract_file(DOCS / "zh_briefing.pdf").doc_id),
    ]
    assert [(Path(f.location).name, f.kind) for f in report.failures] == [
        ("encrypted.pdf", "encrypted"), ("image.png", "unsupported"), ("truncated.pdf", "broken"),
    ]  # fmt: skip
    assert seen[0] == (0, 7, str(batch / "chip4_bilingual.docx")) and seen[-1] == (7, 7, "")
    assert query(fresh_store, "SELECT count(*) FROM documents") == [(3,)]
    assert query(
        fresh_store, "SELECT files_seen, added, duplicates, failed FROM document_imports"
    ) == [(7, 3, 1, 3)]
    failures = query(fresh_store, "SELECT error_kind, reason FROM document_failures ORDER BY 1")
    assert failures[0] == ("broken", "the PDF is truncated: it has no %%EOF marker at its end")


def test_stored_document_round_trips(fresh_store: Path) -> None:
    path = DOCS / "zh_briefing.pdf"
    doc = extract_file(path)
    import_documents(fresh_store, [str(path)])
    [row] = query(
        fresh_store,
        "SELECT doc_id, title, language, published, format, pages, chars, text, original, "
        "file_name, metadata->>'title_source' FROM documents",
    )
    assert row == (
        doc.doc_id, doc.title, "zh", doc.published, "pdf", 2, len(doc.text), doc.text,
        path.read_bytes(), "zh_briefing.pdf", "PDF metadata /Title",
    )  # fmt: skip
    blocks = query(
        fresh_store,
        "SELECT block_index, page, kind, start_offset, end_offset FROM document_blocks "
        "ORDER BY block_index",
    )
    assert blocks == [(b.index, b.page, b.kind, b.start, b.end) for b in doc.blocks]


def test_reimport_changes_nothing(fresh_store: Path, tmp_path: Path) -> None:
    batch = folder(tmp_path, *BATCH, "fr_search.json")
    import_documents(fresh_store, [str(batch)])
    before = snapshot(fresh_store)
    again = import_documents(fresh_store, [str(batch)])
    assert again.import_id is None and again.added == []
    assert len(again.duplicates) == 6 and len(again.failures) == 3
    assert [c.status for c in again.candidates] == ["unchanged", "unchanged"]
    assert snapshot(fresh_store) == before


class Interrupted(Exception):
    pass


def test_an_exception_mid_batch_leaves_the_store_as_it_was(
    fresh_store: Path, tmp_path: Path
) -> None:
    import_documents(fresh_store, [str(DOCS / "en_news.html")])
    before = snapshot(fresh_store)
    calls: list[str] = []

    def failing_tagger(doc: ExtractedDocument) -> TagResult:
        calls.append(doc.doc_id)
        if len(calls) == 2:
            raise Interrupted("the tagger broke on the second document")
        return tag_word(doc)

    batch = folder(tmp_path, "zh_briefing.pdf", "zh_guidance.html", "wassenaar_notes.md")
    with pytest.raises(Interrupted):
        import_documents(
            fresh_store, [str(batch), str(DOCS / "encrypted.pdf")], tagger=failing_tagger
        )
    assert len(calls) == 2
    assert snapshot(fresh_store) == before


def test_tagger_mentions_round_trip_through_the_store(fresh_store: Path) -> None:
    path = DOCS / "zh_briefing.pdf"
    report = import_documents(
        fresh_store, [str(path), str(DOCS / "en_news.html")], tagger=tag_word,
        tagger_version="literal-1",
    )  # fmt: skip
    assert [d.mentions for d in report.added] == [1, 0]
    doc = extract_file(path)
    [expected] = tag_word(doc).mentions
    rows = query(
        fresh_store,
        "SELECT doc_id, mention_type, key, surface, start_offset, end_offset, block_index, page, "
        "sentence, method FROM document_mentions",
    )
    assert rows == [
        (doc.doc_id, "alliance", "wassenaar", "瓦森纳", expected.start, expected.end, 3, 1,
         expected.sentence, "literal"),
    ]  # fmt: skip
    assert doc.text[expected.start : expected.end] == "瓦森纳"
    assert query(fresh_store, "SELECT DISTINCT tagger_version FROM documents") == [("literal-1",)]


def test_a_mention_off_its_span_stops_the_import(fresh_store: Path) -> None:
    def shifted(doc: ExtractedDocument) -> TagResult:
        result = tag_word(doc)
        m = result.mentions[0]
        result.mentions[0] = type(m)(**{**m.__dict__, "start": m.start + 1, "end": m.end + 1})
        return result

    before = snapshot(fresh_store)
    with pytest.raises(ValueError, match="does not hold its surface"):
        import_documents(fresh_store, [str(DOCS / "zh_briefing.pdf")], tagger=shifted)
    assert snapshot(fresh_store) == before


def test_federal_register_json_becomes_linked_candidate_measures(fresh_store: Path) -> None:
    report = import_documents(
        fresh_store, [str(DOCS / "fr_2022-21658.json"), str(DOCS / "fr_search.json")]
    )
    assert len(report.added) == 3
    rows = query(
        fresh_store,
        "SELECT c.document_number, c.citation, c.linked_measure_id, d.format, d.published "
        "FROM candidate_measures c JOIN documents d USING (doc_id) ORDER BY 1",
    )
    assert [r[:3] for r in rows] == [
        ("2022-21658", "87 FR 62186", "us-2022-10-07-advanced-computing-sme-rule"),
        ("2022-21714", "87 FR 61971", "us-2022-10-07-unverified-list-31"),
        ("2023-03929", "88 FR 12170", None),
    ]
    assert {r[3] for r in rows} == {"fr-json"}
    [reason] = query(
        fresh_store,
        "SELECT link_reason FROM candidate_measures WHERE document_number = '2022-21658'",
    )
    assert reason == ("citation: the measure cites 87 FR 62186, the first page of this document "
                      "(87 FR 62186)",)  # fmt: skip


def test_xml_then_json_of_one_rule_fill_one_candidate_measure(fresh_store: Path) -> None:
    xml = shared_dataset("federal-register-samples", "FR_2023-03929_entity_list_additions.xml")
    first = import_documents(fresh_store, [str(xml)])
    assert [c.status for c in first.candidates] == ["added"]
    second = import_documents(fresh_store, [str(DOCS / "fr_search.json")])
    assert [c.status for c in second.candidates] == ["added", "updated"]
    [row] = query(
        fresh_store,
        "SELECT doc_id, citation, volume, start_page, end_page, publication_date, effective_date, "
        "agencies, rin FROM candidate_measures WHERE document_number = '2023-03929'",
    )
    assert row[0] == first.added[0].doc_id  # the first copy's document stays
    assert row[1:7] == (
        "88 FR 12170", 88, 12170, 12175, dt.date(2023, 2, 27), dt.date(2023, 2, 24),
    )  # fmt: skip
    assert row[7] == ["DEPARTMENT OF COMMERCE", "Bureau of Industry and Security"]
    assert row[8] == "0694-AJ13"


def test_xml_and_json_of_one_rule_in_one_batch(fresh_store: Path) -> None:
    xml = shared_dataset("federal-register-samples", "FR_2023-03929_entity_list_additions.xml")
    report = import_documents(fresh_store, [str(xml), str(DOCS / "fr_search.json")])
    assert [(c.document_number, c.status) for c in report.candidates] == [
        ("2023-03929", "added"), ("2022-21714", "added"), ("2023-03929", "updated"),
    ]  # fmt: skip
    rows = query(fresh_store, "SELECT document_number, citation, rin FROM candidate_measures")
    assert sorted(rows) == [("2022-21714", "87 FR 61971", None),
                            ("2023-03929", "88 FR 12170", "0694-AJ13")]  # fmt: skip
    again = import_documents(fresh_store, [str(xml), str(DOCS / "fr_search.json")])
    assert {c.status for c in again.candidates} == {"unchanged"} and again.import_id is None


def test_too_large_files_are_reported(fresh_store: Path) -> None:
    report = import_documents(
        fresh_store, [str(DOCS / "zh_notice.txt"), str(DOCS / "zh_briefing.pdf")], max_bytes=1024
    )
    assert [Path(d.location).name for d in report.added] == ["zh_notice.txt"]
    [failure] = report.failures
    assert failure.kind == "too-large" and failure.reason == "4.8 KB is over the limit of 1.0 KB"


def test_a_missing_location_is_refused_before_anything_is_written(fresh_store: Path) -> None:
    before = snapshot(fresh_store)
    with pytest.raises(InvalidArgument, match="no such file or folder: nowhere.pdf"):
        import_documents(fresh_store, [str(DOCS / "zh_notice.txt"), "nowhere.pdf"])
    assert snapshot(fresh_store) == before


def test_folders_are_walked_sorted_without_hidden_entries(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.md", "a/.secret/x.txt", ".hidden.txt", "c/y.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = expand_locations([str(tmp_path)])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == [
        "a/z.md",
        "b.txt",
        "c/y.html",
    ]
    assert expand_locations(["https://example.org/a.pdf"]) == ["https://example.org/a.pdf"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def served_docs() -> Iterator[str]:
    """The fixture folder over HTTP on this machine."""
    handler = functools.partial(QuietHandler, directory=str(DOCS))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()


def test_urls_are_downloaded_and_a_failed_download_is_reported(
    fresh_store: Path, served_docs: str
) -> None:
    report = import_documents(
        fresh_store, [f"{served_docs}/zh_guidance.html", f"{served_docs}/missing.pdf"]
    )
    [added] = report.added
    assert added.location == f"{served_docs}/zh_guidance.html" and added.language == "zh"
    [failure] = report.failures
    assert failure.kind == "unreadable" and "404" in failure.reason
    assert query(fresh_store, "SELECT source_location, file_name FROM documents") == [
        (f"{served_docs}/zh_guidance.html", "zh_guidance.html"),
    ]
