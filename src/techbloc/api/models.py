"""Response models: the envelopes every list shares, and the shapes of the main records. Records
allow fields beyond those named (the core's rows grow), so the models document and check what
clients rely on without freezing the rest."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items``, the ``total`` number of items, and the page's bounds."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Source(Open):
    source_id: str
    publisher: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None


class AllianceSummary(Open):
    alliance_id: str
    name_en: str
    name_zh: str
    kind: str
    form: str
    status: str | None = None
    founded: str | None = None
    ended: str | None = None
    member_count: int
    domains: list[str] | None = None
    stages: list[str] | None = None


class Membership(Open):
    alliance_id: str
    actor_code: str
    role: str
    joined: str | None = None
    left: str | None = None
    source_ids: list[str] | None = None


class MembershipChange(Open):
    change: str = Field(description="joined or left")
    date: str | None = None
    alliance_id: str
    actor_code: str
    role: str
    source_ids: list[str] | None = None


class Measure(Open):
    measure_id: str
    date: str
    actor_code: str
    alliance_id: str | None = None
    title_en: str | None = None
    title_zh: str | None = None
    instrument_id: str
    direction: str
    domains: list[str] | None = None
    severity_score: int
    source_ids: list[str] | None = None
    sources: list[Source] | None = None


class CountrySummary(Open):
    actor_code: str
    name_en: str
    name_zh: str
    actor_kind: str
    iso3: str | None = None
    region: str | None = None
    alliance_count_at: int


class Alert(Open):
    alert_id: str
    detector: str
    scope_type: str
    scope_key: str
    level: str
    level_zh: str
    state: str
    title_en: str
    title_zh: str
    first_seen: str
    last_seen: str
    evidence_count: int | None = None


class Hit(Open):
    score: float
    entity_id: str
    list_id: str
    name: str
    matched_alias: str
    why: str


class Screened(Open):
    query: str
    country: str | None = None
    row: int | None = None
    hits: list[Hit]


class Health(BaseModel):
    status: str
    store: str
    schema_version: int


class Version(BaseModel):
    techbloc: str
    api: str
    schema_version: int


class Answer(Open):
    """An indicator or report as the core gives it (a mapping with its own fields)."""


Rows = list[dict[str, Any]]
