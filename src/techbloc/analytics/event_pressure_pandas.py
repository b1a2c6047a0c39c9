"""The event-pressure indicator written a second time, in plain pandas (read, filter, merge,
groupby): the named baseline of benchmarks/assess_pipeline.py and an independent check of the Ibis
pipeline of :mod:`techbloc.analytics.event_pressure`, whose rows it must reproduce (floats to
1e-9 relative). It reads the store's small tables into data frames and the events file with
``pandas.read_parquet``; nothing here is used by the CLI or the API.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from techbloc.analytics.coalitions import Coalition
from techbloc.analytics.event_files import EVENT_COLUMNS
from techbloc.analytics.event_pressure import CONFLICT_QUAD_CLASSES, HALF_LIFE_DAYS, Period
from techbloc.query.alliances import MEMBER_ROLES

KEYS = ["domain_id", "period_start"]


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def members_on_days(
    con: duckdb.DuckDBPyConnection, coalition: Coalition, days: Any, focal: str
) -> pd.DataFrame:
    """day, actor_code: the coalition's members (without ``focal``) on each of ``days``."""
    frame = pd.DataFrame({"day": pd.to_datetime(pd.unique(np.asarray(days)))})
    if coalition.kind == "countries":
        codes = pd.DataFrame({"actor_code": [c for c in coalition.codes if c != focal]})
        return frame.merge(codes, how="cross")
    alliances = _frame(con, "SELECT alliance_id, kind FROM alliances")
    if coalition.kind == "blockade":
        wanted = alliances.loc[alliances.kind == "blockade", "alliance_id"]
    else:
        wanted = alliances.loc[alliances.alliance_id == coalition.alliance_id, "alliance_id"]
    status = _frame(con, "SELECT alliance_id, status, since_date FROM alliance_status")
    status = status[status.alliance_id.isin(wanted)]
    dated = frame.merge(status, how="cross")
    dated = dated[dated.since_date <= dated.day]
    last = dated.sort_values("since_date").groupby(["alliance_id", "day"]).tail(1)
    alive = last.loc[last.status != "dissolved", ["alliance_id", "day"]]
    m = _frame(con, "SELECT alliance_id, actor_code, role, effective_from_date, left_date "
                    "FROM memberships")  # fmt: skip
    m = m[m.alliance_id.isin(wanted) & m.role.isin(MEMBER_ROLES) & (m.actor_code != focal)]
    held = frame.merge(m, how="cross")
    held = held[
        (held.effective_from_date <= held.day)
        & (held.left_date.isna() | (held.left_date > held.day))
    ]
    joined = held.merge(alive, on=["alliance_id", "day"])
    return joined[["day", "actor_code"]].drop_duplicates()


def exposure_by_domain(
    con: duckdb.DuckDBPyConnection, at: dt.date, coalition: Coalition, focal: str, year: int
) -> pd.DataFrame:
    """domain_id, exposure_score, coalition_supply_share_pct, exposure_inputs,
    exposure_top_input_id: exposure.py's per-domain aggregate, in pandas."""
    members = set(members_on_days(con, coalition, [at], focal).actor_code)
    s = _frame(con, f"SELECT * FROM supply_shares WHERE year <= {int(year)}")
    s = s[s.year == s.groupby("input_id").year.transform("max")]
    country = s.organisation.isna()
    s = s.assign(
        known=s.share_pct.where(country),
        coalition=s.share_pct.where(country & s.actor_code.isin(members) & (s.actor_code != focal)),
        focal=s.share_pct.where(country & (s.actor_code == focal)),
        square=(s.share_pct**2).where(country & s.actor_code.notna()),
    )
    agg = s.groupby("input_id").agg(
        known=("known", lambda v: v.sum(min_count=1)),
        coalition=("coalition", "sum"),
        focal=("focal", "sum"),
        hhi=("square", lambda v: v.sum(min_count=1)),
    )
    agg["score"] = (agg.coalition.clip(upper=100.0) / 100.0) * (
        1.0 - agg.focal.clip(upper=100.0) / 100.0
    )
    agg.loc[~(agg.known > 0), "score"] = np.nan
    with_shares = set(agg.index[agg.known > 0])
    edges = _frame(
        con, "SELECT input_id, related_id FROM supply_edges WHERE relation = 'is_type_of'"
    )
    kids = edges[edges.input_id.isin(with_shares)].groupby("related_id").input_id.nunique()
    inputs = _frame(con, "SELECT input_id, input_type, domain_id, market_size_usd_m "
                         "FROM supply_inputs")  # fmt: skip
    t = agg.reset_index().merge(inputs, on="input_id")
    t["children"] = t.input_id.map(kids).fillna(0)
    leaf = t[(t.input_type.fillna("") != "stage") & (t.children == 0) & t.score.notna()].copy()
    leaf["domain"] = leaf.domain_id.fillna("unmapped")
    ranked = leaf.assign(
        s=-leaf.score.fillna(-1.0), h=-leaf.hhi.fillna(-1.0), m=-leaf.market_size_usd_m.fillna(-1.0)
    ).sort_values(["s", "h", "m", "input_id"])
    g = ranked.groupby("domain")
    return pd.DataFrame(
        {
            "exposure_score": g.score.mean(),
            "coalition_supply_share_pct": g.coalition.mean(),
            "exposure_inputs": g.size(),
            "exposure_top_input_id": g.input_id.first(),
        }
    ).reset_index(names="domain_id")


