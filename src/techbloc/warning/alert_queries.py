"""Reading alerts: lists with filters, and one alert with its evidence, history and deliveries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.resolve import parse_date, resolve_actor, resolve_alliance, resolve_term
from techbloc.query.rows import Row, fetch, plain
from techbloc.warning.evidence_links import describe_evidence
from techbloc.warning.model import SCOPE_TYPES, STATES, Level

LEVEL_RANK = "CASE level " + " ".join(f"WHEN '{lv.label}' THEN {lv.value}" for lv in Level) + " END"

_SUMMARY = f"""
    alert_id, level, state, detector, scope_type, scope_key, period_start, period_end, statistic,
    value, threshold, title_en, title_zh, first_seen, last_seen, occurrences, created_at,
    updated_at, (SELECT count(*) FROM alert_evidence e WHERE e.alert_id = a.alert_id)
    AS evidence_count, {LEVEL_RANK} AS level_rank
"""


def parse_level(typed: str | Level | None) -> Level | None:
    """A level from its name in English or Chinese, as an InvalidArgument when unknown."""
    if typed is None or isinstance(typed, Level):
        return typed
    try:
        return Level.parse(typed)
    except ValueError as exc:
        raise InvalidArgument(str(exc), hint="blue 蓝 < yellow 黄 < orange 橙 < red 红") from None


def list_alerts(
    con: duckdb.DuckDBPyConnection,
    state: str | None = None,
    level_at_least: str | Level | None = None,
    scope_type: str | None = None,
    scope_key: str | None = None,
    since: str | dt.date | None = None,
    detector: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[Row]:
    """Stored alerts, last seen first (then highest level): ``since`` keeps those seen on or after
    that date, ``level_at_least`` those at that level or above."""
    where: list[str] = ["true"]
    params: dict[str, Any] = {}
    if state is not None:
        if state not in STATES:
            raise InvalidArgument(
                f"unknown alert state '{state}'", hint=f"choose one of: {', '.join(STATES)}"
            )
        where.append("state = $state")
        params["state"] = state
    level = parse_level(level_at_least)
    if level is not None:
        where.append(f"{LEVEL_RANK} >= $rank")
        params["rank"] = level.value
    if scope_type is not None:
        if scope_type not in SCOPE_TYPES:
            raise InvalidArgument(
                f"unknown scope type '{scope_type}'",
                hint=f"choose one of: {', '.join(SCOPE_TYPES)}",
            )
        where.append("scope_type = $scope_type")
        params["scope_type"] = scope_type
    if scope_key is not None:
        where.append("scope_key = $scope_key")
        params["scope_key"] = scope_key
    day = parse_date(since, "--since")
    if day is not None:
        where.append("last_seen >= $since")
        params["since"] = day
    if detector is not None:
        where.append("detector = $detector")
        params["detector"] = detector
    if (limit is not None and limit < 0) or offset < 0:
        raise InvalidArgument("limit and offset cannot be negative")
    page = ("LIMIT $limit " if limit is not None else "") + "OFFSET $offset"
    params |= {"offset": offset} | ({"limit": limit} if limit is not None else {})
    rows = fetch(
        con,
        f"SELECT {_SUMMARY} FROM alerts a WHERE {' AND '.join(where)} "
        f"ORDER BY last_seen DESC, level_rank DESC, alert_id {page}",
        params,
    )
    return [_summary(r) for r in rows]


def _summary(row: Row) -> Row:
    row = dict(row)
    row.pop("level_rank", None)
    row["level_zh"] = Level.parse(row["level"]).label_zh
    result: Row = plain(row)
    return result


def resolve_alert_id(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    """An alert id from the id, an id merged into it, or a unique beginning (4+ characters)."""
    key = typed.strip().lower()
    if not key:
        raise InvalidArgument("empty alert id")
    row = con.execute(
        "SELECT alert_id FROM alerts WHERE alert_id = $k UNION "
        "SELECT alert_id FROM alert_aliases WHERE alias_id = $k",
        {"k": key},
    ).fetchone()
    if row:
        return str(row[0])
    if len(key) >= 4:
        rows = con.execute(
            "SELECT alert_id FROM alerts WHERE starts_with(alert_id, ?) ORDER BY 1", [key]
        ).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
        if len(rows) > 1:
            raise NotFound(
                f"'{typed}' begins {len(rows)} alert ids: {', '.join(str(r[0]) for r in rows[:5])}",
                hint="type more of the id",
            )
    raise NotFound(f"no alert has the id '{typed}'", hint="list them: techbloc alerts list")


def alert_detail(con: duckdb.DuckDBPyConnection, typed_id: str) -> Row:
    """One alert: its figures and detail, its evidence with labels and links (measures with their
    sources, documents, listed entities), its history, merged ids and notifications."""
    alert_id = resolve_alert_id(con, typed_id)
    row = fetch(con, f"SELECT {_SUMMARY}, detail FROM alerts a WHERE alert_id = ?", [alert_id])[0]
    detail: Any = json.loads(row.pop("detail")) if row.get("detail") else {}
    result = _summary(row)
    result["detail"] = detail
    evidence = fetch(
        con,
        "SELECT evidence_kind AS kind, evidence_id AS id, evidence_date AS date, label, url "
        "FROM alert_evidence WHERE alert_id = ? ORDER BY evidence_date NULLS LAST, kind, id",
        [alert_id],
    )
    result["evidence"] = plain(describe_evidence(con, evidence))
    result["history"] = plain(
        fetch(
            con,
            "SELECT happened_at, event, level_before, level_after, state_before, state_after, "
            "note FROM alert_events WHERE alert_id = ? ORDER BY happened_at, rowid",
            [alert_id],
        )
    )
    result["merged_ids"] = plain(
        fetch(
            con,
            "SELECT alias_id AS alert_id, period_start, period_end FROM alert_aliases "
            "WHERE alert_id = ? ORDER BY period_end, alias_id",
            [alert_id],
        )
    )
    result["notifications"] = plain(
        fetch(
            con,
            "SELECT level, change, channel, target, status, attempts, last_error, sent_at "
            "FROM alert_notifications WHERE alert_id = ? ORDER BY notification_id",
            [alert_id],
        )
    )
    return result


def resolve_scope(con: duckdb.DuckDBPyConnection, typed: str) -> tuple[str, str]:
    """``type:key`` → (scope_type, scope_key). A key no alert has is read as a name: a domain,
    alliance or country name or alias (domain:半导体 → semiconductors, country:荷兰 → NL)."""
    kind, sep, key = typed.partition(":")
    kind, key = kind.strip().lower(), key.strip()
    if not sep or not key or kind not in SCOPE_TYPES:
        raise InvalidArgument(
            f"invalid scope '{typed}'",
            hint=f"write TYPE:KEY with TYPE one of {', '.join(SCOPE_TYPES)} "
            "(e.g. domain:semiconductors, alliance:瓦森纳, country:NL)",
        )
    known = con.execute(
        "SELECT count(*) FROM alerts WHERE scope_type = ? AND scope_key = ?", [kind, key]
    ).fetchone()
    if (known and known[0]) or kind in ("organisation", "system"):
        return kind, key
    if kind == "domain":
        return kind, resolve_term(con, "domains", "domain_id", key)
    if kind == "alliance":
        return kind, resolve_alliance(con, key)
    return kind, resolve_actor(con, key)
