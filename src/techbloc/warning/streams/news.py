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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from techbloc.warning.model import Evidence
from techbloc.warning.streams.base import (
    FieldValues,
    StreamData,
    StreamRow,
    StreamSpec,
    as_values,
    sort_rows,
)
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
    # The knowledge-base actor codes the GDELT import maps (not GDELT's CAMEO actor1_code).
    "actor1": ("actor1_actor_code", "actor1"),
    "actor2": ("actor2_actor_code", "actor2"),
    "domain": ("domain_id", "domain"),
    "quad_class": ("quad_class", "quadclass"),
    "root_code": ("event_root_code", "root_code", "eventrootcode"),
    "events": ("events", "event_count", "n_events", "num_events"),
    "mentions": ("mentions", "num_mentions", "nummentions"),
    "goldstein": ("goldstein", "goldstein_sum", "sum_goldstein", "goldstein_scale"),
    "mean_goldstein": ("mean_goldstein",),
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


def _goldstein_sql(cols: dict[str, tuple[str, str]]) -> str:
    """A cell's Goldstein total: the import's view gives the mean per cell, so mean × events."""
    if "goldstein" not in cols and "mean_goldstein" in cols:
        return f"{_column_sql(cols, 'mean_goldstein')} * {_column_sql(cols, 'events')}"
    return _column_sql(cols, "goldstein", "0")


@dataclass(frozen=True)
class NewsQuery:
    """What one rule or series reads from the news view: its filters (focal country and domain
    families already resolved) and the fields it needs besides the day; the view is aggregated to
    that grain in SQL, the filters applied there."""

    key: str
    filters: Mapping[str, FieldValues]
    exclude: Mapping[str, FieldValues]
    group: tuple[str, ...]
    horizon_days: int


def _condition(cols: dict[str, tuple[str, str]], field: str, values: FieldValues) -> tuple[
    str, list[Any]
]:  # fmt: skip
    column = "domain" if field in ("domain", "domain_family", "domain_id") else field
    if column not in cols:  # a field the view lacks: every row has the empty value
        return ("TRUE" if "" in values else "FALSE"), []
    expr = f"CAST({_column_sql(cols, column)} AS VARCHAR)"
    named = [v for v in values if v]
    parts, params = [], list(named)
    if named:
        parts.append(f"{expr} IN ({', '.join('?' * len(named))})")
    if "" in values:
        parts.append(f"coalesce({expr}, '') = ''")
    return "(" + " OR ".join(parts) + ")", params


def where_sql(cols: dict[str, tuple[str, str]], query: NewsQuery) -> tuple[str, list[Any]]:
    """SQL (with ? parameters) for the rows ``query`` selects, against ``cols``."""
    parts, params = ["TRUE"], []
    for field, values in query.filters.items():
        sql, more = _condition(cols, field, values)
        parts.append(sql)
        params += more
    for field, values in query.exclude.items():
        sql, more = _condition(cols, field, values)
        parts.append(f"NOT coalesce({sql}, FALSE)")
        params += more
    return " AND ".join(parts), params


def load_news(
    store: StoreReader, as_of: dt.date, queries: tuple[NewsQuery, ...], span_days: int = 0
) -> StreamData:
    """The news days observed within the longest horizon of the queries before ``as_of``, and
    per query its cells within its own horizon (each widened by ``span_days``, for many as-of
    dates read at once)."""
    con = store.con
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
    horizon = max((q.horizon_days for q in queries), default=0)
    first = as_of - dt.timedelta(days=horizon + span_days)
    summary = fetch(
        con,
        f"SELECT {day} AS day, count(*) AS cells FROM {COUNTS_VIEW} "
        f"WHERE {day} > ? AND {day} <= ? GROUP BY 1 ORDER BY 1",
        [first, as_of],
    )
    days = [as_date(r["day"]) for r in summary if r["day"] is not None]
    event_cols = resolve_columns(con, EVENTS_TABLE) if store.has(EVENTS_TABLE) else {}
    parts = {q.key: _part(store, cols, event_cols, q, as_of, span_days, days) for q in queries}
    return StreamData(
        SPEC.name, [], present=True, observed_days=days, parts=parts,
        row_count=sum(int(r["cells"]) for r in summary), horizon_days=horizon,
    )  # fmt: skip


