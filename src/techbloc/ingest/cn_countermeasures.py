"""China's own restrictive lists — the focal country's countermeasures — as OpenSanctions compiles
them in one CSV (datasets/cn/sanctions).

One row is one designation: an organisation or person named by one PRC body (the Ministry of
Commerce, the Ministry of Foreign Affairs, the Taiwan Affairs Office) in one announcement, with its
English and Chinese names, country, date and the announcement's URL. The 'Body' and 'List' columns
say which list a row belongs to (:data:`MOFCOM_LISTS`, :data:`TAO_LISTS`); every MFA row is one of
the ministry's countermeasures, whatever its 'List' says. A row whose body or list is not known
here is rejected rather than filed under a guessed list. Columns: Type, QID, Name, Alias, Chinese
name, Country, Topics, Summary, Chinese summary, Body, List, Date, End date, Source URL, Address.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from techbloc.ingest.countries import address_country, country_code
from techbloc.ingest.records import ListedRecord, ListInfo, Rejection
from techbloc.ingest.rows import Progress, name_key, parsed_csv_rows, split_cell, unique

REQUIRED_COLUMNS = ("Type", "Name", "Chinese name", "Body", "List", "Date")

MOFCOM = "Ministry of Commerce"
MFA = "Ministry of Foreign Affairs"
TAO = "Taiwan Affairs Office of the State Council"
TAO_PARTY = "Taiwan Work Office of the CPC Central Committee"  # the same office's party name

_MOFCOM_ISSUER = "PRC Ministry of Commerce"
_TAO_ISSUER = "PRC Taiwan Affairs Office of the State Council"

MOFCOM_LISTS: dict[str, ListInfo] = {
    "uel": ListInfo(
        "cn-mofcom-uel",
        "不可靠实体清单 Unreliable Entity List",
        "PRC Ministry of Commerce (Unreliable Entity List working mechanism)",
        "CN",
    ),
    "list of export controls": ListInfo(
        "cn-mofcom-export-control-list",
        "出口管制管控名单 Export Control List",
        _MOFCOM_ISSUER,
        "CN",
    ),
    "export control watch list": ListInfo(
        "cn-mofcom-export-control-watch-list",
        "出口管制关注名单 Export Control Watch List",
        _MOFCOM_ISSUER,
        "CN",
    ),
    "list of targets of countermeasures": ListInfo(
        "cn-mofcom-countermeasure-list",
        "反制清单 Countermeasure List (Anti-Foreign Sanctions Law)",
        _MOFCOM_ISSUER,
        "CN",
    ),
}
"""MOFCOM's lists by the casefolded 'List' cell."""

MFA_LIST = ListInfo(
    "cn-mfa-countermeasures",
    "外交部反制措施 Countermeasures of the Ministry of Foreign Affairs",
    "PRC Ministry of Foreign Affairs",
    "CN",
)
"""Every MFA row: sanctions announced before and under the Anti-Foreign Sanctions Law, entries of
its Countermeasure List and its countermeasure decisions; the row's 'List' is its programme."""

TAO_LISTS: dict[str, ListInfo] = {
    'diehard "taiwan independence" separatists': ListInfo(
        "cn-tao-diehard-separatists",
        "“台独”顽固分子清单 List of diehard 'Taiwan independence' separatists",
        _TAO_ISSUER,
        "CN",
    ),
    'henchmen and accomplices of "taiwan independence"': ListInfo(
        "cn-tao-henchmen-accomplices",
        "“台独”打手帮凶 'Taiwan independence' henchmen and accomplices",
        _TAO_ISSUER,
        "CN",
    ),
    "": ListInfo(
        "cn-tao-punished-organisations",
        "国台办惩戒的机构和企业 Organisations and companies punished by the Taiwan Affairs Office",
        _TAO_ISSUER,
        "CN",
    ),
}
"""The Taiwan Affairs Office's lists by the casefolded 'List' cell ('' = no named list)."""

ENTITY_TYPES = {"company": "Entity", "organization": "Entity", "person": "Individual"}
"""The file's types in the vocabulary of the other lists (CSL: Entity, Individual)."""


