"""Event-stream pressure on the focal country per technology domain, times supply exposure
(docs/methodology.md, "Assessment: event pressure").

Input: news events in GDELT 2.0's event layout (:mod:`techbloc.analytics.event_files`) with a
``domain_id`` the importer's tagger gives (GDELT has none). An event *presses* on the focal
country on the evaluation date t when

* it happened on or before t (``SQLDATE``);
* its target is the focal country (``Actor2CountryCode`` = the focal country's ISO alpha-3 code,
  which CAMEO uses for countries) and its source is a member of the coalition **on the event's
  date** (``Actor1CountryCode`` mapped to the store's code through ``actors.iso3``; membership by
  :func:`techbloc.analytics.coalition_days.coalition_on_days`);
* it is a conflict event: ``QuadClass`` 3 (verbal conflict) or 4 (material conflict).

Its weight is

    w = intensity × log1p(NumMentions) × 0.5 ** ((t − date) / half_life_days)
    intensity = max(0, −GoldsteinScale)

(every CAMEO conflict code has a negative Goldstein score, −2 to −10; a positive one in the input
counts 0). Per domain and period (month or day of the event):

    pressure = Σ w        pressure_x_exposure = pressure × exposure_score

where exposure_score is the mean choke-point score of the domain's leaf inputs against the same
coalition on t (:func:`techbloc.analytics.exposure.exposure`, data up to t's year); empty where the
store has no supply shares for the domain. Rows carry the counts they come from and the event with
the largest weight (ties: the smallest GLOBALEVENTID).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import ibis
import ibis.expr.types as ir

from techbloc.analytics.coalition_days import coalition_on_days
from techbloc.analytics.coalitions import Coalition
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.exposure import exposure
from techbloc.analytics.supply_view import SUPPLY_TABLES, as_of_date
from techbloc.errors import InvalidArgument

Period = Literal["month", "day"]
HALF_LIFE_DAYS = 180.0
CONFLICT_QUAD_CLASSES = (3, 4)
EVENT_PRESSURE_TABLES = (*SUPPLY_TABLES, "actors")
"""The store tables the indicator reads (exported to Parquet for Spark)."""

SUMMARY_COLUMNS = (
    "events", "source_countries", "num_mentions", "num_sources", "mean_avg_tone",
    "conflict_intensity", "pressure", "top_event_id", "top_event_code", "top_event_weight",
)  # fmt: skip


def _f(value: float) -> ir.FloatingScalar:
    return ibis.literal(float(value), type="float64")


def check_period(period: str) -> Period:
    """``period`` as a :data:`Period`, or a clear error."""
    if period == "month":
        return "month"
    if period == "day":
        return "day"
    raise InvalidArgument(f"the period is month or day, not {period!r}")


def focal_cameo_code(engine: AnalyticsEngine, focal: str) -> str:
    """The focal country's CAMEO country code (its ISO alpha-3 code in the store's actors)."""
    a = engine.table("actors")
    rows = engine.rows(a.filter(a.actor_code == focal).select("iso3"))
    if not rows or not rows[0]["iso3"]:
        raise InvalidArgument(
            f"the focal country {focal} has no ISO alpha-3 code in the store",
            hint="GDELT names countries by alpha-3 codes: give a country, e.g. CN",
        )
    return str(rows[0]["iso3"])


def pressing_events(
    engine: AnalyticsEngine,
    events: ir.Table,
    at: dt.date,
    coalition: Coalition,
    focal: str = "CN",
    half_life_days: float = HALF_LIFE_DAYS,
) -> ir.Table:
    """One row per event pressing on ``focal`` on ``at``: the event's columns, event_date,
    source_code (Actor1 as the store's code), intensity, mention_weight, decay and weight."""
    if half_life_days <= 0:
        raise InvalidArgument(f"the half-life must be positive, not {half_life_days}")
    target = focal_cameo_code(engine, focal)
    last_day = ibis.literal(int(at.strftime("%Y%m%d")), "int64")  # SQLDATE is YYYYMMDD
    e = events.filter(
        events["SQLDATE"] <= last_day,
        events.Actor2CountryCode == target,
        events.QuadClass.isin(list(CONFLICT_QUAD_CLASSES)),
    )
    year = (e.SQLDATE // 10000).cast("int32")
    month = ((e.SQLDATE // 100) % 100).cast("int32")
    e = e.mutate(
        event_date=ibis.date(year, month, (e.SQLDATE % 100).cast("int32")),
        month_start=ibis.date(year, month, ibis.literal(1, "int32")),
    )
    a = engine.table("actors")
    codes = a.filter(a.iso3.notnull()).select(iso3="iso3", source_code="actor_code")
    e = e.join(codes, e.Actor1CountryCode == codes.iso3).drop("iso3")
    members = coalition_on_days(engine, coalition, e.select(day=e.event_date), focal)
    e = e.join(members, (e.event_date == members.day) & (e.source_code == members.actor_code)).drop(
        "day", "actor_code"
    )
    age = ibis.literal(at).delta(e.event_date, unit="day").cast("float64")
    intensity = ibis.greatest(-e.GoldsteinScale, _f(0.0)).fill_null(0.0)
    mention_weight = (e.NumMentions.fill_null(0).cast("float64") + _f(1.0)).ln()
    decay = _f(0.5) ** (age / _f(half_life_days))
    e = e.mutate(intensity=intensity, mention_weight=mention_weight, decay=decay)
    return e.mutate(weight=e.intensity * e.mention_weight * e.decay)


def summarise(weighted: ir.Table, keys: list[str]) -> ir.Table:
    """Per group of ``keys``: the :data:`SUMMARY_COLUMNS`."""
    order = ibis.window(
        group_by=keys, order_by=[ibis.desc(weighted.weight), weighted.GLOBALEVENTID]
    )
    r = weighted.mutate(pos=ibis.row_number().over(order))
    top = r.pos == 0
    return r.group_by(keys).aggregate(
        events=r.count(),
        source_countries=r.source_code.collect(distinct=True).sort(),
        num_mentions=r.NumMentions.sum(),
        num_sources=r.NumSources.sum(),
        mean_avg_tone=r.AvgTone.mean(),
        conflict_intensity=r.intensity.sum(),
        pressure=r.weight.sum(),
        top_event_id=r.GLOBALEVENTID.max(where=top),
        top_event_code=r.EventCode.max(where=top),
        top_event_weight=r.weight.max(),
    )


def with_exposure(
    engine: AnalyticsEngine,
    table: ir.Table,
    at: dt.date,
    coalition: Coalition,
    focal: str,
    year: int,
) -> ir.Table:
    """``table`` (with domain_id) and each domain's exposure against the coalition on ``at``:
    exposure_score, coalition_supply_share_pct, exposure_inputs, exposure_top_input_id, and
    pressure_x_exposure."""
    x = exposure(engine, at, coalition, focal, "domain", year)
    x = x.select(
        exposure_domain="group",
        exposure_score="mean_chokepoint_score",
        coalition_supply_share_pct="mean_coalition_share_pct",
        exposure_inputs="inputs",
        exposure_top_input_id="top_input_id",
    )
    t = table.left_join(x, table.domain_id == x.exposure_domain).drop("exposure_domain")
    return t.mutate(pressure_x_exposure=t.pressure * t.exposure_score)


def event_pressure(
    engine: AnalyticsEngine,
    events: ir.Table,
    at: dt.date,
    coalition: Coalition,
    focal: str = "CN",
    period: Period = "month",
    half_life_days: float = HALF_LIFE_DAYS,
) -> ir.Table:
    """One row per domain (null: events the tagger gave no domain) and period_start (the first
    day of the event's month, or its day) with events pressing on ``focal`` on ``at``."""
    period = check_period(period)
    w = pressing_events(engine, events, at, coalition, focal, half_life_days)
    w = w.mutate(period_start=w.month_start if period == "month" else w.event_date)
    t = summarise(w, ["domain_id", "period_start"])
    t = with_exposure(engine, t, at, coalition, focal, at.year)
    return t.mutate(at_date=ibis.literal(at))


def event_pressure_series(
    engine: AnalyticsEngine,
    events: ir.Table,
    years: list[int],
    coalition: Coalition,
    focal: str = "CN",
    half_life_days: float = HALF_LIFE_DAYS,
    today: dt.date | None = None,
) -> ir.Table:
    """Per year and domain: every pressing event up to 31 December (today for this year),
    decayed to that date, with the exposure on that date; ``as_of_year`` says which year."""
    if not years:
        raise InvalidArgument("a series needs at least one year")
    parts = []
    for y in years:
        day = as_of_date(y, today)
        w = pressing_events(engine, events, day, coalition, focal, half_life_days)
        t = with_exposure(engine, summarise(w, ["domain_id"]), day, coalition, focal, y)
        parts.append(t.mutate(as_of_year=ibis.literal(y), at_date=ibis.literal(day)))
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def _sorted_rows(engine: AnalyticsEngine, table: ir.Table, keys: list[str]) -> list[dict[str, Any]]:
    rows = engine.rows(table)
    for row in rows:
        row["source_countries"] = list(row["source_countries"] or [])
    rows.sort(key=lambda r: tuple(("" if r[k] is None else r[k]) for k in keys))
    return rows


def event_pressure_rows(
    engine: AnalyticsEngine,
    events: ir.Table,
    at: dt.date,
    coalition: Coalition,
    focal: str = "CN",
    period: Period = "month",
    half_life_days: float = HALF_LIFE_DAYS,
) -> dict[str, Any]:
    """:func:`event_pressure` run: parameters, and the rows by period and domain."""
    table = event_pressure(engine, events, at, coalition, focal, period, half_life_days)
    params = {"at": at, "focal": focal, "coalition": coalition.label, "period": period,
              "half_life_days": half_life_days}  # fmt: skip
    return {
        "parameters": params,
        "rows": _sorted_rows(engine, table, ["period_start", "domain_id"]),
    }


def event_pressure_series_rows(
    engine: AnalyticsEngine,
    events: ir.Table,
    years: list[int],
    coalition: Coalition,
    focal: str = "CN",
    half_life_days: float = HALF_LIFE_DAYS,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """:func:`event_pressure_series` run: parameters, and the rows by year and domain."""
    table = event_pressure_series(engine, events, years, coalition, focal, half_life_days, today)
    params = {"years": years, "focal": focal, "coalition": coalition.label,
              "half_life_days": half_life_days}  # fmt: skip
    return {"parameters": params, "rows": _sorted_rows(engine, table, ["as_of_year", "domain_id"])}
