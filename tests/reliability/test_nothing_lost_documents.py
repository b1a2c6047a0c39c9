"""A folder of documents mixing good files with every kind of bad one (and Federal Register
files, good and broken): every good file lands, every bad file is recorded as a failure with its
kind and reason, and the same folder again changes nothing."""

from __future__ import annotations

from pathlib import Path

from techbloc.documents.store import import_documents
from tests.reliability.digests import digests, rows

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
FR_XML = (
    '<?xml version="1.0" encoding="GBK"?><RULE><PREAMB><AGENCY>商务部</AGENCY><SUBJECT>出口管制'
    "</SUBJECT></PREAMB><P>本规则自发布之日起施行。</P><FRDOC>[FR Doc. 2099-00001 Filed 1-2-99]"
    "</FRDOC></RULE>"
)


def test_good_files_land_bad_files_are_recorded_and_a_rerun_changes_nothing(
    fresh_store: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    good = {
        "notice.txt": (DOCS / "zh_notice.txt").read_bytes(),
        "notes.md": (DOCS / "wassenaar_notes.md").read_bytes(),
        "page_named.pdf": (DOCS / "en_news.html").read_bytes(),  # HTML named .pdf
        "chip4.docx": (DOCS / "chip4_bilingual.docx").read_bytes(),
        "briefing.pdf": (DOCS / "en_briefing.pdf").read_bytes(),
        "fr.json": (DOCS / "fr_2022-21658.json").read_bytes(),
        "fr_gbk.xml": FR_XML.encode("gbk"),
        "notice_utf16.txt": "关于出口管制的通知\n\n全文如下。".encode("utf-16"),
    }
    bad = {
        "truncated.pdf": ("broken", (DOCS / "truncated.pdf").read_bytes()),
        "encrypted.pdf": ("encrypted", (DOCS / "encrypted.pdf").read_bytes()),
        "image.png": ("unsupported", (DOCS / "image.png").read_bytes()),
        "empty.txt": ("empty", b""),
        "binary.txt": ("unsupported", bytes(range(256)) * 4),
        "broken_fr.json": ("unsupported", b'{"document_number": "2099-1", "title": '),
        "nested.json": ("unsupported", b"[" * 5000 + b"]" * 5000),
        "other.xml": ("unsupported", b"<catalog><book>x</book></catalog>"),
        "cut.docx": ("broken", (DOCS / "chip4_bilingual.docx").read_bytes()[:5000]),
        "scan.pdf": ("empty", (DOCS / "scanned.pdf").read_bytes()),
    }
    for name, data in good.items():
        (folder / name).write_bytes(data)
    for name, (_, data) in bad.items():
        (folder / name).write_bytes(data)
    report = import_documents(fresh_store, [str(folder)])
    landed = {r[0] for r in rows(fresh_store, "SELECT file_name FROM documents")}
    assert landed == set(good)
    failures = rows(
        fresh_store, "SELECT source_location, error_kind, reason FROM document_failures"
    )
    assert {Path(str(loc)).name: kind for loc, kind, _ in failures} == {
        name: kind for name, (kind, _) in bad.items()
    }
    assert all(str(reason).strip() for _, _, reason in failures)
    assert {c.document_number for c in report.candidates} == {"2022-21658", "2099-00001"}

    before = digests(fresh_store)
    again = import_documents(fresh_store, [str(folder)])
    assert again.import_id is None and not again.added
    assert digests(fresh_store) == before
