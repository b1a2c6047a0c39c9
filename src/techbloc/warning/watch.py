"""`techbloc watch`: run the detectors on new data, record the alerts, deliver the news.

One run (``run_watch``):

1. opens the store for writing (migrating it if needed) and reads the watchlist;
2. compares what the data and settings are now (the *data mark*: knowledge-base hash, the last
   import of every kind, detector, rules file, focal country) with the last completed run: same
   mark and same ``as_of`` → nothing new, the detectors are not run (``--force`` runs them anyway);
3. otherwise calls the detector function ``(con, as_of, rules=, since=, focal=)`` — ``since`` is the
   previous completed run's ``as_of`` — and records its alerts (``record_alerts``); in the same
   transaction it queues a notification per raised or escalated alert that the watchlist lets
   through, for every configured channel (``outbox``);
4. delivers what is due (this run's news and earlier failures), logging every attempt;
5. writes the run to ``watch_runs`` (counts, errors) and returns a report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from techbloc.errors import StoreError, TechblocError
from techbloc.query.rows import Row, fetch, plain
from techbloc.store.build import build_store
from techbloc.warning.alert_queries import alert_detail
from techbloc.warning.alert_store import DEFAULT_QUIET_DAYS, AlertChange, record_alerts, utc_now
from techbloc.warning.delivery import Channel
from techbloc.warning.model import Alert
from techbloc.warning.notice import Notice
from techbloc.warning.outbox import (
    due_notifications,
    queue_notifications,
    record_delivery,
    settle,
    stale_reason,
    waiting_elsewhere,
)
from techbloc.warning.watch_organisations import OrganisationMatcher
from techbloc.warning.watchlist import Watchlist, load_watchlist

Detector = Callable[..., list[Alert]]


def default_detector(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    rules: Path | None = None,
    since: dt.date | None = None,
    focal: str | None = None,
) -> list[Alert]:
    """The project's detectors (``techbloc.warning.run.run_detectors``), imported when first run."""
    try:
        module = importlib.import_module("techbloc.warning.run")
    except ModuleNotFoundError as exc:
        if exc.name != "techbloc.warning.run":
            raise
        raise TechblocError(
            "the detectors (techbloc.warning.run) are not part of this installation",
            hint="update techbloc, or pass a detector function to run_watch",
        ) from None
    alerts: list[Alert] = module.run_detectors(con, as_of, rules=rules, since=since, focal=focal)
    return alerts


@dataclass
class WatchRequest:
    db_path: Path
    as_of: dt.date
    channels: list[Channel] = field(default_factory=list)
    watchlist: Path | None = None
    rules: Path | None = None
    focal: str | None = None
    quiet_days: int = DEFAULT_QUIET_DAYS
    force: bool = False


@dataclass
class WatchReport:
    run_id: int
    as_of: dt.date
    since: dt.date | None
    detector: str
    status: str = "running"
    alerts_found: int = 0
    changes: list[Row] = field(default_factory=list)
    queued: int = 0
    deliveries: list[Row] = field(default_factory=list)
    waiting: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    watchlist: str | None = None
    previous_run: int | None = None

    def count(self, *changes: str) -> int:
        return sum(1 for c in self.changes if c["change"] in changes)

    @property
    def notified(self) -> int:
        return sum(1 for d in self.deliveries if d["status"] == "sent")

    @property
    def failed(self) -> int:
        return sum(1 for d in self.deliveries if d["status"] in ("failed", "abandoned"))

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "unchanged") and not self.failed

    def as_row(self) -> Row:
        return {
            "run_id": self.run_id, "as_of": self.as_of.isoformat(),
            "since": self.since.isoformat() if self.since else None, "status": self.status,
            "detector": self.detector, "watchlist": self.watchlist,
            "previous_run": self.previous_run, "alerts_found": self.alerts_found,
            "alerts_new": self.count("raised"), "alerts_escalated": self.count("escalated"),
            "alerts_updated": self.count("repeated", "merged"), "changes": self.changes,
            "queued": self.queued, "notified": self.notified, "notify_failed": self.failed,
            "deliveries": self.deliveries, "waiting_for_other_targets": self.waiting,
            "errors": self.errors,
        }  # fmt: skip


