"""The US Consolidated Screening List (trade.gov) in its CSV and JSON forms.

One CSV row (or JSON result) is one entity on one of the bundled lists (Entity List, MEU, UVL,
DPL, SDN, ...). Rows are read one at a time; a row that cannot be read becomes a
:class:`Rejection` with its row number, field and reason, and the rest go on. Multi-valued cells
are ';'-separated in CSV and arrays in JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from techbloc.ingest.json_items import Broken, NotAnArray, array_items, top_level_array
from techbloc.ingest.records import ListedRecord, ListInfo, Rejection
from techbloc.ingest.rows import csv_rows
from techbloc.ingest.text_files import decode_bytes, escaped, undecodable
from techbloc.text.normalize import normalize_name

Progress = Callable[[int], None]
"""Called with the number of bytes read so far."""

REQUIRED_COLUMNS = ("source", "name")


@lru_cache(maxsize=1)
def known_lists() -> dict[str, ListInfo]:
    text = resources.files("techbloc.ingest").joinpath("csl_lists.yaml").read_text("utf-8")
    return {
        abbr: ListInfo(jurisdiction="US", **info) for abbr, info in yaml.safe_load(text).items()
    }


def list_for_source(source: str) -> ListInfo:
    """The list a CSL 'source' cell names: 'Entity List (EL) - Bureau of Industry and Security'."""
    match = re.search(r"\(([^)]+)\)", source)
    abbreviation = match[1].strip() if match else source.strip()
    known = known_lists().get(abbreviation)
    if known:
        return known
    slug = re.sub(r"[^a-z0-9]+", "-", abbreviation.lower()).strip("-")
    return ListInfo(f"us-csl-{slug}", source.split(" - ")[0].strip(), None, "US")


def read_csl(
    path: Path, on_progress: Progress | None = None, lists: dict[str, ListInfo] | None = None
) -> Iterator[ListedRecord | Rejection]:
    """Records of a CSL file: JSON when it starts with '{' or '[', else CSV. ``lists`` receives
    the :class:`ListInfo` of every list met (a list new to techbloc named as its source cell
    names it)."""
    with path.open("rb") as probe:
        head = probe.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    read = _read_json if head[:1] in (b"{", b"[") else _read_csv
    yield from read(path, on_progress, {} if lists is None else lists)


def _record(
    raw: dict[str, Any], row: int, split: bool, lists: dict[str, ListInfo]
) -> ListedRecord | Rejection:
    """``parse_row``, noting the list of a record in ``lists``."""
    record = parse_row(raw, row, split)
    if isinstance(record, ListedRecord) and record.list_id not in lists:
        lists[record.list_id] = list_for_source(str(raw.get("source") or ""))
    return record


def _read_csv(
    path: Path, on_progress: Progress | None, lists: dict[str, ListInfo]
) -> Iterator[ListedRecord | Rejection]:
    for item in csv_rows(path, on_progress, REQUIRED_COLUMNS):
        yield item if isinstance(item, Rejection) else _record(item[1], item[0], True, lists)


def _read_json(
    path: Path, on_progress: Progress | None, lists: dict[str, ListInfo]
) -> Iterator[ListedRecord | Rejection]:
    """The results one at a time: a damaged result is quarantined alone, a truncated file keeps
    every result before the cut (see :mod:`techbloc.ingest.json_items`)."""
    data = path.read_bytes()
    if on_progress:
        on_progress(len(data))
    text = decode_bytes(data)
    try:
        start = top_level_array(text, "results")
    except NotAnArray as exc:
        yield Rejection(1, str(exc), "results")
        return
    for item in array_items(text, start):
        if isinstance(item, Broken):
            yield Rejection(item.index, item.reason, None, {"text": escaped(item.text)})
        elif problem := undecodable(item.text):
            yield Rejection(item.index, problem, None, {"text": escaped(item.text)})
        elif not isinstance(item.value, dict):
            yield Rejection(item.index, "a result is not an object", None,
                            {"value": repr(item.value)[:200]})  # fmt: skip
        else:
            yield _record(item.value, item.index, False, lists)


def _jsonable(raw: dict[Any, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in raw.items()}


def _values(value: Any, split: bool) -> tuple[str, ...]:
    """A multi-valued cell as a tuple of non-empty strings (CSV: ';'-separated; JSON: a list)."""
    if value is None or value == "":
        return ()
    if isinstance(value, list):
        return tuple(v for v in (_flatten(item) for item in value) if v)
    text = str(value)
    parts = text.split(";") if split else [text]
    return tuple(p.strip() for p in parts if p.strip())


def _flatten(item: Any) -> str:
    if isinstance(item, dict):  # JSON addresses and ids are objects
        order = ("address", "city", "state", "postal_code", "country", "type", "number")
        return ", ".join(str(item[k]).strip() for k in order if item.get(k))
    return str(item).strip()


def _date(value: Any, field: str) -> dt.date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(field, f"not a date: {text!r}") from None


def _countries(addresses: tuple[str, ...], *others: tuple[str, ...]) -> tuple[str, ...]:
    codes: list[str] = []
    for address in addresses:
        tail = address.rsplit(",", 1)[-1].strip()
        if re.fullmatch(r"[A-Z]{2}", tail):
            codes.append(tail)
    for values in others:
        codes += [v for v in values if re.fullmatch(r"[A-Z]{2}", v)]
    return tuple(dict.fromkeys(codes))


def _name_key(name: str, addresses: tuple[str, ...]) -> str:
    """A key for lists without entity numbers: the name, and a digest of the addresses, since
    one name may stand on one list several times (different persons, orders or addresses)."""
    where = hashlib.sha1("|".join(normalize_name(a) for a in addresses).encode()).hexdigest()[:8]
    return f"h{normalize_name(name)[:80]}-{where}"


DATED_BY_IDENTIFIER = frozenset({"us-ofac-cmic", "us-ofac-ns-mbs"})
"""OFAC's non-SDN lists leave start_date empty and give the listing date as an 'id' instead:
'Listing Date (CMIC), 2021-06-03', 'Listing Date (EO 14024 Directive 2):, 24 Feb 2022'."""


def _listing_date_in_ids(identifiers: tuple[str, ...]) -> dt.date | None:
    found = []
    for text in identifiers:
        if not text.startswith("Listing Date ("):
            continue
        value = text.rsplit(",", 1)[-1].strip()
        for layout in ("%Y-%m-%d", "%d %b %Y"):
            try:
                found.append(dt.datetime.strptime(value, layout).date())
                break
            except ValueError:
                continue
    return min(found, default=None)


def parse_row(raw: dict[str, Any], row: int, split: bool) -> ListedRecord | Rejection:
    """One CSL row or JSON result → a record, or a rejection naming the field."""
    source = str(raw.get("source") or "").strip()
    name = str(raw.get("name") or "").strip()
    if not source:
        return Rejection(row, "no source list", "source", _jsonable(raw))
    if not name:
        return Rejection(row, "no name", "name", _jsonable(raw))
    try:
        listing_date = _date(raw.get("start_date"), "start_date")
        end_date = _date(raw.get("end_date"), "end_date")
    except ValueError as exc:
        field, reason = exc.args
        return Rejection(row, reason, field, _jsonable(raw))
    info = list_for_source(source)
    identifiers = _values(raw.get("ids"), split)
    if listing_date is None and info.list_id in DATED_BY_IDENTIFIER:
        listing_date = _listing_date_in_ids(identifiers)
    addresses = _values(raw.get("addresses"), split)
    number = str(raw.get("entity_number") or "").strip()
    key = f"n{number}" if number else _name_key(name, addresses)
    return ListedRecord(
        list_id=info.list_id,
        source_key=key,
        name=name,
        entity_type=str(raw.get("type") or "").strip() or None,
        aliases=_values(raw.get("alt_names"), split),
        addresses=addresses,
        countries=_countries(
            addresses,
            _values(raw.get("citizenships"), split),
            _values(raw.get("nationalities"), split),
        ),  # fmt: skip
        programs=_values(raw.get("programs"), split),
        listing_date=listing_date,
        end_date=end_date,
        citation=str(raw.get("federal_register_notice") or "").strip() or None,
        license_requirement=str(raw.get("license_requirement") or "").strip() or None,
        license_policy=str(raw.get("license_policy") or "").strip() or None,
        remarks=str(raw.get("remarks") or "").strip() or None,
        source_url=str(
            raw.get("source_information_url") or raw.get("source_list_url") or ""
        ).strip()
        or None,
        identifiers=identifiers,
        row=row,
    )
