"""Run the early-warning detectors over the store as of a date (docs/methodology.md, "Early
warning: detectors and levels").

:func:`run_detectors` is the entry point the CLI, the Python API, the watcher and the backtest
call. It reads only data dated on or before ``as_of`` (a date known to the month or year counts
from the end of that period), never writes, and returns the same alerts for the same store,
rules and date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from techbloc.settings import focal_country
from techbloc.warning.config import WarningConfig, load_config
from techbloc.warning.context import RunContext
from techbloc.warning.labels import Labels
from techbloc.warning.model import Alert
from techbloc.warning.series_run import evaluate_series
from techbloc.warning.stream_loading import load_streams
from techbloc.warning.streams.base import StreamData
from techbloc.warning.streams.store import StoreReader
from techbloc.warning.threshold_rules import evaluate_rule
from techbloc.warning.vocabulary import check_vocabulary


@dataclass(frozen=True)
class DetectorInfo:
    name: str
    description_en: str
    description_zh: str
    level_basis: str


DETECTORS: tuple[DetectorInfo, ...] = (
    DetectorInfo(
        "rule", "Threshold rule of the rules file: a count, sum or number of distinct values "
        "over a trailing window per scope, against thresholds per level",
        "规则文件中的阈值规则：按范围统计滚动窗口内的数量、合计或不同值个数，与各级阈值比较",
        "value >= threshold of the level",
    ),
    DetectorInfo(
        "surge", "Monthly count or severity sum against a Gamma–Poisson / negative-binomial "
        "predictive from the scope's trailing baseline (month-of-year seasonality when the "
        "history supports it)",
        "按月数量或严重度合计与基于该范围历史基线的伽马-泊松（负二项）预测分布比较（历史足够长时校正月份季节性）",
        "tail probability <= threshold",
    ),
    DetectorInfo(
        "cusum", "Poisson CUSUM for a sustained rise of a monthly count to a multiple of its "
        "in-control rate", "泊松CUSUM：检测月度数量持续升至基线速率的若干倍",
        "CUSUM / h >= threshold",
    ),
    DetectorInfo(
        "changepoint", "Bayesian single change point in a monthly Poisson rate (Gamma–Poisson "
        "marginal likelihoods); posterior probability of a recent rise",
        "月度泊松速率的贝叶斯单突变点（伽马-泊松边际似然）；近期上升的后验概率",
        "posterior probability >= threshold",
    ),
    DetectorInfo(
        "ewma", "EWMA of day-of-week-adjusted log daily news counts against a trailing baseline",
        "经星期效应校正的每日新闻事件对数计数的EWMA，与滚动基线比较", "EWMA z >= threshold",
    ),
    DetectorInfo(
        "weekly_changepoint", "Bayesian single mean shift in weekly log news counts",
        "每周新闻事件对数计数均值的贝叶斯单突变点", "posterior probability >= threshold",
    ),
)  # fmt: skip


def run_detectors(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    rules: Path | None = None,
    since: dt.date | None = None,
    focal: str | None = None,
) -> list[Alert]:
    """The alerts as of ``as_of`` from the rules file ``rules`` (the built-in one when None),
    those whose period ends on or after ``since`` when given; most severe first."""
    return detect(con, as_of, load_config(rules), since, focal)


def detect(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    config: WarningConfig,
    since: dt.date | None = None,
    focal: str | None = None,
) -> list[Alert]:
    """:func:`run_detectors` with a configuration already loaded (for tuning in a loop)."""
    return detect_at_dates(con, [as_of], config, since, focal)[as_of]


def detect_at_dates(
    con: duckdb.DuckDBPyConnection,
    dates: list[dt.date],
    config: WarningConfig,
    since: dt.date | None = None,
    focal: str | None = None,
) -> dict[dt.date, list[Alert]]:
    """The alerts at each of ``dates``, as :func:`run_detectors` gives them one date at a time,
    with the store read once (the streams are loaded up to the last date and cut back to what
    was known on each date): for backtests over many as-of dates."""
    if not dates:
        return {}
    code = focal_country(focal)
    check_vocabulary(con, config)
    store = StoreReader.open(con)
    labels = Labels.load(con, store.taxonomy)
    last = max(dates)
    span = (last - min(dates)).days
    loaded = load_streams(store, last, code, config, span_days=span)
    for stream in loaded.values():
        labels.add(stream.labels)
    found = {}
    for as_of in sorted(set(dates)):
        streams = {name: data.as_of(as_of) for name, data in loaded.items()}
        found[as_of] = _detect(streams, as_of, code, labels, store, config, since)
    return found


def _detect(
    streams: dict[str, StreamData],
    as_of: dt.date,
    focal: str,
    labels: Labels,
    store: StoreReader,
    config: WarningConfig,
    since: dt.date | None,
) -> list[Alert]:
    general = config.parameters.general
    ctx = RunContext(
        as_of, focal, labels, store.taxonomy, general.evidence_limit, general.ended_episode_days
    )
    alerts: list[Alert] = []
    for rule in config.rules:
        stream = streams[rule.selection.stream].part(rule.detector)
        if stream.has_data:
            alerts += evaluate_rule(rule, stream, ctx)
    for series in config.series:
        stream = streams[series.selection.stream].part(f"series:{series.id}")
        if stream.has_data:
            alerts += evaluate_series(series, stream, ctx)
    if since is not None:
        alerts = [a for a in alerts if a.period_end >= since]
    return sorted(alerts, key=_order)


def _order(alert: Alert) -> tuple[Any, ...]:
    return (-alert.level, -alert.period_end.toordinal(), alert.detector, alert.scope_type,
            alert.scope_key, alert.period_start)  # fmt: skip
