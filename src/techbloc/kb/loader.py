"""Read the knowledge-base files into typed records, collecting every problem on the way.

Loading never stops at the first bad record: a record that fails its model is reported (file, field,
message) and left out, the rest load. Cross-record checks live in :mod:`techbloc.kb.validate`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from techbloc.kb.problems import Problem
from techbloc.kb.yaml_io import read_yaml
from techbloc.model import (
    Actor,
    Alliance,
    AttributeGap,
    AttributeValue,
    CountryTerms,
    Instrument,
    JointForm,
    Measure,
    OrganisationNames,
    Source,
    TechDomain,
    Term,
    TieGap,
    TradeAgreement,
    TradePartnerRank,
)

DATA_DIR = Path(__file__).parent / "data"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Origin:
    """Where a record was read: file (relative to the data folder) and its field path."""

    file: str
    path: str


@dataclass
class KnowledgeBase:
    """Every record of the knowledge base, by id, with where each came from."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    attributes: list[AttributeValue] = field(default_factory=list)
    attribute_gaps: list[AttributeGap] = field(default_factory=list)
    domains: dict[str, TechDomain] = field(default_factory=dict)
    stages: dict[str, Term] = field(default_factory=dict)
    dimensions: dict[str, Term] = field(default_factory=dict)
    instruments: dict[str, Instrument] = field(default_factory=dict)
    alliances: dict[str, Alliance] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    organisations: dict[str, OrganisationNames] = field(default_factory=dict)
    country_terms: dict[str, CountryTerms] = field(default_factory=dict)
    joint_forms: list[JointForm] = field(default_factory=list)
    joint_form_origins: list[Origin] = field(default_factory=list)
    agreements: dict[str, TradeAgreement] = field(default_factory=dict)
    trade_ranks: list[TradePartnerRank] = field(default_factory=list)
    trade_rank_origins: list[Origin] = field(default_factory=list)
    tie_gaps: list[TieGap] = field(default_factory=list)
    tie_gap_origins: list[Origin] = field(default_factory=list)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    attribute_origins: list[Origin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""

    def origin(self, kind: str, key: str) -> Origin:
        return self.origins.get((kind, key), Origin("?", key))


def load_kb(root: Path | None = None) -> KnowledgeBase:
    """Load every file below ``root`` (the built-in knowledge base by default)."""
    root = root or DATA_DIR
    kb = KnowledgeBase(root=root, content_hash=hash_kb(root))
    reader = _Reader(kb)
    reader.read_keyed(root / "actors" / "actors.yaml", "actors", Actor, "actor", kb.actors, "code")
    reader.read_attributes(root / "actors" / "attributes.yaml")
    terms = root / "actors" / "country_terms.yaml"
    if terms.exists():
        reader.read_country_terms(terms)
    reader.read_taxonomy(root / "taxonomy")
    for path in sorted((root / "alliances").glob("*.yaml")):
        reader.read_alliance(path)
    for path in sorted((root / "measures").glob("*.yaml")):
        reader.read_keyed(path, "measures", Measure, "measure", kb.measures)
    names = root / "names" / "organisations.yaml"
    if names.exists():
        reader.read_keyed(
            names, "organisations", OrganisationNames, "organisation", kb.organisations
        )
    for path in sorted((root / "ties").glob("*.yaml")):
        reader.read_ties(path)
    return kb


def kb_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if p.is_file())


def hash_kb(root: Path) -> str:
    """A digest of every file's name and bytes: the store records which knowledge base built it."""
    digest = hashlib.sha256()
    for path in kb_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


