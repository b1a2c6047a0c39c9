"""Alerts read from the store, filtered; one alert with its evidence and history."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import error_of


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["a0000000000000red", "a000000000yellow", "a00000000000blue"]),
        ({"level": "red"}, ["a0000000000000red"]),
        ({"level": "黄"}, ["a000000000yellow"]),
        ({"min_level": "yellow"}, ["a0000000000000red", "a000000000yellow"]),
        ({"state": "closed"}, ["a00000000000blue"]),
        ({"scope_type": "alliance", "scope_key": "wassenaar"}, ["a000000000yellow"]),
        ({"since": "2023-06-30"}, ["a000000000yellow", "a00000000000blue"]),
        ({"until": "2023-06-29"}, ["a0000000000000red"]),
        ({"detector": "cusum"}, ["a000000000yellow"]),
    ],
)
def test_filters(client: httpx.Client, params: dict[str, Any], expected: list[str]) -> None:
    page = client.get("/api/v1/alerts", params=params).json()
    assert [a["alert_id"] for a in page["items"]] == expected
    assert page["total"] == len(expected)


def test_alert_with_evidence_and_history(client: httpx.Client) -> None:
    red = client.get("/api/v1/alerts/a0000000000000red").json()
    assert (red["level"], red["level_zh"], red["detail"]) == ("red", "红", {"k": 0.5})
    assert [e["id"] for e in red["evidence"]] == [
        "us-2022-10-07-advanced-computing-sme-rule",
        "us-2022-10-07-unverified-list-31",
    ]
    yellow = client.get("/api/v1/alerts/a000000000yellow").json()
    assert [h["event"] for h in yellow["history"]] == ["acknowledged"]


def test_alert_errors(client: httpx.Client) -> None:
    error_of(client.get("/api/v1/alerts/nope"), 404, "not_found")
    error_of(client.get("/api/v1/alerts", params={"level": "purple"}), 400, "invalid_argument")
    error_of(client.get("/api/v1/alerts", params={"state": "gone"}), 400, "invalid_argument")


def test_alert_state_needs_a_token_and_is_kept_in_the_history(server: Any) -> None:
    with server.client() as anonymous:
        error_of(
            anonymous.post("/api/v1/alerts/a0000000000000red/state", json={"state": "closed"}),
            401,
            "unauthorized",
        )
    with server.client(server.tokens["writer"]) as writer:
        done = writer.post(
            "/api/v1/alerts/a0000000000000red/state",
            json={"state": "acknowledged", "note": "seen by the desk"},
        )
        assert done.status_code == 200, done.text
        error_of(
            writer.post("/api/v1/alerts/a0000000000000red/state", json={"state": "gone"}),
            400,
            "invalid_argument",
        )
        shown = writer.get("/api/v1/alerts/a0000000000000red").json()
        assert shown["state"] == "acknowledged"
        assert shown["history"][-1]["note"] == "seen by the desk"
        writer.post("/api/v1/alerts/a0000000000000red/state", json={"state": "new"})
