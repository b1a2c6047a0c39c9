"""Errors a user can act on: each carries a message and, where one helps, a hint."""

from __future__ import annotations


class TechblocError(Exception):
    """An error the interfaces show as a message (never as a traceback)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidArgument(TechblocError):
    """A value given by the user does not fit (bad date, unknown kind, unknown domain ...)."""


class NotFound(TechblocError):
    """A name or id that matches nothing in the store."""


class StoreError(TechblocError):
    """The store is missing, unreadable, or was built by a newer schema."""


class NotReady(StoreError):
    """The store is fine but does not yet hold what the question needs (no documents imported,
    the full-text index not built): a step the user takes first, named in the hint."""
