"""HTML pages: the main text with trafilatura, the publication date from explicit metadata.

trafilatura finds the article (menus, footers and sidebars left out) and gives it as headings,
paragraphs, list items and table rows; a page where it finds nothing falls back to every heading,
paragraph, list item and table row of the page outside ``nav``, ``header``, ``footer``, ``aside``,
``script`` and ``style``. The title is trafilatura's (the ``<title>`` or ``og:title`` without the
site name, or the first heading).

The publication date comes only from markup that states it: the ``<meta>`` tags and JSON-LD below,
then trafilatura's date search restricted to markup (``extensive_search`` off, so no guess from
the running text); when neither gives one, a dateline at the top of the text may (see
``datelines``).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser

import trafilatura

from techbloc.documents.assemble import BlockKind, RawBlock, RawDocument
from techbloc.documents.datelines import parse_date

PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish_date", "publication_date", "dc.date.issued", "dcterms.issued", "dc.date",
    "citation_publication_date", "citation_date", "parsely-pub-date", "sailthru.date",
    "firstpublishedtime",
)  # fmt: skip
"""Meta names (``name``, ``property`` or ``itemprop``, any case) stating publication, in order."""
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_SKIPPED = {"nav", "header", "footer", "aside", "script", "style", "noscript", "template", "form"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_NO_NESTED_BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "dt", "dd", "pre", "blockquote"}


def decode_html(data: bytes) -> str:
    """The page as text: its declared charset, else UTF-8, else GB18030, else lossy UTF-8."""
    declared = _CHARSET.search(data[:4096])
    encodings = [declared.group(1).decode("ascii")] if declared else []
    for encoding in [*encodings, "utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def read_html(data: bytes) -> RawDocument:
    html = decode_html(data)
    meta = _MetaReader()
    meta.feed(html)
    extracted = _trafilatura(html)
    blocks, title, markup_date = _from_trafilatura(extracted) if extracted else ([], None, None)
    if not blocks:
        blocks = meta.blocks
    title = title or meta.title
    published, source = meta.published()
    if published is None and markup_date is not None:
        published, source = markup_date, "trafilatura date from markup"
    return RawDocument(
        blocks=blocks,
        format="html",
        media_type="text/html",
        title=title,
        title_source="HTML title" if title else None,
        published=published,
        published_source=source,
    )


def _trafilatura(html: str) -> str | None:
    """trafilatura's XML of the page, or None when it finds nothing — or fails: on some broken
    markup it (through htmldate and lxml) raises, e.g. an AssertionError for a page that is only
    ``<![[``; the page is then read by the fallback like one where it finds nothing."""
    try:
        extracted = trafilatura.extract(
            html, output_format="xml", include_comments=False, include_tables=True,
            favor_recall=True, with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - a library failing on odd markup: the fallback reads it
        return None
    return str(extracted) if extracted else None


def _from_trafilatura(xml: str) -> tuple[list[RawBlock], str | None, dt.date | None]:
    root = ET.fromstring(xml)
    main = root.find("main")
    blocks: list[RawBlock] = []
    if main is not None:
        _walk(main, blocks)
    title = root.get("title") or None
    return blocks, title, parse_date(root.get("date"))


def _walk(parent: ET.Element, blocks: list[RawBlock]) -> None:
    """Headings, paragraphs, list items, quotes, code and table rows, in document order; a
    paragraph inside a list item, quote or cell is read with its container."""
    for element in parent:
        if element.tag == "head":
            blocks.append(RawBlock(_lines(element), None, "heading"))
        elif element.tag in ("p", "item", "quote", "code"):
            blocks.append(RawBlock(_lines(element)))
        elif element.tag == "row":
            cells = [" ".join(_lines(cell)).strip() for cell in element.findall("cell")]
            blocks.append(RawBlock([" | ".join(c for c in cells if c)]))
        else:
            _walk(element, blocks)


def _lines(element: ET.Element) -> list[str]:
    """The element's text; <lb/> and source line breaks become line breaks."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts).split("\n")


class _MetaReader(HTMLParser):
    """Meta dates and title, and the blocks of the page for the fallback."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.title: str | None = None
        self.blocks: list[RawBlock] = []
        self._stack: list[str] = []
        self._open: Counter[str] = Counter()  # tags on the stack: a page nested 50,000 deep
        self._skipped = 0  # open tags of _SKIPPED: costs no walk up the stack per tag
        self._text: list[str] | None = None
        self._opener: tuple[str, int] | None = None
        self._in_title = False
        self._in_json_ld = False

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![CDATA[…]]>`` and the like; a ``<![`` followed by no known keyword (``<![[``)
        is skipped to its ``>``: Python 3.11's parser raises an AssertionError on it."""
        try:
            return int(super().parse_marked_section(i, report))
        except AssertionError:
            end = self.rawdata.find(">", i)
            return end + 1 if end >= 0 else -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop")
            if key and values.get("content"):
                self.meta.setdefault(key.lower(), values["content"])
            return
        if tag == "br" and self._text is not None:
            self._text.append("\n")
        if tag in _VOID:
            return
        self._push(tag)
        self._in_title = tag == "title"
        self._in_json_ld = tag == "script" and values.get("type") == "application/ld+json"
        if tag in _BLOCKS and self._opener and self._opener[0] in _NO_NESTED_BLOCKS:
            self._emit()  # <p>one<p>two: an unclosed paragraph ends where the next block starts
        if tag in _BLOCKS and self._text is None and not self._skipped:
            self._text, self._opener = [], (tag, len(self._stack))
        elif tag in ("td", "th") and self._text is not None and "".join(self._text).strip():
            self._text.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self._open[tag]:
            return
        if self._opener == (tag, len(self._stack)):
            self._emit()
        while self._stack and self._pop() != tag:
            continue
        self._in_title = self._in_json_ld = False

    def _push(self, tag: str) -> None:
        self._stack.append(tag)
        self._open[tag] += 1
        self._skipped += tag in _SKIPPED

    def _pop(self) -> str:
        tag = self._stack.pop()
        self._open[tag] -= 1
        self._skipped -= tag in _SKIPPED
        return tag

    def _emit(self) -> None:
        if self._text is not None and self._opener is not None:
            tag = self._opener[0]
            kind: BlockKind = "heading" if tag in _HEADINGS else "paragraph"
            self.blocks.append(RawBlock("".join(self._text).split("\n"), None, kind))
        self._text = self._opener = None

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] in ("script", "style") and not self._in_json_ld:
            return
        if self._in_title and self.title is None and data.strip():
            self.title = " ".join(data.split())
        elif self._in_json_ld:
            self.json_ld.append(data)
        elif self._text is not None:
            self._text.append(data)

    def published(self) -> tuple[dt.date | None, str | None]:
        for key in PUBLISHED_META:
            day = parse_date(self.meta.get(key))
            if day:
                return day, f"HTML meta {key}"
        for block in self.json_ld:
            found = _JSON_LD_PUBLISHED.search(block)
            day = parse_date(found.group(1)) if found else None
            if day:
                return day, "HTML JSON-LD datePublished"
        return None, None
