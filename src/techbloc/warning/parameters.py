"""The tunable parameters of the statistical detectors: what each one means and its type.

The values live in one place, the ``parameters`` section of the rules file
(``src/techbloc/warning/rules.yaml`` or the file given with ``--rules``); this module declares the
settings and reads them, so there are no second defaults hidden in code. The meaning of each
setting is in docs/methodology.md ("Early warning: detectors and levels").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from techbloc.warning.model import Level

LEVEL_NAMES = ("blue", "yellow", "orange", "red")


@dataclass(frozen=True)
class LevelBands:
    """Thresholds per level. ``above``: a statistic at or above a threshold reaches its level (a
    count, a z, a posterior probability); otherwise at or below (a tail probability)."""

    thresholds: dict[str, float]
    above: bool = True

    def level(self, value: float) -> Level | None:
        """The highest level whose threshold ``value`` reaches, or None."""
        reached = None
        for name in LEVEL_NAMES:
            if name not in self.thresholds:
                continue
            limit = self.thresholds[name]
            if (value >= limit) if self.above else (value <= limit):
                reached = Level.parse(name)
        return reached

    def threshold(self, level: Level) -> float:
        return self.thresholds[level.label]

    @property
    def lowest(self) -> float:
        """The threshold of the lowest level defined."""
        return next(self.thresholds[n] for n in LEVEL_NAMES if n in self.thresholds)


@dataclass(frozen=True)
class General:
    evidence_limit: int
    ended_episode_days: int


@dataclass(frozen=True)
class Surge:
    baseline_months: int
    min_history_months: int
    recent_months: int
    prior_shape: float
    prior_months: float
    overdispersion: bool
    min_count: int
    seasonal_min_years: int
    seasonal_chi2: float
    seasonal_shrinkage: float
    levels: LevelBands


@dataclass(frozen=True)
class Cusum:
    baseline_months: int
    guard_months: int
    min_history_months: int
    shift: float
    threshold: float
    min_rate: float
    prior_shape: float
    prior_months: float
    min_count: int
    levels: LevelBands


@dataclass(frozen=True)
class Changepoint:
    window_months: int
    min_history_months: int
    min_segment_months: int
    recent_months: int
    prior_change: float
    prior_shape: float
    prior_rate: float
    min_ratio: float
    min_count: int
    levels: LevelBands


@dataclass(frozen=True)
class Ewma:
    baseline_days: int
    guard_days: int
    report_days: int
    warmup_days: int
    min_history_days: int
    weight: float
    day_of_week: bool
    dow_shrinkage: float
    sd_floor: float
    min_events: int
    levels: LevelBands


@dataclass(frozen=True)
class WeeklyChangepoint:
    window_weeks: int
    min_history_weeks: int
    min_segment_weeks: int
    recent_weeks: int
    prior_change: float
    prior_sd: float
    sd_floor: float
    min_shift_sd: float
    levels: LevelBands


METHODS: dict[str, type] = {
    "general": General,
    "surge": Surge,
    "cusum": Cusum,
    "changepoint": Changepoint,
    "ewma": Ewma,
    "weekly_changepoint": WeeklyChangepoint,
}
"""Sections of ``parameters`` and the settings each holds."""

TAIL_PROBABILITY_METHODS = ("surge",)
"""Methods whose level statistic is a tail probability (smaller is more alarming)."""

POSITIVE = {"shift": 1.0}
"""Settings that must exceed a bound other than zero (a shift ratio above 1)."""
UNIT_INTERVAL = ("prior_change", "weight")


@dataclass(frozen=True)
class Parameters:
    general: General
    surge: Surge
    cusum: Cusum
    changepoint: Changepoint
    ewma: Ewma
    weekly_changepoint: WeeklyChangepoint

    def method(self, name: str) -> Any:
        return getattr(self, name)


def parse_method(name: str, raw: Any, problems: list[str], where: str) -> Any:
    """One method's settings from the YAML mapping ``raw``; problems are appended, not raised."""
    cls = METHODS[name]
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping of settings")
        return None
    known = {f.name: f for f in dataclasses.fields(cls)}
    for key in raw:
        if key not in known:
            problems.append(f"{where}.{key}: unknown setting (known: {', '.join(known)})")
    values: dict[str, Any] = {}
    for key, spec in known.items():
        if key not in raw:
            problems.append(f"{where}.{key}: missing")
            continue
        values[key] = _setting(name, key, str(spec.type), raw[key], problems, f"{where}.{key}")
    if any(v is None for v in values.values()) or len(values) < len(known):
        return None
    return cls(**values)


def _setting(method: str, key: str, kind: str, value: Any, problems: list[str], where: str) -> Any:
    if kind == "LevelBands":
        return parse_levels(value, problems, where, above=method not in TAIL_PROBABILITY_METHODS)
    if kind == "bool":
        if not isinstance(value, bool):
            problems.append(f"{where}: expected true or false, not {value!r}")
            return None
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{where}: expected a number, not {value!r}")
        return None
    if kind == "int" and int(value) != value:
        problems.append(f"{where}: expected a whole number, not {value!r}")
        return None
    low = POSITIVE.get(key, 0.0)
    if value < 0 or (key in POSITIVE and value <= low):
        problems.append(f"{where}: must be {'above ' + str(low) if key in POSITIVE else '>= 0'}")
        return None
    if key in UNIT_INTERVAL and not 0 < value < 1:
        problems.append(f"{where}: must lie strictly between 0 and 1, not {value}")
        return None
    return int(value) if kind == "int" else float(value)


def parse_levels(
    raw: Any, problems: list[str], where: str, above: bool = True
) -> LevelBands | None:
    """``{blue: x, yellow: y, …}``: any subset of the levels, strictly more alarming upwards."""
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{where}: expected a mapping of levels, e.g. {{yellow: 3, orange: 5}}")
        return None
    bad = [k for k in raw if k not in LEVEL_NAMES]
    if bad:
        problems.append(f"{where}: unknown level(s) {', '.join(map(str, bad))} "
                        f"(use {', '.join(LEVEL_NAMES)})")  # fmt: skip
        return None
    values = [(n, raw[n]) for n in LEVEL_NAMES if n in raw]
    for name, value in values:
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{where}.{name}: expected a number, not {value!r}")
            return None
    numbers = [float(v) for _, v in values]
    rising = all(b > a for a, b in zip(numbers, numbers[1:], strict=False))
    falling = all(b < a for a, b in zip(numbers, numbers[1:], strict=False))
    if (above and not rising) or (not above and not falling):
        order = "increase" if above else "decrease (smaller tail probability is more alarming)"
        problems.append(f"{where}: thresholds must {order} from blue to red: {raw}")
        return None
    return LevelBands({n: float(v) for n, v in values}, above)
