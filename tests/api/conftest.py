"""The API under test runs as a real server on a free loopback port: ``techbloc serve`` in a
subprocess over a store built for these tests (store_fixture.py), and a second server in a thread
with private reads and small limits. Tests call them over HTTP with httpx."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.api.store_fixture import build_api_store

if TYPE_CHECKING:
    from techbloc.api.settings import ApiSettings

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0  # seconds for a server to answer /health (bounded; never a timed assertion)


@dataclass
class Served:
    url: str
    db: Path
    tokens: dict[str, str]

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=300.0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, alive: Callable[[], bool]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError("the server stopped before it answered")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {START_TIMEOUT} s")


def techbloc_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHBLOC_")}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + str(ROOT)
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def api_store(
    tmp_path_factory: pytest.TempPathFactory, builtin_db: Path
) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    tokens = build_api_store(path, builtin_db)
    return path, tokens


@pytest.fixture(scope="session")
def server(api_store: tuple[Path, dict[str, str]]) -> Iterator[Served]:
    """`techbloc serve` in a subprocess: reads open, uploads up to 1 MiB, other bodies 64 KiB,
    the store let go after 0.3 idle seconds, generous rate limits."""
    db, tokens = api_store
    port = free_port()
    env = techbloc_env(
        TECHBLOC_API_IDLE_RELEASE="0.3",
        TECHBLOC_API_MAX_UPLOAD_MB="1",
        TECHBLOC_API_MAX_BODY_KB="64",
        # rate limits on but generous: the suite sends its requests back to back
        TECHBLOC_API_RATE_READ="1000",
        TECHBLOC_API_RATE_READ_BURST="2000",
        TECHBLOC_API_RATE_WRITE="100",
        TECHBLOC_API_RATE_WRITE_BURST="200",
    )
    command = [
        sys.executable,
        "-c",
        "from techbloc.cli.app import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--db",
        str(db),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, lambda: process.poll() is None)
    except RuntimeError as exc:
        process.kill()
        _, stderr = process.communicate(timeout=30)
        raise RuntimeError(f"{exc}: {stderr.decode(errors='replace')}") from None
    yield Served(url, db, tokens)
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


@contextmanager
def served_copy(
    api_store: tuple[Path, dict[str, str]],
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    settings: ApiSettings,
) -> Iterator[Served]:
    """A server in a thread of this process (uvicorn), with ``settings``, over its own copy of
    the test store (its writes do not reach the other servers' stores)."""
    import uvicorn

    from techbloc.api import create_app

    source, tokens = api_store
    db = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    shutil.copyfile(source, db)
    port = free_port()
    config = uvicorn.Config(
        create_app(db, settings), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, thread.is_alive)
    try:
        yield Served(url, db, tokens)
    finally:
        uv.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def private_server(
    api_store: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """A second server: reads need a token, a CORS origin is allowed, scenario runs need no
    token."""
    from techbloc.api.settings import ApiSettings

    settings = ApiSettings(
        private_reads=True,
        cors_origins=("http://allowed.example",),
        idle_release=None,
        scenario_needs_token=False,
        read_rate=1000.0,
        read_burst=2000,
        write_rate=100.0,
        write_burst=200,
    )
    with served_copy(api_store, tmp_path_factory, "private", settings) as served:
        yield served


@pytest.fixture(scope="session")
def client(server: Served) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http


@pytest.fixture(scope="session")
def writer(server: Served) -> Iterator[httpx.Client]:
    """A client sending the 'writer' token."""
    with server.client(server.tokens["writer"]) as http:
        yield http


def error_of(response: httpx.Response, status: int, code: str) -> dict[str, str]:
    """The error body of a failed response, after checking its status and code."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    assert body["error"]["message"]
    return dict(body["error"])
