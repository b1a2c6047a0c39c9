"""`run_watch` end to end on a real store, with a local webhook receiver and SMTP server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.warning.delivery import RetryPolicy
from techbloc.warning.model import Alert, Evidence, Level
from techbloc.warning.outbox import MAX_RUNS
from techbloc.warning.smtp_mail import EmailChannel, SmtpSettings
from techbloc.warning.watch import WatchReport, WatchRequest, run_watch
from techbloc.warning.webhook import WebhookChannel
from tests.warning.alerts import D, make_alert, measure_counts
from tests.warning.servers import smtp_server, unreachable_url, webhook_server

AS_OF = D(2025, 6, 30)


def scripted(*batches: list[Alert]) -> tuple[Callable[..., list[Alert]], list[dict[str, Any]]]:
    """A detector returning the given batches in turn (the last one again after that), and the
    calls it received."""
    calls: list[dict[str, Any]] = []

    def detect(con: duckdb.DuckDBPyConnection, as_of: dt.date, **kwargs: Any) -> list[Alert]:
        calls.append({"as_of": as_of, **kwargs})
        return list(batches[min(len(calls), len(batches)) - 1])

    return detect, calls


def hook_channel(url: str, attempts: int = 3) -> WebhookChannel:
    return WebhookChannel(url, timeout=5, retry=RetryPolicy(attempts, 0.0))


def run(
    db: Path, detector: Callable[..., list[Alert]], *channels: Any, **options: Any
) -> WatchReport:
    request = WatchRequest(db, options.pop("as_of", AS_OF), list(channels), **options)
    return run_watch(request, detector)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


TWO = [
    make_alert(level=Level.ORANGE, evidence=[Evidence("measure", "m1", url="https://e.org/1")]),
    make_alert(level=Level.YELLOW, scope="domain:quantum"),
]


def test_watch_once_twice_sends_no_duplicate(fresh_store: Path) -> None:
    detect, calls = scripted(TWO)
    with webhook_server() as hook:
        first = run(fresh_store, detect, hook_channel(hook.url))
        again = run(fresh_store, detect, hook_channel(hook.url))  # same data: not run at all
        forced = run(fresh_store, detect, hook_channel(hook.url), force=True)
        next_day = run(fresh_store, detect, hook_channel(hook.url), as_of=AS_OF + dt.timedelta(1))
    assert (first.status, first.count("raised"), first.notified) == ("ok", 2, 2)
    assert (again.status, again.alerts_found, again.notified) == ("unchanged", 0, 0)
    assert (forced.status, forced.count("repeated"), forced.notified) == ("ok", 2, 0)
    assert (next_day.count("repeated"), next_day.notified) == (2, 0)
    assert len(hook.received) == 2
    assert sorted(r["json"]["alert"]["scope_key"] for r in hook.received) == [
        "quantum", "semiconductors"]  # fmt: skip
    assert [c["since"] for c in calls] == [None, AS_OF, AS_OF]  # the previous run's as_of
    runs = rows(fresh_store, "SELECT status, alerts_new, notified FROM watch_runs ORDER BY 1")
    assert sorted(runs) == [("ok", 0, 0), ("ok", 0, 0), ("ok", 2, 2), ("unchanged", 0, 0)]


def test_an_escalation_is_sent_again_a_lower_level_is_not(fresh_store: Path) -> None:
    red = make_alert(level=Level.RED, value=8)
    blue = make_alert(level=Level.BLUE, value=1)
    detect, _ = scripted(TWO, [red, TWO[1]], [blue])
    with webhook_server() as hook:
        reports = [run(fresh_store, detect, hook_channel(hook.url), force=True) for _ in range(3)]
    assert [r.notified for r in reports] == [2, 1, 0]
    escalated = hook.received[-1]["json"]
    assert (escalated["event"], escalated["level"]) == ("techbloc.alert.escalated", "red")
    assert escalated["alert"]["value"] == 8


def test_a_webhook_failing_then_recovering_within_the_run(fresh_store: Path) -> None:
    detect, _ = scripted(TWO[:1])
    with webhook_server([500]) as hook:
        report = run(fresh_store, detect, hook_channel(hook.url))
    assert report.notified == 1 and report.errors == [] and hook.answered == [500, 200]
    assert rows(fresh_store, "SELECT attempt, ok, status_code FROM notification_attempts "
                             "ORDER BY attempt") == [(1, False, 500), (2, True, 200)]  # fmt: skip


def test_a_failed_delivery_is_kept_and_sent_by_the_next_run(fresh_store: Path) -> None:
    detect, _ = scripted(TWO[:1])
    with webhook_server([500, 500, 500]) as hook:
        failed = run(fresh_store, detect, hook_channel(hook.url))
        assert failed.failed == 1 and not failed.ok and hook.received == []
        assert "not delivered: HTTP 500" in failed.errors[0]
        assert "tried again on the next run" in failed.errors[0]
        assert rows(fresh_store, "SELECT count(*) FROM alerts") == [(1,)]  # the alert is kept
        later = run(fresh_store, detect, hook_channel(hook.url))  # nothing new, still delivers
    assert later.status == "unchanged" and later.notified == 1 and later.ok
    assert later.deliveries[0]["retry"] is True and len(hook.received) == 1
    assert rows(fresh_store, "SELECT status, attempts, runs_tried FROM alert_notifications") == [
        ("sent", 4, 2)]  # fmt: skip


def test_an_unreachable_webhook_is_abandoned_after_max_runs_and_said_so(
    fresh_store: Path,
) -> None:
    detect, _ = scripted(TWO[:1])
    channel = hook_channel(unreachable_url(), attempts=1)
    reports = [run(fresh_store, detect, channel) for _ in range(MAX_RUNS + 1)]
    assert [r.failed for r in reports] == [1] * MAX_RUNS + [0]
    assert "given up after repeated runs" in reports[MAX_RUNS - 1].errors[0]
    outbox = rows(fresh_store, "SELECT status, runs_tried, last_error LIKE 'cannot reach%' "
                               "FROM alert_notifications")  # fmt: skip
    assert outbox == [("abandoned", MAX_RUNS, True)]
    assert rows(fresh_store, "SELECT count(*) FROM notification_attempts") == [(MAX_RUNS,)]


def test_a_notification_waiting_for_a_target_not_configured_is_reported(fresh_store: Path) -> None:
    detect, _ = scripted(TWO[:1])
    failing = hook_channel(unreachable_url(), attempts=1)
    run(fresh_store, detect, failing)
    report = run(fresh_store, detect)  # no channel this time
    assert report.waiting == [{"target": failing.target, "notifications": 1}]


def test_a_superseded_or_closed_alert_is_not_sent_late(fresh_store: Path) -> None:
    from techbloc.warning.alert_store import set_state

    detect, _ = scripted(TWO, [make_alert(level=Level.RED)])
    down = hook_channel(unreachable_url(), attempts=1)
    run(fresh_store, detect, down)  # both fail
    con = duckdb.connect(str(fresh_store))
    set_state(con, TWO[1].alert_id, "closed")
    con.close()
    with webhook_server() as hook:
        report = run(fresh_store, detect, hook_channel(hook.url), force=True)
        late = run(fresh_store, detect, down, force=True)
    # the escalation is queued for the targets of the run that saw it; the old target's queue
    # is settled on its next run: orange was overtaken by red, the quantum alert was closed
    assert [(d["level"], d["status"]) for d in report.deliveries] == [("red", "sent")]
    assert sorted((d["level"], d["status"]) for d in late.deliveries) == [
        ("orange", "superseded"), ("yellow", "cancelled")]  # fmt: skip


def test_the_watchlist_chooses_what_is_sent_not_what_is_stored(
    fresh_store: Path, tmp_path: Path
) -> None:
    watchlist = tmp_path / "w.yaml"
    watchlist.write_text("min_level: orange\ndomains: [半导体]\n", encoding="utf-8")
    detect, _ = scripted(TWO + [make_alert(level=Level.RED, scope="domain:quantum",
                                           detector="rule:other")])  # fmt: skip
    with webhook_server() as hook:
        report = run(fresh_store, detect, hook_channel(hook.url), watchlist=watchlist)
    assert report.count("raised") == 3 and report.notified == 1
    [sent] = hook.received
    assert sent["json"]["alert"]["scope_key"] == "semiconductors"
    assert sent["json"]["matched_by"] == "domain semiconductors"
    assert rows(fresh_store, "SELECT count(*) FROM alerts") == [(3,)]


def test_webhook_and_email_each_get_every_new_alert(fresh_store: Path) -> None:
    detect, _ = scripted(TWO)
    with webhook_server() as hook, smtp_server("plain") as box:
        mail = EmailChannel(SmtpSettings("127.0.0.1", box.port, "tb@example.org",
                                         ("a@example.org",), "plain", timeout=5),
                            RetryPolicy(2, 0.0))  # fmt: skip
        report = run(fresh_store, detect, hook_channel(hook.url), mail)
    assert report.notified == 4 and len(hook.received) == 2 and len(box.messages) == 2
    subjects = sorted(str(m["Subject"]) for m in box.messages)
    assert subjects[0].startswith("[techbloc] ORANGE / 橙色预警 — new alert / 新预警: ")
    assert subjects[1].startswith("[techbloc] YELLOW / 黄色预警 — new alert / 新预警: ")
    body = next(m for m in box.messages if "ORANGE" in str(m["Subject"])).get_body(("plain",))
    assert body is not None and "https://e.org/1" in body.get_content()


def test_a_failing_detector_is_recorded_and_changes_nothing(fresh_store: Path) -> None:
    def broken(con: duckdb.DuckDBPyConnection, as_of: dt.date, **kwargs: Any) -> list[Alert]:
        raise RuntimeError("rules file unreadable")

    report = run(fresh_store, broken)
    assert report.status == "failed" and not report.ok
    assert report.errors == ["the detector failed: RuntimeError: rules file unreadable"]
    assert rows(fresh_store, "SELECT status, errors FROM watch_runs") == [
        ("failed", ["the detector failed: RuntimeError: rules file unreadable"])]  # fmt: skip
    assert rows(fresh_store, "SELECT count(*) FROM alerts") == [(0,)]


def test_a_real_detector_over_the_knowledge_base_merges_day_after_day(fresh_store: Path) -> None:
    """measure_counts (tests/warning/alerts.py) counts restrictive measures against CN per domain
    in a 365-day window: each day's window is another period, merged into the same alert."""
    days = [D(2023, 10, 20), D(2023, 10, 21), D(2023, 12, 31)]
    reports = [run(fresh_store, measure_counts, as_of=day) for day in days]
    assert reports[0].count("raised") > 0
    assert reports[1].count("raised") == 0 and reports[1].count("merged") > 0
    semis = [c for c in reports[0].changes if c["scope_key"] == "semiconductors"]
    assert semis and semis[0]["level"] == "red"
    assert rows(fresh_store, "SELECT count(*) FROM alerts")[0][0] == reports[0].count("raised") \
        + reports[2].count("raised")  # fmt: skip


@pytest.mark.parametrize("quiet_days", [0, 400])
def test_the_quiet_interval_reaches_the_store(fresh_store: Path, quiet_days: int) -> None:
    late = make_alert(D(2025, 3, 1), D(2025, 3, 31))
    detect, _ = scripted([make_alert()], [late])
    run(fresh_store, detect, quiet_days=quiet_days)
    second = run(fresh_store, detect, quiet_days=quiet_days, force=True)
    assert second.count("raised") == (1 if quiet_days == 0 else 0)


def test_raised_and_escalated_in_one_batch_is_sent_once_at_the_final_level(
    fresh_store: Path,
) -> None:
    batch = [make_alert(D(2025, 1, 1), D(2025, 1, 31), Level.YELLOW),
             make_alert(D(2025, 1, 2), D(2025, 2, 1), Level.RED)]  # fmt: skip
    detect, _ = scripted(batch)
    with webhook_server() as hook:
        report = run(fresh_store, detect, hook_channel(hook.url))
    assert [c["change"] for c in report.changes] == ["raised", "escalated"]
    [sent] = hook.received
    assert (sent["json"]["change"], sent["json"]["level"]) == ("raised", "red")
