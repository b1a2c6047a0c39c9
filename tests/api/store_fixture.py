"""The store the API tests read: the built-in knowledge base, the CSL fixture snapshot (listings),
the document-search corpus (indexed), the supply-share fixture, three hand-made alerts, and API
tokens. The alerts are test data made for these tests (their evidence points at real
knowledge-base measures); no detector raised them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb

from techbloc.ingest.lists import import_list_file
from techbloc.ingest.supply import import_supply_source
from techbloc.store import api_tokens
from tests.documents.search.conftest import build_corpus_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CSL_V1 = FIXTURES / "csl" / "snapshot_v1.csv"
CSL_V2 = FIXTURES / "csl" / "snapshot_v2.csv"
SHARES = FIXTURES / "supply" / "shares_percent.csv"
NOW = dt.datetime(2026, 11, 1, 12, 0, 0)

ALERTS = [
    # alert_id, detector, scope_type, scope_key, start, end, level, state, last_seen, title_en, zh
    (
        "a0000000000000red",
        "rule:restrictive-burst",
        "domain",
        "semiconductors",
        dt.date(2022, 9, 1),
        dt.date(2022, 10, 31),
        "red",
        "new",
        dt.date(2022, 10, 31),
        "Burst of restrictive semiconductor measures",
        "半导体限制性措施激增",
    ),
    (
        "a000000000yellow",
        "cusum",
        "alliance",
        "wassenaar",
        dt.date(2024, 1, 1),
        dt.date(2024, 3, 31),
        "yellow",
        "acknowledged",
        dt.date(2024, 3, 31),
        "Wassenaar activity above baseline",
        "瓦森纳活动高于基线",
    ),
    (
        "a00000000000blue",
        "count_30d",
        "country",
        "NL",
        dt.date(2023, 6, 1),
        dt.date(2023, 6, 30),
        "blue",
        "closed",
        dt.date(2023, 6, 30),
        "Netherlands: new export-control measure",
        "荷兰：新的出口管制措施",
    ),
]
EVIDENCE = [
    (
        "a0000000000000red",
        "measure",
        "us-2022-10-07-advanced-computing-sme-rule",
        dt.date(2022, 10, 7),
        "BIS advanced computing and SME rule",
        None,
    ),
    (
        "a0000000000000red",
        "measure",
        "us-2022-10-07-unverified-list-31",
        dt.date(2022, 10, 7),
        "31 entities on the Unverified List",
        None,
    ),
]


def insert_alerts(con: duckdb.DuckDBPyConnection) -> None:
    for a in ALERTS:
        con.execute(
            "INSERT INTO alerts (alert_id, detector, scope_type, scope_key, period_start, "
            "period_end, level, statistic, value, threshold, title_en, title_zh, detail, state, "
            "first_seen, last_seen, occurrences, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'count', 5, 3, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            [
                a[0],
                a[1],
                a[2],
                a[3],
                a[4],
                a[5],
                a[6],
                a[9],
                a[10],
                json.dumps({"k": 0.5}),
                a[7],
                a[5],
                a[8],
                NOW,
                NOW,
            ],
        )
    con.executemany("INSERT INTO alert_evidence VALUES (?, ?, ?, ?, ?, ?)", EVIDENCE)
    con.execute(
        "INSERT INTO alert_events VALUES ('a000000000yellow', ?, 'acknowledged', 'yellow', "
        "'yellow', 'new', 'acknowledged', 'seen by the desk')",
        [NOW],
    )


def build_api_store(path: Path, builtin_db: Path) -> dict[str, str]:
    """Fill the store at ``path``; returns the tokens by name."""
    shutil.copyfile(builtin_db, path)
    import_list_file(path, str(CSL_V1), retrieved=dt.date(2024, 1, 1))
    import_supply_source(path, str(SHARES))
    build_corpus_store(path)
    with duckdb.connect(str(path)) as con:
        insert_alerts(con)
        return {name: api_tokens.create_token(con, name) for name in ("writer", "to-revoke")}
