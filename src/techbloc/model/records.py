"""Typed, validated records of the domain model (DESIGN §3).

The records check what a single record can check alone (types, closed vocabularies, ranges). What
needs the whole knowledge base — does this country exist, is this member inside the alliance's life,
is every fact sourced — is checked by :mod:`techbloc.kb.validate`, which names file and field.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from techbloc.model.dates import PartialDate
from techbloc.model.vocab import (
    ActorKind,
    AllianceForm,
    AllianceKind,
    AllianceStatus,
    Direction,
    Role,
    TechScope,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class Record(BaseModel):
    """Base of every record: immutable, and unknown fields are errors (typos do not pass)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Record):
    """A text in English and simplified Chinese."""

    en: str | None = None
    zh: str | None = None


class Sourced(Record):
    """A fact that cites sources by id, as ``source: ID`` or ``sources: [ID, ...]``."""

    source: str | None = None
    sources: list[str] = Field(default_factory=list)

    @property
    def source_ids(self) -> list[str]:
        ids = list(self.sources)
        if self.source and self.source not in ids:
            ids.insert(0, self.source)
        return ids


class Source(Record):
    """Where a fact comes from: issuing body, title, date and URL where known."""

    id: str
    publisher: str
    title: str
    date: PartialDate | None = None
    url: str | None = None
    note: str | None = None


class Actor(Record):
    """A country, territory or supranational party (the EU)."""

    code: Code
    name: Text
    aliases: list[str] = Field(default_factory=list)
    kind: ActorKind = ActorKind.COUNTRY
    iso3: str | None = None
    region: str | None = None
    ended: PartialDate | None = None
    note: str | None = None


class AttributeValue(Sourced):
    """One sourced figure about an economy (GDP, R&D intensity, high-tech exports)."""

    actor: Code
    indicator: str
    year: int
    value: float
    note: str | None = None


class AttributeGap(Record):
    """A figure left out on purpose because no trusted value was found: unknown stays unknown."""

    actor: Code
    indicator: str
    reason: str
    year: int | None = None


class Keywords(Record):
    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)


class TechDomain(Record):
    """A technology domain: hierarchical, bilingual, mapped to public taxonomies."""

    id: Slug
    parent: Slug | None = None
    name: Text
    description: Text | None = None
    keywords: Keywords = Field(default_factory=Keywords)
    cet: list[str] = Field(default_factory=list)
    wassenaar: list[str] = Field(default_factory=list)
    hs: list[str] = Field(default_factory=list)
    note: str | None = None


class Term(Record):
    """An entry of a small bilingual vocabulary (stage, dimension, instrument). ``keywords`` are the
    words that name it in a policy text (document tagging); precise ones only."""

    id: Slug
    name: Text
    description: Text | None = None
    keywords: Keywords = Field(default_factory=Keywords)
    note: str | None = None


class CountryTerms(Sourced):
    """More ways a text names a country than its names and aliases (document tagging): English
    adjectives, seats of government used for the government, Chinese forms such as 美方, the
    one-character abbreviation used in compounds (美 in 中美, 美日荷), and phrases that contain one
    of these words without naming the country (Washington state, 北京时间)."""

    code: Code
    demonyms: list[str] = Field(default_factory=list)
    seats: Keywords = Field(default_factory=Keywords)
    forms: Keywords = Field(default_factory=Keywords)
    zh_abbreviation: Annotated[str, StringConstraints(min_length=1, max_length=1)] | None = None
    not_mentions: Keywords = Field(default_factory=Keywords)
    note: str | None = None


class JointForm(Sourced):
    """One word that names several countries at once (港澳台: Hong Kong, Macao and Taiwan)."""

    term: str
    codes: list[Code] = Field(min_length=2)
    note: str | None = None


class Instrument(Term):
    default_direction: Direction | None = None


class StatusChange(Sourced):
    status: AllianceStatus
    since: PartialDate
    note: str | None = None


class DimensionRating(Sourced):
    """Strength of an alliance along one trajectory dimension, 0 (none) .. 3 (strong)."""

    level: int = Field(ge=0, le=3)
    evidence: str | None = None


class Membership(Sourced):
    """An actor's place in an alliance, from ``joined`` (inclusive) to ``left`` (exclusive)."""

    actor: Code
    role: Role
    joined: PartialDate | None = None
    left: PartialDate | None = None
    as_of: PartialDate | None = None
    note: str | None = None

    @property
    def effective_from(self) -> PartialDate | None:
        """From when queries count this member: the accession date, else when a source shows it."""
        return self.joined or self.as_of


class Alliance(Record):
    """An alliance, mechanism or proposal of the technology alliance system."""

    id: Slug
    name: Text
    short_name: Text | None = None
    aliases: list[str] = Field(default_factory=list)
    kind: AllianceKind
    form: AllianceForm
    tech_scope: list[TechScope] = Field(default_factory=list)
    founded: PartialDate | None = None
    ended: PartialDate | None = None
    predecessor: Slug | None = None
    summary: Text | None = None
    domains: list[Slug] = Field(default_factory=list)
    stages: list[Slug] = Field(default_factory=list)
    status_history: list[StatusChange] = Field(default_factory=list)
    dimensions: dict[str, DimensionRating] = Field(default_factory=dict)
    memberships: list[Membership] = Field(default_factory=list)
    note: str | None = None

    def status_at(self, day: PartialDate) -> AllianceStatus | None:
        """The status in force on a day: the last change on or before it."""
        current = None
        for change in sorted(self.status_history, key=lambda c: c.since):
            if change.since.start <= day.start:
                current = change.status
        return current


class Measure(Sourced):
    """A dated act by an actor: restrictive, cooperative or relaxing."""

    id: Slug
    date: PartialDate
    actor: Code
    issuer: str | None = None
    alliance: Slug | None = None
    title: Text
    instrument: Slug
    direction: Direction
    targets: list[Code] = Field(default_factory=list)
    target_entities: list[str] = Field(default_factory=list)
    domains: list[Slug] = Field(default_factory=list)
    stages: list[Slug] = Field(default_factory=list)
    dimensions: list[Slug] = Field(default_factory=list)
    tech_scope: TechScope | None = None
    severity: int = Field(ge=1, le=5)
    citation: str | None = None
    summary: Text | None = None
    note: str | None = None


class OrganisationNames(Sourced):
    """How one organisation is written in Chinese, in English and by abbreviation (name bridge)."""

    id: Slug
    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    abbreviations: list[str] = Field(default_factory=list)
    country: Code | None = None
    note: str | None = None
