"""Dependencies the routes share: the session over the store, access checks, pagination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from techbloc.api.state import ServerState
from techbloc.errors import InvalidArgument
from techbloc.workspace import Techbloc

T = TypeVar("T")


def server(request: Request) -> ServerState:
    state: ServerState = request.app.state.techbloc
    return state


async def ask(request: Request, question: Callable[[Techbloc], T]) -> T:
    """Answer ``question`` on a read-only session over the store, in a worker thread.

    The session is opened, used and closed within that one thread call, and at most
    ``max_concurrent_queries`` such calls run at once (the others wait in the event loop, holding
    no thread): nothing is held between two thread calls, so a full thread pool cannot deadlock
    on the store (docs/api.md, "Concurrency")."""
    state = server(request)

    def work() -> T:
        with state.session() as tb:
            return question(tb)

    return await anyio.to_thread.run_sync(work, limiter=state.limiter())


async def in_thread(request: Request, work: Callable[[], T]) -> T:
    """Run blocking ``work`` (a token check, a write) in a worker thread, within the same limit."""
    return await anyio.to_thread.run_sync(work, limiter=server(request).limiter())


async def require_read(
    request: Request, authorization: Annotated[str | None, Header(include_in_schema=False)] = None
) -> None:
    """Reads are open unless the server makes them private (then they need a token)."""
    state = server(request)
    if state.settings.private_reads:
        await in_thread(request, lambda: state.check_token(authorization))


BEARER = HTTPBearer(
    auto_error=False,
    description="A token from 'techbloc token create NAME', sent as 'Authorization: Bearer …'.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


async def require_token(request: Request, credentials: Credentials) -> str:
    """Writing and expensive work need a bearer token; returns the token's name. (The bearer
    scheme puts these endpoints' token in the OpenAPI document and the docs' Authorize button.)"""
    header = request.headers.get("authorization")
    return await in_thread(request, lambda: server(request).check_token(header))


LimitParam = Annotated[int, Query(ge=1, description="Page size (at most the server's maximum).")]
OffsetParam = Annotated[int, Query(ge=0, description="Items to skip.")]
AtParam = Annotated[
    dt.date | None, Query(description="The date the answer is for (ISO, default today).")
]
SinceParam = Annotated[dt.date | None, Query(description="From this date (ISO, inclusive).")]
UntilParam = Annotated[dt.date | None, Query(description="Up to this date (ISO, inclusive).")]


def page(
    request: Request, items: Sequence[T], limit: int, offset: int, **extra: Any
) -> dict[str, Any]:
    """``{items, total, limit, offset}`` of a list the core gave whole."""
    maximum = server(request).settings.max_page_limit
    if limit > maximum:
        raise InvalidArgument(f"limit {limit} is above the maximum {maximum}",
                              hint=f"page with limit={maximum} and offset")  # fmt: skip
    return {"items": list(items[offset : offset + limit]), "total": len(items), "limit": limit,
            "offset": offset, **extra}  # fmt: skip


def check_range(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise InvalidArgument(f"since {since} is after until {until}")


def year_range(year_from: int, year_to: int) -> list[int]:
    """The years ``from``…``to`` of a series (at most a century)."""
    if year_to < year_from or year_to - year_from > 100:
        raise InvalidArgument(f"years {year_from}–{year_to}: give from ≤ to, at most 100 years")
    return list(range(year_from, year_to + 1))
