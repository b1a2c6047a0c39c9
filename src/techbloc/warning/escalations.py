"""The reference list of major escalations the early-warning backtest scores alerts against.

The list is a data file (``warning/data/escalations.yaml`` by default; its header says how it was
chosen). Loading checks each record's shape; :func:`check_escalations` checks every id against the
store (countries, domains, alliances, organisations, measures, sources) and the dates. Any problem
stops the backtest with the file, the field and the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from techbloc.errors import InvalidArgument
from techbloc.kb.problems import Problem
from techbloc.kb.yaml_io import read_yaml
from techbloc.model import Source, Text
from techbloc.model.records import Code, Slug

ESCALATIONS_FILE = Path(__file__).parent / "data" / "escalations.yaml"
SEVERITIES = ("major", "critical")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EscalationRecord(_Strict):
    """One escalation as written in the file."""

    id: Slug
    date: dt.date
    effective: dt.date | None = None
    title: Text
    issuer: str
    severity: Literal["major", "critical"]
    actors: list[Code] = Field(default_factory=list)
    alliances: list[Slug] = Field(default_factory=list)
    domains: list[Slug] = Field(default_factory=list)
    organisations: list[Slug] = Field(default_factory=list)
    measures: list[Slug] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    note: str | None = None


class Exclusion(_Strict):
    """A knowledge-base measure that meets the selection rule but is left out, and why."""

    measure: Slug
    reason: str = Field(min_length=1)


class EscalationFile(_Strict):
    focal: Code
    sources: list[Source] = Field(default_factory=list)
    escalations: list[EscalationRecord]
    excluded: list[Exclusion] = Field(default_factory=list)


@dataclass(frozen=True)
class Escalation:
    """What the scoring needs of an escalation: when, how severe, and what it concerns."""

    id: str
    date: dt.date
    severity: str = "major"
    domains: frozenset[str] = frozenset()
    alliances: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    title_en: str = ""
    title_zh: str = ""

    @classmethod
    def from_record(cls, record: EscalationRecord) -> Escalation:
        return cls(
            id=record.id, date=record.date, severity=record.severity,
            domains=frozenset(record.domains), alliances=frozenset(record.alliances),
            actors=frozenset(record.actors), organisations=frozenset(record.organisations),
            title_en=record.title.en or "", title_zh=record.title.zh or "",
        )  # fmt: skip


@dataclass(frozen=True)
class EscalationList:
    """A loaded, checked escalation file."""

    path: Path
    focal: str
    escalations: tuple[Escalation, ...]
    records: tuple[EscalationRecord, ...]
    excluded: tuple[Exclusion, ...]
    source_ids: frozenset[str]


@dataclass(frozen=True)
class KnownIds:
    """The ids an escalation may cite, with the dates of the measures."""

    actors: frozenset[str]
    domains: frozenset[str]
    alliances: frozenset[str]
    organisations: frozenset[str]
    sources: frozenset[str]
    measure_dates: dict[str, dt.date]


def known_ids(con: duckdb.DuckDBPyConnection) -> KnownIds:
    """The ids of the knowledge base in the store."""

    def ids(sql: str) -> frozenset[str]:
        return frozenset(str(row[0]) for row in con.execute(sql).fetchall())

    measures = con.execute("SELECT measure_id, measure_date FROM measures").fetchall()
    return KnownIds(
        actors=ids("SELECT actor_code FROM actors"),
        domains=ids("SELECT domain_id FROM domains"),
        alliances=ids("SELECT alliance_id FROM alliances"),
        organisations=ids("SELECT DISTINCT org_id FROM organisation_names"),
        sources=ids("SELECT source_id FROM sources"),
        measure_dates={str(m): d for m, d in measures},
    )


def read_escalation_file(path: Path) -> tuple[EscalationFile | None, list[Problem]]:
    """Parse and shape-check the file; problems name the field (``escalations[3].date``)."""
    name = path.name
    if not path.is_file():
        return None, [Problem(str(path), "-", "missing-file", "no such file")]
    try:
        raw: Any = read_yaml(path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        return None, [Problem(name, where, "yaml-syntax", f"not valid YAML: {exc}")]
    try:
        return EscalationFile.model_validate(raw), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
            problems.append(Problem(name, loc.lstrip(".") or "-", "invalid-field", err["msg"]))
        return None, problems


def check_escalations(
    data: EscalationFile, known: KnownIds, file: str, today: dt.date | None = None
) -> list[Problem]:
    """Cross-checks: unique ids, known ids, a scope, dates not in the future, dates explained."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    own_sources = {s.id for s in data.sources}
    seen: set[str] = set()

    def add(where: str, code: str, message: str) -> None:
        problems.append(Problem(file, where, code, message))

    if data.focal not in known.actors:
        add("focal", "unknown-actor", f"unknown country '{data.focal}'")
    for sid in sorted(own_sources & known.sources):
        add("sources", "duplicate-id", f"source '{sid}' is already defined in the knowledge base")
    for i, rec in enumerate(data.escalations):
        at = f"escalations[{i}]"
        if rec.id in seen:
            add(f"{at}.id", "duplicate-id", f"escalation id '{rec.id}' is used twice")
        seen.add(rec.id)
        for lang in ("en", "zh"):
            if not (getattr(rec.title, lang) or "").strip():
                add(f"{at}.title.{lang}", "missing-name", f"the {lang} title is missing")
        if rec.date > today:
            add(f"{at}.date", "future-date", f"date {rec.date} lies in the future")
        if rec.effective is not None and rec.effective < rec.date:
            add(f"{at}.effective", "bad-date", "takes effect before it was announced")
        if not (rec.domains or rec.alliances or rec.actors or rec.organisations):
            add(at, "missing-scope", "no domain, alliance, actor or organisation: nothing to match")
        _known(add, f"{at}.actors", rec.actors, known.actors, "country")
        _known(add, f"{at}.domains", rec.domains, known.domains, "domain")
        _known(add, f"{at}.alliances", rec.alliances, known.alliances, "alliance")
        _known(add, f"{at}.organisations", rec.organisations, known.organisations, "organisation")
        _known(add, f"{at}.sources", rec.sources, known.sources | own_sources, "source")
        _known(add, f"{at}.measures", rec.measures, set(known.measure_dates), "measure")
        first = min((known.measure_dates[m] for m in rec.measures if m in known.measure_dates),
                    default=None)  # fmt: skip
        if first is not None and first != rec.date and not rec.note:
            why = f"date {rec.date} differs from its measure's date {first}: say why in 'note'"
            add(f"{at}.note", "date-unexplained", why)
    for i, exc in enumerate(data.excluded):
        _known(add, f"excluded[{i}].measure", [exc.measure], set(known.measure_dates), "measure")
    return problems


