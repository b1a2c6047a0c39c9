"""OpenSanctions data in FollowTheMoney (FtM) JSON lines: listed entities, their ownership links.

A file holds one entity per line (``id``, ``schema``, ``properties``, ``datasets``, ``target``),
or — a delta file — one change per line, ``{"op": "ADD"|"MOD"|"DEL", "entity": {...}}``.

* A **listed entity** is an organisation, person, vessel, aircraft or security (``LISTABLE``)
  that is a target (``target: true``) or is named by a Sanction entity. It becomes one
  :class:`ListedRecord` per dataset that lists it — its datasets, less the company registers and
  other enrichment sources (``not_lists`` in ftm_datasets.yaml), plus those of its Sanctions —
  on the list ``os-<dataset>``, keyed by the FtM id. Names, addresses (``addressEntity`` resolved
  to the Address entity's text), ISO countries and identifiers come from the entity; programmes,
  dates, authority, reasons and source URL from the Sanctions of that dataset that name it.
* An **Ownership** entity becomes an :class:`OwnershipLink`; an organisation or person that takes
  part in ownership without being listed becomes a :class:`RelatedParty`.
* In a delta file, ADD and MOD replace the entity (it leaves the lists of the file that it no
  longer names: a :class:`Withdrawal`), and DEL withdraws it from the lists it was on.

Two passes read the file: the first stages Addresses, Sanctions and ownership ids on disk
(:mod:`techbloc.ingest.ftm_lookup`), so that references may point forward; the second yields.
A line that cannot be read becomes a :class:`Rejection` with its line number, field and reason.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from techbloc.enrich.citations import parse_citations
from techbloc.ingest.ftm_lookup import StagedLookup
from techbloc.ingest.ftm_values import all_values, earliest, latest, lowest_percentage, values
from techbloc.ingest.iso3166 import iso_country
from techbloc.ingest.json_items import loads
from techbloc.ingest.records import (
    ImportItem,
    ListedRecord,
    ListInfo,
    OwnershipLink,
    Rejection,
    RelatedParty,
    Withdrawal,
)

Progress = Callable[[int], None]

LIST_PREFIX = "os-"
LISTABLE = frozenset(
    {"LegalEntity", "Organization", "Company", "PublicBody", "Person", "Vessel", "Airplane",
     "Vehicle", "Security"}
)  # fmt: skip
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
COUNTRY_PROPS = ("country", "jurisdiction", "mainCountry", "nationality", "citizenship", "flag")
IDENTIFIER_PROPS = (
    "registrationNumber", "innCode", "ogrnCode", "kppCode", "okpoCode", "taxNumber", "vatCode",
    "leiCode", "dunsCode", "swiftBic", "bvdId", "permId", "isinCode", "ricCode", "cikCode",
    "irsCode", "uniqueEntityId", "cageCode", "npiCode", "idNumber", "passportNumber",
    "socialSecurityNumber", "imoNumber", "mmsi", "callSign", "serialNumber", "isin", "figiCode",
)  # fmt: skip
SHARE_PROPS = ("percentage", "sharesCount", "sharesValue", "sharesCurrency", "sharesType",
               "ownershipType", "role")  # fmt: skip
DELTA_OPS = ("ADD", "MOD", "DEL")
_STAGED_SCHEMATA = ('"Address"', '"Sanction"', '"Ownership"')


@dataclass(frozen=True)
class DatasetCatalog:
    """What ftm_datasets.yaml says: the lists techbloc names, and datasets that list nobody."""

    lists: dict[str, ListInfo]
    not_lists: frozenset[str]

    def is_list(self, dataset: str) -> bool:
        return not dataset.startswith("ext_") and dataset not in self.not_lists


def list_id_for(dataset: str) -> str:
    """'gb_fcdo_sanctions' → 'os-gb-fcdo-sanctions'."""
    return LIST_PREFIX + dataset.replace("_", "-")


@lru_cache(maxsize=1)
def dataset_catalog() -> DatasetCatalog:
    text = resources.files("techbloc.ingest").joinpath("ftm_datasets.yaml").read_text("utf-8")
    doc = yaml.safe_load(text)
    lists = {
        key: ListInfo(list_id_for(key), info["name"], info.get("issuer"), info.get("jurisdiction"))
        for key, info in doc["lists"].items()
    }
    return DatasetCatalog(lists, frozenset(doc.get("not_lists") or ()))


def is_delta_file(path: Path) -> bool:
    """True when the first entry of the file is a change (``{"op": ..., "entity": ...}``)."""
    with path.open("rb") as handle:
        for raw in handle:
            if raw.strip():
                try:
                    first = loads(raw.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace"))
                except ValueError:
                    return False
                return isinstance(first, dict) and "op" in first and "entity" in first
    return False


@dataclass
class _FirstPass:
    lookup: StagedLookup
    scope: set[str]  # datasets named anywhere in a delta file
    authorities: dict[str, tuple[str | None, str | None]]  # dataset → first Sanction's


def read_ftm(
    path: Path, on_progress: Progress | None = None, lists: dict[str, ListInfo] | None = None
) -> Iterator[ImportItem]:
    """Records, related parties, ownership links, withdrawals and rejections of an FtM file;
    ``lists`` receives the :class:`ListInfo` of every list met."""
    found_lists = lists if lists is not None else {}
    delta = is_delta_file(path)
    size = path.stat().st_size
    with tempfile.TemporaryDirectory(prefix="techbloc-ftm-") as tmp:
        first = _FirstPass(StagedLookup(Path(tmp) / "lookup.sqlite"), set(), {})
        try:
            _first_pass(path, delta, first, on_progress)
            reader = _SecondPass(first, delta, found_lists)
            for row, raw in _lines(path, _halved(on_progress, size // 2)):
                yield from reader.line(row, raw)
        finally:
            first.lookup.close()


def _halved(on_progress: Progress | None, offset: int) -> Progress | None:
    """Each pass reads the whole file: it reports half its bytes, after ``offset``."""
    if on_progress is None:
        return None
    report = on_progress
    return lambda done: report(offset + done // 2)


def _lines(path: Path, on_progress: Progress | None) -> Iterator[tuple[int, bytes]]:
    done = 0
    with path.open("rb") as handle:
        for row, raw in enumerate(handle, start=1):
            done += len(raw)
            if on_progress:
                on_progress(done)
            if row == 1:
                raw = raw.lstrip(b"\xef\xbb\xbf")
            if raw.strip():
                yield row, raw


def _first_pass(path: Path, delta: bool, first: _FirstPass, on_progress: Progress | None) -> None:
    for _row, raw in _lines(path, _halved(on_progress, 0)):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # the second pass reports it
        if not delta and not any(marker in text for marker in _STAGED_SCHEMATA):
            continue  # cheap skip: only Address, Sanction and Ownership lines are staged
        try:
            doc = loads(text)
        except ValueError:
            continue  # the second pass reports it
        if not isinstance(doc, dict):
            continue
        if delta:
            if doc.get("op") not in ("ADD", "MOD") or not isinstance(doc.get("entity"), dict):
                continue
            doc = doc["entity"]
        if _malformed(doc, needs_schema=True):
            continue  # the second pass rejects it
        if delta:
            first.scope.update(doc.get("datasets") or [])
        first.lookup.add(doc)
        if doc.get("schema") == "Sanction" and isinstance(doc.get("properties"), dict):
            props = doc["properties"]
            authority = next(iter(values(props, "authority")), None)
            country = _jurisdiction(values(props, "country"))
            for dataset in doc.get("datasets") or []:
                first.authorities.setdefault(str(dataset), (authority, country))
    first.lookup.finish()


def _jurisdiction(codes: list[str]) -> str | None:
    for code in codes:
        if code.lower() == "eu":
            return "EU"
        if iso := iso_country(code):
            return iso
    return None


class _SecondPass:
    """Turns each line into what it means, with the first pass's lookups."""

    def __init__(self, first: _FirstPass, delta: bool, lists: dict[str, ListInfo]) -> None:
        self.first, self.delta, self.lists = first, delta, lists
        self.catalog = dataset_catalog()
        self.scope = tuple(sorted(list_id_for(d) for d in first.scope if self.catalog.is_list(d)))

    def line(self, row: int, raw: bytes) -> Iterator[ImportItem]:
        try:
            doc = loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            reason = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
            yield Rejection(row, reason, None, {"line": _excerpt(raw)})
            return
        except ValueError as exc:
            yield Rejection(row, f"not valid JSON: {exc}", None, {"line": _excerpt(raw)})
            return
        if not isinstance(doc, dict):
            yield Rejection(row, "a line is not a JSON object", None, {"line": _excerpt(raw)})
            return
        op = "ADD"
        if self.delta:
            op = str(doc.get("op") or "")
            if op not in DELTA_OPS or not isinstance(doc.get("entity"), dict):
                reason = f"a change needs an op ({', '.join(DELTA_OPS)}) and an entity object"
                yield Rejection(row, reason, "op", doc)
                return
            doc = doc["entity"]
        problem = _malformed(doc, needs_schema=op != "DEL")
        if problem:
            yield Rejection(row, problem[1], problem[0], doc)
            return
        if op == "DEL":
            yield self._deletion(row, doc)
            return
        schema = doc["schema"]
        if schema == "Ownership":
            yield from _ownership(row, doc)
        elif schema in LISTABLE:
            yield from self._legal_entity(row, doc)

    def _deletion(self, row: int, doc: dict[str, Any]) -> Withdrawal:
        """The entity leaves the lists its datasets name (every list when it names none; no
        list when they are all enrichment sources), and its links go."""
        datasets = [str(d) for d in doc.get("datasets") or []]
        named = tuple(list_id_for(d) for d in datasets if self.catalog.is_list(d))
        return Withdrawal(row, str(doc["id"]), LIST_PREFIX, named if datasets else None, (), True)

    def _legal_entity(self, row: int, doc: dict[str, Any]) -> Iterator[ImportItem]:
        entity_id, props = str(doc["id"]), doc.get("properties") or {}
        sanctions = self.first.lookup.sanctions(entity_id)
        datasets = [str(d) for d in doc.get("datasets") or []]
        listing = [d for d in datasets if self.catalog.is_list(d)] if doc.get("target") else []
        listing += [d for d, _ in sanctions if d not in listing and self.catalog.is_list(d)]
        if self.delta:  # the entity as it now stands replaces what the lists of this file held
            keep = tuple(list_id_for(d) for d in listing)
            yield Withdrawal(row, entity_id, LIST_PREFIX, self.scope, keep, False)
        names = _names(props, doc.get("caption"))
        if listing and not names:
            yield Rejection(row, "a listed entity without a name", "name", doc)
            return
        addresses, address_countries = self._addresses(props)
        countries = _countries(all_values(props, COUNTRY_PROPS), address_countries)
        identifiers = tuple(f"{p}:{v}" for p in IDENTIFIER_PROPS for v in values(props, p))
        if not listing:
            if self.first.lookup.in_ownership(entity_id):
                caption = str(doc.get("caption") or "").strip()
                name = names[0] if names else caption or entity_id
                yield RelatedParty(entity_id, name, str(doc["schema"]), tuple(names[1:]),
                                   countries, identifiers, row)  # fmt: skip
            return
        for dataset in listing:
            info = self._list_info(dataset)
            own = [p for d, p in sanctions if d == dataset]
            yield ListedRecord(
                list_id=info.list_id, source_key=entity_id, name=names[0],
                entity_type=str(doc["schema"]), aliases=tuple(names[1:]), addresses=addresses,
                countries=countries, row=row, identifiers=identifiers,
                **_sanction_fields(own, values(props, "sourceUrl")),
            )  # fmt: skip

    def _addresses(self, props: dict[str, Any]) -> tuple[tuple[str, ...], list[str]]:
        texts: list[str] = []
        countries: list[str] = []
        for text, country in self.first.lookup.addresses(values(props, "addressEntity")):
            texts += [text] if text else []
            countries += [country] if country else []
        texts += values(props, "address")
        return tuple(dict.fromkeys(texts)), countries

    def _list_info(self, dataset: str) -> ListInfo:
        info = self.catalog.lists.get(dataset)
        if info is None:
            authority, country = self.first.authorities.get(dataset, (None, None))
            info = ListInfo(list_id_for(dataset), dataset, authority, country)
        self.lists.setdefault(info.list_id, info)
        return info


