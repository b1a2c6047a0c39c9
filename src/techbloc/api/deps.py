"""Dependencies the routes share: the session over the store, access checks, pagination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Query, Request

from techbloc.api.state import ServerState
from techbloc.errors import InvalidArgument
from techbloc.workspace import Techbloc

T = TypeVar("T")


def server(request: Request) -> ServerState:
    state: ServerState = request.app.state.techbloc
    return state


def session(request: Request) -> Iterator[Techbloc]:
    """A read-only session over the store for this request."""
    with server(request).session() as tb:
        yield tb


def require_read(
    request: Request, authorization: Annotated[str | None, Header(include_in_schema=False)] = None
) -> None:
    """Reads are open unless the server makes them private (then they need a token)."""
    state = server(request)
    if state.settings.private_reads:
        state.check_token(authorization)


def require_token(
    request: Request, authorization: Annotated[str | None, Header(include_in_schema=False)] = None
) -> str:
    """Writing and expensive work need a bearer token; returns the token's name."""
    return server(request).check_token(authorization)


Session = Annotated[Techbloc, Depends(session)]
TokenName = Annotated[str, Depends(require_token)]

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
