"""Rate limiting: a token bucket per client IP and, when the request carries a bearer token, per
token as well. Reads (GET, HEAD, OPTIONS) and writes (every other method: screening, uploads,
imports, scenario runs) have buckets of their own with their own rate and burst. A request over
the limit is answered 429 ``rate_limited`` with a ``Retry-After`` header (whole seconds).

A bucket holds at most ``burst`` tokens and refills at ``rate`` tokens a second; a request takes
one. Buckets live in memory, in the one server process; idle full buckets are dropped when there
are many, so random client keys cannot grow memory without bound."""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from techbloc.api.middleware import send_error

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_BUCKETS = 10_000
"""Above this many buckets, the ones that have refilled completely are dropped."""


@dataclass(frozen=True)
class Rate:
    """``per_second`` tokens a second, at most ``burst`` at once; ``per_second`` 0 turns it off."""

    per_second: float
    burst: int

    @property
    def on(self) -> bool:
        return self.per_second > 0


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """Buckets by key, all with the same rate. ``take`` returns 0 when the request may go, else
    the seconds until the bucket holds a token again."""

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.clock = clock
        self.buckets: dict[str, Bucket] = {}

    def take(self, key: str) -> float:
        now = self.clock()
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= MAX_BUCKETS:
                self._drop_full(now)
            bucket = self.buckets[key] = Bucket(float(self.rate.burst), now)
        bucket.tokens = min(
            float(self.rate.burst), bucket.tokens + (now - bucket.updated) * self.rate.per_second
        )
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate.per_second

    def _drop_full(self, now: float) -> None:
        full = [
            key
            for key, b in self.buckets.items()
            if b.tokens + (now - b.updated) * self.rate.per_second >= self.rate.burst
        ]
        for key in full:
            del self.buckets[key]


def client_keys(scope: Scope) -> list[str]:
    """The IP of the client, and a digest of its bearer token when it sends one (a token is never
    kept in memory as such)."""
    client = scope.get("client")
    keys = [f"ip:{client[0] if client else 'unknown'}"]
    authorization = dict(scope.get("headers", [])).get(b"authorization")
    if authorization:
        keys.append("token:" + hashlib.sha256(authorization).hexdigest()[:32])
    return keys


class RateLimit:
    """Every request to a path under ``prefix`` (the API) takes a token from its IP's bucket and,
    with a bearer token, from that token's bucket too; if either is empty, 429. Other paths (the
    dashboard's files, its vendored libraries) are not limited: one dashboard page loads dozens
    of small static modules, which emptied a read bucket of 40 and left the map blank."""

    def __init__(self, app: ASGIApp, read: Rate, write: Rate, prefix: str = "/api/") -> None:
        self.app = app
        self.prefix = prefix
        self.read = TokenBuckets(read) if read.on else None
        self.write = TokenBuckets(write) if write.on else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        buckets = self.read if scope["method"] in READ_METHODS else self.write
        if buckets is not None:
            wait = max(buckets.take(key) for key in client_keys(scope))
            if wait > 0:
                await _refuse(send, wait, buckets.rate, scope["method"] in READ_METHODS)
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send, wait: float, rate: Rate, read: bool) -> None:
    seconds = max(1, math.ceil(wait))
    kind = "reads" if read else "writes"
    await send_error(
        send, 429, "rate_limited",
        f"too many requests: {kind} are limited to {rate.per_second:g} a second (bursts of "
        f"{rate.burst}) per client",
        f"retry after {seconds} s; the limits are settings "
        "(TECHBLOC_API_RATE_READ, TECHBLOC_API_RATE_WRITE; docs/api.md)",
        ((b"retry-after", str(seconds).encode()),),
    )  # fmt: skip
