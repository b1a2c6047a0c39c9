"""Reading the store for the streams: which tables exist, partial dates, the domain taxonomy and
the URLs of the knowledge base's sources. Every query is a SELECT: detection never writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb


def known_date_sql(date: str, precision: str) -> str:
    """SQL for the last day of the period a partial date stands for (its day, month or year)."""
    return (
        f"CASE {precision} WHEN 'month' THEN last_day({date}) "
        f"WHEN 'year' THEN make_date(year({date}), 12, 31) ELSE {date} END"
    )


def relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the tables and views of the store's main schema."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {str(r[0]) for r in rows}


def columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, tuple[str, str]]:
    """Lower-cased column name → (actual name, type) of a table or view."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [relation],
    ).fetchall()
    return {str(name).lower(): (str(name), str(kind)) for name, kind in rows}


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Taxonomy:
    """The technology domains: each leaf's family, each family's leaves, and the names."""

    parent: dict[str, str | None]
    names: dict[str, tuple[str, str]]
    children: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _leaves: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Taxonomy:
        rows = con.execute("SELECT domain_id, parent_id, name_en, name_zh FROM domains").fetchall()
        children: dict[str, list[str]] = {}
        for child, parent, _, _ in rows:
            if parent:
                children.setdefault(str(parent), []).append(str(child))
        return cls(
            {str(r[0]): r[1] for r in rows},
            {str(r[0]): (str(r[2] or r[0]), str(r[3] or r[2] or r[0])) for r in rows},
            {k: tuple(sorted(v)) for k, v in children.items()},
        )

    def leaves(self, ids: Iterable[str]) -> tuple[str, ...]:
        """The leaf domains of the given ids (a family stands for all of its leaves)."""
        key = tuple(ids)
        if key not in self._leaves:
            found: set[str] = set()
            for domain_id in key:
                found.update(self.children.get(domain_id, (domain_id,)))
            self._leaves[key] = tuple(sorted(found))
        return self._leaves[key]

    def families(self, leaves: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({self.parent.get(d) or d for d in leaves}))


@dataclass
class StoreReader:
    """One connection with what every stream loader needs: the store's tables and views, the
    domain taxonomy and the URLs of the knowledge base's sources (read once per run)."""

    con: duckdb.DuckDBPyConnection
    relations: set[str]
    taxonomy: Taxonomy
    urls: dict[str, str]

    @classmethod
    def open(cls, con: duckdb.DuckDBPyConnection) -> StoreReader:
        return cls(con, relations(con), Taxonomy.load(con), source_urls(con))

    def has(self, *names: str) -> bool:
        return set(names) <= self.relations


def source_urls(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """source_id → URL of the knowledge base's sources that have one."""
    rows = con.execute("SELECT source_id, url FROM sources WHERE url IS NOT NULL").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def first_url(source_ids: list[str] | None, urls: dict[str, str]) -> str | None:
    for source_id in source_ids or []:
        if source_id in urls:
            return urls[source_id]
    return None


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
