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
from collections.abc import Callable, Sequence

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.query.rows import Row, fetch
from techbloc.warning.alert_queries import alert_detail, list_alerts, resolve_alert_id
from techbloc.warning.alert_recording import AlertChange, Recorder
from techbloc.warning.model import EVIDENCE_KINDS, SCOPE_TYPES, STATES, Alert, Level

__all__ = [
    "DEFAULT_QUIET_DAYS", "AlertChange", "alert_detail", "list_alerts", "record_alerts",
    "set_state", "utc_now",
]  # fmt: skip

DEFAULT_QUIET_DAYS = 30


def utc_now() -> dt.datetime:
    """The time stamps of the alert tables: UTC, without a time zone (DuckDB TIMESTAMP)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


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
        recorder = Recorder(con, ordered, now)
        changes = [recorder.record(a, seen or a.period_end, quiet_days) for a in ordered]
        recorder.write(con)
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
