"""Alerts of the early warning (read from the store; raised by ``techbloc.warning``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from techbloc.api.deps import (
    LimitParam,
    OffsetParam,
    SinceParam,
    UntilParam,
    ask,
    check_range,
    in_thread,
    page,
    require_read,
    require_token,
    server,
)
from techbloc.api.models import Alert, Answer, Page
from techbloc.query import alerts as alert_list

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
        lambda tb: alert_list.list_alerts(
            tb.con, level, min_level, state, scope_type, scope_key, detector, since, until
        ),
    )
    return page(request, rows, limit, offset)


@router.get("/{alert_id}", response_model=Answer)
async def alert(request: Request, alert_id: str) -> dict[str, Any]:
    """One alert (id or a unique beginning) with the detector's figures, its evidence (ids,
    dates, labels, URLs), history, merged ids and notifications."""
    return await ask(request, lambda tb: tb.alert(alert_id))


class StateChange(BaseModel):
    state: str = Field(description="acknowledged, closed, or new / reopen.")
    note: str | None = Field(default=None, max_length=2000, description="Why, for the history.")


@router.post("/{alert_id}/state", response_model=Answer, dependencies=[Depends(require_token)])
async def alert_state(request: Request, alert_id: str, change: StateChange) -> dict[str, Any]:
    """Acknowledge, close or reopen an alert (needs a token); the change goes into its history.
    The write runs while the server holds the store alone."""
    from techbloc.warning.alert_store import set_state

    def run() -> Any:
        return server(request).write(
            lambda con: set_state(con, alert_id, change.state, change.note)
        )

    return await in_thread(request, run)
