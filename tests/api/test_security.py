"""Tokens, private reads, body limits, security headers, CORS."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.api.conftest import ROOT, Served, error_of, techbloc_env


def techbloc(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from techbloc.cli.app import main; main()", *args]
    return subprocess.run(
        command, env=techbloc_env(), capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_token_create_use_and_revoke_while_serving(server: Served) -> None:
    """The CLI writes the store while the server runs (the server lets go when idle)."""
    made = techbloc("token", "create", "ci-created", "--db", str(server.db))
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.startswith("tb_") and "shown only now" in made.stderr
    upload = {"file": ("a.csv", b"name\nExample Semi\n", "text/csv")}
    with server.client(token) as http:
        assert http.post("/api/v1/screen/file", files=upload).status_code == 200
        revoked = techbloc("token", "revoke", "ci-created", "--db", str(server.db))
        assert revoked.returncode == 0, revoked.stderr
        error = error_of(http.post("/api/v1/screen/file", files=upload), 401, "unauthorized")
        assert "revoked" in error["message"]
    listed = techbloc("token", "list", "--json", "--db", str(server.db))
    row = next(r for r in json.loads(listed.stdout) if r["name"] == "ci-created")
    assert row["revoked_at"] and not row["active"]
    again = techbloc("token", "create", "ci-created", "--db", str(server.db))
    assert again.returncode == 2 and "exists already" in again.stderr


def test_bad_tokens(server: Served) -> None:
    upload = {"file": ("a.csv", b"name\nX\n", "text/csv")}
    for header in ("Bearer tb_00000000_" + "x" * 43, "Bearer nonsense", "Basic abc"):
        with httpx.Client(base_url=server.url, headers={"Authorization": header}) as http:
            response = http.post("/api/v1/screen/file", files=upload)
            error_of(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == "Bearer"
    # a token with one character changed
    token = server.tokens["writer"]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    with server.client(forged) as http:
        error_of(http.post("/api/v1/screen/file", files=upload), 401, "unauthorized")


def test_revoked_token_from_the_fixture(server: Served) -> None:
    revoked = techbloc("token", "revoke", "to-revoke", "--db", str(server.db))
    assert revoked.returncode == 0, revoked.stderr
    with server.client(server.tokens["to-revoke"]) as http:
        error_of(
            http.post("/api/v1/scenarios", json={"changes": ["strictest"]}), 401, "unauthorized"
        )


def test_upload_limit_checked_while_streaming(writer: httpx.Client) -> None:
    """1 MiB uploads here: a declared size over it is refused at once, a chunked body (no size
    declared) when it passes the limit."""
    big = b"name\n" + b"x" * (1024 * 1024 + 10) + b"\n"
    files = {"file": ("big.csv", big, "text/csv")}
    error_of(writer.post("/api/v1/screen/file", files=files), 413, "payload_too_large")

    def chunks() -> Iterator[bytes]:
        boundary = b"--XyZ\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="b.csv"\r\n'
        yield b"Content-Type: text/csv\r\n\r\nname\n"
        for _ in range(40):
            yield b"y" * 65536
        yield b"\r\n--XyZ--\r\n"

    response = writer.post(
        "/api/v1/screen/file",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=XyZ"},
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    error_of(response, 413, "payload_too_large")


def test_body_limit_of_other_requests(client: httpx.Client) -> None:
    names = ["n" * 400] * 300  # ~120 KB of JSON, over the 64 KiB body limit of this server
    error_of(client.post("/api/v1/screen", json={"names": names}), 413, "payload_too_large")


SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/alliances"),
        ("GET", "/api/docs"),
        ("GET", "/"),
        ("GET", "/api/v1/alliances/nope"),
        ("POST", "/api/v1/scenarios"),
    ],
)
def test_security_headers(client: httpx.Client, method: str, path: str) -> None:
    response = client.request(method, path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (path, name)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "server" not in response.headers


@pytest.mark.parametrize(
    ("path", "allow"),
    [("/api/v1/screen", "POST"), ("/api/v1/alliances", "GET"), ("/api/v1/alerts/x/state", "POST")],
)
def test_a_method_a_path_does_not_take(client: httpx.Client, path: str, allow: str) -> None:
    """405 with the path's own methods in Allow: the dashboard's files, served at /, used to
    answer for every path and sent 'GET, HEAD' (schemathesis ST205)."""
    response = client.request("DELETE", path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_cors_closed_by_default(client: httpx.Client) -> None:
    origin = {"Origin": "http://elsewhere.example"}
    response = client.get("/api/v1/alliances", headers=origin)
    assert response.status_code == 200
    assert not any(k.lower().startswith("access-control-") for k in response.headers)
    preflight = client.options(
        "/api/v1/screen", headers={**origin, "Access-Control-Request-Method": "POST"}
    )
    assert not any(k.lower().startswith("access-control-") for k in preflight.headers)


def test_cors_when_an_origin_is_allowed(private_server: Served) -> None:
    with private_server.client(private_server.tokens["writer"]) as http:
        allowed = http.get("/api/v1/version", headers={"Origin": "http://allowed.example"})
        other = http.get("/api/v1/version", headers={"Origin": "http://elsewhere.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://allowed.example"
    assert "access-control-allow-origin" not in other.headers


def test_private_reads_need_a_token(private_server: Served) -> None:
    with private_server.client() as anonymous:
        error_of(anonymous.get("/api/v1/alliances"), 401, "unauthorized")
        error_of(anonymous.post("/api/v1/screen", json={"name": "x"}), 401, "unauthorized")
        assert anonymous.get("/api/v1/health").status_code == 200  # for monitoring
    with private_server.client(private_server.tokens["writer"]) as http:
        assert http.get("/api/v1/alliances").status_code == 200


def test_sql_stays_parameterised(client: httpx.Client) -> None:
    """Text that would break a concatenated query is only a name that matches nothing."""
    for attempt in ("x' OR '1'='1", "'; DROP TABLE alliances; --"):
        error_of(client.get(f"/api/v1/alliances/{attempt}"), 404, "not_found")
        assert client.get("/api/v1/alerts", params={"scope_key": attempt}).json()["total"] == 0
    assert client.get("/api/v1/stats").json()["alliances"] >= 30


def test_only_its_own_host_names(client: httpx.Client, server: Served) -> None:
    """Against DNS rebinding: a request addressed to another name is refused."""
    port = server.url.rsplit(":", 1)[1]
    error = error_of(
        client.get("/api/v1/alliances", headers={"Host": f"evil.example:{port}"}), 403, "forbidden"
    )
    assert "evil.example" in error["message"]
    assert client.get("/api/v1/version", headers={"Host": f"localhost:{port}"}).status_code == 200
