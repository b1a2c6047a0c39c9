"""The US Department of Defense's Section 1260H list of Chinese military companies, as
OpenSanctions compiles it in one CSV (datasets/us/dod_chinese_milcorps).

DoD republishes the whole list every year; the file has one row per entity per yearly list that
named it (Start date: the date of that list; End date: the list that dropped it). So one company
listed in 2021 and again in 2025 is two records, each dated by its own list. Columns: Name (as
published, with its short form in brackets and DoD's asterisk), Clean Name, Alias (';'-separated,
or ',' with no space after it), Previous Name (';'), Parent Name, Note, Start date, End date, Source
Url. The file gives no countries, and none are guessed (the list holds US and Australian
subsidiaries as well as Chinese companies).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from techbloc.ingest.records import ListedRecord, ListInfo, Rejection
from techbloc.ingest.rows import Progress, name_key, parsed_csv_rows, split_cell, unique

REQUIRED_COLUMNS = ("Name", "Clean Name", "Start date")

LIST = ListInfo(
    "us-dod-1260h",
    "Entities Identified as Chinese Military Companies Operating in the United States "
    "(Section 1260H list)",
    "US Department of Defense",
    "US",
)
PROGRAM = (
    "Section 1260H, William M. (Mac) Thornberry National Defense Authorization Act for Fiscal "
    "Year 2021 (Pub. L. 116-283)"
)


def known_lists() -> dict[str, ListInfo]:
    return {LIST.list_id: LIST}


def read_dod_1260h(
    path: Path, on_progress: Progress | None = None
) -> Iterator[ListedRecord | Rejection]:
    """Records of the CSV, one per row; unreadable rows become rejections naming the field."""
    yield from parsed_csv_rows(path, on_progress, REQUIRED_COLUMNS, parse_row)


def _date(text: str, field: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(field, f"not a date (YYYY-MM-DD): {text!r}") from None


def _published_name(name: str, aliases: tuple[str, ...]) -> str:
    """For a row without Clean Name: the published name without DoD's trailing asterisk, a stray
    full stop after a bracket, or the bracketed short form when it is one of the aliases."""
    name = re.sub(r"(?<=\))\s*[.*]+$|\s*\*+$", "", name).strip()
    short = re.search(r"\s*\(([^()]+)\)$", name)
    return name[: short.start()] if short and short[1] in aliases else name


def _aliases(cell: str) -> tuple[str, ...]:
    """Aliases separated by ';', or by ',' with no space after it ('Knownsec,Beijing Kownsec');
    a ', ' belongs to a name ('China Avionics Systems Co., Ltd.')."""
    return tuple(
        a.strip() for part in split_cell(cell) for a in re.split(r",(?=\S)", part) if a.strip()
    )


def parse_row(cells: dict[str, str], row: int) -> ListedRecord | Rejection:
    """One row → a record, or a rejection naming the field."""
    published = cells.get("Name", "")
    aliases = _aliases(cells.get("Alias", ""))
    name = cells.get("Clean Name", "") or _published_name(published, aliases)
    if not name:
        return Rejection(row, "no name (neither Clean Name nor Name)", "Clean Name", cells)
    try:
        listing_date = _date(cells.get("Start date", ""), "Start date")
        end_date = _date(cells.get("End date", ""), "End date")
    except ValueError as exc:
        field, reason = exc.args
        return Rejection(row, reason, field, cells)
    if listing_date and end_date and end_date < listing_date:
        return Rejection(
            row, f"End date {end_date} is before Start date {listing_date}", "End date", cells
        )
    remarks = []
    if published and published != name:  # as published, asterisk and all
        remarks.append(f"Published as: {published}")
    if cells.get("Parent Name"):
        remarks.append(f"Parent: {cells['Parent Name']}")
    if cells.get("Note"):
        remarks.append(cells["Note"])
    return ListedRecord(
        list_id=LIST.list_id,
        source_key=name_key(name, cells.get("Start date", "")),
        name=name,
        entity_type="Entity",
        aliases=unique(
            [*aliases, *split_cell(cells.get("Previous Name", ""))],
            besides=name,
        ),
        programs=(PROGRAM,),
        listing_date=listing_date,
        end_date=end_date,
        remarks=" | ".join(remarks) or None,
        source_url=cells.get("Source Url") or None,
        row=row,
    )
