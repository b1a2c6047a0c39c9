"""The notification outbox: what each delivery target is owed, and the log of every attempt.

Notifications are queued in the transaction that records the alerts, one per alert, level and
target (unique), so an alert is never stored without its notifications and no target hears of
the same alert at the same level twice. Delivery happens after the commit; a failed one stays in
the outbox (status ``failed``) and is tried again by the next runs, up to ``MAX_RUNS`` runs, after
which it is ``abandoned`` — reported, never dropped silently. A queued notification whose alert
has since risen to a higher level is ``superseded`` (the higher level has its own); one whose
alert was closed before it could be delivered is ``cancelled``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import duckdb

from techbloc.query.rows import Row, fetch, plain
from techbloc.warning.alert_queries import alert_detail
from techbloc.warning.alert_store import AlertChange
from techbloc.warning.delivery import Delivery
from techbloc.warning.model import Level

MAX_RUNS = 5

Selector = Callable[[Row], str | None]  # alert_detail → why it is delivered, or None


def news_by_alert(changes: Sequence[AlertChange]) -> dict[str, AlertChange]:
    """The news of a batch, one per stored alert: its last raise or escalation. An alert raised
    and escalated in the same batch is announced once, at its final level, as raised."""
    news: dict[str, AlertChange] = {}
    for change in changes:
        if not change.is_news:
            continue
        earlier = news.get(change.alert_id)
        if earlier and earlier.change == "raised" and change.change == "escalated":
            change = AlertChange(
                change.alert_id, change.incoming_id, "raised", change.level, None, None,
                change.state_after, change.alert,
            )  # fmt: skip
        news[change.alert_id] = change
    return news


def queue_notifications(
    con: duckdb.DuckDBPyConnection,
    changes: Sequence[AlertChange],
    targets: Sequence[tuple[str, str]],
    select: Selector,
    run_id: int | None,
    now: dt.datetime,
) -> int:
    """Queue the batch's news for every (channel, target) the selector lets through; returns how
    many notifications were queued. Runs inside the caller's transaction."""
    if not targets:
        return 0
    queued = 0
    for alert_id, change in news_by_alert(changes).items():
        reason = select(alert_detail(con, alert_id))
        if reason is None:
            continue
        for channel, target in targets:
            row = con.execute(
                """
                INSERT OR IGNORE INTO alert_notifications
                    (notification_id, alert_id, level, change, channel, target, matched_by, status,
                     queued_run_id, created_at)
                VALUES (nextval('alert_notification_ids'), ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                RETURNING notification_id
                """,
                [alert_id, change.level.label, change.change, channel, target, reason, run_id,
                 now],
            ).fetchall()  # fmt: skip
            queued += len(row)
    return queued


def due_notifications(con: duckdb.DuckDBPyConnection, targets: Sequence[str]) -> list[Row]:
    """Pending and failed notifications for the given targets, oldest first, with their alert's
    current level and state."""
    return fetch(
        con,
        """
        SELECT n.notification_id, n.alert_id, n.level, n.change, n.channel, n.target,
               n.matched_by, n.status, n.attempts, n.runs_tried, a.level AS alert_level,
               a.state AS alert_state
        FROM alert_notifications n JOIN alerts a USING (alert_id)
        WHERE n.status IN ('pending', 'failed') AND list_contains($targets, n.target)
        ORDER BY n.notification_id
        """,
        {"targets": list(targets)},
    )


def waiting_elsewhere(con: duckdb.DuckDBPyConnection, targets: Sequence[str]) -> list[Row]:
    """Notifications still owed to targets this run does not have (reported, not lost)."""
    rows: list[Row] = plain(
        fetch(
            con,
            "SELECT target, count(*) AS notifications FROM alert_notifications "
            "WHERE status IN ('pending', 'failed') AND NOT list_contains($targets, target) "
            "GROUP BY target ORDER BY target",
            {"targets": list(targets)},
        )
    )
    return rows


def stale_reason(row: Row) -> tuple[str, str] | None:
    """(status, why) when a due notification should no longer be sent."""
    if Level.parse(str(row["alert_level"])) > Level.parse(str(row["level"])):
        return "superseded", f"the alert rose to {row['alert_level']} before delivery"
    if row["alert_state"] == "closed":
        return "cancelled", "the alert was closed before delivery"
    return None


def settle(con: duckdb.DuckDBPyConnection, notification_id: int, status: str, why: str) -> None:
    con.execute(
        "UPDATE alert_notifications SET status = ?, last_error = ? WHERE notification_id = ?",
        [status, why, notification_id],
    )


def record_delivery(
    con: duckdb.DuckDBPyConnection,
    row: Row,
    delivery: Delivery,
    run_id: int | None,
    now: dt.datetime,
    max_runs: int = MAX_RUNS,
) -> str:
    """Log every attempt and set the notification's status; returns the status."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany(
            "INSERT INTO notification_attempts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                [row["notification_id"], run_id, now, n, a.ok, a.status_code, a.error]
                for n, a in enumerate(delivery.attempts, start=1)
            ],
        )
        runs_tried = int(row["runs_tried"]) + 1
        status = "sent" if delivery.ok else "abandoned" if runs_tried >= max_runs else "failed"
        con.execute(
            """
            UPDATE alert_notifications SET status = ?, attempts = attempts + ?, runs_tried = ?,
                last_error = ?, last_attempt_at = ?, sent_at = CASE WHEN ? THEN ? END
            WHERE notification_id = ?
            """,
            [status, len(delivery.attempts), runs_tried, delivery.error, now, delivery.ok, now,
             row["notification_id"]],
        )  # fmt: skip
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return status
