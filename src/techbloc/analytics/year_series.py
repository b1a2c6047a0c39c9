"""Yearly series of an indicator: the indicator as of 31 December of each year, or of today for
the current year (a year-end in the future would count acts that have not happened)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from techbloc.errors import InvalidArgument

Row = dict[str, Any]


def year_end(year: int, today: dt.date | None = None) -> dt.date:
    """31 December of ``year``, or ``today`` when that lies in the future."""
    today = today or dt.date.today()
    if year > today.year:
        raise InvalidArgument(
            f"year {year} lies in the future", hint=f"use {today.year} or earlier"
        )
    return min(dt.date(year, 12, 31), today)


def year_range(first: int | None, last: int | None, today: dt.date | None = None) -> list[int]:
    """The years from ``first`` to ``last`` inclusive (``last`` defaults to this year)."""
    today = today or dt.date.today()
    last = last or today.year
    first = first or last
    if first > last:
        raise InvalidArgument(f"--from {first} is after --to {last}")
    return list(range(first, last + 1))


def yearly(
    compute: Callable[[dt.date], Iterable[Row]], years: Iterable[int], today: dt.date | None = None
) -> list[Row]:
    """``compute(at)`` for each year-end, every row tagged with its ``year`` and ``at`` date."""
    rows: list[Row] = []
    for year in years:
        at = year_end(year, today)
        rows += [{"year": year, "at": at, **row} for row in compute(at)]
    return rows
