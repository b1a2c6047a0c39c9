"""What every stream gives the detectors: dated rows with their fields, values and evidence.

A stream row counts on its ``day`` (a measure's date, a listing date, a document's date, a news
event's day) and is visible from its ``known`` day: a date known only to the month or the year is
known at the end of that period, so a detector run as of a date never sees a row whose date might
still lie after it. Rows are read with ``known <= as_of`` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from techbloc.warning.model import Evidence

FieldValues = tuple[str, ...]


@dataclass(frozen=True)
class StreamRow:
    """One dated fact of a stream."""

    row_id: str
    day: dt.date
    fields: Mapping[str, FieldValues]
    values: Mapping[str, float] = field(default_factory=dict)
    evidence: Evidence | None = None
    known: dt.date | None = None
    """The first day the row is known, when later than ``day`` (a partial date's period end)."""

    @property
    def known_on(self) -> dt.date:
        return self.known or self.day

    def value(self, name: str) -> float:
        """A numeric value of the row; ``count`` is 1 for every row."""
        if name == "count":
            return 1.0
        return float(self.values.get(name, 0.0))


EvidenceExpander = Callable[[list[StreamRow], int], list[Evidence]]


@dataclass
class StreamData:
    """A stream's visible rows (sorted by day, then id) and what is known about its coverage."""

    name: str
    rows: list[StreamRow]
    present: bool
    note_en: str = ""
    note_zh: str = ""
    labels: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    expand_evidence: EvidenceExpander | None = None
    observed_days: list[dt.date] | None = None
    """Days the stream has data on (news: any event that day), when rows alone do not say."""
    parts: dict[str, StreamData] = field(default_factory=dict)
    """Per rule or series (``rule:<id>``, ``series:<id>``), rows read for it alone (news)."""
    prefiltered: bool = False
    """The rows are already those the rule's or series' filters select."""
    row_count: int | None = None
    horizon_days: int | None = None
    """Only rows dated within this many days before as-of were read (news)."""

    @property
    def start(self) -> dt.date | None:
        """The day of the earliest visible row: the stream's history begins there."""
        if self.observed_days is not None:
            return self.observed_days[0] if self.observed_days else None
        return self.rows[0].day if self.rows else None

    @property
    def has_data(self) -> bool:
        return bool(self.rows) or bool(self.observed_days)

    @property
    def size(self) -> int:
        return self.row_count if self.row_count is not None else len(self.rows)

    def part(self, key: str) -> StreamData:
        """The rows read for one rule or series, else the stream's own."""
        return self.parts.get(key, self)

    def as_of(self, day: dt.date, observed: list[dt.date] | None = None) -> StreamData:
        """The stream as one read on ``day`` would give it (rows known by then and, with a
        horizon, dated within it), for running many dates over one load; a part takes the
        observed days of its stream (``observed``)."""
        first = day - dt.timedelta(days=self.horizon_days) if self.horizon_days else None
        rows = [
            r for r in self.rows
            if r.known_on <= day and (first is None or r.day > first)
        ]  # fmt: skip
        if observed is None and self.observed_days is not None:
            observed = [d for d in self.observed_days if d <= day and (first is None or d > first)]
        return dataclasses.replace(
            self, rows=rows, observed_days=observed, row_count=None,
            parts={k: p.as_of(day, observed) for k, p in self.parts.items()},
        )  # fmt: skip


@dataclass(frozen=True)
class StreamSpec:
    """A stream's vocabulary: the fields its rows carry (for filters), the numeric values (for
    aggregates and series), and which field gives the key of each scope type."""

    name: str
    label_en: str
    label_zh: str
    fields: tuple[str, ...]
    values: tuple[str, ...]
    scopes: Mapping[str, str | None]
    empty_en: str
    empty_zh: str
    aggregated: bool = False
    """Rows are counts of events (news cells): the monthly count of a series is the sum of its
    value (events), not the number of rows."""

    def scope_field(self, scope: str, domain_level: str = "leaf") -> str | None:
        key = self.scopes[scope]
        if scope == "domain" and domain_level == "family":
            return "domain_family"
        return key


def sort_rows(rows: list[StreamRow]) -> list[StreamRow]:
    return sorted(rows, key=lambda r: (r.day, r.row_id))


def as_values(value: object) -> FieldValues:
    """Field values as a tuple of text: None → (), a list → its items, True → ('true',)."""
    if value is None:
        return ()
    if isinstance(value, list | tuple | set):
        return tuple(sorted({text(v) for v in value if v is not None}))
    return (text(value),)


def text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
