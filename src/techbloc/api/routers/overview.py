"""What the dashboard draws: the world map at a date, the country–alliance network, the measures
timeline, the domain × alliance heatmap, pressure and exposure series."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from techbloc.api.deps import (
    AtParam,
    SinceParam,
    UntilParam,
    ask,
    check_range,
    require_read,
    year_range,
)
from techbloc.api.models import Answer

router = APIRouter(
    prefix="/overview",
    dependencies=[Depends(require_read)],
    tags=["dashboard 仪表板"],
)

KindParam = Annotated[str | None, Query(description="blockade, cooperation or mixed.")]


@router.get("/map", response_model=Answer)
async def membership_map(
    request: Request, at: AtParam = None, kind: KindParam = None
) -> dict[str, Any]:
    """Country code (ISO alpha-2 and alpha-3) → alliances on ``at``, with counts by kind and the
    memberships' sources."""
    return await ask(request, lambda tb: tb.membership_map(at, kind))


@router.get("/network", response_model=Answer)
async def network(
    request: Request,
    at: AtParam = None,
    focal: Annotated[str | None, Query(description="Focal country (default CN).")] = None,
) -> dict[str, Any]:
    """Nodes (countries, alliances) and edges (memberships) with centrality and bridges."""
    return await ask(request, lambda tb: tb.network(at, focal))


@router.get("/timeline", response_model=list[Answer])
async def timeline(
    request: Request,
    since: SinceParam = None,
    until: UntilParam = None,
    period: Literal["year", "quarter", "month"] = "year",
    domain: Annotated[str | None, Query(description="Domain id or name.")] = None,
    actor: Annotated[str | None, Query(description="Issuing country.")] = None,
    target: Annotated[str | None, Query(description="Targeted country.")] = None,
    alliance: Annotated[str | None, Query(description="Alliance.")] = None,
    instrument: Annotated[str | None, Query(description="Instrument.")] = None,
) -> list[dict[str, Any]]:
    """Measures per period and direction: count, summed severity, measure ids."""
    check_range(since, until)
    return await ask(
        request,
        lambda tb: tb.measure_timeline(
            since, until, period, domain, actor, target, alliance, instrument
        ),
    )


@router.get("/heatmap", response_model=Answer)
async def heatmap(
    request: Request,
    at: AtParam = None,
    kind: KindParam = None,
    level: Literal["top", "all"] = "top",
) -> dict[str, Any]:
    """Alliances × technology domains: declared coverage and measures (with ids) per cell."""
    return await ask(request, lambda tb: tb.domain_alliance_matrix(at, kind, level))


@router.get("/pressure", response_model=Answer)
async def pressure_series(
    request: Request,
    year_from: Annotated[int, Query(alias="from", ge=1900, le=2100)] = 2015,
    year_to: Annotated[int | None, Query(alias="to", ge=1900, le=2100)] = None,
    domain: Annotated[str | None, Query(description="A domain (id or name).")] = None,
    focal: Annotated[str | None, Query(description="Focal country (default CN).")] = None,
) -> dict[str, Any]:
    """Containment pressure per domain, yearly, with its top contributing measures."""
    return await ask(
        request,
        lambda tb: tb.assess_pressure(
            year_from=year_from, year_to=year_to, domain=domain, focal=focal
        ),
    )


@router.get("/exposure", response_model=list[Answer])
async def exposure_series(
    request: Request,
    year_from: Annotated[int, Query(alias="from", ge=1900, le=2100)],
    year_to: Annotated[int, Query(alias="to", ge=1900, le=2100)],
    by: Literal["domain", "stage"] = "domain",
    coalition: Annotated[str | None, Query(description="Coalition (default blockade).")] = None,
    focal: Annotated[str | None, Query(description="Focal country (default CN).")] = None,
) -> list[dict[str, Any]]:
    """Supply exposure per domain (or stage) for each year (needs imported supply data)."""
    return await ask(
        request, lambda tb: tb.exposure_series(year_range(year_from, year_to), by, coalition, focal)
    )
