"""Which format a file is in: from its bytes first, then from its name.

A ``.pdf`` that holds an HTML page is read as HTML; a Word file named ``.txt`` is read as Word.
Known binary formats techbloc does not read (images, archives, legacy Office) and bytes that are not
text in any encoding it reads are DocumentErrors of kind 'unsupported'.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from techbloc.documents.errors import DocumentError
from techbloc.documents.model import DocumentFormat
from techbloc.documents.plain_text import decode_text
from techbloc.ingest.archives import ZIP_ERRORS
from techbloc.ingest.json_items import loads

_OTHER_BINARY = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls/.ppt)",
     "save it as .docx or PDF"),
    (b"\x89PNG", "a PNG image", "techbloc does no OCR"),
    (b"\xff\xd8\xff", "a JPEG image", "techbloc does no OCR"),
    (b"GIF8", "a GIF image", None),
    (b"II*\x00", "a TIFF image", "techbloc does no OCR"),
    (b"MM\x00*", "a TIFF image", "techbloc does no OCR"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it first"),
    (b"{\\rtf", "an RTF file", "save it as .docx or PDF"),
)  # fmt: skip
_FR_XML = re.compile(r"<(RULE|PRORULE|NOTICE|PRESDOCU|FEDREG|RULES|PRORULES|NOTICES)[\s>]")
_HTML = re.compile(r"<(!doctype\s+html|html|head|body|meta|title|p|div|h1)[\s>]", re.IGNORECASE)
_HTML_PAGE = re.compile(r"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
"""What only an HTML page has (FR XML has <P> paragraphs too)."""
MEDIA_TYPES: dict[DocumentFormat, str] = {
    "pdf": "application/pdf", "html": "text/html", "txt": "text/plain", "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "fr-json": "application/json", "fr-xml": "application/xml",
}  # fmt: skip


def sniff_format(data: bytes, name: str) -> DocumentFormat:
    """The format of ``data`` (a file called ``name``)."""
    suffix = PurePosixPath(name.lower()).suffix
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    for magic, what, hint in _OTHER_BINARY:
        if data.startswith(magic):
            raise DocumentError(name, "unsupported", f"{what}, not a document techbloc reads", hint)
    text = decode_text(data)
    if text is None:
        raise DocumentError(
            name, "unsupported", "binary data of an unknown type (not PDF, Word, HTML or text)"
        )
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("<"):
        if _FR_XML.search(head) and not _HTML_PAGE.search(head[:200]):
            return "fr-xml"
        if _HTML.search(head) or suffix in (".html", ".htm", ".xhtml"):
            return "html"
        raise DocumentError(name, "unsupported", "XML that is not Federal Register full text")
    if head.startswith(("{", "[")):
        if _fr_json(text):
            return "fr-json"
        raise DocumentError(name, "unsupported", "JSON that is not a Federal Register document")
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix in (".html", ".htm") and _HTML.search(head):
        return "html"
    return "txt"


def _zip_format(data: bytes, name: str) -> DocumentFormat:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except ZIP_ERRORS as exc:
        raise DocumentError(name, "broken", f"a damaged ZIP (or Word) file: {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    raise DocumentError(
        name, "unsupported", "a ZIP archive that is not a Word document (.docx)",
        hint="unpack it and import the files inside",
    )  # fmt: skip


def _fr_json(text: str) -> bool:
    try:
        parsed = loads(text, text_only=False)  # the reader says what is wrong with the text
    except ValueError:  # not JSON, or nested too deeply to be a Federal Register document
        return False
    if isinstance(parsed, dict) and "document_number" in parsed:
        return True
    results = parsed.get("results") if isinstance(parsed, dict) else None
    return isinstance(results, list) and all(
        isinstance(r, dict) and "document_number" in r for r in results
    )
