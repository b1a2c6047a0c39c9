"""Every indicator endpoint answers with its parameters and the ids it counted."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.conftest import error_of

INDICATORS = [
    # path, params, a key the answer must have
    ("comprehensiveness", {"at": "2024-01-01", "kind": "blockade"}, "groups"),
    ("cocom-vs-today", {"then": "1985-12-31", "now": "2024-01-01"}, "columns"),
    ("shift", {"from": 2018, "to": 2024, "by": "stage"}, "cells"),
    ("pressure", {"at": "2024-01-01", "domain": "半导体", "top": 2}, "rows"),
    ("trajectory", {"at": "2024-01-01", "alliance": ["ttc", "quad"]}, "alliances"),
    ("cohesion", {"at": "2024-01-01", "alliance": "wassenaar"}, "params"),
    ("network", {"at": "2024-01-01"}, "nodes"),
    ("partners", {"at": "2024-01-01", "domain": "semiconductors"}, "weights"),
    ("priorities", {"at": "2024-06-01", "top": 5}, "parameters"),
    ("backups", {"input": "photoresist x", "at": "2024-06-01", "coalition": "US,JP,NL"}, "backups"),
]


@pytest.mark.parametrize(("path", "params", "key"), INDICATORS, ids=[i[0] for i in INDICATORS])
def test_indicator(client: httpx.Client, path: str, params: dict[str, Any], key: str) -> None:
    response = client.get(f"/api/v1/indicators/{path}", params=params)
    assert response.status_code == 200, response.text
    assert key in response.json()


def test_pressure_names_the_measures_it_counts(client: httpx.Client) -> None:
    answer = client.get(
        "/api/v1/indicators/pressure",
        params={"at": "2024-01-01", "domain": "semiconductors", "top": 3},
    ).json()
    contributors = [c for row in answer["rows"] for c in row.get("top_measures", [])]
    assert contributors and all(c["measure_id"] for c in contributors)


def test_chokepoints_and_exposure(client: httpx.Client) -> None:
    top = client.get(
        "/api/v1/indicators/chokepoints",
        params={"at": "2024-06-01", "coalition": "US,JP,NL", "top": 2},
    ).json()
    assert [(r["input_id"], r["rank"]) for r in top] == [("over-input", 1), ("euv-scanners", 2)]
    groups = client.get(
        "/api/v1/indicators/exposure", params={"by": "stage", "at": "2024-06-01"}
    ).json()
    assert groups and all(g["focal"] == "CN" for g in groups)
    series = client.get("/api/v1/indicators/exposure/series", params={"from": 2023, "to": 2024})
    assert {g["as_of_year"] for g in series.json()} == {2023, 2024}


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("shift", {"by": "colour"}, 422, "invalid_argument"),
        ("pressure", {"domain": "cooking"}, 400, "invalid_argument"),
        ("pressure", {"half_life": -1}, 422, "invalid_argument"),
        ("backups", {"input": "no such input"}, 404, "not_found"),
        ("backups", {}, 422, "invalid_argument"),
        ("exposure/series", {"from": 2024, "to": 2020}, 400, "invalid_argument"),
        ("priorities", {"weights": "pressure=2"}, 400, "invalid_argument"),
        # each year of these series is a whole computation: at most max_series_years (10)
        ("network", {"from": 1900}, 400, "invalid_argument"),
        ("partners", {"from": 2000, "to": 2010}, 400, "invalid_argument"),
        # a date is YYYY-MM-DD, not seconds since 1970 (pydantic read ?then=0 as 1970-01-01)
        ("cocom-vs-today", {"then": "0"}, 422, "invalid_argument"),
        ("comprehensiveness", {"at": "1700000000"}, 422, "invalid_argument"),
    ],
)
def test_indicator_errors(
    client: httpx.Client, path: str, params: dict[str, Any], status: int, code: str
) -> None:
    error_of(client.get(f"/api/v1/indicators/{path}", params=params), status, code)


def test_a_series_within_the_limit_is_computed(client: httpx.Client) -> None:
    response = client.get("/api/v1/indicators/trajectory", params={"from": 2016, "to": 2025})
    assert response.status_code == 200, response.text
    assert response.json()["years"] == list(range(2016, 2026))


def test_event_pressure_upload_needs_a_token(client: httpx.Client, writer: httpx.Client) -> None:
    from pathlib import Path

    events = Path(__file__).resolve().parents[1] / "fixtures" / "events" / "gdelt_events_small.csv"
    files = {"events": ("events.csv", events.read_bytes(), "text/csv")}
    error_of(client.post("/api/v1/indicators/event-pressure", files=files), 401, "unauthorized")
    response = writer.post(
        "/api/v1/indicators/event-pressure",
        files=files,
        data={"at": "2025-12-31", "coalition": "US,JP,NL"},
    )
    assert response.status_code == 200, response.text
    assert response.json()