def _part(
    store: StoreReader, cols: dict[str, tuple[str, str]], event_cols: dict[str, tuple[str, str]],
    query: NewsQuery, as_of: dt.date, span_days: int, days: list[dt.date],
) -> StreamData:  # fmt: skip
    day = _column_sql(cols, "day")
    first = as_of - dt.timedelta(days=query.horizon_days + span_days)
    group = [k for k in KEY_FIELDS if k in query.group]
    keys = "".join(f", CAST({_column_sql(cols, k)} AS VARCHAR) AS {k}" for k in group)
    where, params = where_sql(cols, query)
    sql = (
        f"SELECT {day} AS day{keys}, sum({_column_sql(cols, 'events')}) AS events, "
        f"sum({_column_sql(cols, 'mentions', '0')}) AS mentions, "
        f"sum({_goldstein_sql(cols)}) AS goldstein "
        f"FROM {COUNTS_VIEW} WHERE {day} > ? AND {day} <= ? AND {where} GROUP BY ALL"
    )
    found = fetch(store.con, sql, [first, as_of, *params])
    rows = [_row(r, group, store.taxonomy) for r in found if r["day"] is not None]
    data = StreamData(SPEC.name, sort_rows(rows), present=True, observed_days=days,
                      prefiltered=True, horizon_days=query.horizon_days)  # fmt: skip
    if {"event_id", "day"} <= set(event_cols):
        data.expand_evidence = lambda chosen, limit: event_evidence(
            store.con, event_cols, chosen, limit, query
        )
    return data


def _row(r: dict[str, Any], group: list[str], taxonomy: Taxonomy) -> StreamRow:
    day = as_date(r["day"])
    key = "|".join([day.isoformat(), *(str(r[k] or "") for k in group)])
    fields: dict[str, FieldValues] = {k: as_values(r[k]) for k in group if k != "domain"}
    if "domain" in group:
        leaves = taxonomy.leaves([r["domain"]] if r["domain"] else [])
        fields.update(domain=leaves, domain_family=taxonomy.families(leaves),
                      domain_id=as_values(r["domain"]))  # fmt: skip
    events = float(r["events"] or 0)
    described = ", ".join(f"{k} {r[k]}" for k in group if r[k])
    return StreamRow(
        row_id=key,
        day=day,
        fields=fields,
        values={
            "events": events,
            "mentions": float(r["mentions"] or 0),
            "goldstein": float(r["goldstein"] or 0),
        },
        evidence=Evidence("news_event", key, day, f"{events:g} events ({described})"),
    )


def event_evidence(
    con: duckdb.DuckDBPyConnection,
    cols: dict[str, tuple[str, str]],
    chosen: list[StreamRow],
    limit: int,
    query: NewsQuery,
) -> list[Evidence]:
    """The single events behind cells: GLOBALEVENTID, day, source URL; the most mentioned first.
    The query's filters, the cells' days and their key values bound the search (a superset of
    the cells when they differ in several keys, which is close enough for evidence)."""
    if not chosen:
        return []
    day = _column_sql(cols, "day")
    where, params = where_sql(cols, query)
    where += f" AND {day} BETWEEN ? AND ?"
    params += [min(r.day for r in chosen), max(r.day for r in chosen)]
    for field_name in ("actor1", "actor2", "quad_class", "root_code", "domain_id"):
        values = sorted({v for r in chosen for v in r.fields.get(field_name, ()) if v})
        column = "domain" if field_name == "domain_id" else field_name
        if column in cols and values:
            where += (f" AND CAST({_column_sql(cols, column)} AS VARCHAR) IN "
                      f"({', '.join('?' * len(values))})")  # fmt: skip
            params.extend(values)
    mentions = _column_sql(cols, "mentions", "0")
    sql = (
        f"SELECT CAST({_column_sql(cols, 'event_id')} AS VARCHAR) AS event_id, {day} AS day, "
        f"CAST({_column_sql(cols, 'url')} AS VARCHAR) AS url, {mentions} AS mentions "
        f"FROM {EVENTS_TABLE} WHERE {where} "
        f"ORDER BY {mentions} DESC NULLS LAST, event_id LIMIT {int(limit)}"
    )
    return [
        Evidence(
            "news_event", r["event_id"], as_date(r["day"]), f"{r['mentions']} mentions", r["url"]
        )  # fmt: skip
        for r in fetch(con, sql, params)
    ]
