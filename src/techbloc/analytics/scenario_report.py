"""Scenarios as answers: changes typed by people (CLI arguments or a YAML file) resolved to ids, the
date, focal country and coalition defaulted, the scenario run. Shared by the CLI and the API.

A scenario file::

    name: NL leaves the SME deal, quantum under Wassenaar
    at: 2026-11-23                  # optional (default today)
    focal: CN                       # optional (default $TECHBLOC_FOCAL, else CN)
    coalition: us-japan-netherlands-sme   # optional (default blockade)
    changes:
      - leave: {country: NL, alliance: us-japan-netherlands-sme}
      - join: {country: KR, alliance: us-japan-netherlands-sme, since: 2023-01-27}
      - add-domain: {domain: quantum, alliance: wassenaar, severity: 4}
      - strictest: {}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import yaml

from techbloc.analytics.coalitions import resolve_coalition
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.priority_report import resolve_focal, weights_of
from techbloc.analytics.scenario_changes import (
    DEFAULT_SEVERITY,
    AddDomain,
    Change,
    Join,
    Leave,
    Setting,
    Strictest,
)
from techbloc.analytics.scenarios import run_scenario
from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.resolve import parse_date, resolve_actor, resolve_alliance, resolve_term

Row = dict[str, Any]
DateLike = str | dt.date | None
FIELDS = {
    "join": ({"country", "alliance"}, {"since"}),
    "leave": ({"country", "alliance"}, {"since"}),
    "add-domain": ({"domain", "alliance"}, {"severity", "since"}),
    "strictest": (set(), set()),
}
"""Per kind of change: the fields it needs and those it may have."""
FILE_KEYS = {"name", "at", "focal", "coalition", "changes"}


def _severity(value: Any, where: str) -> int:
    wrong = InvalidArgument(f"{where}: severity must be a whole number 1–5, not {value!r}")
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise wrong
    try:
        return int(value)
    except ValueError:
        raise wrong from None


def resolve_change(con: duckdb.DuckDBPyConnection, kind: str, fields: Mapping[str, Any],
                   where: str = "change") -> Change:  # fmt: skip
    """A change from its kind and typed fields (names in any language, dates as text)."""
    kind = kind.replace("_", "-")
    if kind not in FIELDS:
        raise InvalidArgument(f"{where}: unknown change '{kind}'", hint=f"use {', '.join(FIELDS)}")
    needed, optional = FIELDS[kind]
    missing = sorted(needed - set(fields))
    extra = sorted(set(fields) - needed - optional)
    if missing or extra:
        said = [f"missing {', '.join(missing)}"] if missing else []
        said += [f"unknown {', '.join(extra)}"] if extra else []
        takes = ", ".join(sorted(needed | optional)) or "nothing"
        raise InvalidArgument(f"{where} ({kind}): {'; '.join(said)}", hint=f"{kind} takes {takes}")
    since = parse_date(_text(fields.get("since")), f"{where}.since")
    if kind == "strictest":
        return Strictest()
    alliance = resolve_alliance(con, _string(fields["alliance"], f"{where}.alliance"))
    if kind == "add-domain":
        domain = resolve_term(con, "domains", "domain_id", _string(fields["domain"], where))
        severity = _severity(fields.get("severity", DEFAULT_SEVERITY), where)
        return AddDomain(domain, alliance, severity, since)
    country = resolve_actor(con, _string(fields["country"], f"{where}.country"))
    return (Join if kind == "join" else Leave)(country, alliance, since)


def _string(value: Any, where: str) -> str:
    if isinstance(value, bool) or value is None:
        raise InvalidArgument(
            f"{where}: expected a name or code, found {value!r}",
            hint="quote codes YAML reads as true/false or null: 'NO', 'ON', 'YES'",
        )
    return str(value)


def _text(value: Any) -> str | dt.date | None:
    return value if value is None or isinstance(value, dt.date) else str(value)


def read_scenario_file(path: str | Path) -> Row:
    """The file's name, at, focal, coalition and changes as (kind, fields, where) triples."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise NotFound(f"no such scenario file: {path}", hint="give the path of a YAML file")
    try:
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidArgument(f"{file}: not valid YAML ({exc})") from None
    return parse_scenario(doc, str(file))


