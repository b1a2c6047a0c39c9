"""The alert store on a real DuckDB store: raise, repeat, escalate, merge across periods, states."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from techbloc.errors import InvalidArgument, NotFound
from techbloc.ingest.lists import import_list_file
from techbloc.warning.alert_store import alert_detail, list_alerts, record_alerts, set_state
from techbloc.warning.model import Evidence, Level
from tests.warning.alerts import D, make_alert

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = dt.datetime(2025, 6, 1, 12, 0)


@pytest.fixture
def con(fresh_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(fresh_store))
    yield connection
    connection.close()


def _one(con: duckdb.DuckDBPyConnection, query: str, params: list[object]) -> object:
    row = con.execute(query, params).fetchone()
    assert row is not None
    return row[0]


def _events(con: duckdb.DuckDBPyConnection, alert_id: str) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT event, level_before, level_after, state_before, state_after FROM alert_events "
        "WHERE alert_id = ? ORDER BY happened_at, rowid",
        [alert_id],
    ).fetchall()


def test_a_new_alert_is_raised_with_its_evidence(con: duckdb.DuckDBPyConnection) -> None:
    alert = make_alert(evidence=[Evidence("measure", "us-2022-10-07-advanced-computing")])
    [change] = record_alerts(con, [alert], NOW)
    assert (change.change, change.alert_id, change.level) == ("raised", alert.alert_id,
                                                              Level.YELLOW)  # fmt: skip
    row = con.execute(
        "SELECT state, occurrences, first_seen, last_seen, level FROM alerts WHERE alert_id = ?",
        [alert.alert_id],
    ).fetchone()
    assert row == ("new", 1, D(2025, 1, 31), D(2025, 1, 31), "yellow")
    assert _events(con, alert.alert_id) == [("raised", None, "yellow", None, "new")]


def test_the_same_alert_again_counts_and_merges_evidence_without_a_duplicate(
    con: duckdb.DuckDBPyConnection,
) -> None:
    first = make_alert(evidence=[Evidence("measure", "m1"), Evidence("measure", "m2")])
    again = make_alert(evidence=[Evidence("measure", "m2", label="Rule two"),
                                 Evidence("document", "doc-1")])  # fmt: skip
    record_alerts(con, [first], NOW)
    [change] = record_alerts(con, [again], NOW, seen=D(2025, 2, 3))
    assert change.change == "repeated" and not change.is_news
    assert _one(con, "SELECT count(*) FROM alerts", []) == 1
    assert con.execute(
        "SELECT occurrences, last_seen FROM alerts WHERE alert_id = ?", [first.alert_id]
    ).fetchone() == (2, D(2025, 2, 3))
    evidence = con.execute(
        "SELECT evidence_kind, evidence_id, label FROM alert_evidence ORDER BY 1, 2"
    ).fetchall()
    assert evidence == [("document", "doc-1", None), ("measure", "m1", None),
                        ("measure", "m2", "Rule two")]  # fmt: skip
    assert [e[0] for e in _events(con, first.alert_id)] == ["raised"]


def test_a_higher_level_escalates_and_a_lower_one_never_downgrades(
    con: duckdb.DuckDBPyConnection,
) -> None:
    record_alerts(con, [make_alert(level=Level.YELLOW)], NOW)
    [up] = record_alerts(con, [make_alert(level=Level.RED, value=9)], NOW)
    [down] = record_alerts(con, [make_alert(level=Level.BLUE, value=1)], NOW)
    assert (up.change, up.level_before, up.level) == ("escalated", Level.YELLOW, Level.RED)
    assert (down.change, down.level) == ("repeated", Level.RED)
    detail = alert_detail(con, up.alert_id)
    assert (detail["level"], detail["value"], detail["occurrences"]) == ("red", 9, 3)
    lower = [r for r in detail["detail"]["recurrences"] if r.get("not_downgraded")]
    assert [(r["level"], r["value"]) for r in lower] == [("blue", 1)]
    assert _events(con, up.alert_id)[1] == ("escalated", "yellow", "red", "new", "new")


@pytest.mark.parametrize(
    ("second_period", "quiet_days", "merged"),
    [
        ((D(2025, 1, 15), D(2025, 2, 14)), 30, True),   # overlapping
        ((D(2025, 2, 1), D(2025, 2, 28)), 30, True),    # adjacent
        ((D(2025, 3, 2), D(2025, 3, 31)), 30, True),    # a gap of 30 days: within the interval
        ((D(2025, 3, 3), D(2025, 4, 1)), 30, False),    # a gap of 31 days: a new alert
        ((D(2025, 2, 10), D(2025, 3, 10)), 5, False),   # a gap of 10 days with a 5-day interval
        ((D(2024, 12, 1), D(2024, 12, 31)), 30, True),  # an earlier adjacent period
    ],
)  # fmt: skip
def test_dedup_across_periods_within_the_quiet_interval(
    con: duckdb.DuckDBPyConnection,
    second_period: tuple[dt.date, dt.date],
    quiet_days: int,
    merged: bool,
) -> None:
    first = make_alert(evidence=[Evidence("measure", "m1")])
    second = make_alert(*second_period, evidence=[Evidence("measure", "m2")])
    record_alerts(con, [first], NOW, quiet_days=quiet_days)
    [change] = record_alerts(con, [second], NOW, quiet_days=quiet_days)
    assert (change.change == "merged") is merged
    assert _one(con, "SELECT count(*) FROM alerts", []) == (1 if merged else 2)
    if merged:
        stored = alert_detail(con, second.alert_id)  # the merged id finds the alert it joined
        assert stored["alert_id"] == first.alert_id
        assert (stored["period_start"], stored["period_end"]) == (
            min(first.period_start, second_period[0]).isoformat(),
            max(first.period_end, second_period[1]).isoformat(),
        )
        assert {e["id"] for e in stored["evidence"]} == {"m1", "m2"}
        assert [m["alert_id"] for m in stored["merged_ids"]] == [second.alert_id]
        assert [h["event"] for h in stored["history"]] == ["raised", "merged"]


def test_other_scopes_and_detectors_are_never_merged(con: duckdb.DuckDBPyConnection) -> None:
    changes = record_alerts(
        con,
        [make_alert(), make_alert(scope="domain:quantum"),
         make_alert(detector="rule:other"), make_alert(scope="country:NL")],
        NOW,
    )  # fmt: skip
    assert [c.change for c in changes] == ["raised"] * 4


def test_a_back_test_batch_merges_daily_windows_in_time_order(
    con: duckdb.DuckDBPyConnection,
) -> None:
    days = [D(2025, 3, 1) + dt.timedelta(days=i) for i in range(10)]
    levels = [Level.YELLOW] * 4 + [Level.ORANGE] * 3 + [Level.YELLOW] * 3
    batch = [
        make_alert(d - dt.timedelta(days=29), d, lv) for d, lv in zip(days, levels, strict=True)
    ]
    changes = record_alerts(con, list(reversed(batch)), NOW)  # order given does not matter
    assert [c.change for c in changes] == ["raised"] + ["merged"] * 3 + ["escalated"] + \
        ["merged"] * 5  # fmt: skip
    [row] = list_alerts(con)
    assert (row["level"], row["occurrences"], row["period_end"]) == ("orange", 10, "2025-03-10")


def test_states_ack_close_reopen_with_history(con: duckdb.DuckDBPyConnection) -> None:
    [change] = record_alerts(con, [make_alert()], NOW)
    alert_id = change.alert_id
    assert set_state(con, alert_id[:6], "acknowledged", "looking")["state"] == "acknowledged"
    assert set_state(con, alert_id, "closed", "handled")["state"] == "closed"
    with pytest.raises(InvalidArgument, match="closed: it cannot become acknowledged") as info:
        set_state(con, alert_id, "acknowledged")
    assert info.value.hint == f"reopen it first: techbloc alerts reopen {alert_id}"
    with pytest.raises(InvalidArgument, match="already closed"):
        set_state(con, alert_id, "closed")
    assert set_state(con, alert_id, "reopen", "again")["state"] == "new"
    history = [(h["event"], h["state_before"], h["state_after"], h["note"])
               for h in alert_detail(con, alert_id)["history"]]  # fmt: skip
    assert history == [
        ("raised", None, "new", None),
        ("acknowledged", "new", "acknowledged", "looking"),
        ("closed", "acknowledged", "closed", "handled"),
        ("reopened", "closed", "new", "again"),
    ]


def test_a_closed_alert_stays_closed_on_repeats_and_reopens_when_it_escalates(
    con: duckdb.DuckDBPyConnection,
) -> None:
    [change] = record_alerts(con, [make_alert()], NOW)
    set_state(con, change.alert_id, "closed", now=NOW)
    [same] = record_alerts(con, [make_alert(D(2025, 1, 10), D(2025, 2, 9))], NOW)
    assert (same.change, same.state_after) == ("merged", "closed")
    [up] = record_alerts(con, [make_alert(D(2025, 1, 20), D(2025, 2, 19), Level.RED)], NOW)
    assert (up.change, up.state_before, up.state_after) == ("escalated", "closed", "new")
    assert up.alert_id == change.alert_id
    last = alert_detail(con, up.alert_id)["history"][-1]
    assert (last["event"], last["state_before"], last["state_after"]) == ("escalated", "closed",
                                                                          "new")  # fmt: skip
    assert "reopened" in last["note"]


def test_an_open_alert_is_preferred_to_a_closed_one_when_merging(
    con: duckdb.DuckDBPyConnection,
) -> None:
    [old] = record_alerts(con, [make_alert(D(2025, 1, 1), D(2025, 1, 31))], NOW, quiet_days=0)
    set_state(con, old.alert_id, "closed")
    [new] = record_alerts(con, [make_alert(D(2025, 3, 1), D(2025, 3, 31))], NOW, quiet_days=0)
    assert new.change == "raised"
    [joined] = record_alerts(con, [make_alert(D(2025, 1, 20), D(2025, 3, 5))], NOW, quiet_days=0)
    assert joined.alert_id == new.alert_id


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda c: set_state(c, "feedbeef", "closed"), NotFound, "no alert has the id"),
        (lambda c: set_state(c, "", "closed"), InvalidArgument, "empty alert id"),
        (lambda c: set_state(c, "x", "done"), InvalidArgument, "unknown alert state"),
        (lambda c: alert_detail(c, "nope"), NotFound, "no alert has the id"),
        (lambda c: list_alerts(c, state="open"), InvalidArgument, "unknown alert state"),
        (lambda c: list_alerts(c, level_at_least="purple"), InvalidArgument, "unknown alert level"),
        (lambda c: list_alerts(c, scope_type="planet"), InvalidArgument, "unknown scope type"),
        (lambda c: list_alerts(c, since="yesterday"), InvalidArgument, "invalid date"),
        (lambda c: record_alerts(c, [make_alert(scope="planet:mars")]), InvalidArgument,
         "scope_type"),
        (lambda c: record_alerts(c, [make_alert(D(2025, 2, 1), D(2025, 1, 1))]), InvalidArgument,
         "starts 2025-02-01 after it ends"),
        (lambda c: record_alerts(c, [make_alert(evidence=[Evidence("rumour", "x")])]),
         InvalidArgument, "kind 'rumour'"),
    ],
)  # fmt: skip
def test_clear_errors(
    con: duckdb.DuckDBPyConnection, call: object, error: type[Exception], message: str
) -> None:
    record_alerts(con, [make_alert(level=Level.RED)], NOW)
    with pytest.raises(error, match=message):
        call(con)  # type: ignore[operator]
    assert _one(con, "SELECT count(*) FROM alerts", []) == 1  # nothing half-written


def test_a_failure_inside_the_batch_rolls_everything_back(con: duckdb.DuckDBPyConnection) -> None:
    def explode(_con: duckdb.DuckDBPyConnection, _changes: list[object]) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        record_alerts(con, [make_alert(), make_alert(scope="domain:quantum")], NOW,
                      before_commit=explode)  # fmt: skip
    assert _one(con, "SELECT count(*) FROM alerts", []) == 0
    assert _one(con, "SELECT count(*) FROM alert_events", []) == 0


def test_list_filters_and_pages(con: duckdb.DuckDBPyConnection) -> None:
    record_alerts(
        con,
        [make_alert(level=Level.BLUE, scope="domain:quantum"),
         make_alert(D(2025, 2, 1), D(2025, 2, 20), Level.ORANGE, "alliance:wassenaar"),
         make_alert(D(2025, 3, 1), D(2025, 3, 5), Level.RED, "country:NL")],
        NOW,
    )  # fmt: skip
    keys = lambda rows: [r["scope_key"] for r in rows]  # noqa: E731
    assert keys(list_alerts(con)) == ["NL", "wassenaar", "quantum"]  # last seen first
    assert keys(list_alerts(con, level_at_least="橙")) == ["NL", "wassenaar"]
    assert keys(list_alerts(con, scope_type="alliance", scope_key="wassenaar")) == ["wassenaar"]
    assert keys(list_alerts(con, since="2025-02-15")) == ["NL", "wassenaar"]
    assert keys(list_alerts(con, limit=1, offset=1)) == ["wassenaar"]
    set_state(con, list_alerts(con, scope_type="country")[0]["alert_id"], "acknowledged")
    assert keys(list_alerts(con, state="new")) == ["wassenaar", "quantum"]
    assert list_alerts(con)[0]["level_zh"] == "红"


def test_detail_links_measures_documents_and_listings(fresh_store: Path, tmp_path: Path) -> None:
    import_list_file(fresh_store, str(FIXTURES / "csl" / "snapshot_v1.csv"),
                     retrieved=D(2025, 1, 1))  # fmt: skip
    con = duckdb.connect(str(fresh_store))
    try:
        measure = str(_one(con, "SELECT m.measure_id FROM measures m JOIN sources s ON "
                                "s.source_id = m.source_ids[1] WHERE s.url IS NOT NULL "
                                "ORDER BY 1 LIMIT 1", []))  # fmt: skip
        entity = str(_one(con, "SELECT entity_id FROM listed_entities WHERE name LIKE 'Example "
                               "Semi%'", []))  # fmt: skip
        evidence = [Evidence("measure", measure), Evidence("listing", entity),
                    Evidence("news_event", "gdelt:1", url="https://example.org/e1"),
                    Evidence("document", "doc-missing")]  # fmt: skip
        [change] = record_alerts(con, [make_alert(evidence=evidence)], NOW)
        shown = {e["kind"]: e for e in alert_detail(con, change.alert_id)["evidence"]}
    finally:
        con.close()
    assert shown["measure"]["found"] and shown["measure"]["url"].startswith("http")
    assert shown["measure"]["facts"]["sources"][0]["url"] == shown["measure"]["url"]
    assert shown["listing"]["label"] == "Example Semiconductor Co., Ltd. (Entity List)"
    assert shown["listing"]["facts"]["countries"] == ["CN"]
    assert shown["news_event"]["url"] == "https://example.org/e1"
    assert shown["news_event"]["found"] is None  # nothing to look up for news events
    assert shown["document"]["found"] is False
