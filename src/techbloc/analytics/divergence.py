"""Divergence inside an alliance, from the measures register: who leads, who follows, who relaxes.

For an alliance A on day D, against the focal country F (docs/methodology.md, "Assessment:
cohesion and limits"):

* a measure is **in A's scope** when it is dated on or before D and either was taken in A
  (``alliance_id = A``) or one of its domains is in the family (itself, ancestors, descendants) of
  one of A's domains;
* a **lead measure** is an in-scope restrictive measure targeting F, of severity ≥ 4 by default,
  issued by a participant of A; its issuer is a **leading member**;
* a participant X (other than the issuer) **adopted** lead measure L when X issued, on or before
  D, any restrictive measure targeting F with a domain in the family of one of L's domains — before
  or after L; the **delay** is the days from L to X's first such measure after it (0 if X acted
  first). Participants with no adoption of any lead measure are the **non-adopters**;
* a **relaxing measure** is an in-scope measure with direction ``relaxing`` issued by a
  participant that targets F or names no target (licences, exemptions, rescissions, suspensions).

Participants are those of :func:`techbloc.analytics.focal_ties.participants_at` on D, without F.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from techbloc.analytics.domain_family import domain_links
from techbloc.analytics.engine import AnalyticsEngine

LEAD_SEVERITY = 4


def measures_until(engine: AnalyticsEngine, at: dt.date) -> ir.Table:
    m = engine.table("measures")
    return m.filter(m.measure_date <= ibis.literal(at))


def measure_domain_family(engine: AnalyticsEngine, ids: ir.Table | None = None) -> ir.Table:
    """measure_id, related_id: every domain of the family of each measure's domains (of the
    measures in ``ids`` when given)."""
    measures = engine.table("measures").view()
    if ids is not None:
        measures = measures.join(ids, "measure_id").select("measure_id", "domains")
    md = measures.select("measure_id", domain_id=measures.domains.unnest())
    links = domain_links(engine)
    j = md.join(links, "domain_id")
    return j.select("measure_id", "related_id").distinct()


def scope(engine: AnalyticsEngine, at: dt.date, alliances: ir.Table) -> ir.Table:
    """alliance_id, measure_id: measures in the scope of each alliance of ``alliances``."""
    m = measures_until(engine, at)
    ad = alliances.select("alliance_id", related_id=alliances.domains.unnest())
    by_domain = measure_domain_family(engine, m.select("measure_id")).join(ad, "related_id")
    by_domain = by_domain.select("alliance_id", "measure_id")
    taken_in = m.join(alliances.select("alliance_id"), "alliance_id")
    taken_in = taken_in.select("alliance_id", "measure_id")
    return by_domain.union(taken_in).distinct()


def targets_focal(m: ir.Table, focal: str) -> ir.BooleanValue:
    return m.target_codes.notnull() & m.target_codes.contains(focal)


def lead_measures(
    engine: AnalyticsEngine,
    at: dt.date,
    focal: str,
    alliances: ir.Table,
    participants: ir.Table,
    lead_severity: int = LEAD_SEVERITY,
) -> ir.Table:
    """alliance_id, measure_id, issuer, lead_date: the lead measures of each alliance."""
    m = measures_until(engine, at)
    m = m.filter(
        m.direction == "restrictive", m.severity_score >= lead_severity, targets_focal(m, focal)
    )
    m = m.select("measure_id", issuer=m.actor_code, lead_date=m.measure_date)
    s = scope(engine, at, alliances)
    s = s.join(m, "measure_id").select(s.alliance_id, s.measure_id, m.issuer, m.lead_date)
    p = participants.select("alliance_id", issuer=participants.actor_code)
    return s.join(p, ["alliance_id", "issuer"]).select(s)


def adoptions(engine: AnalyticsEngine, at: dt.date, focal: str, leads: ir.Table) -> ir.Table:
    """measure_id (the lead), actor_code, adoption_date: each country's first restrictive measure
    against the focal country in the family of the lead measure's domains."""
    m = measures_until(engine, at)
    lead_ids = leads.select("measure_id").distinct()
    fam = measure_domain_family(engine, lead_ids)
    n = m.filter(m.direction == "restrictive", targets_focal(m, focal))
    nd = n.select(adopter=n.actor_code, adopted_on=n.measure_date, related_id=n.domains.unnest())
    pairs = fam.join(nd, "related_id").select(fam.measure_id, nd.adopter, nd.adopted_on)
    return pairs.group_by("measure_id", actor_code=pairs.adopter).aggregate(
        adoption_date=pairs.adopted_on.min()
    )


