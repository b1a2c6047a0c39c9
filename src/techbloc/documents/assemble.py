"""From what a format reader found (paragraphs as lines, metadata) to an ExtractedDocument.

Every reader yields a :class:`RawDocument`; :func:`assemble` is the one place that

* cleans each paragraph (``cleaning.join_lines``) and lays the paragraphs out as the clean text,
  separated by a blank line, each a :class:`Block` with its offsets (``text[b.start:b.end]`` is
  the paragraph) and page;
* picks the title: the reader's metadata title, else the first heading among the first three
  blocks;
* picks the publication date: explicit metadata the reader found, else a dateline at the top of
  the text (``datelines.find_dateline``), else the reader's fallback (a DOCX creation date);
* detects the language (``language.detect_language``);
* computes ``content_sha256`` (:func:`content_hash`, the dedup key) and ``original_sha256``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from techbloc.documents.cleaning import hyphenated_words, join_lines
from techbloc.documents.datelines import find_dateline
from techbloc.documents.errors import DocumentError
from techbloc.documents.language import detect_language
from techbloc.documents.model import Block, DocumentFormat, ExtractedDocument

BlockKind = Literal["paragraph", "heading"]
TITLE_BLOCKS = 3
MAX_TITLE_CHARS = 300


@dataclass
class RawBlock:
    """A paragraph or heading as the reader found it: its lines, and its page (PDF)."""

    lines: list[str]
    page: int | None = None
    kind: BlockKind = "paragraph"


@dataclass
class RawDocument:
    """What a reader found in one file, before cleaning."""

    blocks: list[RawBlock]
    format: DocumentFormat
    media_type: str
    title: str | None = None
    title_source: str | None = None
    published: dt.date | None = None
    published_source: str | None = None
    fallback_published: dt.date | None = None
    fallback_published_source: str | None = None
    pages: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def content_hash(text: str) -> str:
    """SHA-256 of the text in NFKC form with every run of whitespace made one space: the same
    words give the same hash whatever the format, line breaks or full-width forms."""
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def assemble(raw: RawDocument, original: bytes, file: str) -> ExtractedDocument:
    """The clean document; a file without any text is a DocumentError of kind 'empty'."""
    keep = hyphenated_words(line for block in raw.blocks for line in block.lines)
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for raw_block in raw.blocks:
        text = join_lines(raw_block.lines, keep)
        if not text:
            continue
        if parts:
            offset += 2  # the blank line between paragraphs
        blocks.append(
            Block(len(blocks), offset, offset + len(text), raw_block.page, raw_block.kind)
        )
        parts.append(text)
        offset += len(text)
    if not parts:
        raise DocumentError(file, "empty", _empty_reason(raw))
    text = "\n\n".join(parts)
    metadata = dict(raw.metadata)
    title, metadata["title_source"] = _title(raw, blocks, parts)
    published, metadata["published_source"] = _published(raw, parts)
    return ExtractedDocument(
        text=text,
        blocks=blocks,
        title=title,
        language=detect_language(text),
        published=published,
        format=raw.format,
        media_type=raw.media_type,
        pages=raw.pages,
        original_sha256=hashlib.sha256(original).hexdigest(),
        content_sha256=content_hash(text),
        metadata=metadata,
    )


def _title(
    raw: RawDocument, blocks: list[Block], parts: list[str]
) -> tuple[str | None, str | None]:
    if raw.title:
        return raw.title, raw.title_source
    for block, text in zip(blocks[:TITLE_BLOCKS], parts, strict=False):
        if block.kind == "heading" and len(text) <= MAX_TITLE_CHARS:
            return text, "first heading"
    return None, None


def _published(raw: RawDocument, parts: list[str]) -> tuple[dt.date | None, str | None]:
    if raw.published:
        return raw.published, raw.published_source
    found = find_dateline(parts)
    if found:
        return found
    return raw.fallback_published, raw.fallback_published_source


def _empty_reason(raw: RawDocument) -> str:
    if raw.format == "pdf":
        pages = f"its {raw.pages} page(s) hold" if raw.pages else "it holds"
        return f"no text: {pages} no text layer (a scan or images only); techbloc does no OCR"
    return "no text in the file"
