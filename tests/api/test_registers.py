"""Measures, listings and documents: date filters, sources, histories, search."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import error_of


def test_measures_within_dates_newest_first_with_sources(client: httpx.Client) -> None:
    page = client.get(
        "/api/v1/measures",
        params={
            "since": "2022-10-01",
            "until": "2023-12-31",
            "domain": "semiconductor-equipment",
            "limit": 1000,
        },
    ).json()
    dates = [m["date"] for m in page["items"]]
    assert dates and dates == sorted(dates, reverse=True)
    assert all("2022-10" <= d <= "2023-12-31" for d in dates)
    assert page["total"] == len(page["items"])
    for measure in page["items"]:
        assert measure["source_ids"], measure["measure_id"]
        assert [s["source_id"] for s in measure["sources"]] == measure["source_ids"]
    assert any(s["url"] for m in page["items"] for s in m["sources"])


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"direction": "relaxing"}, lambda m: m["direction"] == "relaxing"),
        ({"actor": "荷兰"}, lambda m: m["actor_code"] == "NL"),
        ({"alliance": "美日荷协议"}, lambda m: m["alliance_id"] == "us-japan-netherlands-sme"),
        ({"instrument": "entity_listing"}, lambda m: m["instrument_id"] == "entity_listing"),
    ],
)
def test_measure_filters(client: httpx.Client, params: dict[str, str], check: object) -> None:
    page = client.get("/api/v1/measures", params={**params, "limit": 1000}).json()
    assert page["items"] and all(check(m) for m in page["items"])  # type: ignore[operator]


def test_measure_dates_in_the_wrong_order(client: httpx.Client) -> None:
    error_of(
        client.get("/api/v1/measures", params={"since": "2024-01-01", "until": "2023-01-01"}),
        400,
        "invalid_argument",
    )


def test_lists_entities_counts_and_history(client: httpx.Client) -> None:
    lists = client.get("/api/v1/lists").json()
    assert {"us-bis-entity-list"} <= {item["list_id"] for item in lists}
    entities = client.get(
        "/api/v1/lists/us-bis-entity-list/entities", params={"at": "2024-06-01"}
    ).json()
    names = {e["name"] for e in entities["items"]}
    assert "Example Semiconductor Co., Ltd." in names
    counts = client.get("/api/v1/listings/counts", params={"by": "list,country"}).json()
    assert counts["items"] and all(row["entities"] > 0 for row in counts["items"])
    entity = next(e for e in entities["items"] if e["name"].startswith("Example Semiconductor"))
    history = client.get(f"/api/v1/listings/{entity['entity_id']}/history").json()
    assert [e["event"] for e in history["events"]] == ["added"]
    error_of(client.get("/api/v1/listings/nobody/history"), 404, "not_found")
    error_of(client.get("/api/v1/lists/no-such-list/entities"), 404, "not_found")
    error_of(
        client.get("/api/v1/listings/counts", params={"by": "colour"}), 400, "invalid_argument"
    )


def test_documents_list_detail_and_search(client: httpx.Client) -> None:
    page = client.get("/api/v1/documents", params={"limit": 5}).json()
    assert page["total"] > 5 and len(page["items"]) == 5
    doc = client.get(f"/api/v1/documents/{page['items'][0]['doc_id']}").json()
    assert doc["doc_id"] == page["items"][0]["doc_id"] and doc["blocks"]
    found = client.get("/api/v1/documents/search", params={"q": "出口管制", "limit": 3}).json()
    assert found["items"] and found["total"] >= len(found["items"])
    assert all("«" in item["snippet"] and item["explanation"] for item in found["items"])
    error_of(client.get("/api/v1/documents/no-such-document"), 404, "not_found")
    error_of(client.get("/api/v1/documents/search", params={"q": ""}), 422, "invalid_argument")


def test_document_events(client: httpx.Client) -> None:
    page = client.get("/api/v1/document-events", params={"scope_type": "alliance"}).json()
    assert page["items"] and all(e["scope_type"] == "alliance" for e in page["items"])
