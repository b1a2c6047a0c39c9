"""Assessment indicators, one endpoint each, with the options of the matching CLI command
(``techbloc assess …``); each answer names its data, parameters and sources as the core gives
them. They run on DuckDB (the store); Spark is for the CLI and the Python API."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile

from techbloc.api.deps import (
    AtParam,
    IsoDate,
    ask,
    bounded_series,
    require_read,
    require_token,
    year_range,
)
from techbloc.api.models import Answer
from techbloc.api.routers.uploads import saved_upload
from techbloc.workspace import Techbloc

router = APIRouter(
    prefix="/indicators",
    dependencies=[Depends(require_read)],
    tags=["indicators 指标"],
)

FocalParam = Annotated[str | None, Query(description="Focal country (default CN).")]
FromParam = Annotated[int | None, Query(alias="from", ge=1900, le=2100, description="First year.")]
ToParam = Annotated[int | None, Query(alias="to", ge=1900, le=2100, description="Last year.")]
CoalitionParam = Annotated[
    str | None,
    Query(description="'blockade' (default), an alliance, or country codes 'US,JP,NL'."),
]
YearParam = Annotated[
    int | None, Query(ge=1900, le=2100, description="Data year (default latest).")
]
AlliancesParam = Annotated[list[str] | None, Query(description="Alliances (repeat the parameter).")]


@router.get("/comprehensiveness", response_model=Answer)
async def comprehensiveness(
    request: Request,
    at: AtParam = None,
    alliance: Annotated[str | None, Query(description="One alliance.")] = None,
    kind: Annotated[str | None, Query(description="blockade, cooperation or mixed.")] = None,
    focal: FocalParam = None,
) -> dict[str, Any]:
    """Coverage (members, world GDP / R&D shares), technology field and jurisdiction (stages)
    per alliance and per side."""
    return await ask(request, lambda tb: tb.assess_comprehensiveness(at, alliance, kind, focal))


@router.get("/cocom-vs-today", response_model=Answer)
async def cocom_vs_today(
    request: Request,
    then: Annotated[IsoDate | None, Query(description="COCOM's date (ISO).")] = None,
    now: Annotated[IsoDate | None, Query(description="Today's date (ISO, default today).")] = None,
    focal: FocalParam = None,
) -> dict[str, Any]:
    """COCOM at its height beside the blockade side, Wassenaar and the system today."""
    return await ask(request, lambda tb: tb.assess_cocom_vs_today(then, now, focal))


@router.get("/shift", response_model=Answer)
async def shift(
    request: Request,
    year_from: FromParam = None,
    year_to: ToParam = None,
    by: Literal["scope", "stage"] = "scope",
    focal: FocalParam = None,
) -> dict[str, Any]:
    """Restrictive measures per year by technology scope or stage group."""
    return await ask(request, lambda tb: tb.assess_shift(year_from, year_to, by, focal))


@router.get("/pressure", response_model=Answer)
async def pressure(
    request: Request,
    at: AtParam = None,
    year_from: FromParam = None,
    year_to: ToParam = None,
    domain: Annotated[str | None, Query(description="A domain (id or name).")] = None,
    half_life: Annotated[float, Query(gt=0, le=100, description="Years.")] = 3.0,
    window_days: Annotated[int, Query(ge=1, le=3650)] = 365,
    weight_listings: Annotated[float, Query(ge=0)] = 0.05,
    weight_documents: Annotated[float, Query(ge=0)] = 0.1,
    top: Annotated[int, Query(ge=0, le=50)] = 3,
    focal: FocalParam = None,
) -> dict[str, Any]:
    """Containment pressure per technology domain on ``at``, or a yearly series (from/to),
    with the measures that contribute most."""
    weights = {"measures": 1.0, "listings": weight_listings, "documents": weight_documents}
    return await ask(
        request,
        lambda tb: tb.assess_pressure(
            at, year_from, year_to, domain, half_life, focal, weights, window_days, top
        ),
    )


@router.get("/trajectory", response_model=Answer, dependencies=[Depends(bounded_series)])
async def trajectory(
    request: Request,
    at: AtParam = None,
    alliance: AlliancesParam = None,
    year_from: FromParam = None,
    year_to: ToParam = None,
) -> dict[str, Any]:
    """Trajectory profiles along the five dimensions (development … spillover)."""
    return await ask(request, lambda tb: tb.trajectory(at, alliance, year_from, year_to))


@router.get("/cohesion", response_model=Answer, dependencies=[Depends(bounded_series)])
async def cohesion(
    request: Request,
    at: AtParam = None,
    alliance: AlliancesParam = None,
    focal: FocalParam = None,
    year_from: FromParam = None,
    year_to: ToParam = None,
) -> dict[str, Any]:
    """Cohesion and limits: ties to the focal country, lead measures not followed, carve-outs."""
    return await ask(request, lambda tb: tb.cohesion(at, alliance, focal, year_from, year_to))


@router.get("/network", response_model=Answer, dependencies=[Depends(bounded_series)])
async def network(
    request: Request,
    at: AtParam = None,
    focal: FocalParam = None,
    year_from: FromParam = None,
    year_to: ToParam = None,
) -> dict[str, Any]:
    """The country–alliance network: nodes, edges, centrality, overlaps and bridges."""
    return await ask(request, lambda tb: tb.network(at, focal, year_from, year_to))


@router.get("/partners", response_model=Answer, dependencies=[Depends(bounded_series)])
async def partners(
    request: Request,
    domain: Annotated[list[str] | None, Query(description="Domains (repeat).")] = None,
    at: AtParam = None,
    focal: FocalParam = None,
    weights: Annotated[
        str | None, Query(description="e.g. capability=0.4,weak_binding=0.4,ties=0.2")
    ] = None,
    year_from: FromParam = None,
    year_to: ToParam = None,
) -> dict[str, Any]:
    """Partner candidates per technology domain, scored with visible weights."""
    return await ask(
        request, lambda tb: tb.partners(domain, at, focal, weights, year_from, year_to)
    )


@router.get("/chokepoints", response_model=list[Answer])
async def chokepoints(
    request: Request,
    at: AtParam = None,
    coalition: CoalitionParam = None,
    focal: FocalParam = None,
    year: YearParam = None,
    stage: Annotated[str | None, Query(description="Supply-chain stage.")] = None,
    top: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> list[dict[str, Any]]:
    """Supply-chain inputs ranked by choke-point score against a coalition."""
    return await ask(request, lambda tb: tb.chokepoints(at, coalition, focal, year, stage, top))


@router.get("/backups", response_model=Answer)
async def backups(
    request: Request,
    input: Annotated[str, Query(description="Input id or name.")],
    at: AtParam = None,
    coalition: CoalitionParam = None,
    focal: FocalParam = None,
    year: YearParam = None,
) -> dict[str, Any]:
    """One input's suppliers outside the coalition and the focal country (备胎), by share."""
    return await ask(request, lambda tb: tb.backups(input, at, coalition, focal, year))


