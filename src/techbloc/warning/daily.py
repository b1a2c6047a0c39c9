"""Daily series per scope key, for the news detectors.

A day counts as observed when the stream has any row on it (GDELT reports events every day, so a
day without a single event anywhere is a day that was not imported, not a day of calm); an
observed day without rows for a key is a zero for that key, an unobserved day is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from techbloc.warning.streams.base import StreamRow


@dataclass
class DailySeries:
    days: list[dt.date]
    values: list[float]
    rows: dict[dt.date, list[StreamRow]] = field(default_factory=dict)

    def between(self, first: dt.date, last: dt.date) -> list[int]:
        """Positions of the observed days in [first, last]."""
        return [i for i, d in enumerate(self.days) if first <= d <= last]


def observed_days(rows: Iterable[StreamRow], as_of: dt.date) -> list[dt.date]:
    return sorted({r.day for r in rows if r.day <= as_of})


def daily_series(
    groups: dict[str, list[StreamRow]], days: list[dt.date], value: str
) -> dict[str, DailySeries]:
    position = {d: i for i, d in enumerate(days)}
    found = {}
    for key, rows in groups.items():
        values = [0.0] * len(days)
        by_day: dict[dt.date, list[StreamRow]] = {}
        for row in rows:
            if row.day in position:
                values[position[row.day]] += row.value(value)
                by_day.setdefault(row.day, []).append(row)
        found[key] = DailySeries(days, values, by_day)
    return found


def weekday_factors(days: list[dt.date], values: list[float], shrinkage: float) -> list[float]:
    """Day-of-week factors (Monday first, mean 1): each weekday's mean over the overall mean,
    shrunk towards 1 by ``shrinkage`` pseudo-days of the overall mean."""
    if not values:
        return [1.0] * 7
    overall = sum(values) / len(values)
    if overall <= 0:
        return [1.0] * 7
    sums, ns = [0.0] * 7, [0] * 7
    for day, value in zip(days, values, strict=True):
        sums[day.weekday()] += value
        ns[day.weekday()] += 1
    raw = [(sums[w] + shrinkage * overall) / ((ns[w] + shrinkage) * overall) for w in range(7)]
    scale = sum(raw) / 7
    return [r / scale for r in raw]
