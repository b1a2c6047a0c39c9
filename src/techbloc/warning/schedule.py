"""Running the watch on a schedule, and stopping it gracefully.

The first Ctrl-C (SIGINT) or SIGTERM asks the loop to stop: while it waits it stops at once; during
a run it lets the run finish (alerts recorded, notifications sent) and then stops. A second one
interrupts the run at once (its alert transaction is rolled back, nothing half-written remains).
The store is opened for each run only, so other commands (``alerts ack``) can write in between.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any


class GracefulStop:
    """Turns the first SIGINT / SIGTERM into a stop request, the second into KeyboardInterrupt."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, on_request: Callable[[], None] | None = None) -> None:
        self.requested = threading.Event()
        self.on_request = on_request
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> GracefulStop:
        for sig in self.SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested.is_set():
            raise KeyboardInterrupt
        self.requested.set()
        if self.on_request:
            self.on_request()


def run_every(
    run_once: Callable[[], object],
    every: dt.timedelta,
    stop: threading.Event,
    on_wait: Callable[[dt.datetime], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Call ``run_once`` now and then every ``every`` (measured from each run's start) until
    ``stop`` is set; returns the number of runs."""
    runs = 0
    while not stop.is_set():
        started = clock()
        run_once()
        runs += 1
        if stop.is_set():
            break
        wait = max(0.0, every.total_seconds() - (clock() - started))
        if on_wait:
            on_wait(dt.datetime.now().astimezone() + dt.timedelta(seconds=wait))
        if stop.wait(wait):
            break
    return runs
