"""The rules file: threshold rules, statistical series and parameters, read and validated.

Every problem is reported with the file, the rule or series and the field, all at once. A section
the file leaves out (``parameters``, ``rules``, ``series``) comes from the built-in file, and each
method's settings in ``parameters`` are merged key by key over the built-in ones.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from techbloc.errors import InvalidArgument
from techbloc.warning.config_items import Rule, Series, parse_rule, parse_series
from techbloc.warning.parameters import METHODS, Parameters, parse_method

DEFAULT_RULES = Path(__file__).with_name("rules.yaml")
SECTIONS = ("version", "parameters", "rules", "series")


@dataclass(frozen=True)
class WarningConfig:
    """Everything the detectors are told: where it came from, the rules, the series and the
    parameters of the statistical methods."""

    source: str
    parameters: Parameters
    rules: tuple[Rule, ...]
    series: tuple[Series, ...]


_CACHE: dict[tuple[str, int, int], WarningConfig] = {}


def load_config(path: Path | None = None) -> WarningConfig:
    """The rules file at ``path`` (the built-in one when None), validated; cached per file
    version, since a backtest loads it at every as-of date."""
    target = Path(path) if path is not None else DEFAULT_RULES
    try:
        stat = target.stat()
    except OSError:
        raise InvalidArgument(
            f"no rules file {target}", hint="give a YAML file like src/techbloc/warning/rules.yaml"
        ) from None
    key = (str(target.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        raw = _read_yaml(target)
        if target.resolve() != DEFAULT_RULES.resolve():
            raw = merge_with_default(raw, _read_yaml(DEFAULT_RULES), target)
        _CACHE[key] = config_from_mapping(raw, str(target))
    return _CACHE[key]


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidArgument(f"{path}: not valid YAML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgument(f"{path}: cannot read it ({exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidArgument(f"{path}: expected a mapping with rules, series and parameters")
    return data


def merge_with_default(raw: dict[str, Any], default: dict[str, Any], path: Path) -> dict[str, Any]:
    """``raw`` over the built-in file: absent sections inherited, method settings merged."""
    if not isinstance(raw.get("parameters", {}), dict):
        raise InvalidArgument(f"{path}: parameters: expected a mapping of methods")
    merged = copy.deepcopy(default)
    for section in ("version", "rules", "series"):
        if section in raw:
            merged[section] = raw[section]
    for method, settings in (raw.get("parameters") or {}).items():
        base = merged["parameters"].get(method)
        if isinstance(base, dict) and isinstance(settings, dict):
            merged["parameters"][method] = {**base, **settings}
        else:
            merged["parameters"][method] = settings
    for key in raw:
        if key not in SECTIONS:
            merged[key] = raw[key]
    return merged


def config_from_mapping(raw: dict[str, Any], source: str) -> WarningConfig:
    """Validate a complete mapping (all sections present) and build the configuration."""
    problems: list[str] = []
    for key in raw:
        if key not in SECTIONS:
            problems.append(f"{key}: unknown section (known: {', '.join(SECTIONS)})")
    if raw.get("version") != 1:
        problems.append(f"version: expected 1, not {raw.get('version')!r}")
    parameters = _parameters(raw.get("parameters"), problems)
    rules = _items(raw.get("rules"), "rules", "rule", parse_rule, problems)
    given = raw.get("parameters")
    raw_parameters: dict[str, Any] = given if isinstance(given, dict) else {}
    series = _items(
        raw.get("series"), "series", "series",
        functools.partial(parse_series, parameters=raw_parameters), problems,
    )  # fmt: skip
    if problems:
        shown = "\n  ".join(problems)
        raise InvalidArgument(
            f"{source}: {len(problems)} problem(s) in the rules file:\n  {shown}",
            hint="the format is described at the top of src/techbloc/warning/rules.yaml",
        )
    assert parameters is not None
    return WarningConfig(source, parameters, tuple(rules), tuple(series))


def _parameters(raw: Any, problems: list[str]) -> Parameters | None:
    if not isinstance(raw, dict):
        problems.append("parameters: expected a mapping of methods")
        return None
    parsed = {}
    for name in raw:
        if name not in METHODS:
            problems.append(f"parameters.{name}: unknown method (known: {', '.join(METHODS)})")
    for name in METHODS:
        if name not in raw:
            problems.append(f"parameters.{name}: missing")
            continue
        parsed[name] = parse_method(name, raw[name], problems, f"parameters.{name}")
    if len(parsed) < len(METHODS) or any(v is None for v in parsed.values()):
        return None
    return Parameters(**parsed)


def _items(raw: Any, section: str, noun: str, parse: Any, problems: list[str]) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(f"{section}: expected a list")
        return []
    found: list[Any] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        ident = item.get("id") if isinstance(item, dict) else None
        where = f"{noun} '{ident}'" if ident else f"{section}[{index}]"
        if ident in seen:
            problems.append(f"{where}: id: used twice")
        seen.add(str(ident))
        parsed = parse(item, where, problems)
        if parsed is not None:
            found.append(parsed)
    return found
