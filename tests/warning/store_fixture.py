"""A small store for the detector tests: the fixture knowledge base of tests/kbfactory.py, with
measures, listings, documents and news events written in by the tests themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from techbloc.kb.loader import load_kb
from techbloc.store.build import build_store
from tests.kbfactory import base_kb, write_kb

TODAY = dt.date(2026, 11, 23)


def make_store(folder: Path, keep_measures: bool = False) -> Path:
    """The fixture knowledge base's store (domains semiconductors > semiconductor-equipment,
    quantum; actors US CN NL NO SU), without its two measures unless asked."""
    path = folder / "warning.duckdb"
    build_store(path, load_kb(write_kb(folder / "kb", base_kb())), today=TODAY)
    if not keep_measures:
        with duckdb.connect(str(path)) as con:
            con.execute("DELETE FROM measures")
    return path


@dataclass
class M:
    """A measure row; only what the tests vary."""

    measure_id: str
    day: str
    actor: str = "US"
    domains: list[str] = field(default_factory=lambda: ["quantum"])
    direction: str = "restrictive"
    targets: list[str] = field(default_factory=lambda: ["CN"])
    severity: int = 3
    precision: str = "day"
    instrument: str = "export_control"
    alliance: str | None = None


def add_measures(path: Path, measures: Iterable[M]) -> None:
    rows = [
        (m.measure_id, dt.date.fromisoformat(m.day), m.precision, m.actor, None, m.alliance,
         f"Measure {m.measure_id}", f"措施 {m.measure_id}", m.instrument, m.direction,
         m.targets, [], m.domains, ["trade_export"], [], None, m.severity, None, ["m-src"],
         None, None, None, "measures/test.yaml")
        for m in measures
    ]  # fmt: skip
    if not rows:
        return
    marks = ", ".join([f"({', '.join('?' * 23)})"] * len(rows))
    with duckdb.connect(str(path)) as con:  # one statement: executemany is slow on DuckDB
        con.execute(f"INSERT INTO measures VALUES {marks}", [v for row in rows for v in row])


def monthly(prefix: str, first: dt.date, months: int, per_month: int = 1, **kw: object) -> list[M]:
    """``per_month`` measures on the 10th (11th, 12th …) of each of ``months`` months."""
    found = []
    for i in range(months):
        year, month = first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1
        for k in range(per_month):
            day = dt.date(year, month, 10 + k).isoformat()
            found.append(M(f"{prefix}-{year}-{month:02d}-{k}", day, **kw))  # type: ignore[arg-type]
    return found


def add_listings(
    path: Path, entries: Iterable[tuple[str, str, str, str]], jurisdiction: str = "US"
) -> None:
    """(entity_id, name, country, listing date) on a list of ``jurisdiction``, each linked to
    quantum."""
    list_id = f"{jurisdiction.lower()}-test"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "INSERT OR IGNORE INTO restricted_lists VALUES (?, 'Test List', 'Ministry', ?)",
            [list_id, jurisdiction],
        )
        for entity_id, name, country, day in entries:
            con.execute(
                "INSERT INTO listed_entities VALUES (?, ?, ?, 'Entity', ?, [], [], [?], "
                "[], ?, NULL, NULL, NULL, NULL, NULL, ?, [], 'h', true, ?, ?, 'f.csv', 1, 1)",
                [entity_id, list_id, entity_id, name, country, day,
                 f"https://lists.example/{entity_id}", day, day],
            )  # fmt: skip
            con.execute(
                "INSERT INTO listing_domains VALUES (?, 'quantum', 'keyword', 'quantum')",
                [entity_id],
            )


def add_documents(path: Path, docs: Iterable[tuple[str, str, str]]) -> None:
    """(doc_id, published, direction) documents mentioning CN, quantum and testreg, with that
    direction towards testreg."""
    with duckdb.connect(str(path)) as con:
        for doc_id, day, direction in docs:
            con.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, 'en', ?, 'txt', NULL, NULL, 10, "
                "?, NULL, 'text', ''::BLOB, NULL, NULL, 1, now())",
                [doc_id, doc_id, doc_id, f"Doc {doc_id}", day, f"https://docs.example/{doc_id}"],
            )
            for kind, key in (("country", "CN"), ("domain", "quantum"), ("alliance", "testreg")):
                con.execute(
                    "INSERT INTO document_mentions VALUES (?, ?, ?, ?, 0, 4, 0, NULL, 's', 'gaz')",
                    [doc_id, kind, key, key],
                )
            con.execute(
                "INSERT INTO document_stances VALUES (?, 'testreg', 'blockade', ?, 2, 0, 0, "
                "'s', 0)",
                [doc_id, direction],
            )


def add_news(path: Path, daily: dict[dt.date, int], domain: str = "quantum") -> None:
    """``daily[d]`` conflict events US → CN on day d in ``domain``, ids from 1."""
    days = sorted(daily)
    with duckdb.connect(str(path)) as con:
        # The GDELT import's own table (migration 0011), the columns it requires.
        con.execute(
            """
            INSERT INTO news_events (global_event_id, sql_date, event_date, actor1_country_code,
                actor1_actor_code, actor2_country_code, actor2_actor_code, domain_id,
                quad_class, event_code, event_root_code, num_mentions, goldstein_scale,
                avg_tone, source_url, import_id, source_row)
            WITH cells AS (SELECT unnest(?::DATE[]) AS day, unnest(?::INTEGER[]) AS n),
            events AS (SELECT day, i FROM cells CROSS JOIN range(n) AS r(i)),
            numbered AS (SELECT row_number() OVER (ORDER BY day, i) AS id, day FROM events)
            SELECT id, CAST(strftime(day, '%Y%m%d') AS INTEGER), day, 'USA', 'US', 'CHN', 'CN',
                   ?, 4, '172', '17', 5, -5.0, -3.0, 'https://news.example/' || id, 1, id
            FROM numbered
            """,
            [days, [daily[d] for d in days], domain],
        )
