"""Any CSV of supplier shares: ``input,country,share[,year,source,input_name,unit,organisation]``.

Headers may use the aliases in :data:`COLUMNS` (``share_pct``, ``market_share``, ``iso3``, 份额 …).
``country`` is an alpha-2 or alpha-3 code or a name the store knows. ``input`` is an input id of
the store (N20), an input name of the store (EUV lithography tools) or a new input, whose id is
its slug. A row with an ``organisation`` is that organisation's share; country-level shares of an
input and year are the rows without one, or, where a file gives none, the sum of the
organisations of each country (done when the rows land, see :mod:`techbloc.store.supply`).

Shares are percent (0–100) or fractions (0–1), one convention per file: a ``unit`` column
(percent, %, fraction …) decides; without one, a file with any share above 1 is in percent, else
in fractions. A file that declares both units, or a percent file in which a whole input and year
reads as fractions (two or more shares, none above 1, summing to 1 ± 0.02), mixes conventions
and is refused as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from techbloc.errors import InvalidArgument
from techbloc.ingest.records import Rejection
from techbloc.ingest.rows import Progress, csv_records, csv_rows
from techbloc.ingest.supply_countries import Country, StoreCountries
from techbloc.ingest.supply_records import (
    ShareScale,
    SupplyFile,
    SupplyInput,
    SupplyItem,
    SupplyRejection,
    SupplyShare,
)
from techbloc.ingest.supply_values import parse_number, parse_year
from techbloc.ingest.text_files import NOT_UTF8_HINT
from techbloc.text.normalize import normalize_name

COLUMNS: dict[str, tuple[str, ...]] = {
    "input": ("input", "input_id", "item", "technology", "product", "provided_id", "技术", "产品"),
    "country": ("country", "country_code", "iso2", "iso3", "iso", "actor", "actor_code",
                "supplier_country", "国家", "国家或地区"),
    "share": ("share", "share_pct", "share_percent", "market_share", "share_provided", "percent",
              "pct", "fraction", "份额", "市场份额"),
    "year": ("year", "data_year", "年份"),
    "source": ("source", "source_text", "citation", "来源"),
    "input_name": ("input_name", "name", "item_name", "provided_name", "名称"),
    "unit": ("unit", "share_unit", "单位"),
    "organisation": ("organisation", "organization", "company", "firm", "supplier",
                     "provider_name", "企业", "公司"),
}  # fmt: skip
"""Our field → the headers that mean it (compared lower-cased, spaces and hyphens as '_')."""
REQUIRED = ("input", "country", "share")

UNITS: dict[str, ShareScale] = {
    "%": "percent", "percent": "percent", "pct": "percent", "percentage": "percent",
    "百分比": "percent", "fraction": "fraction", "ratio": "fraction", "proportion": "fraction",
    "0-1": "fraction", "比例": "fraction",
}  # fmt: skip
FRACTION_SUM = (0.98, 1.02)
"""A percent file's input-year whose shares are all ≤ 1 and sum into this range reads as
fractions: the file mixes conventions."""


def _header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def column_map(path: Path, columns: list[str]) -> dict[str, str]:
    """Our field → the file's header for it; an error naming what is missing or doubled."""
    found: dict[str, str] = {}
    for header in columns:
        key = _header_key(header)
        for name, aliases in COLUMNS.items():
            if key in aliases:
                if name in found:
                    raise InvalidArgument(
                        f"{path}: columns '{found[name]}' and '{header}' both mean {name}",
                        hint="keep one of them",
                    )
                found[name] = header
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        names = "; ".join(f"{m}: {', '.join(COLUMNS[m][:5])}" for m in missing)
        raise InvalidArgument(
            f"{path}: the header lacks {', '.join(missing)} (it has {', '.join(columns)})",
            hint=f"name the columns, e.g. {names}",
        )
    return found


def slug(text: str) -> str:
    """A stable id for a new input: 'ArF photoresist' → 'arf-photoresist'."""
    return re.sub(r"[\W_]+", "-", text.strip().lower()).strip("-")


@dataclass(frozen=True)
class _Row:
    row: int
    raw: dict[str, str]
    input_id: str
    country: Country
    value: float
    unit: ShareScale | None
    year: int
    organisation: str | None
    source: str | None


class _Inputs:
    """Input ids of the store (by id and by name) and the new inputs a file introduces."""

    def __init__(self, known: dict[str, str]) -> None:
        self.by_id = set(known)
        self.by_name = {normalize_name(name): input_id for input_id, name in known.items()}
        self.new: dict[str, SupplyInput] = {}

    def resolve(self, text: str, name: str, file: str, row: int) -> str:
        if text in self.by_id:
            return text
        if normalize_name(text) in self.by_name:
            return self.by_name[normalize_name(text)]
        input_id = slug(text)
        if input_id not in self.by_id and input_id not in self.new:
            self.new[input_id] = SupplyInput(input_id, name or text, file, row)
        return input_id


def read_share_csv(
    path: Path,
    countries: StoreCountries,
    known_inputs: dict[str, str],
    default_year: int | None = None,
    on_progress: Progress | None = None,
) -> SupplyFile:
    """The shares, new inputs and rejected rows of one CSV; shares in percent."""
    columns = _header(path)
    fields = column_map(path, columns)
    if "year" not in fields and default_year is None:
        raise InvalidArgument(
            f"{path} has no year column", hint="add a year column, or give the data year: --year"
        )
    inputs = _Inputs(known_inputs)
    items: list[SupplyItem] = []
    rows: list[_Row] = []
    count = 0
    for read in _parsed(path, fields, countries, inputs, default_year, on_progress):
        count += 1
        if isinstance(read, _Row):
            rows.append(read)
        else:
            items.append(read)
    scale, reason = _scale(path, rows)
    items += list(inputs.new.values())
    items += _shares(path, rows, scale)
    return SupplyFile(items, scale, reason, count)


