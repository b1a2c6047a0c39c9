"""Breadth of a measure: the issuing coalition's share of the world, at the measure's date.

The coalition is the issuing party, plus — when the measure was taken within an alliance — the
alliance's members on the measure's date, without the focal country. A party whose own figures would
double-count its member states (the EU) is replaced by those states: :data:`PARTY_MEMBERS` names
the knowledge-base alliance whose members on the date are its member states.

Breadth is the coalition's share of world high-technology exports where every economy of the
coalition has a figure, else its share of world GDP (``breadth_basis`` says which, with the
coverage); shares follow :mod:`techbloc.analytics.economy` (figure of the year nearest the
measure's year, the knowledge base's world total or the sum over economies). A coalition with no
figure at all has no breadth: its measures are reported as unmeasured, never counted as zero.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from techbloc.analytics.economy import GDP, HIGHTECH, MAX_YEAR_GAP, group_shares
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.targeting import measures_pressing_on
from techbloc.query.alliances import MEMBER_ROLES

PARTY_MEMBERS = {"EU": "eu-fdi-screening"}
"""Supranational issuer → the alliance whose members on a date are its member states. The EU's FDI
screening mechanism (Regulation (EU) 2019/452) counts every member state (and the Commission); the
knowledge base has no other list of EU members over time. Before the mechanism (19 March 2019) an
EU measure alone has no members and so no breadth."""

DIRECTIONS = ("restrictive", "relaxing")


def pressing_measures(engine: AnalyticsEngine, focal: str) -> ir.Table:
    """The restrictive and relaxing measures that press on (or relieve) ``focal``."""
    m = measures_pressing_on(engine, focal)
    return m.filter(m.direction.isin(list(DIRECTIONS)))


def _members_on_measure_date(measures: ir.Table, memberships: ir.Table, on: str) -> ir.Table:
    """measure_id, actor_code: members on each measure's date of the alliance in column ``on``."""
    joined = measures.join(memberships, measures[on] == memberships.alliance_id)
    joined = joined.filter(
        joined.role.isin(list(MEMBER_ROLES)),
        joined.effective_from_date <= joined.measure_date,
        joined.left_date.isnull() | (joined.left_date > joined.measure_date),
    )
    return _pairs(joined)


def _pairs(table: ir.Table) -> ir.Table:
    """measure_id, actor_code as nullable strings (the store's NOT NULL columns would otherwise
    not union with derived ones)."""
    return table.select(
        measure_id=table.measure_id.cast("string"), actor_code=table.actor_code.cast("string")
    )


def coalitions(engine: AnalyticsEngine, focal: str) -> ir.Table:
    """group_id (= measure_id), ref_year, actor_code: who issued each pressing measure."""
    m = pressing_measures(engine, focal).select(
        "measure_id", "measure_date", "actor_code", "alliance_id"
    )
    memberships = engine.table("memberships")
    issuers = _pairs(m)
    in_alliance = _members_on_measure_date(
        m.filter(m.alliance_id.notnull()).select("measure_id", "measure_date", "alliance_id"),
        memberships,
        "alliance_id",
    )
    direct = issuers.union(in_alliance, distinct=True)
    parties = engine.memtable(
        [{"party": p, "party_alliance": a} for p, a in PARTY_MEMBERS.items()],
        {"party": "str", "party_alliance": "str"},
    )
    dated = direct.join(m.select("measure_id", "measure_date"), "measure_id")
    expanded = dated.join(parties, dated.actor_code == parties.party).select(
        "measure_id", "measure_date", "party_alliance"
    )
    states = _members_on_measure_date(expanded, memberships, "party_alliance")
    everyone = direct.union(states, distinct=True)
    everyone = everyone.filter(everyone.actor_code != focal)
    years = m.select("measure_id", ref_year=m.measure_date.year().cast("int64"))
    return everyone.join(years, "measure_id").select(
        group_id=everyone.measure_id, ref_year=years.ref_year, actor_code=everyone.actor_code
    )


def measure_breadth(engine: AnalyticsEngine, focal: str, max_gap: int = MAX_YEAR_GAP) -> ir.Table:
    """measure_id, breadth, breadth_basis, economies, with_value, coalition: one row per
    pressing measure whose coalition has at least one economy."""
    groups = coalitions(engine, focal)
    shares = group_shares(engine, groups, max_gap)
    ht = shares.filter(shares.indicator == HIGHTECH).select(
        "group_id", ht_share=shares.share, ht_with=shares.with_value, ht_of=shares.economies
    )
    gdp = shares.filter(shares.indicator == GDP).select(
        "group_id", gdp_share=shares.share, gdp_with=shares.with_value, gdp_of=shares.economies
    )
    both = gdp.join(ht, "group_id")
    full_ht = both.ht_share.notnull() & (both.ht_with == both.ht_of)
    has_gdp = both.gdp_share.notnull()
    members = groups.group_by("group_id").aggregate(coalition=groups.actor_code.collect().sort())
    both = both.join(members, "group_id")
    return both.select(
        measure_id=both.group_id,
        breadth=ibis.cases((full_ht, both.ht_share), (has_gdp, both.gdp_share)),
        breadth_basis=ibis.cases(
            (full_ht, ibis.literal(HIGHTECH)), (has_gdp, ibis.literal(GDP)),
            else_=ibis.literal("none"),
        ),
        economies=ibis.cases((full_ht, both.ht_of), else_=both.gdp_of),
        with_value=ibis.cases((full_ht, both.ht_with), else_=both.gdp_with),
        coalition=both.coalition,
    )  # fmt: skip
