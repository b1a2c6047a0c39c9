"""Word documents (.docx) with python-docx: body paragraphs and tables in order.

Paragraphs in a "Title" or "Heading N" style (also the Chinese style names 标题, 标题 N) are
headings; each table row is one block with its cells joined by `` | `` (a merged cell once); page
headers and footers are not part of the body and are left out. The title is the document
property ``title`` when set, else the first heading. Word stores when the file was created, not
when the text was published: ``created`` is used as the publication date only when neither a
dateline in the text nor anything else gives one.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from techbloc.documents.assemble import RawBlock, RawDocument
from techbloc.documents.errors import DocumentError

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read_docx(data: bytes, file: str) -> RawDocument:
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [block for item in document.iter_inner_content() for block in _blocks(item)]
        properties = document.core_properties
        title = (properties.title or "").strip() or None
        created = properties.created
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many types on bad XML
        raise DocumentError(file, "broken", f"the Word document cannot be read: {exc}") from exc
    return RawDocument(
        blocks=blocks,
        format="docx",
        media_type=MEDIA_TYPE,
        title=title,
        title_source="DOCX core property title" if title else None,
        fallback_published=created.date() if created else None,
        fallback_published_source="DOCX core property created (no other date)" if created else None,
    )


def _blocks(item: Any) -> list[RawBlock]:
    if isinstance(item, Paragraph):
        style = (item.style.name if item.style is not None else "") or ""
        heading = style == "Title" or style.startswith(("Heading", "标题"))
        return [RawBlock(item.text.split("\n"), None, "heading" if heading else "paragraph")]
    if isinstance(item, Table):
        rows = []
        for row in item.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if text and (not cells or cells[-1] != text):
                    cells.append(text)
            rows.append(RawBlock([" | ".join(cells)]))
        return rows
    return []