@router.get("/exposure", response_model=list[Answer])
async def exposure(
    request: Request,
    by: Literal["domain", "stage"] = "domain",
    at: AtParam = None,
    coalition: CoalitionParam = None,
    focal: FocalParam = None,
    year: YearParam = None,
) -> list[dict[str, Any]]:
    """Choke-point scores summarised per technology domain or stage."""
    return await ask(request, lambda tb: tb.exposure(by, at, coalition, focal, year))


@router.get("/exposure/series", response_model=list[Answer])
async def exposure_series(
    request: Request,
    year_from: Annotated[int, Query(alias="from", ge=1900, le=2100)],
    year_to: Annotated[int, Query(alias="to", ge=1900, le=2100)],
    by: Literal["domain", "stage"] = "domain",
    coalition: CoalitionParam = None,
    focal: FocalParam = None,
) -> list[dict[str, Any]]:
    """:func:`exposure` for each year from ``from`` to ``to``."""
    return await ask(
        request, lambda tb: tb.exposure_series(year_range(year_from, year_to), by, coalition, focal)
    )


@router.get("/priorities", response_model=Answer, dependencies=[Depends(bounded_series)])
async def priorities(
    request: Request,
    at: AtParam = None,
    weights: Annotated[
        str | None, Query(description="e.g. pressure=0.35,exposure=0.3,importance=0.2,gap=0.15")
    ] = None,
    coalition: CoalitionParam = None,
    focal: FocalParam = None,
    top: Annotated[int | None, Query(ge=1, le=1000)] = None,
    sensitivity: bool = False,
    samples: Annotated[int, Query(ge=10, le=5000)] = 1000,
    seed: Annotated[int, Query(ge=0, description="Seed of the random weight vectors.")] = 1,
    year_from: FromParam = None,
    year_to: ToParam = None,
) -> dict[str, Any]:
    """Technology domains ranked for R&D priority, weights visible, with sensitivity."""
    return await ask(
        request,
        lambda tb: tb.priorities(
            at, weights, coalition, focal, top, sensitivity, samples, seed, year_from, year_to
        ),
    )


@router.post("/event-pressure", response_model=Answer, dependencies=[Depends(require_token)])
async def event_pressure(
    request: Request,
    events: Annotated[
        UploadFile, File(description="News events in GDELT 2.0's layout with a domain_id column.")
    ],
    at: Annotated[IsoDate | None, Form()] = None,
    coalition: Annotated[str | None, Form()] = None,
    focal: Annotated[str | None, Form()] = None,
    period: Annotated[Literal["month", "day"], Form()] = "month",
    half_life_days: Annotated[float | None, Form(gt=0)] = None,
) -> dict[str, Any]:
    """Pressure on the focal country from an uploaded events file (CSV or Parquet; needs a
    token): coalition members' conflict events per domain and month, times supply exposure."""

    def run(tb: Techbloc) -> dict[str, Any]:
        with saved_upload(events, (".csv", ".tsv", ".parquet")) as path:
            return tb.event_pressure(path, at, coalition, focal, period, half_life_days)

    return await ask(request, run)
