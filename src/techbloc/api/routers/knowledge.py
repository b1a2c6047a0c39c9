"""The knowledge base at a date: alliances, memberships, countries, domains, vocabularies."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from techbloc.api.deps import (
    AtParam,
    IsoDate,
    LimitParam,
    OffsetParam,
    UntilParam,
    ask,
    page,
    require_read,
)
from techbloc.api.models import (
    AllianceSummary,
    Answer,
    CountrySummary,
    Membership,
    MembershipChange,
    Page,
)

router = APIRouter(dependencies=[Depends(require_read)], tags=["knowledge base 知识库"])

KindParam = Annotated[str | None, Query(description="blockade, cooperation or mixed.")]
AllianceParam = Annotated[str | None, Query(description="Alliance id, name or alias (zh/en).")]
CountryParam = Annotated[str | None, Query(description="Country code or name (zh/en).")]


@router.get("/alliances", response_model=Page[AllianceSummary])
async def alliances(
    request: Request,
    at: AtParam = None,
    kind: KindParam = None,
    domain: Annotated[str | None, Query(description="Domain id or name.")] = None,
    stage: Annotated[str | None, Query(description="Stage id or name.")] = None,
    member: CountryParam = None,
    limit: LimitParam = 100,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Alliances that exist on ``at``, with their member count on that day, oldest first."""
    return page(
        request,
        await ask(request, lambda tb: tb.alliances(at, kind, domain, stage, member)),
        limit,
        offset,
    )


@router.get("/alliances/{alliance}", response_model=Answer)
async def alliance(request: Request, alliance: str, at: AtParam = None) -> dict[str, Any]:
    """One alliance (id, name or alias): status, members on ``at`` (``is_member_at``), the whole
    membership timeline, dimensions and every source."""
    return await ask(request, lambda tb: tb.alliance(alliance, at))


@router.get("/memberships", response_model=Page[Membership])
async def memberships(
    request: Request,
    at: AtParam = None,
    alliance: AllianceParam = None,
    country: CountryParam = None,
    kind: KindParam = None,
    limit: LimitParam = 100,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Counted memberships (founding, member, partner) in force on ``at``."""
    return page(
        request,
        await ask(request, lambda tb: tb.memberships(at, alliance, country, kind)),
        limit,
        offset,
    )


@router.get("/memberships/changes", response_model=Page[MembershipChange])
async def membership_changes(
    request: Request,
    since: Annotated[IsoDate, Query(description="From this date (ISO, inclusive).")],
    until: UntilParam = None,
    alliance: AllianceParam = None,
    country: CountryParam = None,
    kind: KindParam = None,
    limit: LimitParam = 100,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Joins and departures dated between ``since`` and ``until`` (default today)."""
    return page(
        request,
        await ask(request, lambda tb: tb.membership_changes(since, until, alliance, country, kind)),
        limit,
        offset,
    )


@router.get("/countries", response_model=Page[CountrySummary])
async def countries(
    request: Request,
    at: AtParam = None,
    region: Annotated[str | None, Query(description="Region, e.g. 'Western Europe'.")] = None,
    limit: LimitParam = 300,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Every country (and the EU) with the number of alliances it belongs to on ``at``."""
    return page(request, await ask(request, lambda tb: tb.countries(at, region)), limit, offset)


@router.get("/countries/{country}", response_model=Answer)
async def country(request: Request, country: str, at: AtParam = None) -> dict[str, Any]:
    """One country (code or name): alliances on ``at``, membership history, attributes, the
    measures it issued and faced, sources."""
    return await ask(request, lambda tb: tb.country(country, at))


@router.get("/domains", response_model=list[Answer])
async def domains(request: Request) -> list[dict[str, Any]]:
    """The technology-domain tree, bilingual, with keywords and public-taxonomy mappings."""
    return await ask(request, lambda tb: tb.domains())


@router.get("/vocabularies/{name}", response_model=list[Answer])
async def vocabularies(
    request: Request, name: Literal["stages", "instruments", "dimensions"]
) -> list[dict[str, Any]]:
    """Stages (管辖环节), instruments or trajectory dimensions, with en/zh names."""
    return await ask(request, lambda tb: tb.vocabulary(name))
