"""Which measures can press on the focal country.

A measure presses on the focal country when another party issued it and its targets include the
focal country or name no country at all (``target_codes`` is an empty list, or null, for a measure
that applies to every destination). A measure aimed only at Russia does not press on China, and
China's own measures (its export controls, its countermeasures against the US) do not press on
China.
"""

from __future__ import annotations

import datetime as dt

import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine


def measures_pressing_on(engine: AnalyticsEngine, focal: str) -> ir.Table:
    """The measures rows (all columns) issued by others that target ``focal`` or no country."""
    m = engine.table("measures")
    neutral = m.target_codes.isnull() | (m.target_codes.length() == 0)
    return m.filter(m.actor_code != focal, neutral | m.target_codes.contains(focal))


def year_periods(engine: AnalyticsEngine, periods: list[tuple[int, dt.date, dt.date]]) -> ir.Table:
    """A table year, start_date, end_date (both inclusive) of the given periods."""
    return engine.memtable(
        [{"year": y, "start_date": s, "end_date": e} for y, s, e in periods],
        {"year": "int64", "start_date": "date", "end_date": "date"},
    )
