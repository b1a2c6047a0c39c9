"""The hypothetical changes a scenario applies, each as overridden tables of an
:class:`~techbloc.analytics.overlay.OverlayEngine` (docs/methodology.md, "Assessment: scenarios").

* :class:`Join` — a country becomes a member (role ``member``) of an alliance from ``since``
  (default: the alliance's founding, as if it had always been a member): one memberships row added.
* :class:`Leave` — a country's membership of an alliance ends on ``since`` (its rows in force then
  get that ``left_date``, later ones are dropped); by default every row of it is dropped, as if it
  had never been a member.
* :class:`AddDomain` — a domain is added to an alliance's field (the alliances row), and the
  alliance takes a hypothetical restrictive measure on it against the focal country: severity 4 by
  default, dated ``since`` (default the scenario's date), issued by its first member (by code) on
  that date within the alliance, so its breadth is the alliance's members' share.
* :class:`Strictest` — every member of the coalition on the date applies, to every leaf domain it
  touches, a restrictive measure against the focal country as severe as the most severe restrictive
  measure pressing on it in any domain up to the date; and withdraws its relaxing measures towards
  it. A member *touches* a domain when the field of a blockade or mixed alliance it belongs to on
  the date covers it (alliances that exist and are not mere proposals) or when it has issued a
  restrictive measure pressing on the focal country in it.

Each change is applied to the tables as the previous changes left them, and says what it assumed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import ibis

from techbloc.analytics.breadth import pressing_measures
from techbloc.analytics.coalitions import Coalition, coalition_members
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.membership import existing_alliances, members_at
from techbloc.analytics.overlay import nullable, overlay, with_rows
from techbloc.analytics.taxonomy import expand_to_leaves
from techbloc.errors import InvalidArgument
from techbloc.query.alliances import MEMBER_ROLES

Row = dict[str, Any]
DEFAULT_SEVERITY = 4
SCENARIO_FILE = "scenario"
"""``kb_file`` and ``note`` of the rows a scenario adds."""
STRICTEST_KINDS = ("blockade", "mixed")


@dataclass(frozen=True)
class Setting:
    """Where a scenario is assessed: its date, focal country and coalition."""

    at: dt.date
    focal: str
    coalition: Coalition


@dataclass(frozen=True)
class Join:
    country: str
    alliance: str
    since: dt.date | None = None
    kind: str = "join"


@dataclass(frozen=True)
class Leave:
    country: str
    alliance: str
    since: dt.date | None = None
    kind: str = "leave"


@dataclass(frozen=True)
class AddDomain:
    domain: str
    alliance: str
    severity: int = DEFAULT_SEVERITY
    since: dt.date | None = None
    kind: str = "add-domain"


@dataclass(frozen=True)
class Strictest:
    kind: str = "strictest"


Change = Join | Leave | AddDomain | Strictest


def _is_member(engine: AnalyticsEngine, country: str, alliance: str, at: dt.date) -> bool:
    m = members_at(engine, at)
    return bool(engine.rows(m.filter(m.alliance_id == alliance, m.actor_code == country)))


def _alliance(engine: AnalyticsEngine, alliance: str) -> Row:
    a = engine.table("alliances")
    found = engine.rows(a.filter(a.alliance_id == alliance).select("founded_date", "stages"))
    if not found:
        raise InvalidArgument(f"no alliance {alliance!r} in the store")
    return found[0]


def _not_focal(country: str, s: Setting) -> None:
    if country == s.focal:
        raise InvalidArgument(
            f"{country} is the focal country: it never counts in a coalition or in a measure's "
            "breadth, so its membership changes nothing here",
            hint="assess another country with --focal",
        )


def apply_join(engine: AnalyticsEngine, change: Join, s: Setting) -> tuple[AnalyticsEngine, str]:
    _not_focal(change.country, s)
    if _is_member(engine, change.country, change.alliance, s.at):
        raise InvalidArgument(
            f"{change.country} is already a member of {change.alliance} on {s.at}"
        )
    since = change.since or _alliance(engine, change.alliance)["founded_date"]
    if since is None:
        raise InvalidArgument(f"{change.alliance} has no founding date", hint="give --since DATE")
    if since > s.at:
        raise InvalidArgument(f"--since {since} is after the scenario's date {s.at}: no effect")
    row: Row = {"alliance_id": change.alliance, "actor_code": change.country, "role": "member",
           "joined_date": since, "joined_precision": "day", "effective_from_date": since,
           "source_ids": [], "note": SCENARIO_FILE}  # fmt: skip
    table = with_rows(engine.table("memberships"), [row])
    when = f"from {since}" if change.since else f"from its founding ({since}), as if always"
    return overlay(engine, "memberships", table), (
        f"{change.country} joins {change.alliance} as a member {when}"
    )


def apply_leave(engine: AnalyticsEngine, change: Leave, s: Setting) -> tuple[AnalyticsEngine, str]:
    _not_focal(change.country, s)
    if not _is_member(engine, change.country, change.alliance, s.at):
        raise InvalidArgument(f"{change.country} is not a member of {change.alliance} on {s.at}")
    m = nullable(engine.table("memberships"))
    mine = (m.alliance_id == change.alliance) & (m.actor_code == change.country)
    mine = mine & m.role.isin(list(MEMBER_ROLES))
    kept = m.filter(~mine)
    if change.since is None:
        return overlay(engine, "memberships", kept), (
            f"{change.country} leaves {change.alliance}: as if it had never been a member "
            "(its membership rows removed)"
        )
    if change.since > s.at:
        raise InvalidArgument(f"--since {change.since} is after the scenario's date {s.at}")
    day = ibis.literal(change.since)
    ending = m.filter(mine, m.effective_from_date < day)
    ends = ending.left_date.isnull() | (ending.left_date > day)
    ending = ending.mutate(left_date=ibis.ifelse(ends, day, ending.left_date))
    return overlay(engine, "memberships", kept.union(ending)), (
        f"{change.country} leaves {change.alliance} on {change.since}"
    )


def measure_row(
    measure_id: str, at: dt.date, actor: str, focal: str, domain: str, severity: int,
    title: str, alliance: str | None = None, stages: list[str] | None = None,
) -> Row:  # fmt: skip
    """A hypothetical restrictive export control against ``focal`` (columns of ``measures``)."""
    return {
        "measure_id": measure_id, "measure_date": at, "date_precision": "day",
        "actor_code": actor, "issuer": f"{alliance or actor} (scenario)", "alliance_id": alliance,
        "title_en": title, "title_zh": "情景假设措施", "instrument_id": "export_control",
        "direction": "restrictive", "target_codes": [focal], "target_entities": [],
        "domains": [domain], "stages": stages or ["trade_export"], "dimensions": [],
        "severity_score": severity, "source_ids": [], "note": SCENARIO_FILE,
        "kb_file": SCENARIO_FILE,
    }  # fmt: skip


def apply_add_domain(
    engine: AnalyticsEngine, change: AddDomain, s: Setting
) -> tuple[AnalyticsEngine, str]:
    if not 1 <= change.severity <= 5:
        raise InvalidArgument(f"severity must be 1–5 (the rubric), not {change.severity}")
    day = change.since or s.at
    if day > s.at:
        raise InvalidArgument(f"--since {day} is after the scenario's date {s.at}")
    m = members_at(engine, day)
    m = m.filter(m.alliance_id == change.alliance, m.actor_code != s.focal)
    members = sorted(str(r["actor_code"]) for r in engine.rows(m.select("actor_code")))
    if not members:
        raise InvalidArgument(f"{change.alliance} has no members on {day} to take a measure")
    info = _alliance(engine, change.alliance)
    a = nullable(engine.table("alliances"))
    field = engine.rows(a.filter(a.alliance_id == change.alliance).select("domains"))
    already = change.domain in (field[0]["domains"] or [])
    if not already:
        empty = ibis.literal([], type="array<string>")
        grown = a.domains.fill_null(empty).concat(ibis.literal([change.domain], "array<string>"))
        a = a.mutate(domains=ibis.ifelse(a.alliance_id == change.alliance, grown, a.domains))
        engine = overlay(engine, "alliances", a)
    row = measure_row(
        f"scenario-{change.alliance}-{change.domain}", day, members[0], s.focal, change.domain,
        change.severity, f"Scenario: {change.alliance} controls {change.domain}",
        change.alliance, list(info["stages"] or []),
    )  # fmt: skip
    engine = overlay(engine, "measures", with_rows(engine.table("measures"), [row]))
    field_text = "already in" if already else "added to"
    return engine, (
        f"{change.domain} {field_text} the field of {change.alliance}; a restrictive measure of "
        f"severity {change.severity} against {s.focal} on {change.domain}, dated {day}, taken in "
        f"{change.alliance} by {members[0]} (breadth: its {len(members)} members)"
    )


def apply_strictest(engine: AnalyticsEngine, s: Setting) -> tuple[AnalyticsEngine, str]:
    day = ibis.literal(s.at)
    members = coalition_members(engine, s.coalition, s.at, s.focal)
    pressing = pressing_measures(engine, s.focal)
    pressing = pressing.filter(pressing.measure_date <= day)
    restrictive = pressing.filter(pressing.direction == "restrictive")
    top = engine.rows(restrictive.aggregate(severity=restrictive.severity_score.max()))
    severity = top[0]["severity"] if top else None
    if severity is None:
        raise InvalidArgument(f"no restrictive measure presses on {s.focal} up to {s.at}")
    alive = existing_alliances(engine, s.at, STRICTEST_KINDS)
    alive = alive.filter(alive.status != "proposed").select("alliance_id", "domains")
    joined = members_at(engine, s.at).join(alive, "alliance_id").semi_join(members, "actor_code")
    fields = joined.select("actor_code", domain_id=joined.domains.unnest())
    own = restrictive.semi_join(members, "actor_code")
    own = own.select("actor_code", domain_id=own.domains.unnest())
    touched = expand_to_leaves(engine, fields.union(own), "actor_code")
    pairs = sorted((str(r["actor_code"]), str(r["leaf_id"])) for r in engine.rows(touched))
    relaxing = pressing.filter(pressing.direction == "relaxing").semi_join(members, "actor_code")
    withdrawn = sorted(str(r["measure_id"]) for r in engine.rows(relaxing.select("measure_id")))
    m = nullable(engine.table("measures"))
    if withdrawn:
        m = m.filter(~m.measure_id.isin(withdrawn))
    rows = [
        measure_row(f"scenario-strictest-{actor}-{leaf}", s.at, actor, s.focal, leaf, severity,
                    f"Scenario: strictest blockade, {actor} controls {leaf}")
        for actor, leaf in pairs
    ]  # fmt: skip
    engine = overlay(engine, "measures", with_rows(m, rows))
    actors = len({a for a, _ in pairs})
    return engine, (
        f"strictest blockade by {s.coalition.label}: {actors} members each apply a restrictive "
        f"measure of severity {severity} (the most severe pressing on {s.focal} up to {s.at}) "
        f"against {s.focal} to every leaf domain they touch ({len(pairs)} measures dated {s.at}); "
        f"{len(withdrawn)} relaxing measures of members withdrawn"
        + (f" ({', '.join(withdrawn)})" if withdrawn else "")
    )


def apply_changes(
    engine: AnalyticsEngine, changes: list[Change], setting: Setting
) -> tuple[AnalyticsEngine, list[str]]:
    """The engine with every change applied in turn, and what each assumed."""
    said: list[str] = []
    for change in changes:
        if isinstance(change, Join):
            engine, text = apply_join(engine, change, setting)
        elif isinstance(change, Leave):
            engine, text = apply_leave(engine, change, setting)
        elif isinstance(change, AddDomain):
            engine, text = apply_add_domain(engine, change, setting)
        else:
            engine, text = apply_strictest(engine, setting)
        said.append(text)
    return engine, said
