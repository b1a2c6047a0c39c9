"""The REST API (FastAPI): ``create_app(db_path, settings)``; ``techbloc serve`` runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from techbloc.api.settings import ApiSettings


def create_app(db_path: Any = None, settings: ApiSettings | None = None) -> FastAPI:
    """The API over a store (see :func:`techbloc.api.app.create_app`)."""
    from techbloc.api.app import create_app as create

    return create(db_path, settings)


__all__ = ["create_app"]
