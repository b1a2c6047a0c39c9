"""Reading the alerts the early warning raised (tables ``alerts``, ``alert_evidence`` and
``alert_events`` of migration 0012): filtered lists, and one alert with its evidence and history.
Writing them is the early warning's business (``techbloc.warning``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.query.resolve import parse_date
from techbloc.query.rows import Row, fetch, plain
from techbloc.warning.model import SCOPE_TYPES, STATES, Level

ALERT_COLUMNS = """a.alert_id, a.detector, a.scope_type, a.scope_key, a.period_start,
    a.period_end, a.level, a.statistic, a.value, a.threshold, a.title_en, a.title_zh, a.state,
    a.first_seen, a.last_seen, a.occurrences, a.created_at, a.updated_at"""
LEVEL_RANK = "CASE a.level WHEN 'red' THEN 4 WHEN 'orange' THEN 3 WHEN 'yellow' THEN 2 ELSE 1 END"


def _level(text: str) -> Level:
    try:
        return Level.parse(text)
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidArgument(f"unknown {what} {value!r}", hint=f"use {', '.join(allowed)}")
    return value


def list_alerts(
    con: duckdb.DuckDBPyConnection,
    level: str | None = None,
    min_level: str | None = None,
    state: str | None = None,
    scope_type: str | None = None,
    scope_key: str | None = None,
    detector: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
) -> list[Row]:
    """Alerts, most severe and most recent first, each with its number of evidence items.
    ``since``/``until`` bound the day an alert was last seen (both inclusive); ``level`` is one
    level, ``min_level`` that level or above (English or Chinese names)."""
    where: list[str] = ["TRUE"]
    params: dict[str, Any] = {}
    if level:
        params["level"] = _level(level).label
        where.append("a.level = $level")
    if min_level:
        params["min_rank"] = int(_level(min_level))
        where.append(f"{LEVEL_RANK} >= $min_rank")
    if state:
        params["state"] = _choice(state, STATES, "state")
        where.append("a.state = $state")
    if scope_type:
        params["scope_type"] = _choice(scope_type, SCOPE_TYPES, "scope type")
        where.append("a.scope_type = $scope_type")
    if scope_key:
        params["scope_key"] = scope_key
        where.append("a.scope_key = $scope_key")
    if detector:
        params["detector"] = detector
        where.append("a.detector = $detector")
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start:
        params["since"] = start
        where.append("a.last_seen >= $since")
    if end:
        params["until"] = end
        where.append("a.last_seen <= $until")
    rows = fetch(
        con,
        f"""SELECT {ALERT_COLUMNS},
                   (SELECT count(*) FROM alert_evidence e WHERE e.alert_id = a.alert_id)
                       AS evidence_count
            FROM alerts a WHERE {" AND ".join(where)}
            ORDER BY {LEVEL_RANK} DESC, a.last_seen DESC, a.alert_id""",
        params,
    )
    for row in rows:
        row["level_zh"] = _level(row["level"]).label_zh
    return [plain(r) for r in rows]
