"""Who takes part in which alliance on a date, and who is tied to the focal country.

*Participants* of an alliance on day D are its members (roles founding, member, partner; see
:mod:`techbloc.analytics.membership`) and, for an alliance whose status on D is ``proposed``
(Chip 4, D10 …), its ``proposed`` participants, which stand in for members not yet constituted.

A country X is *tied* to the focal country F on D through any of:

* a **partnership**: a cooperation or mixed alliance existing on D in which both F and X take part
  (RCEP, BRICS, SCO for China);
* a **free trade agreement** in force on D with both F and X among its parties
  (``in_force_date <= D < ended_date``; signed agreements not in force do not count);
* a **top trading partner**: X ranks within the first ``top_n`` of F's trading partners in the
  latest ranking year before D's year (a year's trade is known only after it ends).

``tie_count`` = number of partnerships + 1 for an FTA + 1 for a top-trade rank.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.membership import alliance_status_at, existing_alliances, members_at

PARTNERSHIP_KINDS = ("cooperation", "mixed")
TOP_TRADE_PARTNERS = 10


def participants_at(
    engine: AnalyticsEngine, at: dt.date, kinds: tuple[str, ...] | None = None
) -> ir.Table:
    """alliance_id, actor_code, role: members, plus proposed participants of proposed alliances."""
    members = members_at(engine, at, kinds)
    m = engine.table("memberships")
    day = ibis.literal(at)
    proposed = m.filter(
        m.role == "proposed",
        m.effective_from_date <= day,
        m.left_date.isnull() | (m.left_date > day),
    )
    status = alliance_status_at(engine, at)
    status = status.filter(status.status == "proposed").select("alliance_id")
    alive = existing_alliances(engine, at, kinds).select("alliance_id")
    proposed = proposed.join(status, "alliance_id").join(alive, "alliance_id")
    proposed = proposed.select("alliance_id", "actor_code", "role")
    return members.union(proposed).distinct()


def focal_partnerships(engine: AnalyticsEngine, at: dt.date, focal: str) -> ir.Table:
    """alliance_id: the cooperation or mixed alliances the focal country takes part in on ``at``."""
    p = participants_at(engine, at, PARTNERSHIP_KINDS)
    return p.filter(p.actor_code == focal).select("alliance_id").distinct()


def partnership_ties(engine: AnalyticsEngine, at: dt.date, focal: str) -> ir.Table:
    """actor_code, alliance_id: fellow participants of the focal country's partnerships."""
    p = participants_at(engine, at, PARTNERSHIP_KINDS)
    p = p.join(focal_partnerships(engine, at, focal), "alliance_id")
    return p.filter(p.actor_code != focal).select("actor_code", "alliance_id").distinct()


def fta_ties(engine: AnalyticsEngine, at: dt.date, focal: str) -> ir.Table:
    """actor_code, agreement_id: parties of the focal country's agreements in force on ``at``."""
    day = ibis.literal(at)
    a = engine.table("trade_agreements")
    a = a.filter(
        a.in_force_date.notnull(),
        a.in_force_date <= day,
        a.ended_date.isnull() | (a.ended_date > day),
    ).select("agreement_id")
    parties = engine.table("trade_agreement_parties").join(a, "agreement_id")
    with_focal = parties.filter(parties.actor_code == focal).select("agreement_id")
    others = parties.join(with_focal, "agreement_id")
    return others.filter(others.actor_code != focal).select("actor_code", "agreement_id").distinct()


def trade_ties(
    engine: AnalyticsEngine, at: dt.date, focal: str, top_n: int = TOP_TRADE_PARTNERS
) -> ir.Table:
    """actor_code, trade_rank, trade_year: the focal country's top partners in the latest ranking
    year before ``at``'s year."""
    r = engine.table("trade_partner_ranks")
    r = r.filter(r.reporter_code == focal, r.year < at.year)
    latest = r.aggregate(trade_year=r.year.max())
    r = r.join(latest, r.year == latest.trade_year)
    r = r.filter(r.rank <= top_n)
    return r.select(actor_code=r.partner_code, trade_rank=r.rank, trade_year=r.trade_year)


def focal_ties(
    engine: AnalyticsEngine, at: dt.date, focal: str, top_n: int = TOP_TRADE_PARTNERS
) -> ir.Table:
    """One row per country tied to the focal country on ``at``: actor_code, partnership_ids,
    partnership_count, fta_ids, has_fta, trade_rank, trade_year, tie_count."""
    part = partnership_ties(engine, at, focal)
    part = part.group_by("actor_code").aggregate(
        partnership_ids=part.alliance_id.collect().unique().sort(),
        partnership_count=part.alliance_id.nunique(),
    )
    fta = fta_ties(engine, at, focal)
    fta = fta.group_by("actor_code").aggregate(fta_ids=fta.agreement_id.collect().unique().sort())
    trade = trade_ties(engine, at, focal, top_n)
    actors = (
        part.select(actor_code=part.actor_code.cast("string"))
        .union(fta.select(actor_code=fta.actor_code.cast("string")))
        .union(trade.select(actor_code=trade.actor_code.cast("string")))
        .distinct()
    )
    t = actors.left_join(part, "actor_code")
    t = t.select(actors.actor_code, part.partnership_ids, part.partnership_count)
    t = t.left_join(fta, "actor_code").select(t, fta.fta_ids)
    t = t.left_join(trade, "actor_code").select(t, trade.trade_rank, trade.trade_year)
    partnership_count = t.partnership_count.fill_null(0)
    has_fta = t.fta_ids.notnull()
    return t.select(
        "actor_code",
        "partnership_ids",
        "fta_ids",
        "trade_rank",
        "trade_year",
        partnership_count=partnership_count,
        has_fta=has_fta,
        tie_count=partnership_count + has_fta.ifelse(1, 0) + t.trade_rank.notnull().ifelse(1, 0),
    )
