"""Settings from the environment and the host the server listens on; Host header parsing."""

from __future__ import annotations

import pytest

from techbloc.api.middleware import host_of
from techbloc.api.settings import MB, ApiSettings, is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [(None, True), ("localhost", True), ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)],
)  # fmt: skip
def test_is_loopback(host: str | None, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("header", "host"),
    [(b"127.0.0.1:8000", "127.0.0.1"), (b"localhost", "localhost"), (b"[::1]:8000", "::1"),
     (b"LocalHost:80", "localhost"), (b"evil.example:8000", "evil.example"), (b"", "")],
)  # fmt: skip
def test_host_of(header: bytes, host: str) -> None:
    assert host_of(header) == host


def test_defaults_follow_the_listening_host(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PRIVATE_READS", "ALLOWED_HOSTS", "MAX_UPLOAD_MB", "CORS_ORIGINS"):
        monkeypatch.delenv(f"TECHBLOC_API_{name}", raising=False)
    local = ApiSettings.from_env("127.0.0.1")
    assert not local.private_reads and "*" not in local.allowed_hosts
    assert (local.max_upload_bytes, local.cors_origins) == (20 * MB, ())
    wide = ApiSettings.from_env("0.0.0.0")
    assert wide.private_reads and wide.allowed_hosts == ("*",)


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHBLOC_API_PRIVATE_READS", "yes")
    monkeypatch.setenv("TECHBLOC_API_ALLOWED_HOSTS", "techbloc.internal, localhost")
    monkeypatch.setenv("TECHBLOC_API_MAX_UPLOAD_MB", "5")
    monkeypatch.setenv("TECHBLOC_API_CORS_ORIGINS", "https://a.example,https://b.example")
    settings = ApiSettings.from_env("127.0.0.1")
    assert settings.private_reads and settings.max_upload_bytes == 5 * MB
    assert settings.allowed_hosts == ("techbloc.internal", "localhost")
    assert settings.cors_origins == ("https://a.example", "https://b.example")


def test_a_store_without_what_a_question_needs_is_a_409() -> None:
    """The store lacks a step (no documents imported, no full-text index): the request is fine
    and the server is fine, so not a 5xx (schemathesis counted the old 503 as a server error)."""
    from techbloc.api.errors import status_of
    from techbloc.documents.search_index import StaleIndex
    from techbloc.errors import StoreError

    assert status_of(StaleIndex("the store holds no documents to search")) == 409
    assert status_of(StoreError("the store is busy")) == 503
