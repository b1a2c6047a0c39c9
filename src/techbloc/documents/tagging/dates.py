"""Dates of the events a text reports, as precise as the text gives them.

Chinese: 2023年10月17日 (or 号), 2023年10月, 2023年, 二〇二三年十月十七日, and 10月17日 with
the year of the nearest full date before it in the same paragraph, else the document's only year
(skipped when the document names several years and none precedes it in the paragraph).
English: October 17, 2023; 17 October 2023; Oct. 7, 2022; 2023-10-17; 2023/10/17; October 2022;
a bare year only after a preposition ("in 2019", "since 1996", "by early 2025").

Not dates: numbers of announcements and documents (2023年第23号, 〔2023〕12号), legal citations
(15 CFR 744, 88 FR 12170, Regulation (EU) 2019/452: no preposition before the year), phone and list
numbers (no pattern fits), impossible days (2023-02-30) and years outside 1900–2100.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator, Sequence

from techbloc.documents.model import Block, EventDate
from techbloc.documents.tagging.sentences import Sentences

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN = "〇○零一二三四五六七八九"

# (pattern, kind); earlier patterns win over later ones that overlap them.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "zh-ymd"),
    (
        re.compile(
            f"([{_CN}]{{4}})年([一二三四五六七八九十]{{1,2}})月(?:([一二三四五六七八九十]{{1,3}})[日号])?"
        ),
        "zh-cn",
    ),
    (re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月"), "zh-ym"),
    (re.compile(r"(?<![\d〔\[（(])(\d{4})\s*年(?!\s*(?:度\s*)?第)"), "zh-y"),
    (re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "zh-md"),
    (re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"), "en-mdy"),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b"), "en-dmy"),
    (re.compile(r"(?<![\d\-/.])(\d{4})-(\d{2})-(\d{2})(?![\d\-])"), "iso"),
    (re.compile(r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])"), "iso"),
    (re.compile(r"\b" + _MONTH + r",?\s+(\d{4})\b"), "en-my"),
    (
        re.compile(
            r"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Ff]rom|[Uu]ntil|[Tt]ill|[Tt]hrough|[Dd]uring|[Bb]efore|"
            r"[Aa]fter|[Aa]round|[Cc]irca|[Ee]arly|[Ll]ate|[Mm]id|[Ee]nd of|[Bb]eginning of|"
            r"[Ss]tart of|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
            r"[\s\-]+(\d{4})\b(?![/\-–]\d|\s*(?:CFR|FR|U\.S\.C))"
        ),
        "en-y",
    ),
]


def event_dates(
    original: str, text: str, sentences: Sentences, blocks: Sequence[Block] | None = None
) -> list[EventDate]:
    """Dates in ``text`` (the matching text of ``original``: same offsets, ASCII digits)."""
    taken = _Spans(len(text))
    found: list[tuple[int, int, dt.date, str]] = []  # start, end, date, precision
    pending: list[tuple[int, int, int, int]] = []  # month-day without a year: start, end, m, d
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = _span(m, kind)
            if taken.overlaps(start, end):
                continue
            if kind == "zh-md":
                pending.append((start, end, int(m[1]), int(m[2])))
                taken.add(start, end)
                continue
            parsed = _parse(m, kind)
            if parsed is None:
                continue
            taken.add(start, end)
            found.append((start, end, *parsed))
    found += _with_context_year(found, pending, text, blocks)
    return [
        EventDate(day, precision, original[a:b], a, b, sentences.sentence(sentences.index_of(a)))  # type: ignore[arg-type]
        for a, b, day, precision in sorted(found)
    ]


class _Spans:
    """Spans that do not overlap: is a new one free?"""

    def __init__(self, size: int) -> None:
        self.taken = bytearray(size)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.taken[start:end]

    def add(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)


def _span(m: re.Match[str], kind: str) -> tuple[int, int]:
    if kind == "en-y":
        return m.start(1), m.end(1)
    return m.start(), m.end()


def _parse(m: re.Match[str], kind: str) -> tuple[dt.date, str] | None:
    if kind == "zh-cn":
        year = int("".join(str(_CN_DIGITS[ch]) for ch in m[1]))
        month = _cn_number(m[2])
        day = _cn_number(m[3]) if m[3] else None
        return _date(year, month, day)
    if kind == "zh-ymd" or kind == "iso":
        return _date(int(m[1]), int(m[2]), int(m[3]))
    if kind == "zh-ym":
        return _date(int(m[1]), int(m[2]), None)
    if kind in ("zh-y", "en-y"):
        return _date(int(m[1]), None, None)
    if kind == "en-mdy":
        return _date(int(m[3]), _MONTHS[m[1][:3].lower()], int(m[2]))
    if kind == "en-dmy":
        return _date(int(m[3]), _MONTHS[m[2][:3].lower()], int(m[1]))
    if kind == "en-my":
        return _date(int(m[2]), _MONTHS[m[1][:3].lower()], None)
    raise ValueError(kind)


def _date(year: int, month: int | None, day: int | None) -> tuple[dt.date, str] | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month or 1, day or 1), "day" if day else "month" if month else "year"
    except ValueError:
        return None


def _cn_number(text: str) -> int:
    """一 … 三十一 as an integer."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _with_context_year(
    found: list[tuple[int, int, dt.date, str]],
    pending: list[tuple[int, int, int, int]],
    text: str,
    blocks: Sequence[Block] | None,
) -> Iterator[tuple[int, int, dt.date, str]]:
    """Month-day dates (10月17日) take the year of the nearest dated mention before them in the
    same paragraph, else the document's only year."""
    years = {day.year for _, _, day, _ in found}
    dated = sorted((a, d) for a, _, d, _ in found)
    starts = [a for a, _ in dated]
    for start, end, month, day in pending:
        lo = _paragraph_start(text, start, blocks)
        i = bisect.bisect_left(starts, start) - 1
        if i >= 0 and dated[i][0] >= lo:
            year = dated[i][1].year
        elif len(years) == 1:
            year = next(iter(years))
        else:
            continue
        parsed = _date(year, month, day)
        if parsed:
            yield (start, end, *parsed)


def _paragraph_start(text: str, offset: int, blocks: Sequence[Block] | None) -> int:
    if blocks:
        for block in blocks:
            if block.start <= offset < block.end:
                return block.start
    return text.rfind("\n", 0, offset) + 1
