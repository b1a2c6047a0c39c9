"""First raises per level over as-of dates, and the refusal of alerts that look ahead."""

from __future__ import annotations

import datetime as dt

import pytest

from techbloc.warning.backtest.history import AlertHistory, LookAheadError, replay
from techbloc.warning.model import Alert, Evidence, Level

D = dt.date


JAN_START, JAN_END = D(2023, 1, 1), D(2023, 1, 31)


def alert(
    level: Level,
    end: dt.date = JAN_END,
    evidence_day: dt.date | None = None,
    key: str = "quantum",
    start: dt.date = JAN_START,
) -> Alert:
    return Alert(
        "d1",
        "domain",
        key,
        start,
        end,
        level,
        "count",
        1.0,
        1.0,
        "t",
        "标题",
        evidence=[Evidence("measure", "m1", evidence_day)] if evidence_day else [],
    )


def test_an_alert_counts_from_the_first_as_of_date_it_reaches_each_level() -> None:
    history = AlertHistory()
    history.observe(D(2023, 1, 31), [alert(Level.BLUE)])
    history.observe(D(2023, 2, 28), [])
    history.observe(D(2023, 3, 31), [alert(Level.ORANGE)])  # same id, now orange
    history.observe(D(2023, 4, 30), [alert(Level.YELLOW)])  # falling back changes nothing
    blue, yellow, orange, red = (history.raises(level) for level in Level)
    assert [(x.first_raised, x.level) for x in blue] == [(D(2023, 1, 31), Level.BLUE)]
    assert [(x.first_raised, x.level) for x in yellow] == [(D(2023, 3, 31), Level.ORANGE)]
    assert [(x.first_raised, x.level) for x in orange] == [(D(2023, 3, 31), Level.ORANGE)]
    assert red == []


def test_alerts_about_other_scopes_or_periods_are_other_alerts() -> None:
    history = AlertHistory()
    history.observe(D(2023, 1, 31), [alert(Level.YELLOW), alert(Level.YELLOW, key="ai")])
    history.observe(D(2023, 2, 28), [alert(Level.YELLOW, end=D(2023, 2, 28))])
    assert len(history.raises(Level.YELLOW)) == 3


@pytest.mark.parametrize(
    "bad",
    [
        alert(Level.YELLOW, start=D(2023, 2, 1), end=D(2023, 2, 28)),  # a period still to come
        alert(Level.YELLOW, evidence_day=D(2023, 2, 1)),  # cites evidence from the future
    ],
)
def test_look_ahead_is_refused(bad: Alert) -> None:
    with pytest.raises(LookAheadError, match="starting 2023-02-01|dated 2023-02-01"):
        AlertHistory().observe(D(2023, 1, 31), [bad])


def test_evidence_on_the_as_of_date_itself_is_fine() -> None:
    history = AlertHistory()
    history.observe(D(2023, 1, 31), [alert(Level.RED, evidence_day=D(2023, 1, 31))])
    assert len(history.raises(Level.RED)) == 1


def test_a_period_naming_the_current_month_is_fine() -> None:
    history = AlertHistory()  # a monthly detector at mid-month names the whole month
    history.observe(D(2023, 1, 15), [alert(Level.RED, evidence_day=D(2023, 1, 10))])
    assert len(history.raises(Level.RED)) == 1


def test_as_of_dates_must_increase() -> None:
    history = AlertHistory()
    history.observe(D(2023, 1, 31), [])
    with pytest.raises(ValueError, match="must increase"):
        history.observe(D(2023, 1, 31), [])


def test_replay_runs_the_detector_at_each_date_and_reports_progress() -> None:
    seen: list[dt.date] = []
    steps: list[tuple[int, int]] = []

    def detect(as_of: dt.date) -> list[Alert]:
        seen.append(as_of)
        return [alert(Level.YELLOW, end=as_of)] if as_of.month == 2 else []

    dates = [D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31)]
    history = replay(detect, dates, lambda done, total, _: steps.append((done, total)))
    assert seen == dates and steps == [(1, 3), (2, 3), (3, 3)]
    assert [x.first_raised for x in history.raises(Level.BLUE)] == [D(2023, 2, 28)]


def test_episodes_are_runs_of_as_of_dates_with_the_scope_standing() -> None:
    history = AlertHistory()
    month_ends = [D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30), D(2023, 5, 31)]
    standing = {  # which alerts stand at each date: a rule whose window keeps filling, then stops
        D(2023, 1, 31): [alert(Level.YELLOW, end=D(2023, 1, 20))],
        D(2023, 2, 28): [alert(Level.YELLOW, end=D(2023, 2, 10))],  # new period, new id
        D(2023, 3, 31): [alert(Level.BLUE, end=D(2023, 2, 10))],  # below yellow: quiet
        D(2023, 4, 30): [alert(Level.YELLOW, end=D(2023, 2, 10))],  # the same alert again
        D(2023, 5, 31): [alert(Level.YELLOW, end=D(2023, 5, 5)), alert(Level.RED, key="ai")],
    }
    for day in month_ends:
        history.observe(day, standing[day])
    episodes = [[(x.scope_key, x.first_raised) for x in e] for e in history.episodes(Level.YELLOW)]
    assert episodes == [
        [("quantum", D(2023, 1, 31)), ("quantum", D(2023, 2, 28))],
        # April's episode holds no new alert: not an alarm
        [("ai", D(2023, 5, 31))],
        [("quantum", D(2023, 5, 31))],
    ]
    # at blue, quantum stands from January to May: one episode of its three alerts
    blue = [[(x.scope_key, x.first_raised) for x in e] for e in history.episodes(Level.BLUE)]
    assert blue == [
        [("quantum", D(2023, 1, 31)), ("quantum", D(2023, 2, 28)), ("quantum", D(2023, 5, 31))],
        [("ai", D(2023, 5, 31))],
    ]
