"""A coalition's members on many days at once: the date-bucketed form of
:func:`techbloc.analytics.coalitions.coalition_members`.

An event stream needs the coalition *on each event's date*; asking :mod:`membership` once per day
would be thousands of queries. Here the rules of :mod:`techbloc.analytics.membership` (an alliance
exists on D when its last status change on or before D is not ``dissolved``; a member holds a
member role and ``effective_from_date <= D < left_date``) are applied to a table of days in one
expression, so the events join it on (day, country) — an equality join that DuckDB and Spark both
run as a hash join. ``tests/analytics/test_event_pressure.py`` checks it against
:func:`coalition_members` day by day.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from techbloc.analytics.coalitions import Coalition
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.query.alliances import MEMBER_ROLES


def coalition_on_days(
    engine: AnalyticsEngine, coalition: Coalition, days: ir.Table, focal: str
) -> ir.Table:
    """day, actor_code: the coalition's members (without ``focal``) on each day of ``days``
    (a table with a date column ``day``), one row per day and member."""
    days = days.select("day").distinct()
    if coalition.kind == "countries":
        codes = [{"actor_code": c} for c in coalition.codes if c != focal]
        members = engine.memtable(codes, {"actor_code": "string"})
        return days.cross_join(members).select("day", "actor_code")
    alliances = engine.table("alliances")
    if coalition.kind == "blockade":
        alliances = alliances.filter(alliances.kind == "blockade")
    else:
        alliances = alliances.filter(alliances.alliance_id == coalition.alliance_id)
    wanted = alliances.select("alliance_id")
    status = engine.table("alliance_status").join(wanted, "alliance_id")
    dated = days.cross_join(status)
    dated = dated.filter(dated.since_date <= dated.day)
    last = dated.group_by(["alliance_id", "day"]).aggregate(
        status=dated.status.argmax(dated.since_date)
    )
    alive = last.filter(last.status != "dissolved").select("alliance_id", "day")
    m = engine.table("memberships").join(wanted, "alliance_id")
    m = m.filter(m.role.isin(list(MEMBER_ROLES)), m.actor_code != ibis.literal(focal))
    held = days.cross_join(
        m.select("alliance_id", "actor_code", "effective_from_date", "left_date")
    )
    held = held.filter(
        held.effective_from_date <= held.day,
        held.left_date.isnull() | (held.left_date > held.day),
    )
    joined = held.join(alive, ["alliance_id", "day"])
    return joined.select("day", "actor_code").distinct()
