"""Scenario runs: a token, the changes as a scenario file holds them, before → after."""

from __future__ import annotations

import httpx

from tests.api.conftest import Served, error_of

SCENARIO = {
    "name": "NL leaves the SME deal",
    "at": "2024-06-01",
    "coalition": "us-japan-netherlands-sme",
    "changes": [{"leave": {"country": "NL", "alliance": "us-japan-netherlands-sme"}}],
}


def test_scenario_needs_a_token(client: httpx.Client) -> None:
    error_of(client.post("/api/v1/scenarios", json=SCENARIO), 401, "unauthorized")


def test_scenario_before_and_after(writer: httpx.Client, client: httpx.Client) -> None:
    answer = writer.post("/api/v1/scenarios", json=SCENARIO).json()
    assert answer["scenario"]["name"] == "NL leaves the SME deal"
    assert answer["scenario"]["changes"][0]["kind"] == "leave"
    # the store is not changed: NL is still a member
    members = client.get(
        "/api/v1/memberships", params={"at": "2024-06-01", "alliance": "us-japan-netherlands-sme"}
    )
    assert "NL" in {m["actor_code"] for m in members.json()["items"]}


def test_scenario_errors(writer: httpx.Client) -> None:
    bad = {"changes": [{"leave": {"country": "NL"}}]}
    assert (
        "missing alliance"
        in error_of(writer.post("/api/v1/scenarios", json=bad), 400, "invalid_argument")["message"]
    )
    error_of(writer.post("/api/v1/scenarios", json={"changes": []}), 400, "invalid_argument")
    error_of(writer.post("/api/v1/scenarios", json=[1, 2]), 422, "invalid_argument")


def test_scenario_token_can_be_waived(private_server: Served) -> None:
    with private_server.client(private_server.tokens["writer"]) as http:
        assert http.post("/api/v1/scenarios", json=SCENARIO).status_code == 200
