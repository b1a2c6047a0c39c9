"""Rate limits: token buckets per client IP and per bearer token, reads and writes apart; 429
``rate_limited`` with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from techbloc.api.rate_limit import Rate, TokenBuckets
from tests.api.conftest import Served, error_of, served_copy


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_the_burst_then_refills_at_the_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(Rate(per_second=2.0, burst=3), clock)
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(0.5)  # one token comes back in half a second
    assert buckets.take("b") == 0.0  # another client has its own bucket
    clock.now = 0.5
    assert buckets.take("a") == 0.0
    assert buckets.take("a") > 0
    clock.now = 100.0  # refills up to the burst, not beyond
    assert [buckets.take("a") for _ in range(4)][-1] > 0


def test_idle_full_buckets_are_dropped_when_there_are_many(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from techbloc.api import rate_limit

    monkeypatch.setattr(rate_limit, "MAX_BUCKETS", 10)
    clock = Clock()
    buckets = TokenBuckets(Rate(per_second=1.0, burst=2), clock)
    for i in range(10):
        buckets.take(f"k{i}")
    clock.now = 10.0  # all refilled
    buckets.take("new")
    assert list(buckets.buckets) == ["new"]


@pytest.fixture(scope="module")
def limited_server(
    api_store: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """A server with tight limits: reads 1 a second (burst 5), writes 1 a second (burst 2)."""
    from techbloc.api.settings import ApiSettings

    settings = ApiSettings(
        idle_release=None, read_rate=1.0, read_burst=5, write_rate=1.0, write_burst=2
    )
    with served_copy(api_store, tmp_path_factory, "limited", settings) as served:
        yield served  # starting it took one read (wait_until_up)


def test_reads_over_the_burst_get_429_with_retry_after(limited_server: Served) -> None:
    with limited_server.client() as http:
        statuses = [http.get("/api/v1/lists").status_code for _ in range(12)]
        assert statuses.count(200) <= 6 and statuses[0] in (200, 429)
        refused = http.get("/api/v1/lists")
        error = error_of(refused, 429, "rate_limited")
        assert "retry" in (error["hint"] or "")
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.headers["x-content-type-options"] == "nosniff"  # still a secured answer


def test_writes_have_their_own_lower_bucket_and_tokens_are_limited_too(
    limited_server: Served,
) -> None:
    token = limited_server.tokens["writer"]
    with limited_server.client(token) as http:
        statuses = [
            http.post("/api/v1/screen", json={"name": "Example Semi"}).status_code for _ in range(6)
        ]
        assert 429 in statuses and statuses.count(200) <= 3
        error_of(http.post("/api/v1/screen", json={"name": "x"}), 429, "rate_limited")


def test_the_dashboard_files_are_not_limited(limited_server: Served) -> None:
    """A dashboard page loads dozens of small modules at once; limiting them left the map blank
    (found by the browser tests). Only /api/v1 is limited."""
    with limited_server.client() as http:
        statuses = {http.get("/").status_code for _ in range(12)}
        assert statuses == {200}
        assert 429 in {http.get("/api/v1/lists").status_code for _ in range(12)}
