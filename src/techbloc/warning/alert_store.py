"""Storing alerts: raised, repeated, escalated, merged across periods; states and their history.

The rules (docs/methodology.md, "Early warning: alert life cycle and delivery"):

- An alert id never seen → inserted, state ``new``, event ``raised``.
- The same id again → ``occurrences`` + 1, ``last_seen`` moves on, evidence is merged (each
  evidence once), no second alert.
- **De-duplication across periods**: an id not seen before, whose detector and scope match a
  stored alert with a period that overlaps the new one or lies within ``quiet_days`` of it
  (the gap between the two periods is at most ``quiet_days``), updates that alert instead of adding
  one: its period widens to cover both, the new id is kept as an alias of it (``alert_aliases``),
  and an event ``merged`` says which period joined. An open alert (new, acknowledged) is preferred
  to a closed one; among several, the one seen last.
- A higher level than stored → ``escalated`` (event with the levels before and after): the level,
  statistic, value, threshold and titles become the new firing's; an acknowledged or closed alert
  returns to ``new`` (a closed one is thereby reopened).
- A lower level never lowers the stored level: the firing is kept in ``detail.recurrences`` with
  ``not_downgraded: true``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.query.rows import Row, fetch
from techbloc.warning.alert_queries import alert_detail, list_alerts, resolve_alert_id
from techbloc.warning.model import EVIDENCE_KINDS, SCOPE_TYPES, STATES, Alert, Evidence, Level

__all__ = [
    "DEFAULT_QUIET_DAYS", "AlertChange", "alert_detail", "list_alerts", "record_alerts",
    "set_state", "utc_now",
]  # fmt: skip

DEFAULT_QUIET_DAYS = 30
MAX_RECURRENCES = 20  # the latest firings kept in an alert's detail

CHANGES = ("raised", "escalated", "repeated", "merged")

_COLUMNS = (
    "alert_id, detector, scope_type, scope_key, period_start, period_end, level, statistic, value, "
    "threshold, title_en, title_zh, detail, state, first_seen, last_seen, occurrences"
)


def utc_now() -> dt.datetime:
    """The time stamps of the alert tables: UTC, without a time zone (DuckDB TIMESTAMP)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class AlertChange:
    """What recording one detector firing did to the store."""

    alert_id: str  # the stored alert (differs from incoming_id when merged across periods)
    incoming_id: str  # the firing's own id
    change: str  # raised | escalated | repeated | merged
    level: Level  # the stored level afterwards
    level_before: Level | None
    state_before: str | None
    state_after: str
    alert: Alert

    @property
    def is_news(self) -> bool:
        """Raised or escalated: what a notification announces (repeats are not news)."""
        return self.change in ("raised", "escalated")

    def as_row(self) -> Row:
        return {
            "alert_id": self.alert_id, "incoming_id": self.incoming_id, "change": self.change,
            "level": self.level.label, "level_zh": self.level.label_zh,
            "level_before": self.level_before.label if self.level_before else None,
            "state_before": self.state_before, "state_after": self.state_after,
            "detector": self.alert.detector, "scope_type": self.alert.scope_type,
            "scope_key": self.alert.scope_key,
            "period_start": self.alert.period_start.isoformat(),
            "period_end": self.alert.period_end.isoformat(),
            "statistic": self.alert.statistic, "value": self.alert.value,
            "threshold": self.alert.threshold,
            "title_en": self.alert.title_en, "title_zh": self.alert.title_zh,
        }  # fmt: skip


BeforeCommit = Callable[[duckdb.DuckDBPyConnection, list[AlertChange]], None]


def record_alerts(
    con: duckdb.DuckDBPyConnection,
    alerts: Sequence[Alert],
    now: dt.datetime | None = None,
    *,
    seen: dt.date | None = None,
    quiet_days: int = DEFAULT_QUIET_DAYS,
    before_commit: BeforeCommit | None = None,
) -> list[AlertChange]:
    """Record detector firings in one transaction (see the module docstring for the rules).

    ``seen`` is the data date of the run (first_seen / last_seen; default each alert's period
    end). Firings are applied in order of period, so a back-test's daily windows merge in time
    order. ``before_commit`` runs inside the transaction with the changes (the watch queues its
    notifications there, so an alert is never stored without them)."""
    _validate(alerts, quiet_days)
    now = now or utc_now()
    ordered = sorted(alerts, key=lambda a: (a.period_end, a.period_start, a.level, a.alert_id))
    con.execute("BEGIN TRANSACTION")
    try:
        changes = [_record_one(con, a, now, seen or a.period_end, quiet_days) for a in ordered]
        if before_commit:
            before_commit(con, changes)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return changes


