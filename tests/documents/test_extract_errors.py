"""Files that cannot become documents give a DocumentError with a kind and a reason, never a
traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techbloc.documents.errors import DocumentError
from techbloc.documents.extract import extract_bytes, extract_file, read_documents
from tests.documents.fixtures import DOCS


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


FILE_CASES = [
    ("encrypted.pdf", "encrypted", "encrypted with a password"),
    ("truncated.pdf", "broken", "truncated"),
    ("scanned.pdf", "empty", "no text layer"),
    ("image.png", "unsupported", "a PNG image"),
]
BYTES_CASES = [
    ("notes.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage\n%%EOF\n", "broken"),
    ("report.docx", (DOCS / "chip4_bilingual.docx").read_bytes()[:3000], "broken"),
    ("sheet.xlsx", _zip({"xl/workbook.xml": b"<workbook/>"}), "unsupported"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "unsupported"),
    ("blob.bin", bytes(range(256)) * 8, "unsupported"),
    ("data.json", b'{"name": "not a Federal Register document"}', "unsupported"),
    ("feed.xml", b"<?xml version='1.0'?><rss><channel/></rss>", "unsupported"),
    ("fr.xml", b"<RULE><PREAMB><SUBJECT>S</SUBJECT></PREAMB></RULE>", "unsupported"),
    ("fr.xml", b"<RULE><PREAMB><SUBJECT>S</SUB", "broken"),
    ("blank.txt", b" \n\n\t\n", "empty"),
    ("empty.html", b"<html><body><nav>menu</nav></body></html>", "empty"),
    ("fr.json", b'{"count": 0, "results": []}', "empty"),
]


@pytest.mark.parametrize(("name", "kind", "reason"), FILE_CASES)
def test_fixture_files_that_fail(name: str, kind: str, reason: str) -> None:
    with pytest.raises(DocumentError) as caught:
        extract_file(DOCS / name, location=f"https://example.org/{name}")
    assert caught.value.kind == kind and reason in caught.value.reason
    assert caught.value.file == f"https://example.org/{name}"
    assert caught.value.message.startswith(f"https://example.org/{name}: ")


@pytest.mark.parametrize(("name", "data", "kind"), BYTES_CASES)
def test_bytes_that_fail(name: str, data: bytes, kind: str) -> None:
    with pytest.raises(DocumentError) as caught:
        extract_bytes(data, name)
    assert caught.value.kind == kind and caught.value.file == name


def test_a_search_response_is_several_documents_not_one() -> None:
    data = (DOCS / "fr_search.json").read_bytes()
    assert len(read_documents(data, "fr_search.json")) == 2
    with pytest.raises(DocumentError, match="holds 2 documents"):
        extract_bytes(data, "fr_search.json")


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        extract_file(tmp_path / "gone.pdf")
    assert caught.value.kind == "unreadable"


PDF = (DOCS / "en_briefing.pdf").read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(PDF) - 1), st.binary(min_size=1, max_size=64))
def test_a_damaged_pdf_is_read_or_refused_never_a_traceback(at: int, noise: bytes) -> None:
    damaged = PDF[:at] + noise + PDF[at + len(noise) :]
    try:
        doc = extract_bytes(damaged, "damaged.pdf")
    except DocumentError as exc:
        assert exc.kind in ("broken", "empty", "unsupported", "encrypted")
    else:
        assert doc.text


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.md", "a.html", "a.pdf", "a"]))
def test_any_bytes_are_read_or_refused_never_a_traceback(data: bytes, name: str) -> None:
    try:
        doc = extract_bytes(data, name)
    except DocumentError as exc:
        assert exc.kind in ("broken", "empty", "unsupported")
    else:
        assert doc.text and doc.blocks[-1].end == len(doc.text)
