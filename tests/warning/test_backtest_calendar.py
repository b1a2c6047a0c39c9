"""As-of dates: month ends or Sundays, then the last day; bad input is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from techbloc.errors import InvalidArgument
from techbloc.warning.backtest.calendar import as_of_dates

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "step", "expected"),
    [
        (D(2023, 1, 1), D(2023, 3, 31), "month", [D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31)]),
        (D(2024, 1, 15), D(2024, 3, 10), "month", [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 10)]),
        (D(2023, 12, 1), D(2024, 1, 31), "month", [D(2023, 12, 31), D(2024, 1, 31)]),
        # 2024-01-01 is a Monday: the first Sunday is the 7th
        (D(2024, 1, 1), D(2024, 1, 20), "week", [D(2024, 1, 7), D(2024, 1, 14), D(2024, 1, 20)]),
        (D(2024, 1, 7), D(2024, 1, 14), "week", [D(2024, 1, 7), D(2024, 1, 14)]),
        (D(2024, 1, 2), D(2024, 1, 3), "week", [D(2024, 1, 3)]),
    ],
)
def test_as_of_dates(start: dt.date, end: dt.date, step: str, expected: list[dt.date]) -> None:
    assert as_of_dates(start, end, step) == expected


def test_unknown_step_and_reversed_range_are_refused() -> None:
    with pytest.raises(InvalidArgument, match="unknown step 'day'"):
        as_of_dates(D(2024, 1, 1), D(2024, 2, 1), "day")
    with pytest.raises(InvalidArgument, match="ends .* before it starts"):
        as_of_dates(D(2024, 2, 1), D(2024, 1, 1), "month")