def adoption_gaps(
    engine: AnalyticsEngine,
    at: dt.date,
    focal: str,
    alliances: ir.Table,
    participants: ir.Table,
    lead_severity: int = LEAD_SEVERITY,
) -> ir.Table:
    """Per alliance: lead_measure_count, lead_measure_ids, leading_members, expected_pairs,
    adopted_pairs, mean_delay_days, non_adopters (participants that adopted no lead measure)."""
    leads = lead_measures(engine, at, focal, alliances, participants, lead_severity)
    adopted = adoptions(engine, at, focal, leads)
    p = participants.select("alliance_id", "actor_code")
    expected = leads.join(p, "alliance_id").select(leads, p.actor_code)
    expected = expected.filter(expected.actor_code != expected.issuer)
    e = expected.left_join(adopted, ["measure_id", "actor_code"])
    e = e.select(expected, adopted.adoption_date)
    delay = (e.adoption_date > e.lead_date).ifelse(
        e.adoption_date.delta(e.lead_date, unit="day"), 0
    )
    e = e.mutate(is_adopted=e.adoption_date.notnull().ifelse(1, 0), delay_days=delay)
    per_alliance = e.group_by("alliance_id").aggregate(
        expected_pairs=e.count(),
        adopted_pairs=e.is_adopted.sum(),
        mean_delay_days=e.delay_days.cast("float64").mean(where=e.adoption_date.notnull()),
    )
    per_member = e.group_by("alliance_id", "actor_code").aggregate(adopted=e.is_adopted.sum())
    none = per_member.filter(per_member.adopted == 0)
    none = none.group_by("alliance_id").aggregate(
        non_adopters=none.actor_code.collect().unique().sort()
    )
    lead_sets = leads.group_by("alliance_id").aggregate(
        lead_measure_count=leads.measure_id.nunique(),
        lead_measure_ids=leads.measure_id.collect().unique().sort(),
        leading_members=leads.issuer.collect().unique().sort(),
    )
    t = lead_sets.left_join(per_alliance, "alliance_id")
    t = t.select(lead_sets, per_alliance.expected_pairs, per_alliance.adopted_pairs,
                 per_alliance.mean_delay_days)  # fmt: skip
    return t.left_join(none, "alliance_id").select(t, none.non_adopters)


def relaxations(
    engine: AnalyticsEngine,
    at: dt.date,
    focal: str,
    alliances: ir.Table,
    participants: ir.Table,
) -> ir.Table:
    """Per alliance: relaxing_count, relaxing_severity, relaxing_measure_ids, relaxing_members,
    restrictive_severity (in-scope restrictive measures of participants against the focal
    country), both over all measures up to ``at``."""
    m = measures_until(engine, at)
    no_target = m.target_codes.isnull() | (m.target_codes.length() == 0)
    relax = m.filter(m.direction == "relaxing", targets_focal(m, focal) | no_target)
    restr = m.filter(m.direction == "restrictive", targets_focal(m, focal))
    s = scope(engine, at, alliances)
    p = participants.select("alliance_id", "actor_code")

    def of_participants(measures: ir.Table) -> ir.Table:
        mm = measures.select("measure_id", "actor_code", "severity_score")
        j = s.join(mm, "measure_id").select(s.alliance_id, mm.measure_id, mm.actor_code,
                                            mm.severity_score)  # fmt: skip
        return j.join(p, ["alliance_id", "actor_code"]).select(j)

    r = of_participants(relax)
    relaxed = r.group_by("alliance_id").aggregate(
        relaxing_count=r.measure_id.nunique(),
        relaxing_severity=r.severity_score.sum(),
        relaxing_measure_ids=r.measure_id.collect().unique().sort(),
        relaxing_members=r.actor_code.collect().unique().sort(),
    )
    q = of_participants(restr)
    restricted = q.group_by("alliance_id").aggregate(restrictive_severity=q.severity_score.sum())
    ids = alliances.select("alliance_id")
    t = ids.left_join(relaxed, "alliance_id").select(
        ids.alliance_id, *[relaxed[c] for c in relaxed.columns if c != "alliance_id"]
    )
    return t.left_join(restricted, "alliance_id").select(t, restricted.restrictive_severity)
