"""Full dates written in Chinese or English, and the dateline at the top of a document.

Dates read: 2023年10月17日 (also 二〇二三年十月十七日 and 号 for 日), 2023-10-17, 2023/10/17,
2023.10.17, October 17, 2023 (and Oct. 17, 2023), 17 October 2023. Only whole dates count: a
month or a year alone is not a publication date.

A dateline is a date the document gives for itself near its top, in the first
``DATELINE_BLOCKS`` blocks:

* after a label: 发布日期：…, 发布时间：…, 成文日期：…, 日期：…, Date: …, Published: …,
  Released: …, Issued: …;
* alone on its block, or after a place or issuer and a comma or space ("Beijing, 17 October
  2023", "商务部 2023年10月17日");
* opening a press release: "BRUSSELS, May 14, 2024 — …".

A date inside a sentence ("2022年10月7日，美国商务部……") reports an event, not publication.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DATELINE_BLOCKS = 6

_ZH_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_ZH_NUM = "〇○零Ｏ一二三四五六七八九十"
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PATTERNS = (
    ("zh", re.compile(rf"(\d{{4}}|[{_ZH_NUM}]{{4}})\s*年\s*(\d{{1,2}}|[{_ZH_NUM}]{{1,3}})\s*月"
                      rf"\s*(\d{{1,2}}|[{_ZH_NUM}]{{1,3}})\s*[日号]")),
    ("ymd", re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])")),
    ("mdy", re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)),
)  # fmt: skip
_LABEL = re.compile(
    r"(发布日期|发布时间|发文日期|印发日期|成文日期|公布日期|日期|时间|"
    r"date of publication|publication date|published on|published|dated|date|released|"
    r"issued on|issued)\s*[:：]\s*$",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(r"^[^\d。，,；;：:]{1,24}[,，\s]\s*$")
_PRESS_PLACE = re.compile(r"^[A-Z][A-Za-z.'\- ]{1,40},(?:\s*[A-Z][A-Za-z.]{1,10},)?\s*$")
_PRESS_AFTER = re.compile(r"^\s*[—–-]")
_FRAME = "()（）[]【】〔〕 "


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    surface: str
    start: int
    end: int


def find_dates(text: str) -> list[FoundDate]:
    """Every whole date in ``text``, in order of position."""
    found: list[FoundDate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            day = _to_date(kind, match)
            if day is not None:
                found.append(FoundDate(day, match.group(0), match.start(), match.end()))
    found.sort(key=lambda f: f.start)
    kept: list[FoundDate] = []
    for f in found:  # patterns can overlap (2023.10.17 inside a longer match): first wins
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


def parse_date(text: str | None) -> dt.date | None:
    """The first whole date in ``text`` (an ISO timestamp gives its day), or None."""
    if not text:
        return None
    found = find_dates(text)
    return found[0].date if found else None


def find_dateline(blocks: list[str]) -> tuple[dt.date, str] | None:
    """The document's own date from its first blocks, with how it was found, or None."""
    for text in blocks[:DATELINE_BLOCKS]:
        for found in find_dates(text):
            before, after = text[: found.start], text[found.end :]
            if _LABEL.search(before):
                return found.date, f"labelled dateline {before.strip()[-12:]!r}"
            bare_after = after.strip(_FRAME + "。.") == ""
            if bare_after and before.strip(_FRAME) == "":
                return found.date, "dateline alone on its line"
            if bare_after and _PLACE_BEFORE.match(before):
                return found.date, "dateline after a place or issuer"
            if _PRESS_PLACE.match(before) and _PRESS_AFTER.match(after):
                return found.date, "press-release dateline"
    return None


def _to_date(kind: str, match: re.Match[str]) -> dt.date | None:
    groups = match.groups()
    if kind == "zh":
        year, month, day = (_zh_number(g) for g in groups)
    elif kind == "ymd":
        year, month, day = int(groups[0]), int(groups[2]), int(groups[3])
    elif kind == "mdy":
        year, month, day = int(groups[2]), _MONTHS[groups[0].lower()], int(groups[1])
    else:
        year, month, day = int(groups[2]), _MONTHS[groups[1].lower()], int(groups[0])
    if year is None or month is None or day is None or not 1800 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _zh_number(text: str) -> int | None:
    """'2023' → 2023, '二〇二三' → 2023, '十七' → 17, '二十' → 20, '十' → 10, '7' → 7."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        digits = [_ZH_DIGITS.get(c) for c in text]
        if any(d is None for d in digits):
            return None
        return int("".join(str(d) for d in digits))
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    high = _ZH_DIGITS.get(tens, -1) if tens else 1
    low = _ZH_DIGITS.get(ones, -1) if ones else 0
    return None if high < 0 or low < 0 else high * 10 + low
