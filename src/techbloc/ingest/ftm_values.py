"""Reading FollowTheMoney property values: strings, dates (possibly partial), percentages.

FtM gives every property as a list of strings. Dates may be partial ("2022", "2022-03"); a
percentage is free text ("51", "25.5%", "25-50", "more than 50"). These helpers read them without
ever failing: a value that cannot be read is left out, and the caller keeps the raw text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NUMBER = r"(\d{1,3}(?:[.,]\d+)?)"
_SINGLE = re.compile(rf"^(?:more than|over|at least|>=?|≥)?\s*{_NUMBER}\s*%?$", re.IGNORECASE)
_RANGE = re.compile(rf"^{_NUMBER}\s*%?\s*(?:-|–|to)\s*{_NUMBER}\s*%?$", re.IGNORECASE)


def values(props: Mapping[str, Any], name: str) -> list[str]:
    """The non-empty string values of one property, in file order, without repeats."""
    raw = props.get(name)
    items = raw if isinstance(raw, list) else [] if raw is None else [raw]
    return list(dict.fromkeys(text for text in (str(v).strip() for v in items) if text))


def all_values(props: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    found: list[str] = []
    for name in names:
        found += values(props, name)
    return list(dict.fromkeys(found))


def day(text: str, last: bool = False) -> dt.date | None:
    """'2023-12-18' → that day; a partial date ('2023', '2023-12') → the first day of the period,
    or its last day with ``last`` (for end dates); anything else → None."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year = int(match[1])
    month = int(match[2]) if match[2] else (12 if last else 1)
    try:
        if match[3]:
            return dt.date(year, month, int(match[3]))
        return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    except ValueError:
        return None


def earliest(texts: Iterable[str]) -> dt.date | None:
    return min(filter(None, (day(t) for t in texts)), default=None)


def latest(texts: Iterable[str]) -> dt.date | None:
    return max(filter(None, (day(t, last=True) for t in texts)), default=None)


def percentage(text: str) -> float | None:
    """'51' / '51%' / '25,5' → that share; a range '25-50' or 'more than 50' → its lower bound
    (what is certainly held); anything else, or a value outside 0–100 → None (unknown)."""
    cleaned = text.strip()
    single = _SINGLE.match(cleaned)
    ranged = _RANGE.match(cleaned)
    number = single[1] if single else ranged[1] if ranged else None
    if number is None:
        return None
    share = float(number.replace(",", "."))
    return share if 0.0 <= share <= 100.0 else None


def lowest_percentage(texts: Iterable[str]) -> float | None:
    """Of several stated shares the lowest one: a share propagates only when every statement
    of it reaches the threshold."""
    found = [share for share in map(percentage, texts) if share is not None]
    return min(found, default=None)
