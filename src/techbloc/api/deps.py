"""Dependencies the routes share: the session over the store, access checks, pagination."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator

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
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """Only ``YYYY-MM-DD`` is a date here: pydantic would also read a number ('0', '1700000000')
    as seconds since 1970, so ``?at=0`` answered for 1 January 1970 (found by schemathesis)."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]
"""A day given as ``YYYY-MM-DD`` (ISO 8601), in a query, a form or a JSON body."""
AtParam = Annotated[
    IsoDate | None, Query(description="The date the answer is for (ISO, default today).")
]
SinceParam = Annotated[IsoDate | None, Query(description="From this date (ISO, inclusive).")]
UntilParam = Annotated[IsoDate | None, Query(description="Up to this date (ISO, inclusive).")]


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


def bounded_series(request: Request) -> None:
    """Refuse a yearly series (``from``…``to``, ``to`` defaulting to this year) longer than the
    server's ``max_series_years``: every year is a whole computation on the shared store. Values
    that are not years are left to the parameters' own validation."""
    first, last = request.query_params.get("from"), request.query_params.get("to")
    if first is None or not first.isdigit() or (last is not None and not last.isdigit()):
        return
    span = (int(last) if last else dt.date.today().year) - int(first) + 1
    limit = server(request).settings.max_series_years
    if span > limit:
        raise InvalidArgument(
            f"a series of {span} years is more than this server computes in one request ({limit})",
            hint="ask for fewer years at a time, or run the series with the CLI "
            "(setting TECHBLOC_API_MAX_SERIES_YEARS)",
        )


def year_range(year_from: int, year_to: int) -> list[int]:
    """The years ``from``…``to`` of a series (at most a century)."""
    if year_to < year_from or year_to - year_from > 100:
        raise InvalidArgument(f"years {year_from}–{year_to}: give from ≤ to, at most 100 years")
    return list(range(year_from, year_to + 1))
