"""Markdown files: headings, paragraphs, list items, quotes, tables and code, without the markup.

Blocks: an ATX (``# Title``) or setext (``Title`` over ``===``) heading; a paragraph (lines up to a
blank line); each list item; each table row (cells joined by `` | ``, the ``---`` row dropped);
a fenced code block. Inline markup is reduced to its text: ``[text](url)`` → text, ``![alt](url)``
→ alt, ``**strong**``/``_em_``/`` `code` `` → their text, inline HTML tags dropped. The title is the
front matter's ``title:``, else the first level-1 heading, else the first heading.
"""

from __future__ import annotations

import re

from techbloc.documents.assemble import RawBlock, RawDocument
from techbloc.documents.plain_text import split_lines

_FRONT_MATTER_TITLE = re.compile(r"^title:\s*[\"']?(.*?)[\"']?\s*$", re.MULTILINE)
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s*>\s?")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),
)


def strip_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def read_markdown(text: str) -> RawDocument:
    lines = split_lines(text)
    front_title = None
    if lines and lines[0].strip() == "---" and "---" in (ln.strip() for ln in lines[1:]):
        end = next(i for i, ln in enumerate(lines[1:], start=1) if ln.strip() == "---")
        found = _FRONT_MATTER_TITLE.search("\n".join(lines[1:end]))
        front_title = found.group(1).strip() if found else None
        lines = lines[end + 1 :]
    blocks = _blocks(lines)
    title, source = front_title, "Markdown front matter" if front_title else None
    if not title:
        top = [b for b in blocks if b.kind == "heading" and b.level == 1]
        if top:
            title, source = " ".join(top[0].lines), "first level-1 heading"
    return RawDocument(
        blocks=[RawBlock(b.lines, None, b.kind) for b in blocks],
        format="md",
        media_type="text/markdown",
        title=title,
        title_source=source,
    )


class _MdBlock(RawBlock):
    level: int = 0


def _blocks(lines: list[str]) -> list[_MdBlock]:
    blocks: list[_MdBlock] = []
    current: _MdBlock | None = None
    fence: str | None = None

    def close() -> None:
        nonlocal current
        if current and current.lines:
            blocks.append(current)
        current = None

    for line in lines:
        if fence:
            if line.strip().startswith(fence):
                fence = None
                close()
            elif current is not None:
                current.lines.append(line)
            continue
        if opened := _FENCE.match(line):
            close()
            fence, current = opened.group(1), _MdBlock([])
            continue
        if not line.strip() or _RULE.match(line) and not (current and _SETEXT.match(line)):
            close()
            continue
        if current and current.kind == "paragraph" and _SETEXT.match(line):
            current.kind, current.level = "heading", 1 if line.strip().startswith("=") else 2
            close()
            continue
        if heading := _ATX.match(line):
            close()
            block = _MdBlock([strip_inline(heading.group(2))], None, "heading")
            block.level = len(heading.group(1))
            blocks.append(block)
            continue
        if _REFERENCE.match(line) or _TABLE_RULE.match(line):
            continue
        if _TABLE_ROW.match(line):
            close()
            cells = [strip_inline(c.strip()) for c in line.strip().strip("|").split("|")]
            blocks.append(_MdBlock([" | ".join(c for c in cells if c)]))
            continue
        if item := _ITEM.match(line):
            close()
            current = _MdBlock([strip_inline(item.group(1))])
            continue
        text = strip_inline(_QUOTE.sub("", line))
        if current is None:
            current = _MdBlock([])
        current.lines.append(text)
    close()
    return blocks
