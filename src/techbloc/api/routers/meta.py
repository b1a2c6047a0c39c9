"""About the server and its store: health, version, counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from techbloc import __version__
from techbloc.api.deps import Session, require_read
from techbloc.api.models import Answer, Health, Version
from techbloc.store.schema import LATEST_VERSION, current_version

API_VERSION = "v1"
router = APIRouter(tags=["meta 元信息"])


@router.get("/health", response_model=Health)
def health(tb: Session) -> dict[str, Any]:
    """The server answers and its store opens (always open, even when reads are private)."""
    return {"status": "ok", "store": "readable", "schema_version": current_version(tb.con)}


@router.get("/version", response_model=Version)
def version() -> dict[str, Any]:
    """techbloc's version, the API's, and the store schema this techbloc writes."""
    return {"techbloc": __version__, "api": API_VERSION, "schema_version": LATEST_VERSION}


@router.get("/stats", response_model=Answer, dependencies=[Depends(require_read)])
def stats(tb: Session) -> dict[str, Any]:
    """What the store holds: alliances, memberships, measures, domains … and its build."""
    return tb.stats()
