"""Who is in which alliance on a date, as Ibis expressions (the same rules as techbloc.query).

An alliance exists on day D when its last status change on or before D is not ``dissolved``; a
country is a member on D when its role is founding, member or partner and
``effective_from_date <= D < left_date``. The *blockade side* of the system on D is the union of
the members of the blockade-kind alliances that exist on D, without the focal country (which
sits in some of them, e.g. China in the NSG, and is not a party to blockading itself).
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.query.alliances import MEMBER_ROLES


def alliance_status_at(engine: AnalyticsEngine, at: dt.date) -> ir.Table:
    """alliance_id, status: the status of every alliance that had one on ``at``."""
    s = engine.table("alliance_status")
    s = s.filter(s.since_date <= ibis.literal(at))
    return s.group_by("alliance_id").aggregate(status=s.status.argmax(s.since_date))


def existing_alliances(
    engine: AnalyticsEngine, at: dt.date, kinds: tuple[str, ...] | None = None
) -> ir.Table:
    """The alliances rows (all columns) that exist on ``at``, optionally of the given kinds."""
    a = engine.table("alliances")
    status = alliance_status_at(engine, at)
    status = status.filter(status.status != "dissolved")
    joined = a.join(status, "alliance_id")
    if kinds:
        joined = joined.filter(joined.kind.isin(list(kinds)))
    return joined


def members_at(
    engine: AnalyticsEngine, at: dt.date, kinds: tuple[str, ...] | None = None
) -> ir.Table:
    """alliance_id, actor_code, role: members on ``at`` of the alliances that exist then."""
    m = engine.table("memberships")
    day = ibis.literal(at)
    m = m.filter(
        m.role.isin(list(MEMBER_ROLES)),
        m.effective_from_date <= day,
        m.left_date.isnull() | (m.left_date > day),
    )
    alive = existing_alliances(engine, at, kinds).select("alliance_id")
    return m.join(alive, "alliance_id").select("alliance_id", "actor_code", "role")


def blockade_side(engine: AnalyticsEngine, at: dt.date, focal: str) -> ir.Table:
    """actor_code: the distinct members of blockade alliances on ``at``, without ``focal``."""
    m = members_at(engine, at, kinds=("blockade",))
    return m.filter(m.actor_code != focal).select("actor_code").distinct()
