"""Matching alerts to escalations: hits, lead times, misses and false alarms.

The rules, in full, are in docs/methodology.md ("Early warning: backtest"). In short: an alert
*matches* an escalation when its scope names something the escalation concerns and it was first
raised no more than ``lead_days`` before and no more than ``grace_days`` after the escalation's
date. An escalation is *hit* by the earliest matching alert (lead = escalation date − first
raise); a hit with lead ≤ 0 is "detected, no lead". An alarm (the alerts of one detector about
one scope while it stands) that matches no escalation is a *false alarm*. Alerts about the focal
country as a whole (scope ``system``, or the focal country itself) cannot match a single
escalation and are counted apart as *unscoped*.
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


@dataclass(frozen=True)
class MatchRules:
    """The matching window around each escalation."""

    lead_days: int = LEAD_DAYS
    grace_days: int = GRACE_DAYS

    def __post_init__(self) -> None:
        if min(self.lead_days, self.grace_days) < 0:
            raise InvalidArgument(
                "the lead window and the grace period are numbers of days ≥ 0",
                hint=f"e.g. lead {LEAD_DAYS}, grace {GRACE_DAYS}",
            )

    @classmethod
    def checked(cls, lead_days: int | None, grace_days: int | None) -> MatchRules:
        """Rules from user input, each left out taking its default."""
        return cls(
            LEAD_DAYS if lead_days is None else lead_days,
            GRACE_DAYS if grace_days is None else grace_days,
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
    """One alarm: the alerts of one detector about one scope over one episode (consecutive
    as-of dates at the level or above), or a single alert.

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
    true_alerts: set[str] = field(default_factory=set)


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


def alarms_of(groups: Iterable[Sequence[Raise]], focal: str) -> list[Alarm]:
    """An alarm for each group of alerts (an episode, or a single alert)."""
    alarms = [Alarm(list(g), unscoped=is_unscoped(g[0], focal)) for g in groups if g]
    return sorted(alarms, key=lambda a: (a.first_raised, a.detector, a.scope))


def score(
    alarms: Sequence[Alarm],
    escalations: Sequence[Escalation],
    tree: DomainTree,
    rules: MatchRules | None = None,
) -> Scoring:
    """Match every alert of every alarm against every escalation (an alarm may warn of several).

    Fills in the alarms' ``matched`` and ``warned`` and returns the escalations' outcomes and the
    ids of the alerts that matched some escalation.
    """
    rules = rules or MatchRules()
    outcomes = [Outcome(e) for e in sorted(escalations, key=lambda e: (e.date, e.id))]
    true_alerts: set[str] = set()
    for alarm in alarms:
        alarm.matched, alarm.warned = [], []
        if alarm.unscoped:
            continue
        for outcome in outcomes:
            e = outcome.escalation
            hits = [r for r in alarm.raises if in_window(r, e, rules) and scope_matches(r, e, tree)]
            if not hits:
                continue
            true_alerts.update(r.alert_id for r in hits)
            alarm.matched.append(e.id)
            outcome.matching += 1
            if hits[0].first_raised < e.date:
                alarm.warned.append(e.id)
            if outcome.first is None or hits[0].first_raised < outcome.first.first_raised:
                outcome.first = hits[0]
    return Scoring(outcomes, list(alarms), true_alerts)
