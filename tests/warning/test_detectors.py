"""The detectors on stores whose data the tests write: a surge triggers, a flat series does not,
data after the as-of date is never seen, evidence is attached, the same run gives the same
alerts, and streams without data are skipped and named."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import duckdb

from techbloc.warning.config import load_config
from techbloc.warning.model import Alert, Level
from techbloc.warning.run import detect_at_dates, run_detectors
from techbloc.warning.stream_loading import missing_streams, stream_status
from tests.warning.store_fixture import M, add_measures, monthly

NewStore = Callable[[str], Path]
STATISTICAL = ("surge:", "cusum:", "changepoint:")
# the rules at the thresholds these tests were written for (the built-in ones are tuned)
RULES = Path(__file__).parents[1] / "fixtures" / "warning" / "rules_as_written.yaml"


def alerts_at(path: Path, day: dt.date, **kw: object) -> list[Alert]:
    kw.setdefault("rules", RULES)
    with duckdb.connect(str(path), read_only=True) as con:
        return run_detectors(con, day, **kw)  # type: ignore[arg-type]


def quarterly_then_burst(path: Path) -> None:
    """Quantum: one restrictive US measure a quarter 2019–2021, then six in March 2022."""
    add_measures(path, monthly("q", dt.date(2019, 1, 1), 36)[::3])
    add_measures(path, [M(f"burst-{i}", f"2022-03-{i + 2:02d}", severity=4) for i in range(6)])


def find(alerts: list[Alert], detector: str, key: str) -> Alert | None:
    return next((a for a in alerts if a.detector == detector and a.scope_key == key), None)


def test_a_burst_of_measures_raises_a_surge_with_its_evidence(new_store: NewStore) -> None:
    path = new_store("burst")
    quarterly_then_burst(path)
    alert = find(alerts_at(path, dt.date(2022, 3, 20)), "surge:focal-measures-by-domain",
                 "quantum")  # fmt: skip
    assert alert is not None
    assert alert.level >= Level.YELLOW
    assert alert.statistic == "tail_probability"
    assert alert.value is not None and alert.threshold is not None
    assert alert.value <= alert.threshold
    assert (alert.period_start, alert.period_end) == (dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    assert {e.id for e in alert.evidence} == {f"burst-{i}" for i in range(6)}
    assert {e.kind for e in alert.evidence} == {"measure"}
    assert {e.url for e in alert.evidence} == {"https://example.org/rule"}
    assert alert.detail["observed"] == 6
    assert "Quantum" in alert.title_en and "量子" in alert.title_zh


def test_the_same_month_before_the_burst_is_quiet(new_store: NewStore) -> None:
    path = new_store("burst")
    quarterly_then_burst(path)
    quiet = alerts_at(path, dt.date(2022, 2, 28))
    assert not [a for a in quiet if a.detector.startswith(STATISTICAL)]


def test_a_flat_series_raises_no_statistical_alert(new_store: NewStore) -> None:
    path = new_store("flat")
    add_measures(path, monthly("f", dt.date(2018, 1, 1), 60, per_month=2))
    dates = [dt.date(2021 + i // 12, i % 12 + 1, 15) for i in range(24)]
    with duckdb.connect(str(path), read_only=True) as con:
        found = detect_at_dates(con, dates, load_config(RULES))
    statistical = [a for day in dates for a in found[day] if a.detector.startswith(STATISTICAL)]
    assert statistical == []
    # the steady pace does hold the threshold rule's count up: one episode, one id
    rule_ids = {a.alert_id for day in dates for a in found[day]
                if a.detector == "rule:focal-measures-per-domain"}  # fmt: skip
    assert len(rule_ids) == 1


def test_data_after_the_as_of_date_is_never_seen(new_store: NewStore) -> None:
    day = dt.date(2022, 3, 20)
    past, future = new_store("past"), new_store("future")
    quarterly_then_burst(past)
    quarterly_then_burst(future)
    add_measures(future, [
        M("later-same-day-month", "2022-03-21", severity=5),
        M("month-precision", "2022-03-01", precision="month", severity=5),  # known on 31 March
        M("year-precision", "2022-01-01", precision="year", severity=5),  # known on 31 December
        *[M(f"next-{i}", f"2022-04-{i + 1:02d}") for i in range(8)],
    ])  # fmt: skip
    assert [a.to_dict() for a in alerts_at(past, day)] == [
        a.to_dict() for a in alerts_at(future, day)
    ]
    later = alerts_at(future, dt.date(2022, 3, 31))
    surge = find(later, "surge:focal-measures-by-domain", "quantum")
    assert surge is not None
    assert "month-precision" in {e.id for e in surge.evidence}
    assert "year-precision" not in {e.id for e in surge.evidence}


def test_many_dates_at_once_give_what_one_date_at_a_time_gives(new_store: NewStore) -> None:
    path = new_store("many")
    quarterly_then_burst(path)
    dates = [dt.date(2021, 6, 30) + dt.timedelta(days=45 * i) for i in range(8)]
    with duckdb.connect(str(path), read_only=True) as con:
        together = detect_at_dates(con, dates, load_config())
        for day in dates:
            assert [a.to_dict() for a in together[day]] == [
                a.to_dict() for a in run_detectors(con, day)
            ]


def test_the_same_run_gives_the_same_alerts_and_writes_nothing(new_store: NewStore) -> None:
    path = new_store("same")
    quarterly_then_burst(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    first = [a.to_dict() for a in alerts_at(path, dt.date(2022, 3, 20))]
    second = [a.to_dict() for a in alerts_at(path, dt.date(2022, 3, 20))]
    assert first == second and first
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    levels = [a["level"] for a in first]
    order = ["red", "orange", "yellow", "blue"]
    assert levels == sorted(levels, key=order.index)


def test_an_episode_keeps_its_id_and_escalates(new_store: NewStore) -> None:
    path = new_store("episode")
    add_measures(path, [M(f"a-{i}", f"2022-0{i + 1}-05") for i in range(3)])
    first = find(alerts_at(path, dt.date(2022, 3, 10)), "rule:focal-measures-per-domain",
                 "quantum")  # fmt: skip
    again = find(alerts_at(path, dt.date(2022, 4, 20)), "rule:focal-measures-per-domain",
                 "quantum")  # fmt: skip
    assert first is not None and again is not None
    assert (first.level, first.value) == (Level.YELLOW, 3)
    assert again.alert_id == first.alert_id
    assert (first.period_start, first.period_end) == (dt.date(2021, 9, 7), dt.date(2022, 3, 5))
    add_measures(path, [M(f"b-{i}", f"2022-04-{i + 1:02d}") for i in range(2)])
    escalated = find(alerts_at(path, dt.date(2022, 4, 20)), "rule:focal-measures-per-domain",
                     "quantum")  # fmt: skip
    assert escalated is not None
    assert escalated.alert_id == first.alert_id
    assert escalated.level == Level.ORANGE
    assert len(escalated.evidence) == 5


def test_an_episode_ends_and_is_no_longer_reported(new_store: NewStore) -> None:
    path = new_store("ended")
    add_measures(path, [M(f"a-{i}", f"2022-0{i + 1}-05") for i in range(3)])
    # the first measure leaves the 180-day window on 2022-07-04: the episode ends on 2022-07-03
    ended = find(alerts_at(path, dt.date(2022, 7, 20)), "rule:focal-measures-per-domain",
                 "quantum")  # fmt: skip
    assert ended is not None and ended.detail["ongoing"] is False
    assert ended.detail["last_active_day"] == "2022-07-03"
    assert find(alerts_at(path, dt.date(2022, 9, 1)), "rule:focal-measures-per-domain",
                "quantum") is None  # fmt: skip


def test_measures_not_pressing_on_the_focal_country_do_not_count(new_store: NewStore) -> None:
    path = new_store("targets")
    add_measures(path, [M(f"ru-{i}", f"2022-0{i + 1}-05", targets=["SU"]) for i in range(5)])
    add_measures(path, [M(f"cn-{i}", f"2022-0{i + 1}-06", actor="CN", targets=["US"])
                        for i in range(5)])  # fmt: skip
    add_measures(path, [M(f"co-{i}", f"2022-0{i + 1}-07", direction="cooperative")
                        for i in range(5)])  # fmt: skip
    assert find(alerts_at(path, dt.date(2022, 6, 1)), "rule:focal-measures-per-domain",
                "quantum") is None  # fmt: skip
    # with the Soviet Union as the focal country, the first five do
    as_su = alerts_at(path, dt.date(2022, 6, 1), focal="SU")
    alert = find(as_su, "rule:focal-measures-per-domain", "quantum")
    assert alert is not None and alert.value == 5 and "Soviet Union" in alert.title_en


def test_a_family_filter_and_domain_scopes(new_store: NewStore) -> None:
    path = new_store("family")
    # a measure on the family counts for each of its leaves
    add_measures(path, [M(f"s-{i}", f"2022-0{i + 1}-05", domains=["semiconductors"])
                        for i in range(3)])  # fmt: skip
    keys = {a.scope_key for a in alerts_at(path, dt.date(2022, 3, 10))
            if a.detector == "rule:focal-measures-per-domain"}  # fmt: skip
    assert keys == {"semiconductor-equipment"}


def test_since_keeps_alerts_whose_period_ends_on_or_after_it(new_store: NewStore) -> None:
    path = new_store("since")
    quarterly_then_burst(path)
    day = dt.date(2022, 3, 20)
    everything = alerts_at(path, day)
    recent = alerts_at(path, day, since=dt.date(2022, 3, 31))
    assert recent == [a for a in everything if a.period_end >= dt.date(2022, 3, 31)]
    assert len(recent) < len(everything)


def test_streams_without_data_are_skipped_and_named(new_store: NewStore) -> None:
    path = new_store("absent")
    quarterly_then_burst(path)
    day = dt.date(2022, 3, 20)
    with duckdb.connect(str(path), read_only=True) as con:
        status = {s.name: s for s in stream_status(con, day)}
        missing = missing_streams(con, day)
        alerts = run_detectors(con, day)
    assert missing == ["listings", "documents", "news"]
    # The GDELT import's view is in every store; with no events imported it is empty.
    assert status["news"].present is True and status["news"].rows == 0
    assert status["listings"].present is True and status["listings"].rows == 0
    assert status["measures"].rows == 18 and status["measures"].first_day == dt.date(2019, 1, 10)
    assert {a.detail["stream"] for a in alerts} <= {"measures", "memberships", "alliances"}


def test_a_news_view_of_another_layout_is_reported_not_read(new_store: NewStore) -> None:
    path = new_store("layout")
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE OR REPLACE VIEW news_event_counts AS SELECT 1 AS n_things")
    with duckdb.connect(str(path), read_only=True) as con:
        news = next(s for s in stream_status(con, dt.date(2022, 1, 1)) if s.name == "news")
        assert run_detectors(con, dt.date(2022, 1, 1)) == []
    assert not news.present
    assert "lacks the columns day, actor1, actor2, events" in news.note_en