def _validate(alerts: Sequence[Alert], quiet_days: int) -> None:
    if quiet_days < 0:
        raise InvalidArgument(f"quiet interval {quiet_days} days: it cannot be negative")
    for i, a in enumerate(alerts):
        where = f"alert {i} ({a.detector or '?'} {a.scope_type}:{a.scope_key})"
        problems = []
        if not a.detector:
            problems.append("detector: empty")
        if a.scope_type not in SCOPE_TYPES:
            problems.append(f"scope_type: {a.scope_type!r} is not one of {', '.join(SCOPE_TYPES)}")
        if not a.scope_key:
            problems.append("scope_key: empty")
        if a.period_start > a.period_end:
            problems.append(f"period: starts {a.period_start} after it ends {a.period_end}")
        if not isinstance(a.level, Level):
            problems.append(f"level: {a.level!r} is not a Level")
        if not (a.title_en and a.title_zh):
            problems.append("title: both title_en and title_zh are needed")
        problems += [
            f"evidence {e.id!r}: kind {e.kind!r} is not one of {', '.join(EVIDENCE_KINDS)}"
            for e in a.evidence
            if e.kind not in EVIDENCE_KINDS
        ]
        if problems:
            raise InvalidArgument(
                f"{where}: {'; '.join(problems)}", hint="nothing was recorded; fix the detector"
            )


def _record_one(
    con: duckdb.DuckDBPyConnection, alert: Alert, now: dt.datetime, seen: dt.date, quiet: int
) -> AlertChange:
    incoming = alert.alert_id
    stored = _stored(con, incoming) or _recent_same_scope(con, alert, quiet)
    if stored is None:
        _insert(con, alert, now, seen)
        _event(con, incoming, now, "raised", None, alert.level, None, "new", None)
        return AlertChange(incoming, incoming, "raised", alert.level, None, None, "new", alert)
    return _update(con, stored, alert, now, seen)


def _stored(con: duckdb.DuckDBPyConnection, alert_id: str) -> Row | None:
    rows = fetch(
        con,
        f"SELECT {_COLUMNS} FROM alerts WHERE alert_id = $id OR alert_id = "
        "(SELECT alert_id FROM alert_aliases WHERE alias_id = $id)",
        {"id": alert_id},
    )
    return rows[0] if rows else None


def _recent_same_scope(con: duckdb.DuckDBPyConnection, alert: Alert, quiet: int) -> Row | None:
    """The alert of the same detector and scope whose period overlaps this one or lies within
    ``quiet`` days of it: open ones first, then the one seen last."""
    rows = fetch(
        con,
        f"""
        SELECT {_COLUMNS} FROM alerts
        WHERE detector = $detector AND scope_type = $scope_type AND scope_key = $scope_key
          AND period_start <= $end + to_days($quiet) AND period_end >= $start - to_days($quiet)
        ORDER BY state = 'closed', last_seen DESC, period_end DESC, alert_id
        LIMIT 1
        """,
        {
            "detector": alert.detector, "scope_type": alert.scope_type,
            "scope_key": alert.scope_key, "start": alert.period_start, "end": alert.period_end,
            "quiet": quiet,
        },
    )  # fmt: skip
    return rows[0] if rows else None


def _insert(con: duckdb.DuckDBPyConnection, alert: Alert, now: dt.datetime, seen: dt.date) -> None:
    con.execute(
        f"INSERT INTO alerts ({_COLUMNS}, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, 1, ?, ?)",
        [
            alert.alert_id, alert.detector, alert.scope_type, alert.scope_key,
            alert.period_start, alert.period_end, alert.level.label, alert.statistic,
            alert.value, alert.threshold, alert.title_en, alert.title_zh,
            json.dumps(alert.detail, ensure_ascii=False, default=str), seen, seen, now, now,
        ],
    )  # fmt: skip
    _merge_evidence(con, alert.alert_id, alert.evidence)


