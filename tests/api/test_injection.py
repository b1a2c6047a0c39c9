"""Hostile strings in every query and path parameter of every GET endpoint of the OpenAPI
document, against the live test server: only normal answers or typed 4xx errors (never a 500),
and the store unchanged afterwards (the row count of every table)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import duckdb
import httpx

from tests.api.conftest import Served

HOSTILE = [
    "' OR 1=1 --",
    '"; DROP TABLE measures; --',
    "../../etc/passwd",
    "%00",
    "\x00",
    "x" * 5000,
    "出口管制'); DELETE FROM alliances; --",
    "\u202e\U0001f600\ufeff",
]
"""SQL injection, path traversal, a NUL (encoded and raw), a very long string, unicode."""

SANE = {
    "since": "2020-01-01",
    "until": "2024-12-31",
    "by": "country",
    "q": "export controls",
    "input": "gallium",
    "from": "2020",
    "to": "2022",
    "ids": "x",
}
"""Values for the required parameters while another parameter gets the hostile string."""


def table_counts(db: Any) -> dict[str, int]:
    """Rows per table, read from the store file once the server has let it go (it does after
    0.3 idle seconds; a bounded number of tries)."""
    for _ in range(100):
        try:
            con = duckdb.connect(str(db), read_only=True)
        except duckdb.IOException:
            time.sleep(0.2)
            continue
        try:
            catalogue = "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT temporary"
            names = [(r[0], r[1]) for r in con.execute(catalogue + " ORDER BY 1, 2").fetchall()]
            return {
                f"{s}.{n}": int(con.execute(f'SELECT count(*) FROM "{s}"."{n}"').fetchone()[0])  # type: ignore[index]
                for s, n in names  # names come from the catalogue, not from a request
            }
        finally:
            con.close()
    raise AssertionError("the server did not let go of the store")


def get_operations(spec: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [
        (path, list(ops["get"].get("parameters", [])))
        for path, ops in spec["paths"].items()
        if "get" in ops
    ]


def requests_for(path: str, params: list[dict[str, Any]]) -> list[tuple[str, dict[str, str]]]:
    """One request per (parameter, hostile string): that parameter hostile, the required others
    sane."""
    base = {p["name"]: SANE.get(p["name"], "x") for p in params if p.get("required")}
    out: list[tuple[str, dict[str, str]]] = []
    for param in params:
        for value in HOSTILE:
            query = {k: v for k, v in base.items() if k != param["name"]}
            url = path
            for other in params:
                if other["in"] == "path":
                    raw = value if other is param else base[other["name"]]
                    url = url.replace("{" + other["name"] + "}", quote(raw, safe=""))
                elif other is param:
                    query[other["name"]] = value
            out.append((url, {k: v for k, v in query.items() if not _is_path(params, k)}))
    return out


def _is_path(params: list[dict[str, Any]], name: str) -> bool:
    return any(p["name"] == name and p["in"] == "path" for p in params)


def test_hostile_parameters_get_typed_answers(server: Served) -> None:
    with server.client() as http:
        spec = http.get("/api/v1/openapi.json").json()
        operations = get_operations(spec)
        assert len(operations) > 30  # the whole API, not a part of it
        before = table_counts(server.db)
        failures: list[str] = []
        sent = 0
        for path, params in operations:
            for url, query in requests_for(path, params) or [(path, {})]:
                try:
                    response = http.get(url, params=query)
                except httpx.HTTPError as exc:  # a dropped connection is a failure too
                    failures.append(f"{url} {query!r:.80}: {exc!r}")
                    continue
                sent += 1
                if response.status_code >= 500:
                    failures.append(f"{url} {query!r:.80}: {response.status_code}")
                elif response.status_code >= 400:
                    body = response.json()
                    if set(body) != {"error"} or not body["error"].get("code"):
                        failures.append(f"{url} {query!r:.80}: untyped {body!r:.80}")
        assert not failures, "\n".join(failures[:40])
        assert sent > 500
    assert table_counts(server.db) == before


def bodies_for(value: str) -> list[tuple[str, dict[str, Any]]]:
    """The hostile string in each text field of the JSON bodies the API takes."""
    return [
        ("/api/v1/screen", {"name": value}),
        ("/api/v1/screen", {"name": "Huawei", "country": value}),
        ("/api/v1/screen", {"names": [value, "ZTE"]}),
        ("/api/v1/scenarios", {"name": value, "changes": []}),
        ("/api/v1/scenarios", {"coalition": value, "changes": []}),
        ("/api/v1/scenarios", {"focal": value, "changes": []}),
        ("/api/v1/scenarios", {"at": value, "changes": []}),
        ("/api/v1/scenarios", {"changes": [{"join": {"country": value, "alliance": "wassenaar"}}]}),
        ("/api/v1/scenarios", {"changes": [{"add-domain": {"domain": value, "alliance": value}}]}),
        (f"/api/v1/alerts/{quote(value, safe='')}/state", {"state": "seen", "note": value}),
        ("/api/v1/alerts/no-such-alert/state", {"state": value}),
    ]


def test_hostile_strings_in_request_bodies(server: Served) -> None:
    """Every text field of every JSON body, with each hostile string: typed answers only, and
    the store unchanged (the alert ids do not exist, the scenarios run on an overlay)."""
    before = table_counts(server.db)
    failures: list[str] = []
    with server.client(server.tokens["writer"]) as http:
        for value in HOSTILE:
            for url, body in bodies_for(value):
                response = http.post(url, json=body)
                if response.status_code >= 500 or (
                    response.status_code >= 400 and not response.json().get("error", {}).get("code")
                ):
                    failures.append(f"{url:.60} {body!r:.80}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert table_counts(server.db) == before


TRAVERSALS = [
    "/vendor/..%2f..%2f..%2f..%2fetc/passwd",
    "/vendor/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/js/..%2f..%2f..%2f..%2f..%2fpyproject.toml",
    "/api/static/..%2f..%2f..%2fpyproject.toml",
    "/api/docs/assets/..%2f..%2f..%2f..%2fetc/passwd",
    "/..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
]


def test_no_path_leaves_the_served_folders(client: httpx.Client) -> None:
    for path in TRAVERSALS:
        response = client.get(path)
        assert response.status_code in (400, 404), (path, response.status_code)
        assert "root:" not in response.text and "[project]" not in response.text, path
