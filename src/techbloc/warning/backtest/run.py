"""Run a backtest: the detectors at every as-of date, then the scoring at every level."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument, NotFound
from techbloc.warning.backtest.baselines import baseline_detectors
from techbloc.warning.backtest.calendar import as_of_dates
from techbloc.warning.backtest.history import AlertHistory, Detect, OnStep, replay
from techbloc.warning.backtest.matching import DomainTree, MatchRules, alarms_of, score
from techbloc.warning.backtest.summary import (
    REPORT_FROM,
    alarm_rows,
    detector_rows,
    escalation_rows,
    period_figures,
    split_periods,
)
from techbloc.warning.escalations import Escalation, load_escalations
from techbloc.warning.model import Alert, Level

BACKTEST_FROM = dt.date(2018, 1, 1)


@dataclass(frozen=True)
class BacktestSpec:
    """What to run: the as-of range and step, the level reported first, and the matching rules."""

    start: dt.date = BACKTEST_FROM
    end: dt.date = field(default_factory=dt.date.today)
    step: str = "month"
    level: Level = Level.YELLOW
    match: MatchRules = field(default_factory=MatchRules)
    split: dt.date = REPORT_FROM
    focal: str = "CN"


def spec_level(text: str) -> Level:
    """An alert level from user input, as an InvalidArgument when unknown."""
    try:
        return Level.parse(text)
    except ValueError as exc:
        raise InvalidArgument(str(exc), hint="blue, yellow, orange or red (蓝/黄/橙/红)") from None


class StoreDetectors:
    """The detectors of :mod:`techbloc.warning.run` over the store, seeing data ≤ as_of only.

    :func:`~techbloc.warning.backtest.history.replay` hands it the as-of dates a chunk at a time
    (``prepare``), which it runs with the store read once per chunk; called for a date it was not
    prepared for, it runs that date alone. Either way the alerts are those of
    ``run_detectors(con, as_of, rules, focal=focal)``.
    """

    def __init__(
        self, con: duckdb.DuckDBPyConnection, rules: Path | None = None, focal: str | None = None
    ) -> None:
        try:
            from techbloc.warning.config import load_config
        except ImportError:
            raise NotFound(
                "the early-warning detectors are not part of this techbloc yet",
                hint="the backtest needs techbloc.warning.run.run_detectors",
            ) from None
        self.con, self.focal = con, focal
        self.config = load_config(rules)
        self._ready: dict[dt.date, list[Alert]] = {}

    def prepare(self, dates: Sequence[dt.date]) -> None:
        from techbloc.warning.run import detect_at_dates

        self._ready = detect_at_dates(self.con, list(dates), self.config, focal=self.focal)

    def __call__(self, as_of: dt.date) -> list[Alert]:
        if as_of not in self._ready:
            self.prepare([as_of])
        return self._ready.pop(as_of)


def store_detectors(
    con: duckdb.DuckDBPyConnection, rules: Path | None = None, focal: str | None = None
) -> Detect:
    """The built-in detectors (or those of the rules file ``rules``) over the store."""
    return StoreDetectors(con, rules, focal)


def score_history(
    history: AlertHistory,
    escalations: Sequence[Escalation],
    tree: DomainTree,
    spec: BacktestSpec,
) -> dict[str, Any]:
    """The figures of every period at every level, and the tables at ``spec.level``."""
    periods = split_periods(spec.start, spec.end, spec.split)
    summary = []
    headline = None
    for level in Level:
        alarms = alarms_of(history.episodes(level), spec.focal)
        scoring = score(alarms, escalations, tree, spec.match)
        for period in periods:
            summary.append({"level": level.label, **period_figures(scoring, period)})
        if level == spec.level:
            headline = scoring
    assert headline is not None
    return {
        "summary": summary,
        "escalations": escalation_rows(headline, periods),
        "alarms": alarm_rows(headline, periods),
        "detectors": detector_rows(headline, periods),
    }


def baseline_figures(
    con: duckdb.DuckDBPyConnection,
    dates: Sequence[dt.date],
    escalations: Sequence[Escalation],
    tree: DomainTree,
    spec: BacktestSpec,
) -> list[dict[str, Any]]:
    """The summary rows of each baseline (:mod:`.baselines`) under the same rules."""
    rows = []
    for name, detect in baseline_detectors(con, spec.focal, spec.step).items():
        history = replay(detect, dates)
        for row in score_history(history, escalations, tree, spec)["summary"]:
            rows.append({"baseline": name, **row})
    return rows


def run_backtest(
    con: duckdb.DuckDBPyConnection,
    spec: BacktestSpec,
    detect: Detect | None = None,
    rules: Path | None = None,
    escalations_file: Path | None = None,
    on_step: OnStep | None = None,
) -> dict[str, Any]:
    """The whole backtest over the store: parameters, figures, tables and baselines."""
    listed = load_escalations(con, escalations_file)
    if listed.focal != spec.focal:
        raise InvalidArgument(
            f"the escalation list {listed.path.name} is about {listed.focal}, not {spec.focal}",
            hint="pass a list for this focal country with --escalations",
        )
    dates = as_of_dates(spec.start, spec.end, spec.step)
    detect = detect or store_detectors(con, rules, spec.focal)
    tree = DomainTree.from_store(con)
    history = replay(detect, dates, on_step)
    result = score_history(history, listed.escalations, tree, spec)
    params = {
        "from": spec.start.isoformat(),
        "to": spec.end.isoformat(),
        "step": spec.step,
        "as_of_dates": len(dates),
        "level": spec.level.label,
        "lead_days": spec.match.lead_days,
        "grace_days": spec.match.grace_days,
        "report_from": spec.split.isoformat(),
        "focal": spec.focal,
        "escalations_file": str(listed.path),
        "rules_file": str(rules) if rules else None,
    }
    baselines = baseline_figures(con, dates, listed.escalations, tree, spec)
    return {"params": params, **result, "baselines": baselines}
