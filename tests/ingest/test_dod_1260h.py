"""The DoD Section 1260H list (OpenSanctions CSV): one record per entity per yearly list, aliases,
previous names, remarks, dates, and refused rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from techbloc.ingest import dod_1260h
from techbloc.ingest.records import ListedRecord, Rejection

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dod_1260h" / "snapshot.csv"


def read() -> list[ListedRecord | Rejection]:
    return list(dod_1260h.read_dod_1260h(FIXTURE))


def test_rows_and_rejections() -> None:
    items = read()
    assert [(r.row, r.name, r.listing_date) for r in items if isinstance(r, ListedRecord)] == [
        (2, "Example Aviation Industry Group Ltd.", dt.date(2021, 6, 3)),
        (3, "Example Avionics Co., Ltd.", dt.date(2025, 1, 7)),
        (4, "Sample Chips Co., Ltd.", dt.date(2024, 1, 31)),
        (5, "Example Aviation Industry Group Ltd.", dt.date(2025, 1, 7)),
        (9, "Only Published Name Inc.", dt.date(2022, 10, 5)),
    ]
    assert [(r.row, r.field, r.reason) for r in items if isinstance(r, Rejection)] == [
        (6, "Start date", "not a date (YYYY-MM-DD): '2025-13-01'"),
        (7, "Clean Name", "no name (neither Clean Name nor Name)"),
        (8, "End date", "End date 2024-01-31 is before Start date 2025-01-07"),
    ]


def test_each_yearly_listing_is_its_own_record() -> None:
    records = [i for i in read() if isinstance(i, ListedRecord)]
    first, again = records[0], records[3]
    assert first.name == again.name and first.source_key != again.source_key
    assert again.source_url == "https://example.org/dod/1260h-2025.pdf"


def test_aliases_previous_names_and_remarks() -> None:
    avionics = read()[1]
    assert isinstance(avionics, ListedRecord)
    assert avionics.aliases == ("ExAv", "Example Avionics", "Old Example Avionics Factory")
    assert avionics.remarks == (
        "Published as: Example Avionics Co., Ltd. (Example Avionics) | "
        "Parent: Example Aviation Industry Group Ltd. | Example Avionics is a test entry."
    )
    chips = read()[2]
    assert isinstance(chips, ListedRecord)
    assert chips.aliases == ("Sample Chips Holding Co., Ltd.",)  # ', ' stays inside a name
    assert chips.end_date == dt.date(2025, 1, 7)
    assert chips.entity_type == "Entity" and chips.countries == ()
    assert chips.programs == (dod_1260h.PROGRAM,)
