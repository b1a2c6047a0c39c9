"""Running a series' statistical detectors over every scope key of the series."""

from __future__ import annotations

from techbloc.warning.changepoint import detect_change
from techbloc.warning.config_items import Series
from techbloc.warning.context import RunContext
from techbloc.warning.cusum import detect_cusum
from techbloc.warning.daily import daily_series, observed_days
from techbloc.warning.ewma import detect_ewma
from techbloc.warning.model import Alert
from techbloc.warning.monthly import (
    month_index,
    monthly_series,
    pooled_month_counts,
    seasonal_factors,
)
from techbloc.warning.selection import by_scope, resolve, select_from
from techbloc.warning.series_alerts import Finding, to_alert
from techbloc.warning.streams.base import StreamData, StreamRow
from techbloc.warning.streams.registry import SPECS
from techbloc.warning.surge import detect_surge, mark_distribution
from techbloc.warning.weekly_changepoint import detect_weekly_change

MONTHLY = ("surge", "cusum", "changepoint")
DAILY = ("ewma", "weekly_changepoint")


def evaluate_series(series: Series, stream: StreamData, ctx: RunContext) -> list[Alert]:
    selection = resolve(series.selection, ctx.focal, ctx.taxonomy)
    rows = select_from(stream, selection)
    if not rows or stream.start is None:
        return []
    groups = by_scope(rows, selection)
    alerts = []
    for method in series.detectors:
        if method in MONTHLY:
            findings = _monthly(method, series, stream, rows, groups, ctx)
        else:
            findings = _daily(method, series, stream, groups, ctx)
        alerts += [to_alert(method, series, stream, ctx, f) for f in findings]
    return alerts


def _monthly(
    method: str, series: Series, stream: StreamData, rows: list[StreamRow],
    groups: dict[str, list[StreamRow]], ctx: RunContext,
) -> list[Finding]:  # fmt: skip
    assert stream.start is not None
    aggregated = SPECS[stream.name].aggregated
    table = monthly_series(groups, stream.start, ctx.as_of, series.value, count_value=aggregated)
    params = series.parameters[method]
    findings: list[Finding] = []
    if method == "surge":
        first, last = month_index(stream.start), month_index(ctx.as_of)
        pooled = pooled_month_counts(rows, first, last)
        factors, _ = seasonal_factors(pooled, first, params.seasonal_min_years,
                                      params.seasonal_chi2, params.seasonal_shrinkage)  # fmt: skip
        marks = None
        if series.value != "count" and not aggregated:
            marks = mark_distribution([r.value(series.value) for r in rows])
        for key, monthly in table.items():
            findings += detect_surge(key, monthly, params, factors, marks)
    elif method == "cusum":
        for key, monthly in table.items():
            findings += detect_cusum(key, monthly, params)
    else:
        for key, monthly in table.items():
            findings += detect_change(key, monthly, params)
    return findings


def _daily(
    method: str, series: Series, stream: StreamData, groups: dict[str, list[StreamRow]],
    ctx: RunContext,
) -> list[Finding]:  # fmt: skip
    assert stream.start is not None
    days = stream.observed_days
    if days is None:
        days = observed_days(stream.rows, ctx.as_of)
    table = daily_series(groups, days, series.value)
    params = series.parameters[method]
    findings: list[Finding] = []
    for key, daily in table.items():
        if method == "ewma":
            findings += detect_ewma(key, daily, params, ctx.as_of, stream.start)
        else:
            findings += detect_weekly_change(key, daily, params, ctx.as_of)
    return findings
