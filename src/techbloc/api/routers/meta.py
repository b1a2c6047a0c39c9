"""About the server and its store: health, version, counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from techbloc import __version__
from techbloc.api.deps import ask, require_read
from techbloc.api.models import Answer, Health, Version
from techbloc.store.schema import LATEST_VERSION

API_VERSION = "v1"
router = APIRouter(tags=["meta 元信息"])


@router.get("/health", response_model=Health)
async def health(request: Request) -> dict[str, Any]:
    """The server answers and its store opens (always open, even when reads are private)."""
    query = "SELECT max(version) FROM schema_migrations"
    row = await ask(request, lambda tb: tb.con.execute(query).fetchone())
    return {"status": "ok", "store": "readable", "schema_version": int(row[0]) if row else 0}


@router.get("/version", response_model=Version)
async def version() -> dict[str, Any]:
    """techbloc's version, the API's, and the store schema this techbloc writes."""
    return {"techbloc": __version__, "api": API_VERSION, "schema_version": LATEST_VERSION}


@router.get("/stats", response_model=Answer, dependencies=[Depends(require_read)])
async def stats(request: Request) -> dict[str, Any]:
    """What the store holds: alliances, memberships, measures, domains … and its build."""
    return await ask(request, lambda tb: tb.stats())
