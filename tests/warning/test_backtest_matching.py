"""Scoring hand-made alarms against hand-made escalations: hits, leads, misses, false alarms.

Each case says what must be counted; several must come out as a miss or a false alarm.
"""

from __future__ import annotations

import datetime as dt

import pytest

from techbloc.errors import InvalidArgument
from techbloc.warning.backtest.history import Raise
from techbloc.warning.backtest.matching import (
    DomainTree,
    MatchRules,
    Scoring,
    alarms_of,
    in_window,
    scope_matches,
    score,
)
from techbloc.warning.backtest.summary import Period, period_figures, split_periods
from techbloc.warning.escalations import Escalation
from techbloc.warning.model import Level

D = dt.date
TREE = DomainTree(
    {
        "semiconductors": None,
        "semiconductor-equipment": "semiconductors",
        "semiconductor-design": "semiconductors",
        "ict": None,
        "telecom-5g": "ict",
        "quantum": None,
    }
)


def singles(raises: list[Raise], escalations: list[Escalation],
            rules: MatchRules | None = None) -> Scoring:  # fmt: skip
    """Each alert its own alarm."""
    return score(alarms_of([[x] for x in raises], "CN"), escalations, TREE, rules)


def r(day: dt.date, key: str, scope: str = "domain", detector: str = "d1",
      level: Level = Level.YELLOW, alert_id: str | None = None) -> Raise:  # fmt: skip
    return Raise(alert_id or f"{detector}:{scope}:{key}:{day}", detector, scope, key, level, day)


E1 = Escalation("e1", D(2022, 6, 1), domains=frozenset({"semiconductor-equipment"}),
                actors=frozenset({"NL"}), alliances=frozenset({"sme-deal"}))  # fmt: skip
E2 = Escalation("e2", D(2023, 3, 1), domains=frozenset({"telecom-5g"}),
                organisations=frozenset({"huawei"}))  # fmt: skip
E3 = Escalation("e3", D(2023, 9, 1), domains=frozenset({"quantum"}))


@pytest.mark.parametrize(
    ("raise_", "escalation", "matches"),
    [
        (r(D(2022, 5, 1), "semiconductor-equipment"), E1, True),
        (r(D(2022, 5, 1), "semiconductors"), E1, True),  # ancestor
        (r(D(2022, 5, 1), "semiconductor-design"), E1, False),  # sibling
        (r(D(2022, 5, 1), "telecom-5g"), E1, False),
        (r(D(2022, 5, 1), "sme-deal", "alliance"), E1, True),
        (r(D(2022, 5, 1), "other-deal", "alliance"), E1, False),
        (r(D(2022, 5, 1), "NL", "country"), E1, True),
        (r(D(2022, 5, 1), "JP", "country"), E1, False),
        (r(D(2023, 2, 1), "huawei", "organisation"), E2, True),
        (r(D(2023, 2, 1), "zte", "organisation"), E2, False),
        (r(D(2023, 2, 1), "ict"), E2, True),  # ancestor of telecom-5g
        (r(D(2023, 2, 1), "all", "system"), E2, False),
    ],
)
def test_scope_matching(raise_: Raise, escalation: Escalation, matches: bool) -> None:
    assert scope_matches(raise_, escalation, TREE) is matches


def test_a_parent_domain_escalation_is_matched_by_a_child_domain_alert() -> None:
    wide = Escalation("w", D(2022, 6, 1), domains=frozenset({"semiconductors"}))
    assert scope_matches(r(D(2022, 5, 1), "semiconductor-design"), wide, TREE)


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (D(2022, 6, 1) - dt.timedelta(days=180), True),
        (D(2022, 6, 1) - dt.timedelta(days=181), False),
        (D(2022, 6, 1), True),
        (D(2022, 6, 1) + dt.timedelta(days=31), True),
        (D(2022, 6, 1) + dt.timedelta(days=32), False),
    ],
)
def test_window_bounds_are_inclusive(day: dt.date, inside: bool) -> None:
    assert in_window(r(day, "semiconductor-equipment"), E1, MatchRules(180, 31)) is inside


def test_negative_windows_are_refused() -> None:
    with pytest.raises(InvalidArgument):
        MatchRules.checked(-1, None)
    assert MatchRules.checked(None, 10) == MatchRules(180, 10)