def _malformed(doc: dict[str, Any], needs_schema: bool) -> tuple[str, str] | None:
    """(field, reason) when an entity lacks what every entity needs, or holds values of another
    type than FtM's (property values are text; datasets a list of names)."""
    if not isinstance(doc.get("id"), str) or not doc["id"].strip():
        return "id", "no id"
    if needs_schema and (not isinstance(doc.get("schema"), str) or not doc["schema"].strip()):
        return "schema", "no schema"
    if "schema" in doc and not isinstance(doc["schema"], str | None):
        return "schema", "schema is not text"
    properties = doc.get("properties", {})
    if not isinstance(properties, dict | None):
        return "properties", "properties is not an object"
    for name, value in (properties or {}).items():
        items = value if isinstance(value, list) else [value]
        if not all(_is_text(item) for item in items):
            return f"properties.{name}", f"property {name} holds a value that is not text"
    datasets = doc.get("datasets", [])
    if not isinstance(datasets, list | None) or not all(isinstance(d, str) for d in datasets or []):
        return "datasets", "datasets is not a list of dataset names"
    if not isinstance(doc.get("caption"), str | None):
        return "caption", "caption is not text"
    return None


def _is_text(value: Any) -> bool:
    """A property value FtM can hold: text, or a number written without quotes."""
    return value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))