def _known(add: Any, where: str, values: Iterable[str], known: Iterable[str], kind: str) -> None:
    pool = set(known)
    for j, value in enumerate(values):
        if value not in pool:
            add(f"{where}[{j}]", f"unknown-{kind}", f"unknown {kind} '{value}'")


def load_escalations(
    con: duckdb.DuckDBPyConnection, path: Path | None = None, today: dt.date | None = None
) -> EscalationList:
    """The escalation list, checked against the store; raises InvalidArgument on any problem."""
    path = path or ESCALATIONS_FILE
    data, problems = read_escalation_file(path)
    if data is not None:
        problems += check_escalations(data, known_ids(con), path.name, today)
    if problems or data is None:
        shown = "\n".join(f"  {p}" for p in problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise InvalidArgument(
            f"the escalation list {path} has {len(problems)} problem(s):\n{shown}{more}",
            hint="fix the file (its header describes the fields), or pass another with "
            "--escalations",
        )
    records = tuple(sorted(data.escalations, key=lambda r: (r.date, r.id)))
    return EscalationList(
        path=path,
        focal=data.focal,
        escalations=tuple(Escalation.from_record(r) for r in records),
        records=records,
        excluded=tuple(data.excluded),
        source_ids=frozenset(s.id for s in data.sources),
    )