def run_watch(
    request: WatchRequest, detector: Detector | None = None, now: dt.datetime | None = None
) -> WatchReport:
    """One watch run (see the module docstring). Settings and watchlist problems raise before
    anything is written; a failing detector is recorded in the run and its report."""
    detector = detector or default_detector
    name = f"{getattr(detector, '__module__', '?')}.{getattr(detector, '__qualname__', detector)}"
    now = now or utc_now()
    build_store(request.db_path)  # exists, holds the knowledge base, has the latest schema
    try:
        con = duckdb.connect(str(request.db_path))
    except duckdb.Error as exc:
        raise StoreError(
            f"cannot open the store {request.db_path} for writing: {exc}",
            hint="is another techbloc process using it?",
        ) from exc
    try:
        watchlist = load_watchlist(request.watchlist, con) if request.watchlist else None
        return _run(con, request, detector, name, watchlist, now)
    finally:
        con.close()


def _run(
    con: duckdb.DuckDBPyConnection,
    request: WatchRequest,
    detector: Detector,
    name: str,
    watchlist: Watchlist | None,
    now: dt.datetime,
) -> WatchReport:
    con.execute(
        "UPDATE watch_runs SET status = 'interrupted' WHERE status = 'running'"
    )  # a run that died half-way (its alerts were rolled back)
    previous = con.execute(
        "SELECT run_id, as_of, data_mark FROM watch_runs WHERE status IN ('ok', 'unchanged') "
        "ORDER BY run_id DESC LIMIT 1"
    ).fetchone()
    since = previous[1] if previous and previous[1] <= request.as_of else None
    mark = data_mark(con, name, request.rules, request.focal)
    run_id = _start(con, request, now, since, mark, name)
    report = WatchReport(
        run_id, request.as_of, since, name,
        watchlist=str(request.watchlist) if request.watchlist else None,
        previous_run=int(previous[0]) if previous else None,
    )  # fmt: skip
    try:
        if previous and previous[1] == request.as_of and previous[2] == mark and not request.force:
            report.status = "unchanged"
        else:
            _detect(con, request, detector, since, watchlist, report, run_id, now)
        _deliver(con, request.channels, run_id, report)  # earlier failures too, even if this failed
        if report.status == "running":
            report.status = "ok"
    except KeyboardInterrupt:
        report.status = "interrupted"
        _finish(con, report)
        raise
    _finish(con, report)
    return report


def _detect(
    con: duckdb.DuckDBPyConnection,
    request: WatchRequest,
    detector: Detector,
    since: dt.date | None,
    watchlist: Watchlist | None,
    report: WatchReport,
    run_id: int,
    now: dt.datetime,
) -> None:
    targets = [(c.channel, c.target) for c in request.channels]
    matcher = OrganisationMatcher(watchlist.organisation_threshold if watchlist else 0.9)

    def select(alert: Row) -> str | None:
        return watchlist.match(con, alert, matcher) if watchlist else "no watchlist: every alert"

    def queue(c: duckdb.DuckDBPyConnection, changes: list[AlertChange]) -> None:
        report.queued = queue_notifications(c, changes, targets, select, run_id, now)

    try:
        alerts = detector(con, request.as_of, rules=request.rules, since=since,
                          focal=request.focal)  # fmt: skip
        report.alerts_found = len(alerts)
        changes = record_alerts(con, alerts, now, seen=request.as_of,
                                quiet_days=request.quiet_days, before_commit=queue)  # fmt: skip
    except TechblocError as exc:
        report.status = "failed"
        report.errors.append(exc.message + (f" (hint: {exc.hint})" if exc.hint else ""))
        return
    except Exception as exc:  # a broken detector must not stop a scheduled watch: recorded
        report.status = "failed"
        report.errors.append(f"the detector failed: {type(exc).__name__}: {exc}")
        return
    report.changes = [c.as_row() for c in changes]


