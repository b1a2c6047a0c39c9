"""The as-of dates a backtest steps through: month ends or Sundays, and the last day itself."""

from __future__ import annotations

import datetime as dt

from techbloc.errors import InvalidArgument

STEPS = ("month", "week")


def as_of_dates(start: dt.date, end: dt.date, step: str) -> list[dt.date]:
    """Every month end (``month``) or Sunday (``week``) from ``start`` to ``end``, then ``end``.

    Each as-of date sees the data of the whole month (week) that ends on it.
    """
    if step not in STEPS:
        raise InvalidArgument(f"unknown step '{step}'", hint="use month or week")
    if end < start:
        raise InvalidArgument(f"the backtest ends ({end}) before it starts ({start})")
    days = []
    day = _first_step(start, step)
    while day <= end:
        days.append(day)
        day = _next_step(day, step)
    if not days or days[-1] != end:
        days.append(end)
    return days


def _first_step(start: dt.date, step: str) -> dt.date:
    if step == "week":
        return start + dt.timedelta(days=(6 - start.weekday()) % 7)
    return _month_end(start)


def _next_step(day: dt.date, step: str) -> dt.date:
    if step == "week":
        return day + dt.timedelta(days=7)
    return _month_end(day + dt.timedelta(days=1))


def _month_end(day: dt.date) -> dt.date:
    first_next = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)