def known_lists() -> dict[str, ListInfo]:
    every = [*MOFCOM_LISTS.values(), MFA_LIST, *TAO_LISTS.values()]
    return {info.list_id: info for info in every}


def read_cn_countermeasures(
    path: Path, on_progress: Progress | None = None
) -> Iterator[ListedRecord | Rejection]:
    """Records of the CSV, one per row; unreadable rows become rejections naming the field."""
    yield from parsed_csv_rows(path, on_progress, REQUIRED_COLUMNS, parse_row)


def list_for(body: str, list_name: str) -> ListInfo | str:
    """The list a row belongs to, or why it cannot be told."""
    key = " ".join(list_name.split()).casefold()
    if body == MOFCOM:
        return MOFCOM_LISTS.get(key) or f"unknown Ministry of Commerce list {list_name!r}"
    if body == MFA:
        return MFA_LIST
    if body in (TAO, TAO_PARTY):
        return TAO_LISTS.get(key) or f"unknown Taiwan Affairs Office list {list_name!r}"
    if not body:
        return "no issuing body: the row does not say which list it belongs to"
    return f"unknown issuing body {body!r}"


def parse_date(text: str, field: str) -> dt.date | None:
    """A day as the file writes it: DD.MM.YYYY, or DD.MM.YY for a year in 2000–2099."""
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year + 2000 if year < 100 else year, month, day)
        except ValueError:
            pass
    raise ValueError(field, f"not a date (DD.MM.YYYY): {text!r}")


def parse_row(cells: dict[str, str], row: int) -> ListedRecord | Rejection:
    """One row → a record, or a rejection naming the field."""
    name = cells.get("Name", "")
    chinese = split_cell(cells.get("Chinese name", ""))
    if not name and not chinese:
        return Rejection(row, "no name (neither Name nor Chinese name)", "Name", cells)
    body = cells.get("Body", "")
    info = list_for(body, cells.get("List", ""))
    if isinstance(info, str):
        return Rejection(row, info, "List" if body else "Body", cells)
    try:
        listing_date = parse_date(cells.get("Date", ""), "Date")
        end_date = parse_date(cells.get("End date", ""), "End date")
    except ValueError as exc:
        field, reason = exc.args
        return Rejection(row, reason, field, cells)
    primary = name or chinese[0]
    addresses = split_cell(cells.get("Address", ""))
    countries, unknown = _countries(cells.get("Country", ""), addresses)
    source_url = cells.get("Source URL", "")
    remarks = [cells.get("Summary", ""), cells.get("Chinese summary", "")]
    if body == TAO_PARTY:
        remarks.append(f"Announced by the {TAO_PARTY}")
    remarks += [f"country not recognised: {value}" for value in unknown]
    qid = cells.get("QID", "")
    return ListedRecord(
        list_id=info.list_id,
        source_key=name_key(primary, cells.get("Date", ""), source_url),
        name=primary,
        entity_type=ENTITY_TYPES.get(cells.get("Type", "").casefold()) or cells.get("Type") or None,
        aliases=unique([*split_cell(cells.get("Alias", "")), *chinese], besides=primary),
        addresses=addresses,
        countries=countries,
        programs=split_cell(cells.get("List", "")),
        listing_date=listing_date,
        end_date=end_date,
        remarks=" | ".join(r for r in remarks if r) or None,
        source_url=source_url or None,
        identifiers=(f"Wikidata {qid}",) if qid else (),
        row=row,
    )


def _countries(column: str, addresses: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Codes of the Country column (codes or names); where it is empty, of the addresses. Also the
    values that name no known country, which the record's remarks keep."""
    codes: list[str] = []
    unknown: list[str] = []
    for value in split_cell(column):
        code = country_code(value)
        if code:
            codes.append(code)
        else:
            unknown.append(value)
    if not codes and not unknown:
        codes = [c for c in map(address_country, addresses) if c]
    return tuple(dict.fromkeys(codes)), unknown
