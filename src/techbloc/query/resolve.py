"""Turn what a user typed into ids: any name or alias, in Chinese or English, with suggestions.

Lookup order: the normalised name equals a stored name key; else the typed text is part of exactly
one alliance's (or country's) names; else a :class:`NotFound` that suggests the closest names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

import duckdb
from rapidfuzz import fuzz, process

from techbloc.errors import InvalidArgument, NotFound
from techbloc.model import PartialDate
from techbloc.text.normalize import normalize_name

E = TypeVar("E", bound=StrEnum)


def suggest(typed: str, choices: Iterable[str] | dict[str, str], limit: int = 3) -> list[str]:
    """The closest choices to what was typed (by normalised similarity). ``choices`` may map each
    label people type (a name) to what to suggest (its id)."""
    labelled = choices if isinstance(choices, dict) else {c: c for c in choices}
    pool = {normalize_name(label): value for label, value in labelled.items() if label}
    key = normalize_name(typed)
    if not key or not pool:
        return []
    hits = process.extract(key, list(pool), scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
    return list(dict.fromkeys(pool[hit[0]] for hit in hits))


def _hint(options: list[str]) -> str | None:
    return f"did you mean: {', '.join(options)}?" if options else None


def _resolve_name(
    con: duckdb.DuckDBPyConnection, table: str, id_col: str, typed: str, what: str
) -> str:
    key = normalize_name(typed)
    if not key:
        raise InvalidArgument(f"empty {what} name")
    rows = con.execute(
        f"SELECT DISTINCT {id_col} FROM {table} WHERE name_key = ?",  # identifiers are ours
        [key],
    ).fetchall()
    if len(rows) == 1:
        return str(rows[0][0])
    if not rows and len(key) >= 2:
        rows = con.execute(
            f"SELECT DISTINCT {id_col} FROM {table} WHERE contains(name_key, ?)", [key]
        ).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
    if len(rows) > 1:
        ids = sorted(str(r[0]) for r in rows)
        raise NotFound(
            f"'{typed}' matches several {what}s: {', '.join(ids)}",
            hint="type more of the name, or use the id",
        )
    names = [str(r[0]) for r in con.execute(f"SELECT name FROM {table}").fetchall()]
    raise NotFound(f"no {what} is called '{typed}'", hint=_hint(suggest(typed, names)))


def resolve_alliance(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    """An alliance id from its id, any name or alias (瓦森纳 → wassenaar)."""
    return _resolve_name(con, "alliance_names", "alliance_id", typed, "alliance")


def resolve_actor(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    """A country code from its code (NL, NLD) or any name (荷兰, Netherlands)."""
    return _resolve_name(con, "actor_names", "actor_code", typed, "country")


def resolve_term(con: duckdb.DuckDBPyConnection, table: str, id_col: str, typed: str) -> str:
    """A taxonomy id (domain, stage, instrument) from its id or its en/zh name."""
    what = id_col.removesuffix("_id")
    rows = [
        (str(r[0]), str(r[1] or ""), str(r[2] or ""))
        for r in con.execute(f"SELECT {id_col}, name_en, name_zh FROM {table}").fetchall()
    ]
    key = normalize_name(typed)
    for ident, en, zh in rows:
        if key in {normalize_name(ident), normalize_name(en), normalize_name(zh)}:
            return ident
    labels = {label: ident for ident, en, zh in rows for label in (en, zh, ident)}
    options = suggest(typed, labels)
    raise InvalidArgument(
        f"unknown {what} '{typed}'",
        hint=_hint(options) or f"choose one of: {', '.join(r[0] for r in rows)}",
    )


def parse_choice(enum: type[E], typed: str, what: str) -> E:
    """A member of a closed vocabulary, with a suggestion when mistyped."""
    try:
        return enum(typed.strip().lower())
    except ValueError:
        options = [e.value for e in enum]
        raise InvalidArgument(
            f"unknown {what} '{typed}'",
            hint=_hint(suggest(typed, options)) or f"choose one of: {', '.join(options)}",
        ) from None


def parse_date(typed: str | dt.date | None, option: str) -> dt.date | None:
    """A user-given date; a year or month means its first day."""
    if typed is None or isinstance(typed, dt.date):
        return typed
    try:
        return PartialDate.parse(typed).start
    except ValueError:
        raise InvalidArgument(
            f"invalid date '{typed}' for {option}",
            hint="write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2023-10-17)",
        ) from None