def parse_scenario(doc: Any, where: str = "scenario") -> Row:
    """A scenario as a file holds it (a mapping with ``changes:``; YAML or the same as JSON):
    its name, at, focal, coalition and changes as (kind, fields, where) triples."""
    if not isinstance(doc, dict):
        raise InvalidArgument(f"{where}: a scenario is a mapping with 'changes:'")
    unknown = sorted(set(doc) - FILE_KEYS)
    if unknown:
        raise InvalidArgument(
            f"{where}: unknown key(s) {', '.join(unknown)}",
            hint=f"a scenario has {', '.join(sorted(FILE_KEYS))}",
        )
    changes = doc.get("changes")
    if not isinstance(changes, list) or not changes:
        raise InvalidArgument(f"{where}: 'changes' must be a non-empty list")
    found = []
    for i, item in enumerate(changes):
        at = f"{where}: changes[{i}]"
        if isinstance(item, str):
            item = {item: {}}
        if not isinstance(item, dict) or len(item) != 1:
            raise InvalidArgument(f"{at}: each change is one key (join, leave, add-domain, "
                                  "strictest) with its fields")  # fmt: skip
        ((kind, fields),) = item.items()
        if not isinstance(fields, dict | None):
            raise InvalidArgument(f"{at}.{kind}: the fields must be a mapping")
        found.append((str(kind), fields or {}, f"{at}.{kind}"))
    head = {k: doc.get(k) for k in ("name", "at", "focal", "coalition")}
    for key in ("name", "focal", "coalition"):
        if head[key] is not None:
            head[key] = _string(head[key], f"{where}: {key}")
    return {**head, "changes": found}


def scenario_report(
    con: duckdb.DuckDBPyConnection,
    engine: AnalyticsEngine,
    changes: Sequence[tuple[str, Mapping[str, Any]] | tuple[str, Mapping[str, Any], str]],
    at: DateLike = None,
    focal: str | None = None,
    coalition: str | None = None,
    weights: str | dict[str, float] | None = None,
    name: str | None = None,
    today: dt.date | None = None,
) -> Row:
    """Run the typed changes (kind, fields[, where]) as one scenario."""
    resolved = [resolve_change(con, *c) for c in changes]
    day = parse_date(at, "--at") or today or dt.date.today()
    setting = Setting(day, resolve_focal(con, focal), resolve_coalition(con, coalition))
    return run_scenario(engine, resolved, setting, weights_of(weights), name)


def scenario_doc_report(
    con: duckdb.DuckDBPyConnection,
    engine: AnalyticsEngine,
    doc: Any,
    weights: str | dict[str, float] | None = None,
    today: dt.date | None = None,
    where: str = "scenario",
) -> Row:
    """Run a scenario given as data (the mapping a scenario file holds, e.g. sent as JSON)."""
    parsed = parse_scenario(doc, where)
    return scenario_report(
        con, engine, parsed["changes"], _text(parsed["at"]), parsed["focal"],
        parsed["coalition"], weights, parsed["name"], today,
    )  # fmt: skip


def scenario_file_report(
    con: duckdb.DuckDBPyConnection,
    engine: AnalyticsEngine,
    path: str | Path,
    at: DateLike = None,
    focal: str | None = None,
    coalition: str | None = None,
    weights: str | dict[str, float] | None = None,
    today: dt.date | None = None,
) -> Row:
    """Run a scenario file; ``at``, ``focal`` and ``coalition`` given here override the file's."""
    doc = read_scenario_file(path)
    return scenario_report(
        con, engine, doc["changes"], _first(at, _text(doc["at"])), _first(focal, doc["focal"]),
        _first(coalition, doc["coalition"]), weights, doc["name"] or Path(path).stem, today,
    )  # fmt: skip


def _first(given: Any, filed: Any) -> Any:
    return given if given is not None else filed
