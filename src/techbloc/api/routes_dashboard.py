"""What the dashboard needs beyond the other routers: the sources behind a list of source ids
(the world map and the network give their memberships' ``source_ids``; the dashboard lists the
sources under each figure)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from techbloc.api.deps import LimitParam, OffsetParam, ask, page, require_read
from techbloc.api.models import Page, Source
from techbloc.errors import InvalidArgument

router = APIRouter(dependencies=[Depends(require_read)], tags=["dashboard 仪表板"])

MAX_IDS = 1000
"""Ids in one request (the sources of every membership in force today are about 110)."""


@router.get("/sources", response_model=Page[Source])
async def sources(
    request: Request,
    ids: Annotated[
        list[str], Query(description="Source ids, comma-separated or repeated.", min_length=1)
    ],
    limit: LimitParam = MAX_IDS,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """The cited sources (publisher, title, date, URL) of the given ids, in the order given;
    ids the store does not hold are left out."""
    wanted = [part.strip() for value in ids for part in value.split(",") if part.strip()]
    if len(wanted) > MAX_IDS:
        raise InvalidArgument(f"{len(wanted)} source ids: at most {MAX_IDS} at a time",
                              hint="ask in several requests")  # fmt: skip
    return page(request, await ask(request, lambda tb: tb.sources(wanted)), limit, offset)
