"""End to end: the project's detectors (techbloc.warning.run) over the built-in knowledge base,
through `techbloc watch`, to a local webhook receiver."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.warning.watch import default_detector
from tests.warning.servers import webhook_server

runner = CliRunner()


def watch(db: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["watch", "--once", "--json", "--db", str(db), *args])
    assert result.exit_code == 0, result.output + result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_watch_runs_the_detectors_and_never_sends_twice(fresh_store: Path) -> None:
    with webhook_server() as hook:
        targets = ["--webhook", hook.url]
        first = watch(fresh_store, "--at", "2023-10-20", *targets)
        again = watch(fresh_store, "--at", "2023-10-20", *targets)
        later = [watch(fresh_store, "--at", day, *targets) for day in ("2023-10-21", "2024-03-31")]
    assert first["detector"] == f"{default_detector.__module__}.default_detector"
    assert first["status"] == "ok" and first["alerts_new"] == first["notified"]
    assert isinstance(first["notified"], int) and first["notified"] > 0
    assert (again["status"], again["notified"]) == ("unchanged", 0)
    assert later[0]["alerts_new"] == later[0]["notified"] == 0  # the same findings, repeated
    sent = [(r["json"]["alert"]["alert_id"], r["json"]["level"]) for r in hook.received]
    assert len(sent) == len(set(sent))  # each alert and level once, over every run
    expected = sum(int(r["alerts_new"]) + int(r["alerts_escalated"])  # type: ignore[call-overload]
                   for r in [first, *later])  # fmt: skip
    assert len(sent) == expected


def test_a_watchlist_sends_only_what_it_follows(fresh_store: Path, tmp_path: Path) -> None:
    watchlist = tmp_path / "semis.yaml"
    watchlist.write_text("min_level: orange\ndomains: [半导体]\n", encoding="utf-8")
    with webhook_server() as hook:
        report = watch(fresh_store, "--at", "2023-10-20", "--webhook", hook.url, "--watchlist",
                       str(watchlist))  # fmt: skip
    stored = json.loads(runner.invoke(app, ["alerts", "list", "--json", "--db",
                                            str(fresh_store)]).stdout)  # fmt: skip
    followed = {
        a["alert_id"]
        for a in stored
        if a["scope_type"] == "domain"
        and a["scope_key"].startswith("semiconductor")
        and a["level"] in ("orange", "red")
    }
    assert len(stored) == report["alerts_new"] and len(stored) > len(followed) > 0
    assert {r["json"]["alert"]["alert_id"] for r in hook.received} == followed
    assert all(r["json"]["matched_by"].startswith("domain semiconductor") for r in hook.received)


def test_evidence_of_a_detector_alert_links_to_its_sources(fresh_store: Path) -> None:
    watch(fresh_store, "--at", "2023-10-20")
    listed = runner.invoke(app, ["alerts", "list", "--scope", "domain:半导体设备", "--json",
                                 "--db", str(fresh_store)])  # fmt: skip
    [alert] = json.loads(listed.stdout)
    shown = runner.invoke(app, ["alerts", "show", alert["alert_id"], "--json", "--db",
                                str(fresh_store)])  # fmt: skip
    detail = json.loads(shown.stdout)
    measures = [e for e in detail["evidence"] if e["kind"] == "measure"]
    assert measures and all(e["found"] for e in measures)
    assert any(e["url"] and e["facts"]["sources"] for e in measures)
    assert detail["level"] == alert["level"] and detail["title_zh"]