RAISES = [
    r(D(2022, 3, 1), "semiconductors"),  # E1, 92 days early
    r(D(2021, 11, 1), "semiconductor-equipment"),  # 212 days before E1: too early, false alarm
    r(D(2023, 3, 20), "huawei", "organisation"),  # E2, 19 days late: detected, no lead
    r(D(2023, 1, 15), "semiconductor-design"),  # sibling of E1's domain, after E1: false alarm
    r(D(2023, 2, 1), "all", "system"),  # unscoped
    r(D(2023, 2, 1), "CN", "country"),  # the focal country itself: unscoped
    r(D(2023, 4, 5), "telecom-5g"),  # 35 days after E2: outside the grace period, false alarm
]


def test_hand_computed_figures_per_period() -> None:
    scoring = singles(RAISES, [E1, E2, E3], MatchRules(180, 31))
    by_id = {o.escalation.id: o for o in scoring.outcomes}
    assert (by_id["e1"].status, by_id["e1"].lead_days) == ("early", 92)
    assert (by_id["e2"].status, by_id["e2"].lead_days) == ("no_lead", -19)
    assert (by_id["e3"].status, by_id["e3"].lead_days) == ("missed", None)
    statuses = {(a.first_raised, a.scope[1]): a.status for a in scoring.alarms}
    assert statuses == {
        (D(2022, 3, 1), "semiconductors"): "true",
        (D(2021, 11, 1), "semiconductor-equipment"): "false",
        (D(2023, 3, 20), "huawei"): "true",
        (D(2023, 1, 15), "semiconductor-design"): "false",
        (D(2023, 2, 1), "all"): "unscoped",
        (D(2023, 2, 1), "CN"): "unscoped",
        (D(2023, 4, 5), "telecom-5g"): "false",
    }
    tune, report = split_periods(D(2018, 1, 1), D(2023, 12, 31))
    t = period_figures(scoring, tune)
    assert (t["escalations"], t["hits"], t["early"], t["missed"]) == (1, 1, 1, 0)
    assert (t["alarms"], t["true_alarms"], t["false_alarms"], t["precision"]) == (2, 1, 1, 0.5)
    assert (t["warning_alarms"], t["median_lead_days"], t["recall"]) == (1, 92, 1.0)
    p = period_figures(scoring, report)
    assert (p["escalations"], p["hits"], p["no_lead"], p["missed"]) == (2, 1, 1, 1)
    assert (p["alarms"], p["true_alarms"], p["false_alarms"]) == (3, 1, 2)
    assert (p["precision"], p["recall"], p["unscoped_alarms"]) == (0.333, 0.5, 2)
    assert (p["warning_alarms"], p["warning_precision"], p["median_lead_days"]) == (0, 0.0, -19)
    assert (p["alerts"], p["false_alerts"]) == (3, 2)


def test_no_alarm_means_every_escalation_missed_and_no_precision() -> None:
    scoring = singles([], [E1, E2])
    figures = period_figures(scoring, Period("all", D(2018, 1, 1), D(2026, 1, 1)))
    assert (figures["hits"], figures["missed"], figures["recall"]) == (0, 2, 0.0)
    assert figures["precision"] is None and figures["median_lead_days"] is None


def test_the_earliest_matching_raise_gives_the_lead() -> None:
    raises = [
        r(D(2022, 5, 1), "semiconductor-equipment", detector="late"),
        r(D(2022, 1, 10), "NL", "country", detector="early"),
        r(D(2021, 1, 1), "NL", "country", detector="too-early"),
    ]
    outcome = singles(raises, [E1]).outcomes[0]
    assert outcome.first is not None and outcome.first.detector == "early"
    assert (outcome.lead_days, outcome.matching) == (142, 2)


def test_one_alarm_warning_two_escalations_is_one_true_alarm() -> None:
    twin = Escalation("e1b", D(2022, 7, 1), domains=frozenset({"semiconductors"}))
    scoring = singles([r(D(2022, 4, 1), "semiconductor-equipment")], [E1, twin])
    assert [o.status for o in scoring.outcomes] == ["early", "early"]
    assert len(scoring.alarms) == 1 and scoring.alarms[0].matched == ["e1", "e1b"]


def test_an_alarm_of_several_alerts_is_true_when_a_later_alert_in_it_matches() -> None:
    raises = [
        r(D(2022, 1, 31), "semiconductor-equipment"),  # alone: 21 days before the window
        r(D(2022, 2, 28), "semiconductor-equipment"),  # 173 days before the escalation
    ]
    late = Escalation("e", D(2022, 8, 20), domains=frozenset({"semiconductor-equipment"}))
    one = score(alarms_of([raises], "CN"), [late], TREE)
    assert [a.status for a in one.alarms] == ["true"] and one.true_alerts == {raises[1].alert_id}
    apart = singles(raises, [late])
    assert [a.status for a in apart.alarms] == ["false", "true"]
    assert apart.outcomes[0].lead_days == 173
