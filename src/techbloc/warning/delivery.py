"""Delivery channels share one shape: send a notice, retrying with backoff, and say what happened.

A channel never raises for a failed delivery: it returns every attempt (status code, error), so
the watch logs each one and keeps the notification for the next run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from techbloc.warning.notice import Notice

DEFAULT_RETRIES = 3  # attempts per run, the first included
DEFAULT_BACKOFF_SECONDS = 1.0  # waits 1 s, 2 s, 4 s … between attempts
DEFAULT_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class Attempt:
    ok: bool
    status_code: int | None = None
    error: str | None = None
    retryable: bool = True


@dataclass
class Delivery:
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.attempts) and self.attempts[-1].ok

    @property
    def error(self) -> str | None:
        return None if self.ok or not self.attempts else self.attempts[-1].error


class Channel(Protocol):
    """A place notifications go: ``channel`` is its kind, ``target`` its stable, secret-free
    identity (the outbox keys on it)."""

    channel: str
    target: str

    def send(self, notice: Notice) -> Delivery: ...


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = DEFAULT_RETRIES
    backoff_seconds: float = DEFAULT_BACKOFF_SECONDS
    sleep: Callable[[float], None] = time.sleep

    def run(self, once: Callable[[], Attempt]) -> Delivery:
        """Try up to ``attempts`` times, waiting backoff × 2^(n−1) between tries; stop at the
        first success or at a failure that retrying cannot fix (``retryable=False``)."""
        delivery = Delivery()
        for n in range(max(1, self.attempts)):
            if n:
                self.sleep(self.backoff_seconds * 2 ** (n - 1))
            attempt = once()
            delivery.attempts.append(attempt)
            if attempt.ok or not attempt.retryable:
                break
        return delivery
