"""Plain-text files: decoding, paragraphs and headings.

Decoding tries, in order: a UTF-8 or UTF-16/32 byte-order mark, UTF-8, GB18030 (the national
Chinese encoding, a superset of GBK and GB2312). Bytes that none of them decodes, or that decode to
control characters, are binary: not a text file.

Paragraphs: when the file has blank lines, a paragraph is a run of lines between blank lines, and
a line indented with an ideographic space or two spaces also opens one (Chinese texts indent the
first line instead of leaving a blank line); when the file has no blank line at all, every line is
a paragraph. The first paragraph is a heading (and the title) when it is one line of at most 80
characters that does not end a sentence; later one-line paragraphs are headings when they open with
a Chinese section number (一、 …, 第一章 …) and do not end a sentence.
"""

from __future__ import annotations

import codecs
import re

from techbloc.documents.assemble import RawBlock, RawDocument
from techbloc.documents.cleaning import SECTION_NUMBER, ends_sentence

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_INDENT = re.compile(r"^(\u3000|[ \t]{2,})\S")
MAX_HEADING_CHARS = 80


def decode_text(data: bytes) -> str | None:
    """The text of ``data``, or None when it is not text in an encoding techbloc reads."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROL.findall(text[:8192]))
        return text if controls <= len(text[:8192]) // 100 else None
    return None


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n")


def read_txt(text: str) -> RawDocument:
    lines = split_lines(text)
    has_blank = any(not ln.strip() for ln in lines) and sum(1 for ln in lines if ln.strip()) > 1
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or not has_blank or (current and _INDENT.match(line)):
            if current:
                groups.append(current)
            current = []
        if line.strip():
            current.append(line)
    if current:
        groups.append(current)
    blocks = [RawBlock(group, None, "paragraph") for group in groups]
    for number, block in enumerate(blocks):
        if _is_heading(block, first=number == 0, alone=len(blocks) == 1):
            block.kind = "heading"
    return RawDocument(blocks=blocks, format="txt", media_type="text/plain")


def _is_heading(block: RawBlock, first: bool, alone: bool) -> bool:
    if len(block.lines) != 1 or alone:
        return False
    line = block.lines[0].strip()
    if len(line) > MAX_HEADING_CHARS or ends_sentence(line):
        return False
    return first or bool(SECTION_NUMBER.match(line))
