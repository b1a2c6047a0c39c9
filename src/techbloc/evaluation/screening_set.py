"""The labelled screening set: loading its YAML file and checking it against a CSL snapshot.

A case is a query (with an optional country) and the list entries it must hit, or none for a
negative. An entry is named as in the Consolidated Screening List file: the abbreviation in the
'source' column (EL, CMIC, ...) and the entry's name, surrounding spaces removed. Errors name the
file, the case and the field, so a broken case is found without reading a traceback.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from techbloc.errors import InvalidArgument

CATEGORIES = (
    "zh-simplified",
    "zh-traditional",
    "pinyin",
    "en-variant",
    "hard-negative",
    "zh-transliterated-western",
)


@dataclass(frozen=True)
class ListEntry:
    """One entry of the snapshot: the CSL list abbreviation (EL, CMIC ...) and the entry's name."""

    list: str
    name: str


@dataclass(frozen=True)
class EvalCase:
    id: str
    category: str
    query: str
    country: str | None
    expected: tuple[ListEntry, ...]  # empty: a negative, no hit is correct
    also: tuple[ListEntry, ...]  # may hit without counting as a false positive
    bridge: bool | None  # positives: the name bridge gives a reading of the query
    source: str
    note: str

    @property
    def positive(self) -> bool:
        return bool(self.expected)


def load_cases(path: Path) -> list[EvalCase]:
    """The cases of the set file, checked for form (not yet against a snapshot)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidArgument(f"cannot read the evaluation set {path}: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("cases"), list):
        raise InvalidArgument(f"{path}: expected a mapping with a list under 'cases'")
    sources = raw.get("sources") or {}
    cases: list[EvalCase] = []
    seen: set[str] = set()
    for number, item in enumerate(raw["cases"], start=1):
        case = _case(path, number, item, sources)
        if case.id in seen:
            raise InvalidArgument(f"{path}: case {case.id} appears twice")
        seen.add(case.id)
        cases.append(case)
    return cases


def _case(path: Path, number: int, item: Any, sources: dict[str, Any]) -> EvalCase:
    where = f"{path}: case {number}"
    if not isinstance(item, dict):
        raise InvalidArgument(f"{where}: expected a mapping")
    where = f"{path}: case {item.get('id', number)}"

    def text(field: str, required: bool = True) -> str:
        value = item.get(field)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise InvalidArgument(f"{where}: field '{field}' must be a non-empty text")
        return value.strip()

    category = text("category")
    if category not in CATEGORIES:
        raise InvalidArgument(f"{where}: unknown category '{category}'", hint=", ".join(CATEGORIES))
    source = text("source")
    if source not in sources:
        raise InvalidArgument(f"{where}: source '{source}' is not among the file's sources")
    country = text("country", required=False).upper() or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidArgument(f"{where}: field 'country' must be an ISO-2 code, not '{country}'")
    expected = () if item.get("expected") == "none" else _entries(where, item, "expected")
    if not expected and item.get("expected") != "none":
        raise InvalidArgument(f"{where}: field 'expected' must list entries or be 'none'")
    bridge = item.get("bridge")
    if expected and not isinstance(bridge, bool):
        raise InvalidArgument(f"{where}: a positive case needs 'bridge: true' or 'bridge: false'")
    if not expected and bridge is not None:
        raise InvalidArgument(f"{where}: a negative case has no 'bridge' field")
    return EvalCase(
        id=text("id"),
        category=category,
        query=text("query"),
        country=country,
        expected=expected,
        also=_entries(where, item, "also") if item.get("also") else (),
        bridge=bridge,
        source=source,
        note=text("note", required=False),
    )


def _entries(where: str, item: dict[str, Any], field: str) -> tuple[ListEntry, ...]:
    values = item.get(field)
    if not isinstance(values, list) or not values:
        raise InvalidArgument(f"{where}: field '{field}' must be a list of {{list, name}}")
    entries = []
    for value in values:
        if (
            not isinstance(value, dict)
            or not isinstance(value.get("list"), str)
            or not isinstance(value.get("name"), str)
        ):
            raise InvalidArgument(f"{where}: each entry of '{field}' needs a 'list' and a 'name'")
        entries.append(ListEntry(value["list"].strip(), value["name"].strip()))
    return tuple(entries)


def csl_entries(path: Path) -> set[ListEntry]:
    """Every (list abbreviation, name) of a CSL CSV file, names without surrounding spaces."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            ListEntry(_abbreviation(row.get("source") or ""), (row.get("name") or "").strip())
            for row in csv.DictReader(handle)
        }


def _abbreviation(source: str) -> str:
    match = re.search(r"\(([^)]+)\)", source)
    return match[1].strip() if match else source.strip()


def unknown_entries(cases: list[EvalCase], snapshot: set[ListEntry]) -> list[str]:
    """One line per expected or 'also' entry that the snapshot does not have under that list."""
    return [
        f"case {case.id}: {field} entry {entry.list} '{entry.name}' is not in the snapshot"
        for case in cases
        for field, entries in (("expected", case.expected), ("also", case.also))
        for entry in entries
        if entry not in snapshot
    ]
