"""Extract the text of a policy document: PDF, HTML, DOCX, TXT, Markdown, Federal Register JSON/XML.

:func:`extract_file` and :func:`extract_bytes` give one :class:`ExtractedDocument`;
:func:`read_documents` gives every document a file holds (a Federal Register search response or
daily issue holds several) with the candidate measure of each Federal Register document. The
format comes from the bytes (``sniff``), the reading from one module per format, the cleaning,
blocks, title, date, language and hashes from ``assemble``. Every problem is a
:class:`DocumentError` with the file, a kind and a plain reason, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from techbloc.documents.assemble import RawDocument, assemble
from techbloc.documents.docx_text import read_docx
from techbloc.documents.errors import DocumentError
from techbloc.documents.federal_register import CandidateMeasure, read_fr_json, read_fr_xml
from techbloc.documents.html_text import read_html
from techbloc.documents.markdown_text import read_markdown
from techbloc.documents.model import ExtractedDocument
from techbloc.documents.pdf_text import read_pdf
from techbloc.documents.plain_text import decode_text, read_txt
from techbloc.documents.sniff import sniff_format

_SUFFIXES = {"pdf": ".pdf", "html": ".html", "docx": ".docx", "txt": ".txt", "md": ".md",
             "fr-json": ".json", "fr-xml": ".xml"}  # fmt: skip


@dataclass(frozen=True)
class ReadDocument:
    """One document of a file, and its candidate measure when it is a Federal Register document."""

    document: ExtractedDocument
    original: bytes
    """The bytes it was read from: the file's, or its own part of the file (one result of a
    Federal Register search response, one document of a daily issue)."""
    candidate: CandidateMeasure | None = None


def extract_file(path: Path, *, location: str | None = None) -> ExtractedDocument:
    """The one document in the file at ``path``; ``location`` (a URL, the path as given) names
    the file in errors."""
    return _single(read_file(path, location=location), location or str(path))


def extract_bytes(data: bytes, name: str) -> ExtractedDocument:
    """The one document in ``data``, a file called ``name``."""
    return _single(read_documents(data, name), name)


def read_file(path: Path, *, location: str | None = None) -> list[ReadDocument]:
    file = location or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(file, "unreadable", f"cannot read the file: {exc.strerror}") from exc
    return read_documents(data, file)


def read_documents(data: bytes, file: str) -> list[ReadDocument]:
    """Every document in ``data`` (a file named ``file``)."""
    fmt = sniff_format(data, file)
    if fmt == "fr-json":
        return [ReadDocument(d.document, d.original, d.candidate) for d in read_fr_json(data, file)]
    if fmt == "fr-xml":
        return [ReadDocument(d.document, d.original, d.candidate) for d in read_fr_xml(data, file)]
    if fmt == "pdf":
        raw = read_pdf(data, file)
    elif fmt == "docx":
        raw = read_docx(data, file)
    elif fmt == "html":
        raw = read_html(data)
    else:
        raw = _read_text(data, file, markdown=fmt == "md")
    suffix = PurePosixPath(file.lower()).suffix
    if suffix and suffix != _SUFFIXES[fmt] and not (fmt == "html" and suffix == ".htm"):
        raw.metadata["format_note"] = f"named {suffix} but read as {fmt} from its content"
    return [ReadDocument(assemble(raw, data, file), data)]


def _read_text(data: bytes, file: str, markdown: bool) -> RawDocument:
    text = decode_text(data)
    if text is None:  # sniff_format has already refused what does not decode
        raise DocumentError(file, "unsupported", "not text in UTF-8, UTF-16 or GB18030")
    return read_markdown(text) if markdown else read_txt(text)


def _single(found: list[ReadDocument], file: str) -> ExtractedDocument:
    if len(found) != 1:
        raise DocumentError(
            file, "unsupported", f"the file holds {len(found)} documents, not one",
            hint="read it with techbloc.documents.extract.read_documents",
        )  # fmt: skip
    return found[0].document
