"""Registers: measures, restricted-party listings, documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from techbloc.api.deps import (
    AtParam,
    LimitParam,
    OffsetParam,
    SinceParam,
    UntilParam,
    ask,
    check_range,
    page,
    require_read,
)
from techbloc.api.models import Answer, Measure, Page

router = APIRouter(dependencies=[Depends(require_read)])

DomainParam = Annotated[str | None, Query(description="Domain id or name (children count).")]
AllianceParam = Annotated[str | None, Query(description="Alliance id, name or alias.")]
LanguageParam = Annotated[str | None, Query(description="Document language: zh, en …")]


@router.get("/measures", response_model=Page[Measure], tags=["measures 措施"])
async def measures(
    request: Request,
    since: SinceParam = None,
    until: UntilParam = None,
    domain: DomainParam = None,
    instrument: Annotated[str | None, Query(description="Instrument id or name.")] = None,
    direction: Annotated[
        str | None, Query(description="restrictive, cooperative or relaxing.")
    ] = None,
    actor: Annotated[str | None, Query(description="Issuing country (code or name).")] = None,
    target: Annotated[str | None, Query(description="Targeted country (code or name).")] = None,
    alliance: AllianceParam = None,
    limit: LimitParam = 50,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Measures dated between ``since`` and ``until``, newest first, each with its sources."""
    check_range(since, until)
    rows = await ask(
        request,
        lambda tb: tb.measures(
            since, until, domain, instrument, direction, actor, target, alliance, with_sources=True
        ),
    )
    return page(request, rows, limit, offset)


@router.get("/lists", response_model=list[Answer], tags=["listings 清单"])
async def lists(request: Request) -> list[dict[str, Any]]:
    """The imported restricted-party lists with their entity counts."""
    return await ask(request, lambda tb: tb.restricted_lists())


@router.get("/lists/{list_id}/entities", response_model=Page[Answer], tags=["listings 清单"])
async def listed(
    request: Request,
    list_id: str,
    at: AtParam = None,
    limit: LimitParam = 100,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """The entities on a list on ``at``, as its imported snapshots show."""
    return page(request, await ask(request, lambda tb: tb.listed(list_id, at)), limit, offset)


@router.get("/listings/counts", response_model=Page[Answer], tags=["listings 清单"])
async def listing_counts(
    request: Request,
    by: Annotated[
        list[str], Query(description="Group by year, seen, list, country, domain, subdomain.")
    ],
    country: Annotated[str | None, Query(description="Country code or name.")] = None,
    list_id: Annotated[str | None, Query(description="One list.")] = None,
    domain: DomainParam = None,
    include_removed: Annotated[bool, Query(description="Count removed entities too.")] = False,
    limit: LimitParam = 1000,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Listed entities counted by year, list, country and/or technology domain."""
    by = [part for value in by for part in value.split(",") if part]
    rows = await ask(
        request, lambda tb: tb.listings(by, country, list_id, not include_removed, domain)
    )
    return page(request, rows, limit, offset)


@router.get("/listings/{entity_id}/history", response_model=Answer, tags=["listings 清单"])
async def listing_history(request: Request, entity_id: str) -> dict[str, Any]:
    """One listed entity with its added / changed / removed events."""
    return await ask(request, lambda tb: tb.listing_history(entity_id))


@router.get("/documents", response_model=Page[Answer], tags=["documents 文献"])
async def documents(
    request: Request,
    domain: DomainParam = None,
    alliance: AllianceParam = None,
    since: SinceParam = None,
    language: LanguageParam = None,
    limit: LimitParam = 50,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Documents in the store, newest first, with their mention counts."""
    return page(
        request,
        await ask(request, lambda tb: tb.documents(domain, alliance, since, language, limit=None)),
        limit,
        offset,
    )


@router.get("/documents/search", response_model=Page[Answer], tags=["documents 文献"])
async def search_documents(
    request: Request,
    q: Annotated[str, Query(min_length=1, description="Words in Chinese, English or both.")],
    domain: DomainParam = None,
    alliance: AllianceParam = None,
    since: SinceParam = None,
    language: LanguageParam = None,
    limit: LimitParam = 20,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Documents matching ``q``, best first, each with its best passage (words marked «…») and
    how its score was made. ``total`` counts the matches up to 1,000."""
    rows, total = await ask(
        request,
        lambda tb: tb.search_documents_page(q, domain, alliance, since, language, limit, offset),
    )
    return {**page(request, rows, limit, 0), "total": total, "offset": offset}


@router.get("/documents/{doc_id}", response_model=Answer, tags=["documents 文献"])
async def document(request: Request, doc_id: str) -> dict[str, Any]:
    """One document: metadata, blocks, mentions by type, stances, event dates."""
    return await ask(request, lambda tb: tb.document(doc_id))


@router.get("/document-events", response_model=Page[Answer], tags=["documents 文献"])
async def document_events(
    request: Request,
    since: SinceParam = None,
    scope_type: Annotated[str | None, Query(description="alliance, domain or country.")] = None,
    scope_key: Annotated[str | None, Query(description="Its id or code.")] = None,
    limit: LimitParam = 100,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Tagged documents as dated events (what the indicators and the early warning read)."""
    return page(
        request,
        await ask(request, lambda tb: tb.document_events(since, scope_type, scope_key)),
        limit,
        offset,
    )