def event_pressure_pandas(
    con: duckdb.DuckDBPyConnection,
    events_path: Path,
    at: dt.date,
    coalition: Coalition,
    focal: str = "CN",
    period: Period = "month",
    half_life_days: float = HALF_LIFE_DAYS,
) -> pd.DataFrame:
    """The rows of :func:`techbloc.analytics.event_pressure.event_pressure` for a Parquet file."""
    actors = _frame(con, "SELECT actor_code, iso3 FROM actors WHERE iso3 IS NOT NULL")
    target = actors.loc[actors.actor_code == focal, "iso3"].iloc[0]
    ev = pd.read_parquet(events_path, columns=list(EVENT_COLUMNS))
    last_day = int(at.strftime("%Y%m%d"))
    ev = ev[
        ev.SQLDATE.le(last_day)
        & (ev.Actor2CountryCode == target)
        & ev.QuadClass.isin(CONFLICT_QUAD_CLASSES)
    ]
    ev = ev.assign(event_date=pd.to_datetime(ev.SQLDATE.astype(str), format="%Y%m%d"))
    codes = actors.rename(columns={"actor_code": "source_code"})
    ev = ev.merge(codes, left_on="Actor1CountryCode", right_on="iso3").drop(columns="iso3")
    members = members_on_days(con, coalition, ev.event_date.unique(), focal)
    ev = ev.merge(members, left_on=["event_date", "source_code"], right_on=["day", "actor_code"])
    age = (pd.Timestamp(at) - ev.event_date).dt.days.astype("float64")
    ev["intensity"] = (-ev.GoldsteinScale).clip(lower=0.0).fillna(0.0)
    ev["weight"] = (
        ev.intensity
        * np.log1p(ev.NumMentions.fillna(0).astype("float64"))
        * 0.5 ** (age / half_life_days)
    )
    starts = ev.event_date.values.astype("datetime64[M]") if period == "month" else ev.event_date
    ev["period_start"] = pd.to_datetime(starts)
    ev = ev.sort_values([*KEYS, "weight", "GLOBALEVENTID"], ascending=[True, True, False, True])
    g = ev.groupby(KEYS, dropna=False, sort=True)
    out = g.agg(
        events=("GLOBALEVENTID", "size"),
        num_mentions=("NumMentions", "sum"),
        num_sources=("NumSources", "sum"),
        mean_avg_tone=("AvgTone", "mean"),
        conflict_intensity=("intensity", "sum"),
        pressure=("weight", "sum"),
        top_event_id=("GLOBALEVENTID", "first"),
        top_event_code=("EventCode", "first"),
        top_event_weight=("weight", "max"),
    )
    out["source_countries"] = g.source_code.agg(lambda v: sorted(v.unique()))
    out = out.reset_index()
    x = exposure_by_domain(con, at, coalition, focal, at.year)
    out = out.merge(x, on="domain_id", how="left")
    out["pressure_x_exposure"] = out.pressure * out.exposure_score
    out["at_date"] = at
    return out


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame as plain Python rows (dates as dt.date, missing values as None)."""

    def plain(value: Any) -> Any:
        if isinstance(value, pd.Timestamp):
            return value.date()
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
        return value

    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def differences(
    expected: list[dict[str, Any]], actual: list[dict[str, Any]], rel: float = 1e-9
) -> list[str]:
    """What differs between two sets of rows keyed by (domain_id, period_start): missing or extra
    keys, and values that are not equal (floats: not within ``rel`` relative)."""
    key = ("domain_id", "period_start")
    left = {tuple(r[k] for k in key): r for r in expected}
    right = {tuple(r[k] for k in key): r for r in actual}
    found = [f"only in the first: {k}" for k in left.keys() - right.keys()]
    found += [f"only in the second: {k}" for k in right.keys() - left.keys()]
    for k in sorted(left.keys() & right.keys(), key=repr):
        for column, value in left[k].items():
            other = right[k].get(column)
            if isinstance(value, float) and isinstance(other, float | int):
                if not math.isclose(value, other, rel_tol=rel, abs_tol=0.0):
                    found.append(f"{k} {column}: {value!r} != {other!r}")
            elif value != other:
                found.append(f"{k} {column}: {value!r} != {other!r}")
    return found
