"""What the server holds for its whole life: the store access, the caches built from the store,
the settings and the token checks. One per app (``app.state.techbloc``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import anyio
import duckdb

from techbloc.api.errors import ApiError
from techbloc.api.settings import ApiSettings
from techbloc.store import api_tokens
from techbloc.store.access import StoreAccess, connect_writable
from techbloc.store.connection import OpenedStore
from techbloc.workspace import SharedCaches, Techbloc

T = TypeVar("T")
BEARER_HINT = "create a token with 'techbloc token create NAME' and send 'Authorization: Bearer …'"


@dataclass(frozen=True)
class Verified:
    name: str
    token_id: str
    token_hash: bytes


@dataclass
class ServerState:
    access: StoreAccess
    settings: ApiSettings
    caches: SharedCaches = field(default_factory=SharedCaches)
    _generation: int = 0
    _verified: dict[str, Verified] = field(default_factory=dict)
    _last_used: dict[str, dt.datetime] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _limiter: anyio.CapacityLimiter | None = None

    def limiter(self) -> anyio.CapacityLimiter:
        """Worker threads that may work on the store at once (``max_concurrent_queries``): a few
        per core keep the cores busy; dozens of threads fighting for the interpreter lock slow
        every request down. Made on first use, inside the event loop."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.settings.max_concurrent_queries)
        return self._limiter

    @contextmanager
    def session(self) -> Iterator[Techbloc]:
        """A read-only session over the store (within one thread call: see ``deps.ask``)."""
        with self.access.read() as con:
            with self._lock:
                if self.access.generation != self._generation:
                    self._generation = self.access.generation
                    self.caches.reset()
            yield Techbloc(OpenedStore(con, self.access.path, []), self.caches)

    def write(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run ``work`` on a read-write connection, alone; token uses noted since the last write
        are saved in the same go."""
        with self.access.exclusive() as path:
            con = connect_writable(path)
            try:
                self._flush_uses(con)
                return work(con)
            finally:
                con.close()

    def write_file(self, work: Callable[[Path], T]) -> T:
        """Run ``work`` with the store's path while no reader holds it (for importers that open
        the store themselves)."""
        with self.access.exclusive() as path:
            con = connect_writable(path)
            try:
                self._flush_uses(con)
            finally:
                con.close()
            return work(path)

    def _flush_uses(self, con: duckdb.DuckDBPyConnection) -> None:
        with self._lock:
            pending, self._last_used = self._last_used, {}
        if pending:
            api_tokens.record_use(con, pending)

    def close(self) -> None:
        """Save the pending token uses (when the store can be written) and let go of the file."""
        if self._last_used:
            # the last-used dates are a courtesy: another process may hold the file at shutdown
            with contextlib.suppress(Exception):
                self.write(lambda con: None)
        self.access.close()

    def check_token(self, authorization: str | None) -> str:
        """The name of the token in an ``Authorization: Bearer …`` header, or a 401 error."""
        scheme, _, token = (authorization or "").partition(" ")
        if not authorization:
            raise ApiError(401, "this request needs a bearer token", BEARER_HINT,
                           {"WWW-Authenticate": "Bearer"})  # fmt: skip
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "the Authorization header is not 'Bearer <token>'", BEARER_HINT,
                           {"WWW-Authenticate": "Bearer"})  # fmt: skip
        token = token.strip()
        key = hashlib.sha256(token.encode()).hexdigest()
        with self.access.read() as con:
            known = self._verified.get(key)
            if known is not None:
                state = api_tokens.token_state(con, known.token_id)
                valid = state is not None and state[0] == known.token_hash
                revoked = bool(state and state[1])
                name = known.name if valid else None
            else:
                check = api_tokens.find_token(con, token)
                name = check.name if check else None
                revoked = bool(check and check.revoked)
                if check and not check.revoked:
                    self._verified[key] = Verified(check.name, check.token_id, check.token_hash)
        if name is None:
            raise ApiError(401, "invalid token", BEARER_HINT, {"WWW-Authenticate": "Bearer"})
        if revoked:
            self._verified.pop(key, None)
            raise ApiError(401, f"the token {name!r} has been revoked", BEARER_HINT,
                           {"WWW-Authenticate": "Bearer"})  # fmt: skip
        with self._lock:
            self._last_used[name] = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        return name
