"""`techbloc watch` and `techbloc alerts …` on a real store, with a local webhook receiver."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from techbloc.cli.app import app
from tests.warning.servers import unreachable_url, webhook_server

runner = CliRunner()
DETECTOR = "tests.warning.alerts:measure_counts"  # a small real detector over the measures


def invoke(db: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result


def watch(db: Path, *args: str, code: int = 0) -> Any:
    return invoke(db, "watch", "--once", "--detector", DETECTOR, "--retries", "1", *args,
                  code=code)  # fmt: skip


def test_watch_once_then_the_alert_commands(fresh_store: Path) -> None:
    with webhook_server() as hook:
        first = json.loads(watch(fresh_store, "--at", "2023-10-20", "--webhook", hook.url,
                                 "--json").stdout)  # fmt: skip
        second = json.loads(watch(fresh_store, "--at", "2023-10-20", "--webhook", hook.url,
                                  "--json").stdout)  # fmt: skip
    assert first["status"] == "ok" and first["alerts_new"] == first["notified"] > 0
    assert second["status"] == "unchanged" and second["notified"] == 0
    assert len(hook.received) == first["notified"]  # twice = no duplicate

    reds = json.loads(invoke(fresh_store, "alerts", "list", "--level", "红", "--json").stdout)
    assert reds and {r["level"] for r in reds} == {"red"}
    semis = json.loads(invoke(fresh_store, "alerts", "list", "--scope", "domain:半导体",
                              "--json").stdout)  # fmt: skip
    assert [r["scope_key"] for r in semis] == ["semiconductors"]
    alert_id = semis[0]["alert_id"]

    shown = invoke(fresh_store, "alerts", "show", alert_id[:8]).stdout
    assert "RED 红" in shown and "Evidence / 证据" in shown and "https://" in shown
    detail = json.loads(invoke(fresh_store, "alerts", "show", alert_id, "--json").stdout)
    assert detail["notifications"][0]["status"] == "sent"

    acked = json.loads(invoke(fresh_store, "alerts", "ack", alert_id, "--note", "on it",
                              "--json").stdout)  # fmt: skip
    assert acked["state"] == "acknowledged"
    assert acked["history"][-1]["note"] == "on it"
    invoke(fresh_store, "alerts", "close", alert_id, "--note", "handled")
    closed = json.loads(invoke(fresh_store, "alerts", "list", "--state", "closed",
                               "--json").stdout)  # fmt: skip
    assert [r["alert_id"] for r in closed] == [alert_id]
    reopened = invoke(fresh_store, "alerts", "reopen", alert_id).stdout
    assert "new 新" in reopened
    runs = json.loads(invoke(fresh_store, "alerts", "runs", "--json").stdout)
    assert [(r["run_id"], r["status"]) for r in runs] == [(2, "unchanged"), (1, "ok")]
    assert "unchanged" in invoke(fresh_store, "alerts", "runs").stdout


def test_watch_prints_levels_and_bilingual_titles(fresh_store: Path) -> None:
    out = watch(fresh_store, "--at", "2023-10-20").stdout
    assert "watch run #1" in out and "RED 红" in out
    assert "Restrictive measures on semiconductors" in out and "限制性措施增多" in out


def test_a_failed_delivery_exits_1_and_says_it_is_kept(fresh_store: Path) -> None:
    result = watch(fresh_store, "--at", "2023-10-20", "--webhook", unreachable_url(), code=1)
    assert "not delivered: cannot reach" in result.stderr
    assert "tried again on the next run" in result.stderr


def test_user_errors_are_messages(fresh_store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text("domains: [半导休]\n", encoding="utf-8")
    cases = [
        (["alerts", "ack", "feedbeef"], "error: no alert has the id 'feedbeef'"),
        (["alerts", "list", "--level", "purple"], "error: unknown alert level 'purple'"),
        (["alerts", "list", "--scope", "galaxy:far"], "error: invalid scope 'galaxy:far'"),
        (["watch", "--once", "--detector", DETECTOR, "--watchlist", str(bad)],
         "domains[0]: '半导休': unknown domain"),
        (["watch", "--once", "--every", "soon"], "error: invalid interval 'soon'"),
        (["watch", "--once", "--detector", "nowhere:fn"], "cannot load the detector"),
        (["watch", "--once", "--smtp-host", "localhost"], "needs a sender and at least one"),
    ]  # fmt: skip
    for args, message in cases:
        result = invoke(fresh_store, *args, code=2)
        assert message in result.stderr, (args, result.stderr)
