"""Dates of the events a text reports, as precise as the text gives them.

With a year: 2023年10月17日 (or 号), 2023年10月, 2023年, 二〇二三年十月十七日; October 17, 2023;
17 October 2023; Oct. 7, 2022; 2023-10-17; 2023/10/17; October 2022; a bare year only after a
preposition or a season ("in 2019", "since 1996", "early 2025", "mid-2023").

Without a year: 10月17日, 同年10月, 10月底; "from September 1", "on October 7", "in May", "that May"
take the year of the nearest date before them in the same paragraph, or, when every date before
them in the document has the same year, that year (次年/翌年: the year after). With no date before
them they are skipped; a year is never taken from a later date.

Not dates: numbers of announcements and documents (2023年第23号, 〔2023〕12号), legal citations
(15 CFR 744, 88 FR 12170, Regulation (EU) 2019/452: no preposition before the year), names such as
"the October 7 rules", goals ("by 2030", 到2030年), phone and list numbers (no pattern fits),
impossible days (2023-02-30) and years outside 1900–2100.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Literal

from techbloc.documents.model import Block, EventDate
from techbloc.documents.tagging.sentences import Sentences

Precision = Literal["day", "month", "year"]
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
_CN_SMALL = "一二三四五六七八九十"
_BEFORE_YEAR = (
    r"[Ii]n|[Ss]ince|[Ff]rom|[Uu]ntil|[Tt]ill|[Tt]hrough|[Dd]uring|[Bb]efore|[Aa]fter|[Aa]round|"
    r"[Cc]irca|[Ee]arly|[Ll]ate|[Mm]id|[Ee]nd of|[Bb]eginning of|[Ss]tart of|[Ss]pring|[Ss]ummer|"
    r"[Aa]utumn|[Ff]all|[Ww]inter"
)
_BEFORE_DAY = r"[Oo]n|[Ff]rom|[Ss]ince|[Uu]ntil|[Tt]ill|[Tt]hrough|[Bb]efore|[Aa]fter|[Ee]ffective"
_BEFORE_MONTH = r"[Ii]n|[Ss]ince|[Ff]rom|[Uu]ntil|[Tt]hat|[Ee]arly|[Ll]ate|[Mm]id"
_NEXT_YEAR = ("次年", "翌年")

# (pattern, kind); earlier patterns win over later ones that overlap them. Kinds ending in "?"
# have no year of their own.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "zh-ymd"),
    (
        re.compile(f"([{_CN}]{{4}})年([{_CN_SMALL}]{{1,2}})月(?:([{_CN_SMALL}]{{1,3}})[日号])?"),
        "zh-cn",
    ),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月"), "zh-ym"),
    (re.compile(r"(\d{4})\s*年(?!\s*(?:度\s*)?第)"), "zh-y"),
    (re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "zh-md?"),
    (re.compile(r"(\d{1,2})\s*月(?:初|底|中旬|上旬|下旬|份)?(?!\s*\d)"), "zh-m?"),
    (re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"), "en-mdy"),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b"), "en-dmy"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})(?![\d\-])"), "iso"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])"), "iso"),
    (re.compile(_MONTH + r",?\s+(\d{4})\b"), "en-my"),
    (
        re.compile(rf"\b(?:{_BEFORE_YEAR})[\s\-]+(\d{{4}})\b(?![/\-–]\d|\s*(?:CFR|FR|U\.S\.C))"),
        "en-y",
    ),
    (
        re.compile(rf"\b(?:{_BEFORE_DAY})\s+{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)"),
        "en-md?",
    ),
    (re.compile(rf"\b(?:{_BEFORE_MONTH})[\s\-]+{_MONTH}\b(?!\.?\s*\d)"), "en-m?"),
]
_NO_YEAR_GROUPS = {"zh-md?": (1, 2), "zh-m?": (1, None), "en-md?": (1, 2), "en-m?": (1, None)}
_ANY_MONTH = re.compile(_MONTH)
# Characters that may not come right before a match, checked here rather than in the pattern (a
# pattern that starts with a digit or a month name is found much faster without a lookbehind).
_NOT_AFTER = {
    "zh-ymd": "0123456789", "zh-ym": "0123456789", "zh-y": "0123456789〔[（(到至",
    "zh-md?": "0123456789", "zh-m?": "0123456789", "iso": "0123456789-/.",
}  # fmt: skip
_WORD_KINDS = ("en-mdy", "en-my")


def _needed(kind: str, text: str, months: bool) -> bool:
    """Can a pattern of this kind match at all? (Skipping saves a pass over the text.)"""
    if kind.startswith("zh-"):
        return "月" in text if kind in ("zh-md?", "zh-m?") else "年" in text
    if kind.startswith("en-") and kind != "en-y":
        return months
    return True


def event_dates(
    original: str, text: str, sentences: Sentences, blocks: Sequence[Block] | None = None
) -> list[EventDate]:
    """Dates in ``text`` (the matching text of ``original``: same offsets, ASCII digits)."""
    taken = _Spans(len(text))
    found: list[tuple[int, int, dt.date, Precision]] = []
    pending: list[tuple[int, int, int, int | None, int]] = []  # start, end, month, day, +years
    months = _ANY_MONTH.search(text) is not None
    for pattern, kind in _PATTERNS:
        if not _needed(kind, text, months):
            continue
        for m in pattern.finditer(text):
            if not _free_before(text, m.start(), kind):
                continue
            start, end = _span(m, kind)
            if taken.overlaps(start, end):
                continue
            if kind in _NO_YEAR_GROUPS:
                month, day = _month_day(m, kind)
                if month is not None:
                    later = 1 if text[max(0, start - 2) : start] in _NEXT_YEAR else 0
                    pending.append((start, end, month, day, later))
                    taken.add(start, end)
                continue
            parsed = _parse(m, kind)
            if parsed is not None:
                taken.add(start, end)
                found.append((start, end, *parsed))
    found += _with_context_year(found, pending, text, blocks)
    return [
        EventDate(day, precision, original[a:b], a, b, sentences.sentence(sentences.index_of(a)))
        for a, b, day, precision in sorted(found)
    ]


def _free_before(text: str, start: int, kind: str) -> bool:
    before = text[start - 1] if start else ""
    if kind in _WORD_KINDS:
        return not (before.isascii() and before.isalnum())
    if kind in ("zh-md?", "zh-m?") and before == "年" and text[max(0, start - 2)].isdigit():
        return False  # 2023年10月 is a full date, read by the patterns with a year
    return not before or before not in _NOT_AFTER.get(kind, "")


class _Spans:
    """Spans that do not overlap: is a new one free?"""

    def __init__(self, size: int) -> None:
        self.taken = bytearray(size)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.taken[start:end]

    def add(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)


def _span(m: re.Match[str], kind: str) -> tuple[int, int]:
    """The date itself, without the preposition that let it count."""
    if kind == "en-y":
        return m.start(1), m.end(1)
    if kind in ("en-md?", "en-m?"):
        return m.start(1), m.end()
    return m.start(), m.end()


def _month_day(m: re.Match[str], kind: str) -> tuple[int | None, int | None]:
    month_group, day_group = _NO_YEAR_GROUPS[kind]
    raw = m[month_group]
    month = int(raw) if raw.isdigit() else _MONTHS[raw[:3].lower()]
    if not 1 <= month <= 12:
        return None, None
    return month, int(m[day_group]) if day_group else None


def _parse(m: re.Match[str], kind: str) -> tuple[dt.date, Precision] | None:
    if kind == "zh-cn":
        year = int("".join(str(_CN_DIGITS[ch]) for ch in m[1]))
        return _date(year, _cn_number(m[2]), _cn_number(m[3]) if m[3] else None)
    if kind in ("zh-ymd", "iso"):
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


def _date(year: int, month: int | None, day: int | None) -> tuple[dt.date, Precision] | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        day_ = dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return day_, "day" if day else "month" if month else "year"


def _cn_number(text: str) -> int:
    """一 … 三十一 as an integer."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _with_context_year(
    found: list[tuple[int, int, dt.date, Precision]],
    pending: list[tuple[int, int, int, int | None, int]],
    text: str,
    blocks: Sequence[Block] | None,
) -> Iterator[tuple[int, int, dt.date, Precision]]:
    """Dates without a year take the year of the nearest date before them in the same paragraph,
    else of every date before them when those all share one year."""
    dated = sorted((a, d.year) for a, _, d, _ in found)
    starts = [a for a, _ in dated]
    for start, end, month, day, later in pending:
        i = bisect.bisect_left(starts, start)
        if i == 0:
            continue
        at, year = dated[i - 1]
        if at < _paragraph_start(text, start, blocks) and len({y for _, y in dated[:i]}) > 1:
            continue
        parsed = _date(year + later, month, day)
        if parsed:
            yield (start, end, *parsed)


def _paragraph_start(text: str, offset: int, blocks: Sequence[Block] | None) -> int:
    if blocks:
        for block in blocks:
            if block.start <= offset < block.end:
                return block.start
    return text.rfind("\n", 0, offset) + 1
