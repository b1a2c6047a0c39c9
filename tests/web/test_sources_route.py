"""GET /api/v1/sources: the sources behind the ids a figure gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from techbloc.api.app import create_app


@pytest.fixture(scope="module")
def client(builtin_db: Path) -> TestClient:
    return TestClient(create_app(builtin_db), base_url="http://127.0.0.1")  # a loopback host


def test_sources_come_in_the_order_asked_without_unknown_ids(client: TestClient) -> None:
    answer = client.get("/api/v1/sources", params={"ids": "nsg-participants,nope,ag-participants"})
    assert answer.status_code == 200
    body = answer.json()
    assert [s["source_id"] for s in body["items"]] == ["nsg-participants", "ag-participants"]
    assert body["total"] == 2
    assert all(s["url"].startswith("https://") for s in body["items"])
    assert body["items"][0]["publisher"] == "Nuclear Suppliers Group"


def test_repeated_ids_count_once(client: TestClient) -> None:
    answer = client.get(
        "/api/v1/sources", params=[("ids", "ag-participants"), ("ids", "ag-participants")]
    )
    assert [s["source_id"] for s in answer.json()["items"]] == ["ag-participants"]


def test_the_map_sources_resolve(client: TestClient) -> None:
    ids = client.get("/api/v1/overview/map", params={"at": "1985-12-31"}).json()["source_ids"]
    answer = client.get("/api/v1/sources", params={"ids": ",".join(ids)}).json()
    assert answer["total"] == len(ids) > 0


def test_too_many_ids_is_a_clear_error(client: TestClient) -> None:
    answer = client.get("/api/v1/sources", params={"ids": ",".join(f"s{i}" for i in range(1001))})
    assert answer.status_code == 400
    assert "at most 1000" in answer.json()["error"]["message"]


def test_ids_are_required(client: TestClient) -> None:
    answer = client.get("/api/v1/sources")
    assert answer.status_code in (400, 422)
    assert "error" in answer.json()
