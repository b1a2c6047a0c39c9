"""Read a PDF's text layer with pypdf, line by line with each line's position and font size.

Encryption: a PDF encrypted with an *empty user password* (only an owner password, which limits
printing or copying) opens in every viewer without asking, and many official PDFs are published
that way; techbloc reads it and records ``encryption: owner password only`` in the metadata. A PDF
that needs a user password is a DocumentError of kind 'encrypted'. A truncated file (no ``%%EOF``
near its end) or one pypdf cannot parse is 'broken'; a PDF with no text layer (a scan) is 'empty'.

The PDF's CreationDate is when the file was made, not when the text was published: it is never
used as the publication date.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from pypdf import PasswordType, PdfReader

from techbloc.documents.assemble import RawDocument
from techbloc.documents.errors import DocumentError
from techbloc.documents.pdf_layout import PdfLine, layout_blocks

EOF_WINDOW = 2048
_FILE_NAME_TITLE = re.compile(r"(\.(docx?|pdf|indd|rtf|odt|txt|wpd)$|^microsoft word - )", re.I)
_PLACEHOLDER_TITLES = {"untitled", "(anonymous)", "anonymous", "unspecified", "(unspecified)"}


@dataclass(frozen=True)
class PdfText:
    pages: list[list[PdfLine]]
    title: str | None
    encryption: str | None


def read_pdf(data: bytes, file: str) -> RawDocument:
    pdf = read_pdf_lines(data, file)
    metadata: dict[str, Any] = {}
    if pdf.encryption:
        metadata["encryption"] = pdf.encryption
    return RawDocument(
        blocks=layout_blocks(pdf.pages),
        format="pdf",
        media_type="application/pdf",
        title=pdf.title,
        title_source="PDF metadata /Title" if pdf.title else None,
        pages=len(pdf.pages),
        metadata=metadata,
    )


def read_pdf_lines(data: bytes, file: str) -> PdfText:
    """Every page's lines, the metadata title when it is a real title, and the encryption."""
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise DocumentError(
            file, "broken", "the PDF is truncated: it has no %%EOF marker at its end"
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encryption = _open(reader, file)
        pages = [_page_lines(page) for page in reader.pages]
        title = _metadata_title(reader)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise DocumentError(file, "broken", f"the PDF cannot be read: {exc}") from exc
    return PdfText(pages, title, encryption)


def _open(reader: PdfReader, file: str) -> str | None:
    if not reader.is_encrypted:
        return None
    if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise DocumentError(
            file, "encrypted", "the PDF is encrypted with a password",
            hint="save an unprotected copy (print to PDF) and import that",
        )  # fmt: skip
    return "owner password only (empty user password): read like any viewer would"


def _page_lines(page: Any) -> list[PdfLine]:
    """The page's lines in content order; a line is what pypdf prints between two line breaks,
    placed where its first piece of text starts."""
    lines: list[PdfLine] = []
    pending: list[str] = []
    start: tuple[float, float, float, bool] | None = None

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        nonlocal start
        pieces = text.split("\n")
        for number, piece in enumerate(pieces):
            if number > 0:  # a line break inside the piece: the line so far is done
                _flush(lines, pending, start)
                pending.clear()
                start = None
            if piece.strip() and start is None:
                x, y, scale = _position(cm, tm)
                start = (x, y - number * size * scale * 1.2, size * scale, _is_bold(font))
            pending.append(piece)

    page.extract_text(visitor_text=visit)
    _flush(lines, pending, start)
    return lines


def _flush(
    lines: list[PdfLine], pending: list[str], start: tuple[float, float, float, bool] | None
) -> None:
    text = "".join(pending)
    if start is not None and text.strip():
        x, y, size, bold = start
        lines.append(PdfLine(text, x, y, round(size, 1), bold))


def _position(cm: list[float], tm: list[float]) -> tuple[float, float, float]:
    """Where text starts on the page (text matrix × current matrix), and the vertical scale."""
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = abs(tm[2] * cm[1] + tm[3] * cm[3]) or 1.0
    return x, y, scale


def _is_bold(font: Any) -> bool:
    try:
        name = str(font.get("/BaseFont", "")) if font else ""
    except AttributeError:
        return False
    return "bold" in name.lower()


def _metadata_title(reader: PdfReader) -> str | None:
    title = reader.metadata.title if reader.metadata else None
    if not title or not isinstance(title, str):
        return None
    title = " ".join(title.split())
    if len(title) < 3 or title.lower() in _PLACEHOLDER_TITLES or _FILE_NAME_TITLE.search(title):
        return None
    return title
