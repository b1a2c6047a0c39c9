"""Health, version, stats, the OpenAPI document, the offline documentation and the landing page."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from techbloc import __version__
from techbloc.api import pages
from techbloc.api.app import create_app, dashboard_dir
from techbloc.store.schema import LATEST_VERSION


def test_health_version_stats(client: httpx.Client) -> None:
    assert client.get("/api/v1/health").json() == {
        "status": "ok",
        "store": "readable",
        "schema_version": LATEST_VERSION,
    }
    assert client.get("/api/v1/version").json() == {
        "techbloc": __version__,
        "api": "v1",
        "schema_version": LATEST_VERSION,
    }
    stats = client.get("/api/v1/stats").json()
    assert stats["alliances"] >= 30 and stats["measures"] > 100


EXPECTED_PATHS = {
    "/api/v1/health",
    "/api/v1/version",
    "/api/v1/stats",
    "/api/v1/alliances",
    "/api/v1/alliances/{alliance}",
    "/api/v1/memberships",
    "/api/v1/memberships/changes",
    "/api/v1/countries",
    "/api/v1/countries/{country}",
    "/api/v1/domains",
    "/api/v1/vocabularies/{name}",
    "/api/v1/measures",
    "/api/v1/lists",
    "/api/v1/lists/{list_id}/entities",
    "/api/v1/listings/counts",
    "/api/v1/listings/{entity_id}/history",
    "/api/v1/documents",
    "/api/v1/documents/search",
    "/api/v1/documents/{doc_id}",
    "/api/v1/document-events",
    "/api/v1/screen",
    "/api/v1/screen/file",
    "/api/v1/indicators/comprehensiveness",
    "/api/v1/indicators/cocom-vs-today",
    "/api/v1/indicators/shift",
    "/api/v1/indicators/pressure",
    "/api/v1/indicators/trajectory",
    "/api/v1/indicators/cohesion",
    "/api/v1/indicators/network",
    "/api/v1/indicators/partners",
    "/api/v1/indicators/chokepoints",
    "/api/v1/indicators/backups",
    "/api/v1/indicators/exposure",
    "/api/v1/indicators/exposure/series",
    "/api/v1/indicators/priorities",
    "/api/v1/indicators/event-pressure",
    "/api/v1/overview/map",
    "/api/v1/overview/network",
    "/api/v1/overview/timeline",
    "/api/v1/overview/heatmap",
    "/api/v1/overview/pressure",
    "/api/v1/overview/exposure",
    "/api/v1/sources",
    "/api/v1/alerts",
    "/api/v1/alerts/{alert_id}",
    "/api/v1/alerts/{alert_id}/state",
    "/api/v1/scenarios",
    "/api/v1/imports/lists/{source_format}",
}


def test_openapi_lists_every_path(client: httpx.Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.headers["content-type"].startswith("application/json")
    spec = response.json()
    assert spec["openapi"].startswith("3.") and spec["info"]["version"] == __version__
    assert set(spec["paths"]) == EXPECTED_PATHS
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary") and operation.get("responses"), (method, path)


def test_docs_page_works_offline(client: httpx.Client) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>" not in page.text  # no inline script: the CSP allows none
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(u.startswith("/") for u in urls), urls
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert not re.search(r"https?://(?:cdn|unpkg|cdnjs)", asset.text[:2000]), url
    init = client.get("/api/static/swagger-init.js").text
    assert "/api/v1/openapi.json" in init and "validatorUrl: null" in init


def test_landing_page_lists_the_api_in_both_languages(
    client: httpx.Client, api_store: tuple[Path, dict[str, str]]
) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "科技联盟监测预警系统" in page.text
    text = page.text
    if dashboard_dir() is not None:
        # The dashboard's files are installed, so "/" is the dashboard; the landing page is what
        # a server without them shows.
        assert 'src="/js/app.js"' in text
        text = pages.landing_html(create_app(api_store[0]))
    assert "/api/docs" in text and "/api/v1/openapi.json" in text
    assert "href='/api/v1/alliances'" in text  # GET endpoints are links
    assert "/api/v1/alliances/{alliance}" in text  # others are listed
    assert "<script" not in text
