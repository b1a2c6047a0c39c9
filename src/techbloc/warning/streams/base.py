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

    @property
    def start(self) -> dt.date | None:
        """The day of the earliest visible row: the stream's history begins there."""
        return self.rows[0].day if self.rows else None

    def as_of(self, day: dt.date, horizon_days: int | None = None) -> StreamData:
        """The stream as it was known on ``day``: rows known by then (and, with a horizon,
        dated within ``horizon_days`` before it), for running many dates over one load."""
        first = day - dt.timedelta(days=horizon_days) if horizon_days is not None else None
        rows = [
            r for r in self.rows
            if r.known_on <= day and (first is None or r.day > first)
        ]  # fmt: skip
        return dataclasses.replace(self, rows=rows)


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
