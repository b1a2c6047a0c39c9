"""Settings of the API server: limits, who may read, CORS. Each has an environment variable, and
``techbloc serve`` options set the same fields (README, "Settings"; docs/api.md)."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field

MB = 1024 * 1024


def _env_flag(name: str) -> bool | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


@dataclass(frozen=True)
class ApiSettings:
    """``private_reads``: reads need a token too (default: only when serving beyond loopback).
    ``max_upload_bytes``: largest file upload (screening CSV, list import); ``max_body_bytes``:
    largest body of any other request; both are checked while the body streams in.
    ``cors_origins``: origins allowed to call the API from a browser (none by default).
    ``max_page_limit``: the largest ``limit`` of a list. ``idle_release``: seconds without a
    request after which the server lets go of the store file, so other processes can write it.
    ``scenario_needs_token``: scenario runs take seconds of CPU, so they need a token unless
    this is turned off. ``max_concurrent_queries``: requests working on the store at once (the
    others queue); a few per core keeps the cores busy without the threads fighting for the
    Python interpreter lock (docs/benchmarks.md). ``duckdb_threads``: DuckDB's threads per query
    (default all cores). ``allowed_hosts``: the Host names the server answers to (its loopback
    names by default; any, ``*``, when it listens beyond loopback), against DNS rebinding.
    ``read_rate``/``read_burst``, ``write_rate``/``write_burst``: requests a second and burst per
    client IP and per bearer token (api/rate_limit.py); a rate of 0 turns that limit off.
    ``max_series_years``: the most years one request's yearly series of trajectory, cohesion,
    network, partners or priorities may span (each year is a whole computation: 30 years of
    partners took 3.5 minutes on a busy machine; the other series are computed at once)."""

    private_reads: bool = False
    max_upload_bytes: int = 20 * MB
    max_body_bytes: int = 1 * MB
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    max_page_limit: int = 1000
    idle_release: float | None = 2.0
    scenario_needs_token: bool = True
    max_concurrent_queries: int = 2
    duckdb_threads: int | None = None
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
    read_rate: float = 20.0
    read_burst: int = 40
    write_rate: float = 2.0
    write_burst: int = 10
    max_series_years: int = 10

    @classmethod
    def from_env(cls, host: str | None = None) -> ApiSettings:
        """Settings from ``TECHBLOC_API_*`` variables; reads are private by default when the
        server listens beyond the loopback interface."""
        private = _env_flag("TECHBLOC_API_PRIVATE_READS")
        origins = os.environ.get("TECHBLOC_API_CORS_ORIGINS", "")
        hosts = os.environ.get("TECHBLOC_API_ALLOWED_HOSTS", "")
        loopback = is_loopback(host)
        default_hosts = ("localhost", "127.0.0.1", "::1") if loopback else ("*",)
        return cls(
            private_reads=private if private is not None else not loopback,
            max_upload_bytes=_env_int("TECHBLOC_API_MAX_UPLOAD_MB", 20) * MB,
            max_body_bytes=_env_int("TECHBLOC_API_MAX_BODY_KB", 1024) * 1024,
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            max_page_limit=_env_int("TECHBLOC_API_MAX_LIMIT", 1000),
            idle_release=float(os.environ.get("TECHBLOC_API_IDLE_RELEASE") or 2.0),
            max_concurrent_queries=_env_int("TECHBLOC_API_CONCURRENT_QUERIES", 2),
            duckdb_threads=_env_int("TECHBLOC_API_DUCKDB_THREADS", 0) or None,
            allowed_hosts=tuple(h.strip() for h in hosts.split(",") if h.strip()) or default_hosts,
            read_rate=_env_float("TECHBLOC_API_RATE_READ", 20.0),
            read_burst=_env_int("TECHBLOC_API_RATE_READ_BURST", 40),
            write_rate=_env_float("TECHBLOC_API_RATE_WRITE", 2.0),
            write_burst=_env_int("TECHBLOC_API_RATE_WRITE_BURST", 10),
            max_series_years=_env_int("TECHBLOC_API_MAX_SERIES_YEARS", 10),
        )


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is a loopback address or name (None counts as the default, 127.0.0.1)."""
    if host is None or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
