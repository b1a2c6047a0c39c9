"""Dates whose precision is part of the fact: a year, a month or a day.

A knowledge-base fact such as "Japan joined COCOM in 1952" is known to the year only. A
:class:`PartialDate` keeps that precision; in comparisons it stands for the first day of its period
(`start`). Membership and status queries use the half-open rule documented in docs/methodology.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

Precision = Literal["day", "month", "year"]

_PATTERN = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year."""

    start: dt.date
    precision: Precision = "day"

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read a date from YAML or input: a date, a year, YYYY, YYYY-MM or YYYY-MM-DD."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            return cls(value.date(), "day")
        if isinstance(value, dt.date):
            return cls(value, "day")
        if isinstance(value, bool):
            raise ValueError(f"not a date: {value!r}")
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValueError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match["y"], match["m"], match["d"]
        try:
            if day is not None:
                return cls(dt.date(int(year), int(month), int(day)), "day")
            if month is not None:
                return cls(dt.date(int(year), int(month), 1), "month")
            return cls(dt.date(int(year), 1, 1), "year")
        except ValueError as exc:
            raise ValueError(f"not a date: {value!r} ({exc})") from None

    @property
    def end(self) -> dt.date:
        """The last day of the period this date stands for."""
        if self.precision == "day":
            return self.start
        if self.precision == "month":
            nxt = dt.date(self.start.year + self.start.month // 12, self.start.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.start.year, 12, 31)

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )


def parse_query_date(value: str | dt.date | None) -> dt.date | None:
    """A date given by a user for ``--at``/``--since``: a partial date means its first day."""
    if value is None:
        return None
    return PartialDate.parse(value).start
