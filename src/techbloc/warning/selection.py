"""Which stream rows a rule or series reads, and the scope keys each row counts for.

A row passes ``filters`` when, for every field listed, one of its values is among the accepted
ones (a row without a value for the field has the value ``""``); ``exclude`` drops a row with any
listed value; ``at_least`` keeps rows whose numeric value reaches the bound. ``focal`` stands for
the focal country, a domain family for its leaf domains. When the scope's own field is filtered
(scope: domain with a domain filter), a row counts only for the accepted keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable

from techbloc.warning.config_items import Selection
from techbloc.warning.streams.base import FieldValues, StreamData, StreamRow
from techbloc.warning.streams.registry import SPECS
from techbloc.warning.streams.store import Taxonomy

FOCAL = "focal"
SYSTEM_KEY = "all"


def resolve(selection: Selection, focal: str, taxonomy: Taxonomy) -> Selection:
    """The selection with ``focal`` replaced by the focal country and domain families expanded."""

    def values(field: str, given: FieldValues) -> FieldValues:
        out = {focal if v == FOCAL else v for v in given}
        if field == "domain":
            out |= set(taxonomy.leaves(out))
        return tuple(sorted(out))

    return dataclasses.replace(
        selection,
        filters={f: values(f, v) for f, v in selection.filters.items()},
        exclude={f: values(f, v) for f, v in selection.exclude.items()},
    )


def _values(row: StreamRow, field: str) -> FieldValues:
    return row.fields.get(field) or ("",)


def passes(row: StreamRow, selection: Selection) -> bool:
    for field, accepted in selection.filters.items():
        if not set(_values(row, field)) & set(accepted):
            return False
    for field, refused in selection.exclude.items():
        if set(_values(row, field)) & set(refused):
            return False
    return all(row.value(name) >= bound for name, bound in selection.at_least.items())


def select(rows: Iterable[StreamRow], selection: Selection) -> list[StreamRow]:
    return [row for row in rows if passes(row, selection)]


def select_from(stream: StreamData, selection: Selection) -> list[StreamRow]:
    """The stream's rows the selection keeps (rows read for it alone need only ``at_least``)."""
    if stream.prefiltered:
        bounds = dataclasses.replace(selection, filters={}, exclude={})
        return select(stream.rows, bounds)
    return select(stream.rows, selection)


def scope_keys(row: StreamRow, selection: Selection) -> FieldValues:
    """The keys of the selection's scope this row counts for."""
    field = SPECS[selection.stream].scope_field(selection.scope, selection.domain_level)
    if field is None:
        return (SYSTEM_KEY,)
    keys = set(row.fields.get(field, ()))
    if field in selection.filters:
        keys &= set(selection.filters[field])
    if field in selection.exclude:
        keys -= set(selection.exclude[field])
    keys.discard("")
    return tuple(sorted(keys))


def by_scope(rows: Iterable[StreamRow], selection: Selection) -> dict[str, list[StreamRow]]:
    """Rows grouped by scope key (a row can count for several keys), each group in day order."""
    groups: dict[str, list[StreamRow]] = defaultdict(list)
    for row in rows:
        for key in scope_keys(row, selection):
            groups[key].append(row)
    return dict(sorted(groups.items()))


def novel_rows(
    rows: list[StreamRow], fields: tuple[str, ...], stream_start: dt.date | None, history_days: int
) -> list[StreamRow]:
    """Rows restricted to the value combinations of ``fields`` that no earlier row had: a
    country's first measure in a domain keeps only the domains that are new for that country.
    Rows less than ``history_days`` after the stream's start cannot be called first (their
    combinations are recorded as seen). Rows of the same day do not hide each other."""
    seen: set[tuple[str, ...]] = set()
    found = []
    for _day, same_day in itertools.groupby(rows, key=lambda r: r.day):
        batch = list(same_day)
        new_seen = set()
        for row in batch:
            combos = set(itertools.product(*(row.fields.get(f, ()) for f in fields)))
            new_seen |= combos
            fresh = combos - seen
            observed = stream_start is not None and (row.day - stream_start).days >= history_days
            if not fresh or not observed:
                continue
            narrowed = {f: tuple(sorted({c[i] for c in fresh})) for i, f in enumerate(fields)}
            found.append(dataclasses.replace(row, fields={**row.fields, **narrowed}))
        seen |= new_seen
    return found
