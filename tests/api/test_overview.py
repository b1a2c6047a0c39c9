"""What the dashboard draws: map, network, timeline, heatmap, series."""

from __future__ import annotations

import httpx

from tests.api.conftest import error_of


def test_world_map_at_a_date(client: httpx.Client) -> None:
    then = client.get("/api/v1/overview/map", params={"at": "1990-01-01"}).json()
    now = client.get("/api/v1/overview/map", params={"at": "2024-01-01"}).json()
    jp_then = next(c for c in then["countries"] if c["actor_code"] == "JP")
    jp_now = next(c for c in now["countries"] if c["actor_code"] == "JP")
    assert "cocom" in jp_then["alliances"] and "cocom" not in jp_now["alliances"]
    assert jp_now["iso3"] == "JPN" and jp_now["alliance_count"] == len(jp_now["alliances"])
    assert sum(jp_now["by_kind"].values()) == jp_now["alliance_count"]
    assert now["source_ids"]
    blockade = client.get("/api/v1/overview/map", params={"at": "2024-01-01", "kind": "blockade"})
    assert all(set(c["by_kind"]) == {"blockade"} for c in blockade.json()["countries"])


def test_network_nodes_and_edges(client: httpx.Client) -> None:
    graph = client.get("/api/v1/overview/network", params={"at": "2024-01-01"}).json()
    ids = {n["id"] for n in graph["nodes"]}
    assert {"JP", "wassenaar"} <= ids
    assert graph["edges"] and all(e["source"] in ids and e["target"] in ids for e in graph["edges"])


def test_measure_timeline(client: httpx.Client) -> None:
    cells = client.get(
        "/api/v1/overview/timeline",
        params={"since": "2022-01-01", "until": "2023-12-31", "period": "quarter"},
    )
    rows = cells.json()
    assert rows and all(r["period"][:4] in ("2022", "2023") for r in rows)
    assert all(r["measures"] == len(r["measure_ids"]) for r in rows)
    register = client.get(
        "/api/v1/measures", params={"since": "2022-01-01", "until": "2023-12-31", "limit": 1}
    ).json()
    assert sum(r["measures"] for r in rows) == register["total"]
    error_of(
        client.get("/api/v1/overview/timeline", params={"period": "week"}), 422, "invalid_argument"
    )


def test_heatmap(client: httpx.Client) -> None:
    grid = client.get("/api/v1/overview/heatmap", params={"at": "2024-01-01"}).json()
    alliances = {a["alliance_id"] for a in grid["alliances"]}
    domains = {d["domain_id"] for d in grid["domains"]}
    assert "wassenaar" in alliances and "semiconductors" in domains
    cell = next(
        c
        for c in grid["cells"]
        if (c["alliance_id"], c["domain_id"]) == ("us-japan-netherlands-sme", "semiconductors")
    )
    assert cell["covers"] and cell["measures"] == len(cell["measure_ids"]) >= 1


def test_pressure_and_exposure_series(client: httpx.Client) -> None:
    series = client.get("/api/v1/overview/pressure", params={"from": 2022, "to": 2024}).json()
    assert series["parameters"]["dates"][:3] == ["2022-12-31", "2023-12-31", "2024-12-31"]
    exposure = client.get("/api/v1/overview/exposure", params={"from": 2023, "to": 2024}).json()
    assert exposure
