"""One rule or one series of the rules file, read and checked field by field."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from techbloc.warning.model import SCOPE_TYPES
from techbloc.warning.parameters import METHODS, LevelBands, parse_levels, parse_method
from techbloc.warning.streams.base import FieldValues, StreamSpec, as_values
from techbloc.warning.streams.registry import SPECS

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
WINDOW = re.compile(r"^(\d+)([dw])$")
AGGREGATES = ("count", "sum", "max", "distinct")
EVIDENCE_ORDERS = ("date", "value")
SERIES_METHODS = tuple(m for m in METHODS if m != "general")
RULE_PLACEHOLDERS = (
    "value", "threshold", "scope_en", "scope_zh", "focal_en", "focal_zh", "window_days",
    "level_en", "level_zh",
)  # fmt: skip
SERIES_PLACEHOLDERS = ("scope_en", "scope_zh", "focal_en", "focal_zh")
RULE_KEYS = (
    "id", "title", "description", "stream", "filters", "exclude", "at_least", "first_for",
    "history", "scope", "domain_level", "window", "aggregate", "levels", "evidence",
)  # fmt: skip
SERIES_KEYS = (
    "id", "title", "description", "stream", "filters", "exclude", "at_least", "scope",
    "domain_level", "value", "detectors", "parameters",
)  # fmt: skip


@dataclass(frozen=True)
class Selection:
    """Which rows of a stream a rule or series reads, and how they map to scopes."""

    stream: str
    filters: dict[str, FieldValues]
    exclude: dict[str, FieldValues]
    at_least: dict[str, float]
    scope: str
    domain_level: str


@dataclass(frozen=True)
class Rule:
    id: str
    title_en: str
    title_zh: str
    selection: Selection
    first_for: tuple[str, ...]
    history_days: int
    window_days: int
    aggregate: str
    aggregate_of: str
    levels: LevelBands
    evidence_limit: int | None
    evidence_order: str

    @property
    def detector(self) -> str:
        return f"rule:{self.id}"


@dataclass(frozen=True)
class Series:
    id: str
    title_en: str
    title_zh: str
    selection: Selection
    value: str
    detectors: tuple[str, ...]
    parameters: dict[str, Any]

    def detector(self, method: str) -> str:
        return f"{method}:{self.id}"


def parse_rule(raw: Any, where: str, problems: list[str]) -> Rule | None:
    start = len(problems)
    if not _mapping(raw, where, RULE_KEYS, problems):
        return None
    ident = _slug(raw, where, problems)
    title = _title(raw, where, RULE_PLACEHOLDERS, problems)
    selection = _selection(raw, where, problems)
    spec = SPECS.get(str(raw.get("stream")))
    first_for = tuple(
        str(f) for f in _list(raw.get("first_for", []), f"{where}: first_for", problems)
    )
    for name in first_for:
        if spec and name not in spec.fields:
            problems.append(f"{where}: first_for: unknown field '{name}' of {spec.name}")
    history = _window(raw.get("history", "0d"), f"{where}: history", problems)
    window = _window(raw.get("window"), f"{where}: window", problems)
    aggregate, of = _aggregate(raw.get("aggregate"), spec, where, problems)
    levels = parse_levels(raw.get("levels"), problems, f"{where}: levels")
    limit, order = _evidence(raw.get("evidence", {}), where, problems)
    if len(problems) > start or selection is None or levels is None:
        return None
    return Rule(
        ident, title[0], title[1], selection, first_for, history, window, aggregate, of, levels,
        limit, order,
    )  # fmt: skip


def parse_series(
    raw: Any, where: str, problems: list[str], parameters: dict[str, Any]
) -> Series | None:
    start = len(problems)
    if not _mapping(raw, where, SERIES_KEYS, problems):
        return None
    ident = _slug(raw, where, problems)
    title = _title(raw, where, SERIES_PLACEHOLDERS, problems)
    selection = _selection(raw, where, problems)
    spec = SPECS.get(str(raw.get("stream")))
    value = str(raw.get("value", "count"))
    if spec and value not in spec.values:
        problems.append(f"{where}: value: '{value}' is not a value of {spec.name} "
                        f"(use {', '.join(spec.values)})")  # fmt: skip
    detectors = tuple(str(d) for d in _list(raw.get("detectors"), f"{where}: detectors", problems))
    if not detectors:
        problems.append(f"{where}: detectors: give at least one of {', '.join(SERIES_METHODS)}")
    for name in detectors:
        if name not in SERIES_METHODS:
            problems.append(f"{where}: detectors: unknown method '{name}' "
                            f"(use {', '.join(SERIES_METHODS)})")  # fmt: skip
    own = _series_parameters(raw.get("parameters", {}), detectors, parameters, where, problems)
    if len(problems) > start or selection is None:
        return None
    return Series(ident, title[0], title[1], selection, value, detectors, own)


def _series_parameters(
    raw: Any, detectors: tuple[str, ...], parameters: dict[str, Any], where: str,
    problems: list[str],
) -> dict[str, Any]:  # fmt: skip
    """Each detector's settings: the global ones with the series' overrides on top."""
    if not isinstance(raw, dict):
        problems.append(f"{where}: parameters: expected a mapping of methods")
        return {}
    for name in raw:
        if name not in detectors:
            problems.append(f"{where}: parameters.{name}: not one of this series' detectors")
    own = {}
    for name in detectors:
        if name not in SERIES_METHODS or not isinstance(parameters.get(name), dict):
            continue
        merged = {**parameters[name], **(raw.get(name) or {})}
        own[name] = parse_method(name, merged, problems, f"{where}: parameters.{name}")
    return own


def _mapping(raw: Any, where: str, keys: tuple[str, ...], problems: list[str]) -> bool:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping")
        return False
    for key in raw:
        if key not in keys:
            problems.append(f"{where}: {key}: unknown field (known: {', '.join(keys)})")
    return True


def _slug(raw: dict[str, Any], where: str, problems: list[str]) -> str:
    ident = raw.get("id")
    if not isinstance(ident, str) or not SLUG.match(ident):
        problems.append(f"{where}: id: expected a slug of lower-case letters, digits and '-'")
        return ""
    return ident


def _title(
    raw: dict[str, Any], where: str, allowed: tuple[str, ...], problems: list[str]
) -> tuple[str, str]:
    title = raw.get("title")
    if not isinstance(title, dict) or not all(isinstance(title.get(k), str) for k in ("en", "zh")):
        problems.append(f"{where}: title: expected en and zh texts")
        return ("", "")
    sample = {k: 1.0 if k in ("value", "threshold") else "x" for k in allowed}
    for lang in ("en", "zh"):
        try:
            names = [n for _, n, _, _ in string.Formatter().parse(title[lang]) if n is not None]
            unknown = [n for n in names if n not in allowed]
            if unknown:
                problems.append(f"{where}: title.{lang}: unknown placeholder(s) "
                                f"{', '.join(unknown)} (use {', '.join(allowed)})")  # fmt: skip
            else:
                title[lang].format(**sample)
        except (ValueError, IndexError, KeyError) as exc:
            problems.append(f"{where}: title.{lang}: {exc}")
    return (title["en"], title["zh"])


def _selection(raw: dict[str, Any], where: str, problems: list[str]) -> Selection | None:
    stream = raw.get("stream")
    spec = SPECS.get(str(stream))
    if spec is None:
        problems.append(f"{where}: stream: unknown stream {stream!r} (use {', '.join(SPECS)})")
        return None
    start = len(problems)
    filters = _field_values(raw.get("filters", {}), spec, f"{where}: filters", problems)
    exclude = _field_values(raw.get("exclude", {}), spec, f"{where}: exclude", problems)
    at_least = _at_least(raw.get("at_least", {}), spec, where, problems)
    scope = raw.get("scope")
    if scope not in SCOPE_TYPES:
        problems.append(f"{where}: scope: expected one of {', '.join(SCOPE_TYPES)}, not {scope!r}")
    elif scope not in spec.scopes:
        problems.append(f"{where}: scope: the {spec.name} stream has no '{scope}' scope "
                        f"(use {', '.join(spec.scopes)})")  # fmt: skip
    level = raw.get("domain_level", "leaf")
    if level not in ("leaf", "family") or (level == "family" and scope != "domain"):
        problems.append(f"{where}: domain_level: leaf or family, and only with scope: domain")
    if len(problems) > start:
        return None
    return Selection(spec.name, filters, exclude, at_least, str(scope), str(level))


def _field_values(
    raw: Any, spec: StreamSpec, where: str, problems: list[str]
) -> dict[str, FieldValues]:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping of field: value(s)")
        return {}
    found = {}
    for key, value in raw.items():
        if key not in spec.fields:
            problems.append(f"{where}: unknown field '{key}' of {spec.name} "
                            f"(use {', '.join(spec.fields)})")  # fmt: skip
            continue
        values = as_values(value if isinstance(value, list) else [value])
        if not values:
            problems.append(f"{where}.{key}: give at least one value")
        found[str(key)] = values
    return found


def _at_least(raw: Any, spec: StreamSpec, where: str, problems: list[str]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append(f"{where}: at_least: expected a mapping of value: number")
        return {}
    found = {}
    for key, value in raw.items():
        if key not in spec.values or key == "count":
            problems.append(f"{where}: at_least: '{key}' is not a value of {spec.name}")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{where}: at_least.{key}: expected a number, not {value!r}")
        else:
            found[str(key)] = float(value)
    return found


def _window(raw: Any, where: str, problems: list[str]) -> int:
    match = WINDOW.match(str(raw)) if isinstance(raw, str) else None
    if not match:
        problems.append(f"{where}: expected a length like 90d or 26w, not {raw!r}")
        return 0
    days = int(match[1]) * (7 if match[2] == "w" else 1)
    if days <= 0 and not where.endswith("history"):
        problems.append(f"{where}: must be at least one day")
    return days


def _aggregate(
    raw: Any, spec: StreamSpec | None, where: str, problems: list[str]
) -> tuple[str, str]:
    if raw == "count":
        return ("count", "count")
    if isinstance(raw, dict) and len(raw) == 1:
        kind, of = next(iter(raw.items()))
        if kind in ("sum", "max"):
            if spec and of not in spec.values:
                problems.append(f"{where}: aggregate: {kind} of unknown value {of!r} "
                                f"(use {', '.join(spec.values)})")  # fmt: skip
            return (str(kind), str(of))
        if kind == "distinct":
            if spec and of not in spec.fields:
                problems.append(f"{where}: aggregate: distinct of unknown field {of!r} "
                                f"(use {', '.join(spec.fields)})")  # fmt: skip
            return ("distinct", str(of))
    problems.append(f"{where}: aggregate: expected count, {{sum: VALUE}}, {{max: VALUE}} or "
                    f"{{distinct: FIELD}}, not {raw!r}")  # fmt: skip
    return ("count", "count")


def _evidence(raw: Any, where: str, problems: list[str]) -> tuple[int | None, str]:
    if not isinstance(raw, dict):
        problems.append(f"{where}: evidence: expected {{limit: N, order: date | value}}")
        return (None, "value")
    limit = raw.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        problems.append(f"{where}: evidence.limit: expected a whole number >= 1, not {limit!r}")
    order = raw.get("order", "value")
    if order not in EVIDENCE_ORDERS:
        problems.append(f"{where}: evidence.order: use {' or '.join(EVIDENCE_ORDERS)}")
    return (limit if isinstance(limit, int) else None, str(order))


def _list(raw: Any, where: str, problems: list[str]) -> list[Any]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if not isinstance(raw, list):
        problems.append(f"{where}: expected a list")
        return []
    return raw
