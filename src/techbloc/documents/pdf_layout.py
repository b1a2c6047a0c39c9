"""Lines of PDF pages → paragraphs and headings, without running headers, footers or page numbers.

Page furniture is dropped only where it is safe to call it that: among the (at most two) topmost
and bottommost lines of a page that a gap wider than a paragraph break (1.35 times the document's
median line spacing, and 1.5 times their font size) sets apart from the rest of the page,

* a bare page number ("7", "- 7 -", "Page 7 of 12", "第7页", "7/12") is dropped;
* a line that recurs in that position on at least half of the pages (and at least two), compared
  with its digits masked ("Report 2023 – page 3" ≈ "Report 2023 – page 4"), is dropped.

Lines are kept in the order of the page's content, and a new paragraph starts where

* the font size changes, or
* the gap to the line above is more than 1.35 times the page's usual line spacing (the median gap
  between lines of one size; the document's when the page has fewer than four lines), or the text
  moves up (a new column), or
* the line is indented by about one to six characters while the line above was not, or was short
  (Chinese documents indent the first line by two characters instead of spacing paragraphs), or
* the line above is short and ends a sentence (paragraphs neither spaced nor indented).

A line is short when it fills less than 70 % of the column (from the left margin most lines start
at to where nine lines in ten end; widths estimated at one em per CJK character and half an em per
other character). A paragraph is a heading when its font is at least 15 % larger than the body text
(the size carrying most characters), or when it is short (at most three lines, 150 characters),
does not end a sentence, and is bold or opens with a Chinese section number (一、, 第一章).

A paragraph cut by a page break (it does not end a sentence and the next page opens with body text
that is not indented) is joined again and keeps its first page.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from techbloc.documents.assemble import BlockKind, RawBlock
from techbloc.documents.cleaning import SECTION_NUMBER, ends_sentence, is_cjk

BAND_LINES = 2
SEPARATION = 1.5
SHORT_LINE = 0.7
GAP_FACTOR = 1.35
HEADING_FACTOR = 1.15
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—\s\[(]*\d{1,4}[-–—\s\])]*"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PdfLine:
    text: str
    x: float
    y: float
    size: float
    bold: bool = False


@dataclass
class _Paragraph:
    page: int
    lines: list[PdfLine] = field(default_factory=list)

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)

    @property
    def text(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)


def layout_blocks(pages: list[list[PdfLine]]) -> list[RawBlock]:
    """The paragraphs and headings of the document, page by page (see the module docstring)."""
    spacing = _document_spacing(pages)
    bands = [_band(page, spacing) for page in pages]
    furniture = _recurring_furniture(bands)
    body = [
        [ln for ln in page if not _is_furniture(ln, band, furniture)]
        for page, band in zip(pages, bands, strict=True)
    ]
    body_size = _body_size([ln for page in body for ln in page])
    paragraphs: list[_Paragraph] = []
    for number, lines in enumerate(body, start=1):
        margin = _margin(lines, body_size)
        on_page = _split(lines, number, margin, spacing)
        if paragraphs and on_page and _continues(paragraphs[-1], on_page[0], margin, body_size):
            paragraphs[-1].lines += on_page.pop(0).lines
        paragraphs += on_page
    return [RawBlock([ln.text for ln in p.lines], p.page, _kind(p, body_size)) for p in paragraphs]


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split())).lower()


def _document_spacing(pages: list[list[PdfLine]]) -> float:
    """The usual distance between two lines of one paragraph: the median gap between lines of
    one size next to each other on a page, over the whole document."""
    gaps = []
    for page in pages:
        ordered = sorted(page, key=lambda ln: -ln.y)
        gaps += [
            a.y - b.y for a, b in pairwise(ordered) if abs(a.size - b.size) < 0.5 and a.y > b.y
        ]
    return statistics.median(gaps) if gaps else 0.0


def _band(page: list[PdfLine], spacing: float) -> list[PdfLine]:
    """The top and bottom lines set apart from the rest of the page by a gap wider than a
    paragraph break (see the module docstring)."""
    band: list[PdfLine] = []
    for ordered in (sorted(page, key=lambda ln: -ln.y), sorted(page, key=lambda ln: ln.y)):
        edge: list[PdfLine] = []
        for k in range(1, min(BAND_LINES, len(ordered) - 1) + 1):
            above, below = ordered[k - 1], ordered[k]
            needed = max(SEPARATION * max(above.size, below.size), GAP_FACTOR * spacing)
            if abs(above.y - below.y) > needed:
                edge = ordered[:k]
        band += edge
    return band


def _recurring_furniture(bands: list[list[PdfLine]]) -> set[str]:
    if len(bands) < 2:
        return set()
    seen: Counter[str] = Counter()
    for band in bands:
        seen.update({_mask(ln.text) for ln in band})
    needed = max(2, (len(bands) + 1) // 2)
    return {text for text, count in seen.items() if count >= needed and text}


def _is_furniture(line: PdfLine, band: list[PdfLine], recurring: set[str]) -> bool:
    if not any(line is ln for ln in band):
        return False
    return bool(_PAGE_NUMBER.match(line.text.strip())) or _mask(line.text) in recurring


def _body_size(lines: list[PdfLine]) -> float:
    weight: Counter[float] = Counter()
    for line in lines:
        weight[line.size] += len(line.text.strip())
    return weight.most_common(1)[0][0] if weight else 0.0


def _margin(lines: list[PdfLine], body_size: float) -> float:
    """The left edge of the body text: the leftmost start shared by at least two body lines and
    a tenth of them (short paragraphs can have more indented first lines than other lines)."""
    body = [ln for ln in lines if abs(ln.size - body_size) < 0.5] or lines
    starts = Counter(round(ln.x) for ln in body)
    shared = [x for x, n in starts.items() if n >= max(2, len(body) / 10)]
    if shared:
        return float(min(shared))
    return float(starts.most_common(1)[0][0]) if starts else 0.0


def _indented(line: PdfLine, margin: float) -> bool:
    return 0.8 * line.size < line.x - margin < 6 * line.size


def _width(line: PdfLine) -> float:
    """Estimated width: a CJK character is one em, any other half an em."""
    return sum(line.size if is_cjk(c) else line.size / 2 for c in line.text.strip())


@dataclass(frozen=True)
class _Column:
    margin: float
    right: float
    """Where full lines end: the 90th percentile of the estimated line ends."""

    def short(self, line: PdfLine) -> bool:
        width = self.right - self.margin
        return width > 0 and line.x + _width(line) - self.margin < SHORT_LINE * width


def _column(lines: list[PdfLine], margin: float) -> _Column:
    ends = sorted(ln.x + _width(ln) for ln in lines)
    return _Column(margin, ends[int(0.9 * (len(ends) - 1))] if ends else margin)


def _split(
    lines: list[PdfLine], page: int, margin: float, document_spacing: float
) -> list[_Paragraph]:
    gaps = [a.y - b.y for a, b in pairwise(lines) if abs(a.size - b.size) < 0.5 and a.y > b.y]
    spacing = statistics.median(gaps) if len(gaps) >= 3 else document_spacing or None
    column = _column(lines, margin)
    paragraphs: list[_Paragraph] = []
    for line in lines:
        if paragraphs and not _breaks(paragraphs[-1].lines[-1], line, spacing, column):
            paragraphs[-1].lines.append(line)
        else:
            paragraphs.append(_Paragraph(page, [line]))
    return paragraphs


def _breaks(above: PdfLine, line: PdfLine, spacing: float | None, column: _Column) -> bool:
    if abs(above.size - line.size) >= 0.5:
        return True
    gap = above.y - line.y
    usual = spacing or line.size * 1.2
    if gap > GAP_FACTOR * usual or gap < -0.5 * line.size:
        return True
    short = column.short(above)
    if _indented(line, column.margin) and (short or not _indented(above, column.margin)):
        return True
    return short and ends_sentence(above.text)


def _continues(last: _Paragraph, first: _Paragraph, margin: float, body_size: float) -> bool:
    return (
        _kind(last, body_size) == "paragraph"
        and _kind(first, body_size) == "paragraph"
        and not ends_sentence(last.lines[-1].text)
        and abs(last.size - first.size) < 0.5
        and not _indented(first.lines[0], margin)
    )


def _kind(paragraph: _Paragraph, body_size: float) -> BlockKind:
    if body_size and paragraph.size >= HEADING_FACTOR * body_size and len(paragraph.lines) <= 3:
        return "heading"
    text = paragraph.text
    short = len(paragraph.lines) <= 3 and len(text) <= 150 and not ends_sentence(text)
    if short and (all(ln.bold for ln in paragraph.lines) or SECTION_NUMBER.match(text.strip())):
        return "heading"
    return "paragraph"
