"""What-if scenarios (``techbloc scenario run`` as a request): in-memory changes, before → after.
Each run takes seconds of CPU, so it needs a token unless the server is told otherwise."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request

from techbloc.api.deps import Credentials, ask, in_thread, require_read, server
from techbloc.api.models import Answer

router = APIRouter(tags=["scenarios 情景"])


async def _scenario_access(request: Request, credentials: Credentials) -> None:
    state = server(request)
    if state.settings.scenario_needs_token:
        header = request.headers.get("authorization")
        await in_thread(request, lambda: state.check_token(header))
    else:
        await require_read(request, request.headers.get("authorization"))


EXAMPLE = {
    "name": "NL leaves the SME deal",
    "at": "2025-06-30",
    "coalition": "us-japan-netherlands-sme",
    "changes": [
        {"leave": {"country": "NL", "alliance": "us-japan-netherlands-sme"}},
        {"add-domain": {"domain": "quantum", "alliance": "wassenaar", "severity": 4}},
    ],
}


@router.post("/scenarios", response_model=Answer, dependencies=[Depends(_scenario_access)])
async def run_scenario(
    request: Request,
    scenario: Annotated[
        dict[str, Any],
        Body(
            description="As a scenario file holds it: name, at, focal, coalition and changes "
            "(join, leave, add-domain, strictest).",
            examples=[EXAMPLE],
        ),
    ],
    weights: Annotated[
        str | None, Query(description="Priority weights, e.g. pressure=0.5,exposure=0.3,…")
    ] = None,
) -> dict[str, Any]:
    """Exposure, pressure and priorities before → after the changes (the store is not changed)."""
    if isinstance(scenario.get("at"), dt.date):
        scenario["at"] = scenario["at"].isoformat()
    return await ask(request, lambda tb: tb.scenario_doc(scenario, weights))
