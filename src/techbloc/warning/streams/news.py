"""News events (GDELT) as a stream, from the ``news_event_counts`` view the GDELT import builds:
one row per day × actor1 × actor2 × domain × QuadClass × EventRootCode with its events and
mentions. Actor codes are the knowledge base's (CN, US …); ``domain_id`` is the techbloc domain
the import's tagger gives an event (GDELT has none).

The view's column names are matched from a list of usual spellings (``day`` or ``event_date``,
``actor1`` or ``actor1_code`` …); a store without the view, or with a view whose layout is not
recognised, has no news stream and the detectors say so. Only the days a detector needs are read
(the longest window or baseline of the rules and series on news, before the as-of date), since the
view can hold millions of events. Evidence names single events (GLOBALEVENTID, source URL) from the
``news_events`` table when it is there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.warning.model import Evidence
from techbloc.warning.streams.base import StreamData, StreamRow, StreamSpec, as_values, sort_rows
from techbloc.warning.streams.store import StoreReader, Taxonomy, as_date, columns, fetch

SPEC = StreamSpec(
    name="news",
    label_en="news events (GDELT)",
    label_zh="新闻事件（GDELT）",
    fields=("actor1", "actor2", "domain", "domain_family", "quad_class", "root_code"),
    values=("count", "events", "mentions", "goldstein"),
    scopes={"domain": "domain", "country": "actor1", "system": None},
    empty_en="no news events imported (run the GDELT import), or none dated in the window",
    empty_zh="尚未导入新闻事件（GDELT），或窗口内没有事件",
    aggregated=True,
)

COUNTS_VIEW = "news_event_counts"
EVENTS_TABLE = "news_events"

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "day": ("day", "event_date", "date", "sqldate", "event_day"),
    "actor1": ("actor1", "actor1_code", "actor1_actor", "actor1_country", "actor1countrycode"),
    "actor2": ("actor2", "actor2_code", "actor2_actor", "actor2_country", "actor2countrycode"),
    "domain": ("domain_id", "domain"),
    "quad_class": ("quad_class", "quadclass"),
    "root_code": ("event_root_code", "root_code", "eventrootcode"),
    "events": ("events", "event_count", "n_events", "num_events"),
    "mentions": ("mentions", "num_mentions", "nummentions"),
    "goldstein": ("goldstein", "goldstein_sum", "sum_goldstein", "goldstein_scale"),
    "event_id": ("globaleventid", "global_event_id", "event_id"),
    "url": ("sourceurl", "source_url", "url"),
}
"""Usual spellings of each column, first match wins (case-insensitive)."""
REQUIRED = ("day", "actor1", "actor2", "events")
KEY_FIELDS = ("actor1", "actor2", "domain", "quad_class", "root_code")


def resolve_columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, tuple[str, str]]:
    """Our name → (column name, type) for the columns of ``relation`` we recognise."""
    present = columns(con, relation)
    found = {}
    for ours, spellings in COLUMN_NAMES.items():
        for spelling in spellings:
            if spelling in present:
                found[ours] = present[spelling]
                break
    return found


def _day_sql(column: str, kind: str) -> str:
    quoted = f'"{column}"'
    if "INT" in kind.upper():  # GDELT's SQLDATE, 20250131
        return f"strptime(CAST({quoted} AS VARCHAR), '%Y%m%d')::DATE"
    return f"TRY_CAST({quoted} AS DATE)"


def _column_sql(cols: dict[str, tuple[str, str]], name: str, default: str = "NULL") -> str:
    if name not in cols:
        return default
    if name == "day":
        return _day_sql(*cols[name])
    return f'"{cols[name][0]}"'


def load_news(
    store: StoreReader, as_of: dt.date, focal: str, horizon_days: int = 400
) -> StreamData:
    """The news cells dated in (as_of − horizon_days, as_of]."""
    con, taxonomy = store.con, store.taxonomy
    if not store.has(COUNTS_VIEW):
        return StreamData(SPEC.name, [], present=False)
    cols = resolve_columns(con, COUNTS_VIEW)
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        return StreamData(
            SPEC.name, [], present=False,
            note_en=f"{COUNTS_VIEW} lacks the columns {', '.join(missing)}",
            note_zh=f"{COUNTS_VIEW} 缺少列 {', '.join(missing)}",
        )  # fmt: skip
    day = _column_sql(cols, "day")
    keys = ", ".join(f"CAST({_column_sql(cols, k)} AS VARCHAR) AS {k}" for k in KEY_FIELDS)
    sql = (
        f"SELECT {day} AS day, {keys}, sum({_column_sql(cols, 'events')}) AS events, "
        f"sum({_column_sql(cols, 'mentions', '0')}) AS mentions, "
        f"sum({_column_sql(cols, 'goldstein', '0')}) AS goldstein "
        f"FROM {COUNTS_VIEW} WHERE {day} > ? AND {day} <= ? GROUP BY ALL"
    )
    start = as_of - dt.timedelta(days=horizon_days)
    rows = [_row(r, taxonomy) for r in fetch(con, sql, [start, as_of]) if r["day"] is not None]
    data = StreamData(SPEC.name, sort_rows(rows), present=True)
    if store.has(EVENTS_TABLE):
        event_cols = resolve_columns(con, EVENTS_TABLE)
        if {"event_id", "day"} <= set(event_cols):
            data.expand_evidence = lambda chosen, limit: event_evidence(
                con, event_cols, chosen, limit
            )
    return data


def _row(r: dict[str, Any], taxonomy: Taxonomy) -> StreamRow:
    day = as_date(r["day"])
    key = "|".join([day.isoformat(), *(str(r[k] or "") for k in KEY_FIELDS)])
    leaves = taxonomy.leaves([r["domain"]] if r["domain"] else [])
    events = float(r["events"] or 0)
    label = f"{events:g} events {r['actor1'] or '?'}→{r['actor2'] or '?'} (root {r['root_code']})"
    return StreamRow(
        row_id=key,
        day=day,
        fields={
            "actor1": as_values(r["actor1"]),
            "actor2": as_values(r["actor2"]),
            "domain": leaves,
            "domain_family": taxonomy.families(leaves),
            "quad_class": as_values(r["quad_class"]),
            "root_code": as_values(r["root_code"]),
            "domain_id": as_values(r["domain"]),
        },
        values={
            "events": events,
            "mentions": float(r["mentions"] or 0),
            "goldstein": float(r["goldstein"] or 0),
        },
        evidence=Evidence("news_event", key, day, label),
    )


def event_evidence(
    con: duckdb.DuckDBPyConnection,
    cols: dict[str, tuple[str, str]],
    chosen: list[StreamRow],
    limit: int,
) -> list[Evidence]:
    """The single events behind aggregate rows: GLOBALEVENTID, day, source URL; the most
    mentioned first. The rows' days and key values bound the search (a superset of the rows'
    cells, which is close enough for evidence)."""
    if not chosen:
        return []
    day = _column_sql(cols, "day")
    where = [f"{day} BETWEEN ? AND ?"]
    params: list[Any] = [min(r.day for r in chosen), max(r.day for r in chosen)]
    for field_name in ("actor1", "actor2", "quad_class", "root_code", "domain_id"):
        values = sorted({v for r in chosen for v in r.fields.get(field_name, ())})
        column = "domain" if field_name == "domain_id" else field_name
        if column in cols and values:
            where.append(f"CAST({_column_sql(cols, column)} AS VARCHAR) IN "
                         f"({', '.join('?' * len(values))})")  # fmt: skip
            params.extend(values)
    mentions = _column_sql(cols, "mentions", "0")
    sql = (
        f"SELECT CAST({_column_sql(cols, 'event_id')} AS VARCHAR) AS event_id, {day} AS day, "
        f"CAST({_column_sql(cols, 'url')} AS VARCHAR) AS url, {mentions} AS mentions "
        f"FROM {EVENTS_TABLE} WHERE {' AND '.join(where)} "
        f"ORDER BY {mentions} DESC NULLS LAST, event_id LIMIT {int(limit)}"
    )
    return [
        Evidence(
            "news_event", r["event_id"], as_date(r["day"]), f"{r['mentions']} mentions", r["url"]
        )  # fmt: skip
        for r in fetch(con, sql, params)
    ]
