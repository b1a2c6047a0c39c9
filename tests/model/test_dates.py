import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techbloc.model import PartialDate


@pytest.mark.parametrize(
    ("raw", "start", "precision", "end", "text"),
    [
        ("1996-07-12", dt.date(1996, 7, 12), "day", dt.date(1996, 7, 12), "1996-07-12"),
        (dt.date(1996, 7, 12), dt.date(1996, 7, 12), "day", dt.date(1996, 7, 12), "1996-07-12"),
        ("2019-02", dt.date(2019, 2, 1), "month", dt.date(2019, 2, 28), "2019-02"),
        ("2020-02", dt.date(2020, 2, 1), "month", dt.date(2020, 2, 29), "2020-02"),
        ("2019-12", dt.date(2019, 12, 1), "month", dt.date(2019, 12, 31), "2019-12"),
        (1952, dt.date(1952, 1, 1), "year", dt.date(1952, 12, 31), "1952"),
        ("1952", dt.date(1952, 1, 1), "year", dt.date(1952, 12, 31), "1952"),
    ],
)
def test_parse(raw: object, start: dt.date, precision: str, end: dt.date, text: str) -> None:
    value = PartialDate.parse(raw)
    assert (value.start, value.precision, value.end, str(value)) == (start, precision, end, text)


@pytest.mark.parametrize("raw", ["2019-13", "2019-02-30", "19", "May 2019", "", True, 3.5, None])
def test_parse_rejects(raw: object) -> None:
    with pytest.raises(ValueError, match="not a date"):
        PartialDate.parse(raw)


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["day", "month", "year"]))
def test_text_round_trip(day: dt.date, precision: str) -> None:
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}
    value = PartialDate.parse(text[precision])
    assert str(PartialDate.parse(str(value))) == str(value) == text[precision]
    assert value.start <= day <= value.end


@given(st.text(max_size=12))
def test_parse_never_crashes_otherwise(raw: str) -> None:
    with contextlib.suppress(ValueError):
        PartialDate.parse(raw)
