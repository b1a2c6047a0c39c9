"""Monthly series per scope key, for the count detectors (surge, CUSUM, change point).

Months are numbered ``year × 12 + month − 1``. A series runs from the month its stream begins
(the first visible row of the stream, whatever the filters: before it nothing was observed, after
it a month without rows is a zero) to the as-of month, which is partial unless as-of is its last
day: its *exposure* is the fraction of its days elapsed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from techbloc.warning.streams.base import StreamRow


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_exposure(index: int, as_of: dt.date) -> float:
    """1 for a complete month; the elapsed fraction for the as-of month."""
    if month_index(as_of) != index:
        return 1.0
    return as_of.day / month_end(index).day


@dataclass
class MonthlySeries:
    first: int
    last: int
    counts: list[int]
    values: list[float]
    exposure: list[float]
    rows: dict[int, list[StreamRow]] = field(default_factory=dict)

    def at(self, index: int) -> int:
        """Position of month ``index`` in the lists."""
        return index - self.first

    def span(self, start: int, end: int) -> range:
        """Positions of the months start..end (inclusive) that the series covers."""
        return range(max(start, self.first) - self.first, min(end, self.last) - self.first + 1)

    def last_day(self, index: int) -> dt.date:
        """The day of the latest row in month ``index`` (the alert's period end)."""
        rows = self.rows.get(index, [])
        return max((r.day for r in rows), default=month_start(index))


def monthly_series(
    groups: dict[str, list[StreamRow]],
    stream_start: dt.date,
    as_of: dt.date,
    value: str,
    count_value: bool = False,
) -> dict[str, MonthlySeries]:
    """Per key: rows per month (or, with ``count_value``, the sum of ``value`` as the count, for
    streams whose rows are themselves counts) and the sum of ``value``."""
    first, last = month_index(stream_start), month_index(as_of)
    size = last - first + 1
    exposure = [month_exposure(first + i, as_of) for i in range(size)]
    found = {}
    for key, rows in groups.items():
        counts, values = [0] * size, [0.0] * size
        by_month: dict[int, list[StreamRow]] = {}
        for row in rows:
            index = month_index(row.day)
            if first <= index <= last:
                counts[index - first] += round(row.value(value)) if count_value else 1
                values[index - first] += row.value(value)
                by_month.setdefault(index, []).append(row)
        found[key] = MonthlySeries(first, last, counts, values, exposure, by_month)
    return found


def pooled_month_counts(rows: Iterable[StreamRow], first: int, last: int) -> list[int]:
    """Selected rows per month (each row once, whatever its scopes)."""
    counts = [0] * (last - first + 1)
    for row in rows:
        index = month_index(row.day)
        if first <= index <= last:
            counts[index - first] += 1
    return counts


def seasonal_factors(
    counts: list[int], first: int, min_years: int, chi2_limit: float, shrinkage: float
) -> tuple[list[float], dict[str, float]]:
    """Month-of-year factors (mean 1) from the complete calendar years in ``counts`` (the last
    entry, the as-of month, is left out), shrunk towards 1 by ``shrinkage`` pseudo-counts, and
    used only when at least ``min_years`` complete years reject homogeneity at ``chi2_limit``
    (χ² with 11 degrees of freedom). Otherwise all 1: not applicable."""
    totals = [0] * 12
    years = 0
    for offset in range(len(counts) - 1):
        index = first + offset
        if index % 12 == 0 and offset + 12 <= len(counts) - 1:
            years += 1
            for m in range(12):
                totals[m] += counts[offset + m]
    flat = [1.0] * 12
    total = sum(totals)
    info = {"complete_years": float(years), "chi2": 0.0, "applied": 0.0}
    if years < min_years or total == 0:
        return flat, info
    expected = total / 12
    chi2 = sum((t - expected) ** 2 / expected for t in totals)
    info["chi2"] = chi2
    if chi2 <= chi2_limit:
        return flat, info
    raw = [(t + shrinkage) / (expected + shrinkage) for t in totals]
    scale = sum(raw) / 12
    info["applied"] = 1.0
    return [r / scale for r in raw], info