def _deliver(
    con: duckdb.DuckDBPyConnection, channels: list[Channel], run_id: int, report: WatchReport
) -> None:
    by_target = {c.target: c for c in channels}
    for row in due_notifications(con, list(by_target)):
        entry = {k: row[k] for k in ("notification_id", "alert_id", "level", "change", "channel",
                                     "target")}  # fmt: skip
        stale = stale_reason(row)
        if stale:
            settle(con, int(row["notification_id"]), *stale)
            report.deliveries.append({**entry, "status": stale[0], "attempts": 0,
                                      "error": stale[1]})  # fmt: skip
            continue
        notice = Notice(alert_detail(con, str(row["alert_id"])), str(row["change"]),
                        row["matched_by"])  # fmt: skip
        delivery = by_target[str(row["target"])].send(notice)
        status = record_delivery(con, row, delivery, run_id, utc_now())
        report.deliveries.append(
            {**entry, "status": status, "attempts": len(delivery.attempts),
             "error": delivery.error, "retry": row["status"] == "failed"}
        )  # fmt: skip
        if status in ("failed", "abandoned"):
            what = "given up after repeated runs" if status == "abandoned" else \
                "kept; it will be tried again on the next run"  # fmt: skip
            report.errors.append(
                f"{row['channel']} {row['target']}: alert {row['alert_id']} "
                f"({row['level']}) not delivered: {delivery.error} — {what}"
            )
    report.waiting = waiting_elsewhere(con, list(by_target))


def data_mark(
    con: duckdb.DuckDBPyConnection, detector: str, rules: Path | None, focal: str | None
) -> str:
    """What the detectors would see: the knowledge base, the last import of each kind, the
    detector, its rules and the focal country (JSON, compared between runs)."""
    mark: dict[str, Any] = {"detector": detector, "focal": focal}
    row = con.execute("SELECT value FROM store_meta WHERE key = 'kb_hash'").fetchone()
    mark["kb"] = row[0] if row else None
    tables = con.execute(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'import_id' "
        "AND table_name LIKE '%\\_imports' ESCAPE '\\' ORDER BY table_name"
    ).fetchall()
    for (table,) in tables:
        last = con.execute(f'SELECT max(import_id) FROM "{table}"').fetchone()  # our own tables
        mark[str(table)] = last[0] if last else None
    if rules is not None:
        mark["rules"] = hashlib.sha256(rules.read_bytes()).hexdigest() if rules.is_file() else None
    return json.dumps(mark, sort_keys=True, default=str)


def _start(
    con: duckdb.DuckDBPyConnection,
    request: WatchRequest,
    now: dt.datetime,
    since: dt.date | None,
    mark: str,
    name: str,
) -> int:
    row = con.execute(
        """
        INSERT INTO watch_runs (run_id, started_at, as_of, since, status, data_mark, detector,
                                watchlist, channels)
        VALUES (nextval('watch_run_ids'), ?, ?, ?, 'running', ?, ?, ?, ?) RETURNING run_id
        """,
        [now, request.as_of, since, mark, name,
         str(request.watchlist) if request.watchlist else None,
         [c.target for c in request.channels]],
    ).fetchone()  # fmt: skip
    assert row is not None
    return int(row[0])


def _finish(con: duckdb.DuckDBPyConnection, report: WatchReport) -> None:
    con.execute(
        """
        UPDATE watch_runs SET finished_at = ?, status = ?, alerts_found = ?, alerts_new = ?,
            alerts_escalated = ?, alerts_updated = ?, notified = ?, notify_failed = ?, errors = ?
        WHERE run_id = ?
        """,
        [utc_now(), report.status, report.alerts_found, report.count("raised"),
         report.count("escalated"), report.count("repeated", "merged"), report.notified,
         report.failed, report.errors, report.run_id],
    )  # fmt: skip


def watch_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[Row]:
    """The latest runs of `techbloc watch`, newest first."""
    rows: list[Row] = plain(
        fetch(
            con,
            "SELECT run_id, started_at, finished_at, as_of, since, status, alerts_found, "
            "alerts_new, alerts_escalated, alerts_updated, notified, notify_failed, errors "
            "FROM watch_runs ORDER BY run_id DESC LIMIT ?",
            [limit],
        )
    )
    return rows
