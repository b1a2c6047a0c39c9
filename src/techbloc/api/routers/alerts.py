"""Alerts of the early warning (read from the store; raised by ``techbloc.warning``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from techbloc.api.deps import (
    LimitParam,
    OffsetParam,
    SinceParam,
    UntilParam,
    ask,
    check_range,
    page,
    require_read,
)
from techbloc.api.models import Alert, Answer, Page

router = APIRouter(prefix="/alerts", dependencies=[Depends(require_read)], tags=["alerts 预警"])


@router.get("", response_model=Page[Alert])
async def alerts(
    request: Request,
    level: Annotated[
        str | None, Query(description="blue, yellow, orange, red (or 蓝 黄 橙 红).")
    ] = None,
    min_level: Annotated[str | None, Query(description="This level or above.")] = None,
    state: Annotated[str | None, Query(description="new, acknowledged or closed.")] = None,
    scope_type: Annotated[
        str | None, Query(description="domain, alliance, country, organisation or system.")
    ] = None,
    scope_key: Annotated[str | None, Query(description="Id or code within the scope type.")] = None,
    detector: Annotated[str | None, Query(description="Detector name.")] = None,
    since: SinceParam = None,
    until: UntilParam = None,
    limit: LimitParam = 50,
    offset: OffsetParam = 0,
) -> dict[str, Any]:
    """Alerts, most severe and most recent first (``since``/``until`` bound the day last seen)."""
    check_range(since, until)
    rows = await ask(
        request,
        lambda tb: tb.alerts(
            level, min_level, state, scope_type, scope_key, detector, since, until
        ),
    )
    return page(request, rows, limit, offset)


@router.get("/{alert_id}", response_model=Answer)
async def alert(request: Request, alert_id: str) -> dict[str, Any]:
    """One alert with the detector's figures, its evidence (ids, dates, URLs) and history."""
    return await ask(request, lambda tb: tb.alert_detail(alert_id))