class _Reader:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    # -- helpers -------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return path.relative_to(self.kb.root).as_posix()

    def problem(self, file: str, where: str, code: str, message: str) -> None:
        self.kb.problems.append(Problem(file, where, code, message))

    def parse(self, path: Path, expect: type = dict) -> Any:
        rel = self.rel(path)
        if not path.exists():
            self.problem(rel, "-", "missing-file", "file is missing")
            return None
        try:
            doc = read_yaml(path)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "-"
            reason = getattr(exc, "problem", None) or str(exc)
            self.problem(rel, where, "yaml-syntax", f"not valid YAML: {reason}")
            return None
        if not isinstance(doc, expect):
            self.problem(rel, "-", "bad-shape", f"expected a {expect.__name__} at the top level")
            return None
        return doc

    def validate(self, model: type[M], raw: Any, file: str, where: str) -> M | None:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
                self.problem(file, f"{where}{loc}".lstrip("."), "invalid-field", err["msg"])
            return None

    def records(self, doc: dict[str, Any], key: str, file: str) -> Iterable[tuple[str, Any]]:
        items = doc.get(key) or []
        if not isinstance(items, list):
            self.problem(file, key, "bad-shape", f"'{key}' must be a list")
            return []
        return [(f"{key}[{i}]", raw) for i, raw in enumerate(items)]

    def register(
        self, kind: str, key: str, table: dict[str, Any], record: Any, origin: Origin
    ) -> None:
        if key in table:
            first = self.kb.origins[(kind, key)]
            self.problem(
                origin.file,
                f"{origin.path}.id",
                "duplicate-id",
                f"{kind} id '{key}' is already defined in {first.file} ({first.path})",
            )
            return
        table[key] = record
        self.kb.origins[(kind, key)] = origin

    def read_sources(self, doc: dict[str, Any], file: str) -> None:
        for where, raw in self.records(doc, "sources", file):
            source = self.validate(Source, raw, file, where)
            if source:
                self.register("source", source.id, self.kb.sources, source, Origin(file, where))

    # -- files ---------------------------------------------------------------------------
    def read_keyed(
        self,
        path: Path,
        key: str,
        model: type[M],
        kind: str,
        table: dict[str, Any],
        id_field: str = "id",
    ) -> None:
        """A file holding a list of records under ``key``, each registered by its id."""
        file, doc = self.rel(path), self.parse(path)
        if doc is None:
            return
        self.read_sources(doc, file)
        for where, raw in self.records(doc, key, file):
            record = self.validate(model, raw, file, where)
            if record:
                ident = getattr(record, id_field)
                self.register(kind, ident, table, record, Origin(file, where))

    def read_attributes(self, path: Path) -> None:
        file, doc = self.rel(path), self.parse(path)
        if doc is None:
            return
        self.read_sources(doc, file)
        for where, raw in self.records(doc, "values", file):
            value = self.validate(AttributeValue, raw, file, where)
            if value:
                self.kb.attributes.append(value)
                self.kb.attribute_origins.append(Origin(file, where))
        for where, raw in self.records(doc, "missing", file):
            gap = self.validate(AttributeGap, raw, file, where)
            if gap:
                self.kb.attribute_gaps.append(gap)

    def read_country_terms(self, path: Path) -> None:
        """Country terms for document tagging, by country code, and the joint forms."""
        file, doc = self.rel(path), self.parse(path)
        if doc is None:
            return
        self.read_sources(doc, file)
        for where, raw in self.records(doc, "countries", file):
            terms = self.validate(CountryTerms, raw, file, where)
            if terms:
                origin = Origin(file, where)
                self.register("country_terms", terms.code, self.kb.country_terms, terms, origin)
        for where, raw in self.records(doc, "joint_forms", file):
            joint = self.validate(JointForm, raw, file, where)
            if joint:
                self.kb.joint_forms.append(joint)
                self.kb.joint_form_origins.append(Origin(file, where))

    def read_taxonomy(self, folder: Path) -> None:
        tables: list[tuple[str, str, type[Term] | type[TechDomain], dict[str, Any]]] = [
            ("domains.yaml", "domains", TechDomain, self.kb.domains),
            ("stages.yaml", "stages", Term, self.kb.stages),
            ("dimensions.yaml", "dimensions", Term, self.kb.dimensions),
            ("instruments.yaml", "instruments", Instrument, self.kb.instruments),
        ]
        for name, key, model, table in tables:
            self.read_keyed(folder / name, key, model, key.rstrip("s"), table)

    def read_alliance(self, path: Path) -> None:
        file, doc = self.rel(path), self.parse(path)
        if doc is None:
            return
        self.read_sources(doc, file)
        body = {k: v for k, v in doc.items() if k != "sources"}
        alliance = self.validate(Alliance, body, file, "")
        if alliance is None:
            return
        if alliance.id != path.stem:
            self.problem(
                file, "id", "id-not-file-name", f"id '{alliance.id}' differs from file name"
            )
        self.register("alliance", alliance.id, self.kb.alliances, alliance, Origin(file, ""))
        if not doc.get("sources"):
            self.problem(file, "sources", "missing-source", "the alliance file cites no source")

    def read_ties(self, path: Path) -> None:
        """A ties file: trade agreements (by id), trade rankings and unverified agreements."""
        file, doc = self.rel(path), self.parse(path)
        if doc is None:
            return
        self.read_sources(doc, file)
        for where, raw in self.records(doc, "agreements", file):
            agreement = self.validate(TradeAgreement, raw, file, where)
            if agreement:
                origin = Origin(file, where)
                self.register("agreement", agreement.id, self.kb.agreements, agreement, origin)
        for where, raw in self.records(doc, "rankings", file):
            rank = self.validate(TradePartnerRank, raw, file, where)
            if rank:
                self.kb.trade_ranks.append(rank)
                self.kb.trade_rank_origins.append(Origin(file, where))
        for where, raw in self.records(doc, "unverified", file):
            gap = self.validate(TieGap, raw, file, where)
            if gap:
                self.kb.tie_gaps.append(gap)
                self.kb.tie_gap_origins.append(Origin(file, where))
