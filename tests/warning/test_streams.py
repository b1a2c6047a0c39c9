"""Listings, documents and news events reach the detectors when a store has them; the knowledge
base's memberships and alliances raise the structural rules on the built-in store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb

from techbloc.warning.config import load_config
from techbloc.warning.model import Alert, Level
from techbloc.warning.run import detect_at_dates, run_detectors
from techbloc.warning.stream_loading import missing_streams
from tests.warning.store_fixture import add_documents, add_listings, add_news

NewStore = Callable[[str], Path]


def alerts_at(path: Path, day: dt.date) -> list[Alert]:
    with duckdb.connect(str(path), read_only=True) as con:
        return run_detectors(con, day)


def by(alerts: list[Alert], detector: str) -> list[Alert]:
    return [a for a in alerts if a.detector == detector]


def test_a_wave_of_listings_of_focal_organisations_raises_the_listing_rules(
    new_store: NewStore,
) -> None:
    path = new_store("listings")
    add_listings(path, [(f"cn-{i}", f"Quantum Lab {i}", "CN", "2023-05-02") for i in range(12)])
    add_listings(path, [(f"ru-{i}", f"Other Lab {i}", "SU", "2023-05-02") for i in range(30)])
    add_listings(path, [(f"own-{i}", f"Own Lab {i}", "CN", "2023-05-02") for i in range(30)], "CN")
    alerts = alerts_at(path, dt.date(2023, 5, 10))
    [wave] = by(alerts, "rule:focal-listings-30d")
    assert (wave.level, wave.value, wave.scope_key) == (Level.YELLOW, 12, "all")
    assert {e.kind for e in wave.evidence} == {"listing"}
    assert len(wave.evidence) == 10  # evidence_limit
    assert all(e.url and e.url.startswith("https://lists.example/cn-") for e in wave.evidence)
    [per_domain] = by(alerts, "rule:focal-listings-per-domain")
    assert per_domain.scope_key == "quantum"
    with duckdb.connect(str(path), read_only=True) as con:
        assert "listings" not in missing_streams(con, dt.date(2023, 5, 10))
        assert "listings" in missing_streams(con, dt.date(2023, 5, 1))  # not yet listed


def test_restrictive_documents_raise_the_document_rule_and_cooperative_ones_do_not(
    new_store: NewStore,
) -> None:
    restrictive, cooperative = new_store("restrictive"), new_store("cooperative")
    add_documents(restrictive, [(f"doc-r{i}", f"2023-05-0{i + 1}", "restrictive")
                                for i in range(6)])  # fmt: skip
    add_documents(cooperative, [(f"doc-c{i}", f"2023-05-0{i + 1}", "cooperative")
                                for i in range(6)])  # fmt: skip
    [alert] = by(
        alerts_at(restrictive, dt.date(2023, 5, 20)), "rule:restrictive-documents-per-domain"
    )
    assert (alert.level, alert.value, alert.scope_key) == (Level.YELLOW, 6, "quantum")
    assert alert.evidence[0].kind == "document"
    assert alert.evidence[0].url == "https://docs.example/doc-r5"  # newest first
    assert by(alerts_at(cooperative, dt.date(2023, 5, 20)),
              "rule:restrictive-documents-per-domain") == []  # fmt: skip


def weekly_pattern(days: int, start: dt.date, burst: dict[int, int]) -> dict[dt.date, int]:
    """Six events on weekdays, two at weekends, plus ``burst[i]`` on day i."""
    found = {}
    for i in range(days):
        day = start + dt.timedelta(days=i)
        found[day] = (2 if day.weekday() >= 5 else 6) + burst.get(i, 0)
    return found


def test_a_burst_of_news_events_raises_an_ewma_alert_with_event_ids(new_store: NewStore) -> None:
    path = new_store("news")
    start = dt.date(2024, 1, 1)
    add_news(path, weekly_pattern(200, start, {190: 40, 191: 30}))
    alerts = alerts_at(path, start + dt.timedelta(days=193))
    [burst] = by(alerts, "ewma:news-conflict-by-domain")
    assert burst.level >= Level.ORANGE
    assert burst.period_start == burst.period_end == start + dt.timedelta(days=190)
    assert {e.kind for e in burst.evidence} == {"news_event"}
    assert all(e.id.isdigit() and e.url and e.url.startswith("https://news.example/")
               for e in burst.evidence)  # fmt: skip
    assert by(alerts, "ewma:news-conflict-by-country")[0].scope_key == "US"


def test_the_weekly_rhythm_of_news_alone_raises_nothing(new_store: NewStore) -> None:
    path = new_store("rhythm")
    start = dt.date(2024, 1, 1)
    add_news(path, weekly_pattern(200, start, {}))
    for offset in (120, 160, 199):
        news = [a for a in alerts_at(path, start + dt.timedelta(days=offset))
                if a.detail["stream"] == "news"]  # fmt: skip
        assert news == []


def test_a_lasting_rise_in_news_raises_a_weekly_change_point(new_store: NewStore) -> None:
    path = new_store("shift")
    start = dt.date(2024, 1, 1)
    add_news(path, weekly_pattern(280, start, {i: 12 for i in range(238, 280)}))
    alerts = alerts_at(path, start + dt.timedelta(days=279))
    [shift] = by(alerts, "weekly_changepoint:news-conflict-by-domain")
    assert shift.level >= Level.YELLOW
    assert shift.period_start.weekday() == 0
    assert abs((shift.period_start - (start + dt.timedelta(days=238))).days) <= 7


def test_structural_rules_on_the_built_in_store(builtin_con: duckdb.DuckDBPyConnection) -> None:
    # the rules at the levels this test was written for (the built-in ones are tuned)
    rules = Path(__file__).parents[1] / "fixtures" / "warning" / "rules_as_written.yaml"
    alerts = run_detectors(builtin_con, dt.date(2023, 2, 15), rules=rules)
    [deal] = [a for a in alerts if a.detector == "rule:new-blockade-grouping"]
    assert (deal.scope_key, deal.level) == ("us-japan-netherlands-sme", Level.ORANGE)
    assert deal.period_end == dt.date(2023, 1, 27)
    assert deal.evidence[0].kind == "alliance" and deal.evidence[0].url
    assert "美日荷" in deal.title_zh
    joined = run_detectors(builtin_con, dt.date(2020, 9, 1), rules=rules)
    keys = {a.scope_key for a in joined if a.detector == "rule:country-joins-blockade-alliance"}
    assert "SI" in keys  # Slovenia joined the Clean Network on 2020-08-13


def test_the_built_in_store_runs_read_only_and_names_its_empty_streams(
    builtin_con: duckdb.DuckDBPyConnection,
) -> None:
    alerts = run_detectors(builtin_con, dt.date(2025, 2, 10))
    assert alerts and all(a.title_en and a.title_zh for a in alerts)
    assert all(a.evidence for a in alerts)
    assert missing_streams(builtin_con, dt.date(2025, 2, 10)) == ["listings", "documents", "news"]


def test_news_over_many_dates_gives_what_one_date_at_a_time_gives(new_store: NewStore) -> None:
    path = new_store("news-dates")
    start = dt.date(2024, 1, 1)
    add_news(path, weekly_pattern(240, start, {190: 40, 191: 30, 230: 25}))
    dates = [start + dt.timedelta(days=d) for d in (150, 192, 200, 231, 239)]
    with duckdb.connect(str(path), read_only=True) as con:
        together = detect_at_dates(con, dates, load_config())
        for day in dates:
            assert [a.to_dict() for a in together[day]] == [
                a.to_dict() for a in run_detectors(con, day)
            ]
    assert any(a.detail["stream"] == "news" for a in together[dates[1]])