def _update(
    con: duckdb.DuckDBPyConnection, row: Row, alert: Alert, now: dt.datetime, seen: dt.date
) -> AlertChange:
    alert_id, incoming = str(row["alert_id"]), alert.alert_id
    merged = alert_id != incoming
    level_before, state_before = Level.parse(row["level"]), str(row["state"])
    detail = json.loads(row["detail"]) if row["detail"] else {}
    recurrences = list(detail.pop("recurrences", []))
    escalates = alert.level > level_before
    if escalates:
        state_after = "new"
        headline = {
            "level": alert.level.label, "statistic": alert.statistic, "value": alert.value,
            "threshold": alert.threshold, "title_en": alert.title_en, "title_zh": alert.title_zh,
        }  # fmt: skip
        detail = dict(alert.detail)
    else:
        state_after = state_before
        headline = {k: row[k] for k in ("level", "statistic", "value", "threshold", "title_en",
                                        "title_zh")}  # fmt: skip
    recurrences.append(_recurrence(alert, seen, level_before))
    detail["recurrences"] = recurrences[-MAX_RECURRENCES:]
    con.execute(
        """
        UPDATE alerts SET level = $level, statistic = $statistic, value = $value,
            threshold = $threshold, title_en = $title_en, title_zh = $title_zh, detail = $detail,
            state = $state, period_start = least(period_start, $start),
            period_end = greatest(period_end, $end), last_seen = greatest(last_seen, $seen),
            occurrences = occurrences + 1, updated_at = $now
        WHERE alert_id = $id
        """,
        {
            **headline, "detail": json.dumps(detail, ensure_ascii=False, default=str),
            "state": state_after, "start": alert.period_start, "end": alert.period_end,
            "seen": seen, "now": now, "id": alert_id,
        },
    )  # fmt: skip
    _merge_evidence(con, alert_id, alert.evidence)
    merge_note = None
    if merged:
        merge_note = f"period {alert.period_start}–{alert.period_end} (id {incoming}) merged"
        con.execute(
            "INSERT OR IGNORE INTO alert_aliases VALUES (?, ?, ?, ?, ?)",
            [incoming, alert_id, alert.period_start, alert.period_end, now],
        )
    if escalates:
        note = "; ".join(
            x for x in (merge_note, "reopened" if state_before == "closed" else None) if x
        )
        _event(con, alert_id, now, "escalated", level_before, alert.level, state_before,
               state_after, note or None)  # fmt: skip
        change = "escalated"
    else:
        if merged:
            _event(con, alert_id, now, "merged", None, None, None, None, merge_note)
        change = "merged" if merged else "repeated"
    level = alert.level if escalates else level_before
    return AlertChange(
        alert_id, incoming, change, level, level_before, state_before, state_after, alert
    )


def _recurrence(alert: Alert, seen: dt.date, stored_level: Level) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "alert_id": alert.alert_id, "period_start": alert.period_start.isoformat(),
        "period_end": alert.period_end.isoformat(), "seen": seen.isoformat(),
        "level": alert.level.label, "value": alert.value,
    }  # fmt: skip
    if alert.level < stored_level:
        entry["not_downgraded"] = True  # a lower level never lowers the stored one
    return entry


def _merge_evidence(
    con: duckdb.DuckDBPyConnection, alert_id: str, evidence: Sequence[Evidence]
) -> None:
    """Each evidence once per alert; a label or URL missing so far is filled in."""
    unique = {(e.kind, e.id): e for e in reversed(evidence)}  # the first of duplicates wins
    if not unique:
        return
    con.executemany(
        """
        INSERT INTO alert_evidence VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET
            evidence_date = coalesce(alert_evidence.evidence_date, excluded.evidence_date),
            label = coalesce(alert_evidence.label, excluded.label),
            url = coalesce(alert_evidence.url, excluded.url)
        """,
        [[alert_id, e.kind, e.id, e.date, e.label, e.url] for e in unique.values()],
    )


def _event(
    con: duckdb.DuckDBPyConnection,
    alert_id: str,
    now: dt.datetime,
    event: str,
    level_before: Level | None,
    level_after: Level | None,
    state_before: str | None,
    state_after: str | None,
    note: str | None,
) -> None:
    con.execute(
        "INSERT INTO alert_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            alert_id, now, event, level_before.label if level_before else None,
            level_after.label if level_after else None, state_before, state_after, note,
        ],
    )  # fmt: skip


# States: new → acknowledged → closed, and back to new ("reopened").
TRANSITIONS = {
    ("new", "acknowledged"): "acknowledged",
    ("new", "closed"): "closed",
    ("acknowledged", "closed"): "closed",
    ("acknowledged", "new"): "reopened",
    ("closed", "new"): "reopened",
}


def set_state(
    con: duckdb.DuckDBPyConnection,
    alert_id: str,
    state: str,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> Row:
    """Acknowledge, close or reopen (state ``new``) an alert, with an event in its history.
    ``alert_id`` may be a unique beginning of the id. Returns the alert as ``alert_detail``."""
    wanted = "new" if state.strip().lower() in ("reopen", "reopened", "open") else state.strip()
    wanted = wanted.lower()
    if wanted not in STATES:
        raise InvalidArgument(
            f"unknown alert state '{state}'", hint=f"choose one of: {', '.join(STATES)}, reopen"
        )
    found = resolve_alert_id(con, alert_id)
    row = fetch(con, "SELECT state FROM alerts WHERE alert_id = ?", [found])[0]
    before = str(row["state"])
    if before == wanted:
        raise InvalidArgument(f"alert {found} is already {wanted}")
    event = TRANSITIONS.get((before, wanted))
    if event is None:
        raise InvalidArgument(
            f"alert {found} is {before}: it cannot become {wanted}",
            hint=f"reopen it first: techbloc alerts reopen {found}",
        )
    now = now or utc_now()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE alerts SET state = ?, updated_at = ? WHERE alert_id = ?", [wanted, now, found]
        )
        _event(con, found, now, event, None, None, before, wanted, note)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return alert_detail(con, found)
