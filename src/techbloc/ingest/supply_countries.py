"""Supplier countries as supply files write them (US, USA, United States, 美国) → the store's codes.

A value resolves when it is a code (alpha-2), an ISO alpha-3 code or any name or alias of one
actor of the store that still exists (the knowledge base's ``actor_names``), so a supply file and
the rest of techbloc agree on what a country is. A few labels that name no single country
(ETO's 'Various countries' and 'EUR' for Europe, 'Other', 'Rest of world') are kept as
*unattributed* suppliers: their share counts in a market's total but in no country's.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from techbloc.text.normalize import normalize_name

UNATTRIBUTED = {
    normalize_name(label): shown
    for label, shown in (
        ("Various countries", "Various countries"), ("Various", "Various countries"),
        ("Other", "Other"), ("Others", "Other"), ("Other countries", "Other"),
        ("Rest of world", "Rest of world"), ("Rest of the world", "Rest of world"),
        ("ROW", "Rest of world"), ("Europe", "Europe"), ("EUR", "Europe"),
        ("其他", "Other"), ("其他国家", "Other"), ("其他国家和地区", "Other"),
    )
}  # fmt: skip
"""Normalised label → how it is shown."""


@dataclass(frozen=True)
class Country:
    """A resolved supplier country: a code, or an unattributed label (``code`` None)."""

    code: str | None
    label: str


class StoreCountries:
    """Country lookup over one store's actors (alpha-2 codes first, then alpha-3, then names)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute(
            """SELECT a.actor_code, a.name_en, a.iso3, n.name_key
               FROM actors a JOIN actor_names n USING (actor_code)
               WHERE a.ended_date IS NULL"""
        ).fetchall()
        self._names: dict[str, set[str]] = {}
        self._codes: dict[str, str] = {}
        self.label: dict[str, str] = {}
        for code, name_en, iso3, key in rows:
            self._names.setdefault(str(key), set()).add(str(code))
            self.label[str(code)] = str(name_en)
            self._codes[normalize_name(str(code))] = str(code)
            if iso3:
                self._codes.setdefault(normalize_name(str(iso3)), str(code))

    def resolve(self, value: str) -> Country | str:
        """The country ``value`` names, or the reason it names none (unknown, ambiguous)."""
        key = normalize_name(value)
        if not key:
            return "country missing"
        if key in self._codes:
            code = self._codes[key]
            return Country(code, self.label[code])
        if key in UNATTRIBUTED:
            return Country(None, UNATTRIBUTED[key])
        found = self._names.get(key, set())
        if len(found) == 1:
            code = next(iter(found))
            return Country(code, self.label[code])
        if found:
            return f"'{value}' names several countries ({', '.join(sorted(found))})"
        return f"unknown country '{value}'"
