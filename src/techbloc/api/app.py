"""The FastAPI application: routers under /api/v1, offline documentation at /api/docs, the
dashboard's files (or a landing page) at /. See docs/api.md."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match, Mount
from starlette.types import Scope

from techbloc import __version__
from techbloc.api import pages, routes_dashboard
from techbloc.api.errors import ErrorResponse, install_error_handlers
from techbloc.api.middleware import BodyLimit, HostCheck, SecurityHeaders
from techbloc.api.rate_limit import Rate, RateLimit
from techbloc.api.routers import (
    alerts,
    imports,
    indicators,
    knowledge,
    meta,
    overview,
    registers,
    scenarios,
    screening,
)
from techbloc.api.settings import ApiSettings
from techbloc.api.state import ServerState
from techbloc.store.access import StoreAccess
from techbloc.store.location import resolve_db_path

PREFIX = "/api/v1"
UPLOAD_PATHS = (
    f"{PREFIX}/screen/file",
    f"{PREFIX}/imports/",
    f"{PREFIX}/indicators/event-pressure",
)
"""Paths whose bodies are files: they get the upload limit, every other request the body limit."""

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "Invalid argument (an unknown name, a bad combination)"),
        (401, "A token is needed, or the one sent is not valid"),
        (403, "Forbidden (the Host is not one of the server's names)"),
        (404, "Not found"),
        (409, "The store does not yet hold what this needs (the hint names the step)"),
        (413, "The body is over the server's limit"),
        (422, "A parameter or the body does not have the expected type"),
        (429, "Rate limited (see the Retry-After header)"),
        (503, "The store is unavailable (busy or missing)"),
    )
}
"""Every operation may answer these, always as ``{"error": {code, message, hint}}``: documented
so that clients (and schemathesis) know the shape."""


def dashboard_dir() -> Path | None:
    """The dashboard's built files (``techbloc/web/static`` with an index.html), if installed."""
    folder = Path(str(resources.files("techbloc"))) / "web" / "static"
    return folder if (folder / "index.html").is_file() else None


def vendor_dir() -> Path | None:
    """Front-end libraries installed from npm (``web/node_modules``, beside the package or at
    the repository's root), served at /vendor/."""
    package = Path(str(resources.files("techbloc")))
    for folder in (package / "web" / "node_modules", package.parents[1] / "web" / "node_modules"):
        if folder.is_dir():
            return folder
    return None


def create_app(db_path: str | Path | None = None, settings: ApiSettings | None = None) -> FastAPI:
    """The API over the store at ``db_path`` (else $TECHBLOC_DB, else the per-user default; built
    from the knowledge base when missing)."""
    settings = settings or ApiSettings()
    access = StoreAccess(resolve_db_path(db_path), settings.idle_release, settings.duckdb_threads)
    state = ServerState(access, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="techbloc API",
        summary="科技联盟监测预警系统: alliances, measures, listings, screening, indicators, "
        "alerts",
        description="Read endpoints are open on the loopback interface; writing and expensive "
        "work need a bearer token (`techbloc token create NAME`). Errors are "
        '`{"error": {"code", "message", "hint"}}`. Lists are `{items, total, limit, offset}`.',
        version=__version__,
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.techbloc = state
    install_error_handlers(app)
    for module in (meta, knowledge, registers, screening, indicators, overview, alerts,
                   scenarios, imports):  # fmt: skip
        app.include_router(module.router, prefix=PREFIX, responses=ERROR_RESPONSES)
    app.include_router(routes_dashboard.router, prefix=PREFIX, responses=ERROR_RESPONSES)
    _mount_pages(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimit, limit_for=lambda path: _limit_for(settings, path))
    app.add_middleware(
        RateLimit,
        read=Rate(settings.read_rate, settings.read_burst),
        write=Rate(settings.write_rate, settings.write_burst),
        prefix=PREFIX + "/",
    )
    app.add_middleware(HostCheck, allowed=settings.allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


def _limit_for(settings: ApiSettings, path: str) -> int:
    if path.startswith(UPLOAD_PATHS):
        return settings.max_upload_bytes
    return settings.max_body_bytes


class _OutsideApi(Mount):
    """A mount at / that leaves the API's paths alone. A plain mount at / matches every path
    whatever the method, so a method an API path does not take (OPTIONS /api/v1/screen) reached
    the static files, which answered 405 with ``Allow: GET, HEAD`` instead of the route's own
    ``Allow: POST`` (schemathesis ST205)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope.get("path", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            return Match.NONE, {}
        return super().matches(scope)


def _mount_pages(app: FastAPI) -> None:
    import fastapi_offline

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs() -> str:
        return pages.docs_html()

    swagger = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/api/docs/assets", StaticFiles(directory=swagger), name="swagger-assets")
    app.mount("/api/static", StaticFiles(directory=str(pages.STATIC)), name="api-static")
    vendor = vendor_dir()
    if vendor is not None:
        app.mount("/vendor", StaticFiles(directory=vendor), name="vendor")
    dashboard = dashboard_dir()
    if dashboard is not None:
        app.router.routes.append(
            _OutsideApi("/", StaticFiles(directory=dashboard, html=True), name="dashboard")
        )
        return

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def landing() -> str:
        return pages.landing_html(app)
