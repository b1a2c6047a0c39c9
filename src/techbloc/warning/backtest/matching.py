"""Matching alerts to escalations: hits, lead times, misses and false alarms.

The rules, in full, are in docs/methodology.md ("Early warning: backtest"). In short: an alarm
*matches* an escalation when its scope names something the escalation concerns and it was first
raised no more than ``lead_days`` before and no more than ``grace_days`` after the escalation's
date. An escalation is *hit* by the earliest matching alarm (lead = escalation date − first
raise); a hit with lead ≤ 0 is "detected, no lead". An alarm that matches no escalation is a
*false alarm*. Alerts about the focal country as a whole (scope ``system``, or the focal country
itself) cannot match a single escalation and are counted apart as *unscoped*.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.warning.backtest.history import Raise
from techbloc.warning.escalations import Escalation
from techbloc.warning.model import Level

#: An alert may come this many days before an escalation and still count as warning of it.
LEAD_DAYS = 180
#: … or this many days after it ("detected, no lead"): one monthly step and a day.
GRACE_DAYS = 31
#: Alerts of one detector about one scope raised within this many days of each other are one alarm.
EPISODE_GAP_DAYS = 0


@dataclass(frozen=True)
class MatchRules:
    """The matching windows and how repeated alerts fold into one alarm."""

    lead_days: int = LEAD_DAYS
    grace_days: int = GRACE_DAYS
    episode_gap_days: int = EPISODE_GAP_DAYS

    def __post_init__(self) -> None:
        if min(self.lead_days, self.grace_days, self.episode_gap_days) < 0:
            raise InvalidArgument(
                "the lead window, grace period and episode gap are numbers of days ≥ 0",
                hint=f"e.g. lead {LEAD_DAYS}, grace {GRACE_DAYS}, episode gap {EPISODE_GAP_DAYS}",
            )

    @classmethod
    def checked(
        cls, lead_days: int | None, grace_days: int | None, episode_gap_days: int | None
    ) -> MatchRules:
        """Rules from user input, each left out taking its default."""
        return cls(
            LEAD_DAYS if lead_days is None else lead_days,
            GRACE_DAYS if grace_days is None else grace_days,
            EPISODE_GAP_DAYS if episode_gap_days is None else episode_gap_days,
        )


class DomainTree:
    """The domain taxonomy: a domain is related to itself, its ancestors and its descendants."""

    def __init__(self, parents: Mapping[str, str | None]) -> None:
        self.parents = dict(parents)
        self.children: dict[str, set[str]] = defaultdict(set)
        for child, parent in self.parents.items():
            if parent:
                self.children[parent].add(child)

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection) -> DomainTree:
        rows = con.execute("SELECT domain_id, parent_id FROM domains").fetchall()
        return cls({str(d): (str(p) if p else None) for d, p in rows})

    def related(self, domain: str) -> set[str]:
        found = {domain}
        parent = self.parents.get(domain)
        while parent and parent not in found:
            found.add(parent)
            parent = self.parents.get(parent)
        stack = [domain]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


@dataclass
class Alarm:
    """One alarm: the raises of one detector about one scope, chained while they keep coming.

    ``matched`` are the escalations it matches; ``warned`` those it came before (lead > 0).
    """

    raises: list[Raise]
    unscoped: bool = False
    matched: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)

    @property
    def first_raised(self) -> dt.date:
        return self.raises[0].first_raised

    @property
    def detector(self) -> str:
        return self.raises[0].detector

    @property
    def scope(self) -> tuple[str, str]:
        return self.raises[0].scope_type, self.raises[0].scope_key

    @property
    def level(self) -> Level:
        return max(r.level for r in self.raises)

    @property
    def status(self) -> str:
        if self.unscoped:
            return "unscoped"
        return "true" if self.matched else "false"


@dataclass
class Outcome:
    """How one escalation fared: the earliest matching raise, if any."""

    escalation: Escalation
    first: Raise | None = None
    matching: int = 0

    @property
    def lead_days(self) -> int | None:
        return None if self.first is None else (self.escalation.date - self.first.first_raised).days

    @property
    def status(self) -> str:
        lead = self.lead_days
        if lead is None:
            return "missed"
        return "early" if lead > 0 else "no_lead"


@dataclass
class Scoring:
    outcomes: list[Outcome]
    alarms: list[Alarm]


def scope_matches(r: Raise, e: Escalation, tree: DomainTree) -> bool:
    """Does the alert's scope name something the escalation concerns?"""
    if r.scope_type == "domain":
        return any(r.scope_key in tree.related(d) for d in e.domains)
    if r.scope_type == "alliance":
        return r.scope_key in e.alliances
    if r.scope_type == "country":
        return r.scope_key in e.actors
    if r.scope_type == "organisation":
        return r.scope_key in e.organisations
    return False


def in_window(r: Raise, e: Escalation, rules: MatchRules) -> bool:
    earliest = e.date - dt.timedelta(days=rules.lead_days)
    latest = e.date + dt.timedelta(days=rules.grace_days)
    return earliest <= r.first_raised <= latest


def is_unscoped(r: Raise, focal: str) -> bool:
    return r.scope_type == "system" or (r.scope_type == "country" and r.scope_key == focal)


def fold_alarms(raises: Iterable[Raise], gap_days: int, focal: str) -> list[Alarm]:
    """Chain the raises of one detector and scope that follow each other within ``gap_days``."""
    by_key: dict[tuple[str, str, str], list[Raise]] = defaultdict(list)
    for r in sorted(raises, key=lambda r: (r.first_raised, r.alert_id)):
        by_key[(r.detector, r.scope_type, r.scope_key)].append(r)
    alarms: list[Alarm] = []
    for chain in by_key.values():
        current: list[Raise] = []
        for r in chain:
            if current and (r.first_raised - current[-1].first_raised).days > gap_days:
                alarms.append(Alarm(current, unscoped=is_unscoped(current[0], focal)))
                current = []
            current.append(r)
        alarms.append(Alarm(current, unscoped=is_unscoped(current[0], focal)))
    return sorted(alarms, key=lambda a: (a.first_raised, a.detector, a.scope))


def score(
    raises: Sequence[Raise],
    escalations: Sequence[Escalation],
    tree: DomainTree,
    rules: MatchRules | None = None,
    focal: str = "CN",
) -> Scoring:
    """Match every alarm against every escalation (both ways: an alarm may warn of several)."""
    rules = rules or MatchRules()
    alarms = fold_alarms(raises, rules.episode_gap_days, focal)
    outcomes = [Outcome(e) for e in sorted(escalations, key=lambda e: (e.date, e.id))]
    for alarm in alarms:
        if alarm.unscoped:
            continue
        for outcome in outcomes:
            e = outcome.escalation
            hits = [r for r in alarm.raises if in_window(r, e, rules) and scope_matches(r, e, tree)]
            if not hits:
                continue
            alarm.matched.append(e.id)
            if hits[0].first_raised < e.date:
                alarm.warned.append(e.id)
            outcome.matching += 1
            if outcome.first is None or hits[0].first_raised < outcome.first.first_raised:
                outcome.first = hits[0]
    return Scoring(outcomes, alarms)
