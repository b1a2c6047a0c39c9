"""Supply shares as the indicators see them: one data year per input, each supplier with its role.

The data year of an input is its latest year with shares not after ``year`` (its latest year when
``year`` is None). A supplier's *role* against a coalition on a date: ``focal`` (the focal
country, or its organisations), ``coalition`` (a member on that date), ``unattributed`` (the
source names no single country: 'Various countries', 'Europe'), else ``outside``.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from techbloc.analytics.coalitions import Coalition, coalition_members
from techbloc.analytics.engine import AnalyticsEngine

SUPPLY_TABLES = (
    "supply_inputs", "supply_shares", "supply_edges", "memberships", "alliances",
    "alliance_status", "domains",
)  # fmt: skip
"""The store tables the supply indicators read (exported to Parquet for Spark)."""

BACKUP_ROLES = ("outside",)
"""Backups are suppliers known to be outside the coalition and the focal country; unattributed
ones ('Various countries', ETO's 'Various companies') may sit anywhere, the coalition included,
and are reported apart."""


def shares_as_of(engine: AnalyticsEngine, year: int | None = None) -> ir.Table:
    """supply_shares rows of each input's data year, the year renamed ``data_year``."""
    s = engine.table("supply_shares")
    if year is not None:
        s = s.filter(s.year <= year)
    latest = s.group_by("input_id").aggregate(data_year=s.year.max())
    joined = s.join(latest, "input_id")
    return joined.filter(joined.year == joined.data_year).drop("year")


def supplier_roles(
    engine: AnalyticsEngine,
    at: dt.date,
    coalition: Coalition,
    focal: str,
    year: int | None = None,
) -> ir.Table:
    """Every share row of the data years with ``level`` (country | organisation), ``supplier``
    (the code, organisation or label shown) and ``role``."""
    s = shares_as_of(engine, year)
    members = coalition_members(engine, coalition, at, focal).select(member="actor_code")
    joined = s.left_join(members, s.actor_code == members.member)
    role = ibis.cases(
        (joined.actor_code.isnull(), "unattributed"),
        (joined.actor_code == focal, "focal"),
        (joined.member.notnull(), "coalition"),
        else_="outside",
    )
    level = ibis.ifelse(joined.organisation.isnull(), "country", "organisation")
    supplier = joined.organisation.coalesce(joined.actor_code, joined.provider_name)
    return joined.mutate(role=role, level=level, supplier=supplier).drop("member")


def coalition_size(
    engine: AnalyticsEngine, coalition: Coalition, at: dt.date, focal: str
) -> ir.Table:
    """One row: coalition_size, the number of members on ``at`` (focal left out)."""
    members = coalition_members(engine, coalition, at, focal)
    return members.aggregate(coalition_size=members.count())


def as_of_date(year: int, today: dt.date | None = None) -> dt.date:
    """The date a yearly series reads year ``year`` at: 31 December, or today for this year."""
    today = today or dt.date.today()
    return today if year >= today.year else dt.date(year, 12, 31)
