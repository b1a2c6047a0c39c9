"""Federal Register documents: the API's document JSON and GPO's full-text XML.

Each document becomes an ExtractedDocument (its text) and a :class:`CandidateMeasure` (what the
Federal Register says about it: number, citation, pages, dates, agencies, type, action, RIN, CFR
parts, URL), which ``fr_links`` links to a knowledge-base measure.

**JSON** (``https://www.federalregister.gov/api/v1/documents/{number}.json``, or a search
response ``{"results": [...]}``, fields as the API publishes them). The text is the title, the
action, the abstract (as ``SUMMARY:``) and the dates (``DATES:``), followed by any full text the
JSON carries in ``full_text`` or ``raw_text`` (the API does not, a saved copy may); the
publication date is ``publication_date``.

**XML** (a single RULE, PRORULE, NOTICE or PRESDOCU, or a daily issue holding many). The text is
the whole document (preamble, supplementary information, regulatory text, tables as rows with
`` | `` between cells) without the FR Doc and billing lines. The XML has no volume, citation or
publication date: those stay empty. ``PRTPAGE`` marks where a printed page begins, so the text
before the first marker is on the page before it: the start page is the first marker's page minus
one, the end page the last marker's; blocks carry their page counted from 1 within the document.
The effective date is the first date of ``EFFDATE``, or of ``DATES`` after the word "effective".
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from techbloc.documents.assemble import BlockKind, RawBlock, RawDocument, assemble
from techbloc.documents.datelines import find_dates, parse_date
from techbloc.documents.errors import DocumentError
from techbloc.documents.model import ExtractedDocument
from techbloc.documents.plain_text import decode_text, read_txt
from techbloc.ingest.json_items import loads

DOCUMENT_TYPES = {"RULE": "Rule", "PRORULE": "Proposed Rule", "NOTICE": "Notice",
                  "PRESDOCU": "Presidential Document"}  # fmt: skip
SHORT_URL = "https://www.federalregister.gov/d/{number}"
_FR_DOC = re.compile(r"FR\s+Doc\.?\s*(?:No\.?\s*)?([A-Z]?\d{1,4}-\d+)")
_RIN = re.compile(r"\b(\d{4}-[A-Z0-9]{4})\b")
_CFR = re.compile(r"(\d+)\s*CFR\s*(?:Parts?|Chapter|Ch\.)?\s*([\d,\sand-]+)", re.IGNORECASE)
_SKIP = {"PRTPAGE", "FRDOC", "BILCOD", "STARS", "GID", "FILED"}
_HEADINGS = {"HD", "SUBJECT", "TTITLE"}
_CONTAINERS = {"PREAMB", "SUPLINF", "REGTEXT", "AGY", "ACT", "SUM", "DATES", "EFFDATE", "ADD",
               "FURINF", "SIG", "SECTION", "AUTH", "PART", "EXTRACT", "FTNT", "LSTSUB", "NOTE",
               "APPENDIX", "PRES", "PRESDOCU", "RULE", "PRORULE", "NOTICE"}  # fmt: skip


@dataclass(frozen=True)
class CandidateMeasure:
    """A Federal Register document as a measure the knowledge base may know (table
    ``candidate_measures``)."""

    document_number: str
    citation: str | None = None
    volume: int | None = None
    start_page: int | None = None
    end_page: int | None = None
    publication_date: dt.date | None = None
    effective_date: dt.date | None = None
    agencies: list[str] = field(default_factory=list)
    document_type: str | None = None
    action: str | None = None
    title: str | None = None
    rin: str | None = None
    cfr_references: list[str] = field(default_factory=list)
    url: str | None = None


@dataclass(frozen=True)
class FrDocument:
    document: ExtractedDocument
    candidate: CandidateMeasure
    original: bytes


def read_fr_json(data: bytes, file: str) -> list[FrDocument]:
    try:
        parsed = loads(data.decode("utf-8-sig"))
    except ValueError as exc:  # not UTF-8, not JSON, or nested too deeply
        raise DocumentError(file, "broken", f"the JSON cannot be read: {exc}") from exc
    single = isinstance(parsed, dict) and "document_number" in parsed
    items = [parsed] if single else (parsed.get("results") if isinstance(parsed, dict) else None)
    if not isinstance(items, list):
        raise DocumentError(file, "unsupported", "JSON that is not a Federal Register document")
    found = []
    for item in items:
        if isinstance(item, dict) and _number(item.get("document_number")):
            original = data if single else json.dumps(item, ensure_ascii=False).encode("utf-8")
            found.append(_json_document(item, original, file))
    if not found:
        raise DocumentError(file, "empty", "the Federal Register response holds no document")
    return found


def _json_document(item: dict[str, Any], original: bytes, file: str) -> FrDocument:
    number = _number(item["document_number"])
    candidate = CandidateMeasure(
        document_number=number,
        citation=_text(item.get("citation"))
        or _citation(item.get("volume"), item.get("start_page")),
        volume=_int(item.get("volume")),
        start_page=_int(item.get("start_page")),
        end_page=_int(item.get("end_page")),
        publication_date=parse_date(_text(item.get("publication_date"))),
        effective_date=parse_date(_text(item.get("effective_on"))),
        agencies=_agencies(item),
        document_type=_text(item.get("type")),
        action=_text(item.get("action")),
        title=_text(item.get("title")),
        rin=", ".join(_strings(item.get("regulation_id_numbers"))) or None,
        cfr_references=list(
            dict.fromkeys(
                f"{ref.get('title')} CFR {ref.get('part')}"
                for ref in _list(item.get("cfr_references"))
                if isinstance(ref, dict)
            )
        ),  # fmt: skip
        url=_text(item.get("html_url"))
        or _text(item.get("pdf_url"))
        or SHORT_URL.format(number=number),
    )
    blocks = [RawBlock([candidate.title], None, "heading")] if candidate.title else []
    for label, key in (("ACTION:", "action"), ("SUMMARY:", "abstract"), ("DATES:", "dates")):
        if value := _text(item.get(key)):
            blocks.append(RawBlock([f"{label} {value}"]))
    for key in ("full_text", "raw_text"):
        if value := _text(item.get(key)):
            blocks += read_txt(value).blocks
    raw = RawDocument(
        blocks=blocks, format="fr-json", media_type="application/json", title=candidate.title,
        title_source="Federal Register title", published=candidate.publication_date,
        published_source="Federal Register publication_date", metadata=_metadata(candidate),
    )  # fmt: skip
    return FrDocument(assemble(raw, original, f"{file} ({number})"), candidate, original)


def read_fr_xml(data: bytes, file: str) -> list[FrDocument]:
    try:
        root = ET.fromstring(_xml_text(data, file))
    except ET.ParseError as exc:
        raise DocumentError(file, "broken", f"the XML cannot be read: {exc}") from exc
    elements = list(_documents(root))
    if not elements:
        raise DocumentError(file, "unsupported", "XML that is not Federal Register full text")
    single = len(elements) == 1 and elements[0] is root
    return [_xml_document(e, data if single else ET.tostring(e, "utf-8"), file) for e in elements]


_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


def _xml_text(data: bytes, file: str) -> str:
    """The XML as text, in the encoding its declaration names (expat reads no multi-byte
    encoding but UTF-8 and UTF-16 itself: a GBK declaration would stop it), else as any text
    file is decoded."""
    declared = _DECLARED.match(data)
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            return data.decode(name).removeprefix("\ufeff")
        except LookupError:
            raise DocumentError(
                file, "unsupported", f"XML in an unknown encoding '{name}'"
            ) from None
        except UnicodeDecodeError as exc:
            raise DocumentError(
                file, "broken", f"the XML is not {name} text as it declares ({exc.reason})"
            ) from None
    text = decode_text(data)
    if text is None:
        raise DocumentError(file, "unsupported", "not text in UTF-8, UTF-16 or GB18030")
    return text.removeprefix("\ufeff")


def _documents(element: ET.Element) -> Iterator[ET.Element]:
    if element.tag in DOCUMENT_TYPES:
        yield element
        return
    for child in element:
        yield from _documents(child)


def _xml_document(element: ET.Element, original: bytes, file: str) -> FrDocument:
    blocks: list[tuple[RawBlock, int | None]] = []
    markers: list[int] = []
    _walk(element, blocks, markers)
    start = markers[0] - 1 if markers else None
    number = _first(_FR_DOC, _joined(element.find(".//FRDOC"))) or ""
    preamble = element.find("PREAMB")
    find = preamble.find if preamble is not None else element.find
    subject = _joined(find("SUBJECT")) or None
    candidate = CandidateMeasure(
        document_number=number,
        start_page=start,
        end_page=markers[-1] if markers else None,
        effective_date=_effective(element),
        agencies=[t for t in (_joined(find("AGENCY")), *map(_joined, element.iter("SUBAGY"))) if t],
        document_type=DOCUMENT_TYPES[element.tag],
        action=_joined(find("ACT/P")) or None,
        title=subject,
        rin=", ".join(dict.fromkeys(_RIN.findall(_joined(find("RIN"))))) or None,
        cfr_references=_cfr(_joined(find("CFR"))),
        url=SHORT_URL.format(number=number) if number else None,
    )
    if not number:
        raise DocumentError(file, "unsupported", "Federal Register XML without an FR Doc. number")
    raw_blocks = []
    for block, page in blocks:  # no page yet: before the first marker, on the start page
        block.page = (page if page is not None else start) - start + 1 if start else None
        raw_blocks.append(block)
    raw = RawDocument(
        blocks=raw_blocks, format="fr-xml", media_type="application/xml", title=subject,
        title_source="Federal Register SUBJECT" if subject else None,
        pages=(markers[-1] - start + 1) if markers and start is not None else None,
        metadata=_metadata(candidate),
    )  # fmt: skip
    return FrDocument(assemble(raw, original, f"{file} ({number})"), candidate, original)


def _walk(
    element: ET.Element, blocks: list[tuple[RawBlock, int | None]], markers: list[int]
) -> None:
    """Blocks in document order, each with the printed page it starts on."""
    for child in element:
        if child.tag == "PRTPAGE":
            page = _int(child.get("P"))
            if page is not None:
                markers.append(page)
        elif child.tag in _SKIP:
            continue
        elif child.tag in _CONTAINERS:
            _walk(child, blocks, markers)
        elif child.tag == "GPOTABLE":
            _table(child, blocks, markers)
        else:
            page = _current_page(markers)
            text = _joined(child)
            if text:
                kind: BlockKind = "heading" if child.tag in _HEADINGS else "paragraph"
                blocks.append((RawBlock([text], None, kind), page))
            markers += [p for p in (_int(m.get("P")) for m in child.iter("PRTPAGE")) if p]


def _table(
    table: ET.Element, blocks: list[tuple[RawBlock, int | None]], markers: list[int]
) -> None:
    for child in table:
        if child.tag == "PRTPAGE":
            page = _int(child.get("P"))
            if page is not None:
                markers.append(page)
        elif child.tag == "TTITLE" and _joined(child):
            blocks.append((RawBlock([_joined(child)], None, "heading"), _current_page(markers)))
        elif child.tag in ("BOXHD", "ROW"):
            cells = [_joined(c) for c in child if c.tag in ("CHED", "ENT")]
            text = " | ".join(c for c in cells if c and c.strip("* "))
            if text:
                blocks.append((RawBlock([text]), _current_page(markers)))
            markers += [p for p in (_int(m.get("P")) for m in child.iter("PRTPAGE")) if p]


def _current_page(markers: list[int]) -> int | None:
    """The printed page the next text is on: the last marker's, or the one before the first
    marker (set once a marker is seen: ``None`` here means "before the first marker")."""
    return markers[-1] if markers else None


def _effective(element: ET.Element) -> dt.date | None:
    effdate = _joined(element.find(".//EFFDATE"))
    if effdate:
        found = find_dates(effdate)
        return found[0].date if found else None
    dates = _joined(element.find(".//DATES"))
    at = dates.lower().find("effective")
    found = find_dates(dates[at:]) if at >= 0 else []
    return found[0].date if found else None


def _cfr(text: str) -> list[str]:
    refs = []
    for title, parts in _CFR.findall(text):
        refs += [f"{title} CFR {part}" for part in re.findall(r"\d+", parts)]
    return list(dict.fromkeys(refs))


def _joined(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.search(text)
    return found.group(1) if found else None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _list(value: Any) -> list[Any]:
    """A field the API gives as a list; anything else (a saved copy may hold junk) as none."""
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    """A list of texts (a single text counts as one)."""
    items = [value] if isinstance(value, str) else _list(value)
    return [t for t in map(_text, items) if t]


def _number(value: Any) -> str:
    """A document number ('2022-21658'); '' when the field holds no text or number."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return " ".join(str(value).split())


MAX_NUMBER = 2**31 - 1
"""Volumes and page numbers are stored as 32-bit integers; a larger one is no page number."""


def _int(value: Any) -> int | None:
    """A volume or page number (1 to ``MAX_NUMBER``), else None."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_NUMBER:
        return value
    return None


def _citation(volume: Any, page: Any) -> str | None:
    v, p = _int(volume), _int(page)
    return f"{v} FR {p}" if v and p else None


def _agencies(item: dict[str, Any]) -> list[str]:
    names = [
        _text(a.get("name")) or _text(a.get("raw_name"))
        for a in _list(item.get("agencies"))
        if isinstance(a, dict)
    ]
    names += [_text(n) for n in _list(item.get("agency_names"))]
    return list(dict.fromkeys(n for n in names if n))


def _metadata(candidate: CandidateMeasure) -> dict[str, Any]:
    return {
        "document_number": candidate.document_number,
        "citation": candidate.citation,
        "document_type": candidate.document_type,
        "agencies": candidate.agencies,
        "start_page": candidate.start_page,
        "end_page": candidate.end_page,
        "url": candidate.url,
    }