def _names(props: dict[str, Any], caption: Any) -> list[str]:
    """Every name of the entity, the listed name first: the caption when it is one of the
    ``name`` values (OpenSanctions' choice of display name), else the first name."""
    names = values(props, "name")
    if not names:
        return []
    first = caption if isinstance(caption, str) and caption in names else names[0]
    return list(dict.fromkeys([first, *all_values(props, NAME_PROPS)]))


def _countries(*groups: list[str]) -> tuple[str, ...]:
    codes = [iso_country(code) for group in groups for code in group]
    return tuple(dict.fromkeys(c for c in codes if c))


def _sanction_fields(sanctions: list[dict[str, Any]], entity_urls: list[str]) -> dict[str, Any]:
    """Programmes, dates, citation, remarks and source URL from a dataset's Sanction entities."""
    joined = {name: [v for s in sanctions for v in values(s, name)] for name in (
        "programId", "program", "listingDate", "startDate", "endDate", "authority", "reason",
        "summary", "sourceUrl", "authorityId",
    )}  # fmt: skip
    ends = [latest(values(s, "endDate")) for s in sanctions]
    known_ends = [end for end in ends if end is not None]
    remarks = "; ".join(
        f"{label}: {' | '.join(dict.fromkeys(joined[name]))}"
        for label, name in (
            ("authority", "authority"),
            ("reason", "reason"),
            ("summary", "summary"),
        )
        if joined[name]
    )
    citations = [str(c) for text in joined["authorityId"] for c in parse_citations(text)]
    return {
        "programs": tuple(dict.fromkeys(joined["programId"] + joined["program"])),
        # the earliest of both: a re-publication or amendment brings a later listingDate (the
        # EU FSF gives 2025-03-15 for LLC CST, listed on 2023-12-18, its startDate)
        "listing_date": earliest(joined["listingDate"] + joined["startDate"]),
        # ended only when every Sanction of the dataset has ended
        "end_date": max(known_ends) if known_ends and len(known_ends) == len(ends) else None,
        "citation": "; ".join(dict.fromkeys(citations)) or None,
        "remarks": remarks or None,
        "source_url": next(iter(joined["sourceUrl"] + entity_urls), None),
    }


def _ownership(row: int, doc: dict[str, Any]) -> Iterator[ImportItem]:
    props = doc.get("properties") or {}
    owners, assets = values(props, "owner"), values(props, "asset")
    for field, found in (("owner", owners), ("asset", assets)):
        if not found:
            yield Rejection(row, f"an ownership without an {field}", field, doc)
            return
    share_text = "; ".join(f"{p}: {v}" for p in SHARE_PROPS for v in values(props, p)) or None
    pairs = [(owner, asset) for owner in owners for asset in assets]
    for number, (owner, asset) in enumerate(pairs, start=1):
        yield OwnershipLink(
            ownership_key=str(doc["id"]) if number == 1 else f"{doc['id']}~{number}",
            owner_key=owner, asset_key=asset,
            percentage=lowest_percentage(values(props, "percentage")), share_text=share_text,
            start_date=earliest(values(props, "startDate")),
            end_date=latest(values(props, "endDate")), row=row,
        )  # fmt: skip


def _excerpt(raw: bytes) -> str:
    """The whole line, bytes that are not UTF-8 written as ``\\xNN`` (nothing is lost)."""
    return raw.decode("utf-8", errors="backslashreplace").rstrip("\r\n")