def _header(path: Path) -> list[str]:
    for item in csv_records(path, None):
        if isinstance(item, Rejection):
            raise InvalidArgument(
                f"{path}: the header cannot be read: {item.reason}",
                hint=NOT_UTF8_HINT if "UTF-8" in item.reason else None,
            )
        return item[1]
    return []


def _parsed(
    path: Path,
    fields: dict[str, str],
    countries: StoreCountries,
    inputs: _Inputs,
    default_year: int | None,
    on_progress: Progress | None,
) -> Iterator[_Row | SupplyRejection]:
    file = path.name
    for item in csv_rows(path, on_progress, ()):
        if not isinstance(item, tuple):
            yield SupplyRejection(file, item.row, item.reason, item.field, item.raw)
            continue
        row, raw = item
        cells = {name: raw.get(header, "") for name, header in fields.items()}
        read = _read_row(cells, countries, default_year)
        if isinstance(read, _Problem):
            yield SupplyRejection(file, row, read.reason, read.field, raw)
            continue
        country, value, unit, year = read
        input_id = inputs.resolve(cells["input"], cells.get("input_name", ""), file, row)
        yield _Row(
            row, raw, input_id, country, value, unit, year,
            cells.get("organisation") or None, cells.get("source") or None,
        )  # fmt: skip


@dataclass(frozen=True)
class _Problem:
    reason: str
    field: str


def _read_row(
    cells: dict[str, str], countries: StoreCountries, default_year: int | None
) -> tuple[Country, float, ShareScale | None, int] | _Problem:
    """The country, share value, declared unit and year of a row, or what is wrong with it."""
    if not cells["input"]:
        return _Problem("input missing", "input")
    country = countries.resolve(cells["country"])
    if isinstance(country, str):
        return _Problem(country, "country")
    if not cells["share"]:
        return _Problem("share missing", "share")
    value = parse_number(cells["share"])
    if isinstance(value, str):
        return _Problem(value, "share")
    if value < 0:
        return _Problem(f"negative share: {cells['share']}", "share")
    unit_text = cells.get("unit", "").strip().lower()
    if unit_text and unit_text not in UNITS:
        return _Problem(f"unknown unit '{cells['unit']}' (percent or fraction)", "unit")
    year = parse_year(cells["year"]) if "year" in cells else default_year
    if isinstance(year, str) or year is None:
        return _Problem(year or "year missing", "year")
    return country, value, UNITS.get(unit_text), year


def _scale(path: Path, rows: list[_Row]) -> tuple[ShareScale, str]:
    declared = {r.unit: r.row for r in rows if r.unit}
    if len(declared) > 1:
        raise InvalidArgument(
            f"{path} mixes share units: row {declared['percent']} says percent, row "
            f"{declared['fraction']} says fraction",
            hint="write every share of a file in one convention (percent 0–100 or fraction 0–1)",
        )
    if declared:
        scale = next(iter(declared))
        return scale, f"the unit column says {scale}"
    if not rows:
        return "percent", "no shares read"
    top = max(rows, key=lambda r: r.value)
    if top.value <= 1:
        return "fraction", "no share above 1: read as fractions of 1"
    groups: dict[tuple[str, int, bool], list[_Row]] = {}
    for r in rows:
        groups.setdefault((r.input_id, r.year, r.organisation is None), []).append(r)
    for (input_id, year, _), group in groups.items():
        total = sum(r.value for r in group)
        as_fractions = len(group) > 1 and all(r.value <= 1 for r in group)
        if as_fractions and FRACTION_SUM[0] <= total <= FRACTION_SUM[1]:
            raise InvalidArgument(
                f"{path} mixes share conventions: row {top.row} has {top.value:g} (percent) but "
                f"the shares of {input_id} in {year} (rows "
                f"{', '.join(str(r.row) for r in group)}) sum to {total:g} (fractions)",
                hint="write every share in one convention, or add a unit column",
            )
    return "percent", f"shares go up to {top.value:g} (row {top.row}): read as percent"


def _shares(path: Path, rows: list[_Row], scale: ShareScale) -> Iterator[SupplyItem]:
    first_row: dict[str, int] = {}
    for r in rows:
        pct = round(r.value * 100, 10) if scale == "fraction" else r.value
        if pct > 100:
            limit = "1" if scale == "fraction" else "100 %"
            yield SupplyRejection(path.name, r.row, f"share above {limit}: {r.value:g}", "share",
                                  r.raw)  # fmt: skip
            continue
        share = SupplyShare(
            r.input_id, r.year, r.organisation or r.country.label, pct, path.name, r.row,
            actor_code=r.country.code, organisation=r.organisation,
            source=r.source,
        )  # fmt: skip
        if share.share_key in first_row:
            yield SupplyRejection(path.name, r.row, f"repeats row {first_row[share.share_key]} "
                                  "(same input, year and supplier)", "country", r.raw)  # fmt: skip
            continue
        first_row[share.share_key] = r.row
        yield share
