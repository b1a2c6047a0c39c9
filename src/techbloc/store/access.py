"""Shared access to one store file by a long-running process (the API server).

DuckDB lets one process write a database file, or several processes read it, never both; and a
process cannot hold the same file open read-only and read-write at once. So a server:

* reads through one read-only database, each request on its own cursor (DuckDB runs queries of
  several cursors of one database in parallel);
* writes in an exclusive section: new readers wait, running ones finish, the read-only database is
  closed, the writer opens the file read-write (or hands its path to an importer), and the next
  reader opens it read-only again;
* lets other processes in (``techbloc token create``, ``techbloc import …``): after
  ``idle_release`` seconds without a request it closes the file, and opens it again on the next
  request. When the file changed meanwhile, :attr:`generation` goes up, so caches built from the
  store (the screening index) are rebuilt.

Other processes that want to write while the server is busy wait for it with
:func:`connect_writable` (it retries while the file is locked).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from techbloc.errors import StoreError
from techbloc.store.connection import open_store

LOCK_WAIT_SECONDS = 10.0
"""How long an open waits for another process to let go of the file."""


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def connect_with_retry(
    path: Path, read_only: bool, wait: float = LOCK_WAIT_SECONDS
) -> duckdb.DuckDBPyConnection:
    """A connection to ``path``, retrying while another process holds a conflicting lock."""
    deadline = time.monotonic() + wait
    pause = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc) or time.monotonic() >= deadline:
                mode = "read" if read_only else "write"
                raise StoreError(
                    f"cannot open the store {path} to {mode}: {exc}",
                    hint="another techbloc process holds it (a running 'techbloc serve' lets go "
                    "after a few idle seconds); try again, or stop that process",
                ) from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


def connect_writable(path: Path, wait: float = LOCK_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """A read-write connection, waiting up to ``wait`` seconds for other processes to let go."""
    return connect_with_retry(path, read_only=False, wait=wait)


class StoreAccess:
    """Readers share a read-only database; a writer has the file to itself (module docstring)."""

    def __init__(
        self, path: Path, idle_release: float | None = 2.0, threads: int | None = None
    ) -> None:
        opened = open_store(path)  # builds or migrates the store when it must, then read-only
        self.path = path
        self.threads = threads
        if threads:
            opened.con.execute(f"SET threads = {int(threads)}")
        self.notices = opened.notices
        self.idle_release = idle_release
        self.generation = 0
        self._db: duckdb.DuckDBPyConnection | None = opened.con
        self._stamp = self._file_stamp()
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._last_read = time.monotonic()
        self._closed = False
        self._releaser: threading.Thread | None = None
        if idle_release is not None:
            self._releaser = threading.Thread(
                target=self._release_when_idle, name="techbloc-store-idle", daemon=True
            )
            self._releaser.start()

    def _file_stamp(self) -> tuple[int, int, int]:
        wal = self.path.with_name(self.path.name + ".wal")
        stat = self.path.stat()
        wal_size = wal.stat().st_size if wal.exists() else 0
        return stat.st_mtime_ns, stat.st_size, wal_size

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the read-only database, for one request."""
        with self._cond:
            while self._writing:
                self._cond.wait()
            if self._closed:
                raise StoreError("the store is closed", hint="the server is shutting down")
            if self._db is None:
                self._db = connect_with_retry(self.path, read_only=True)
                if self.threads:
                    self._db.execute(f"SET threads = {int(self.threads)}")
                stamp = self._file_stamp()
                if stamp != self._stamp:
                    self._stamp = stamp
                    self.generation += 1
            self._readers += 1
            cursor = self._db.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._cond:
                self._readers -= 1
                self._last_read = time.monotonic()
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[Path]:
        """The store file to this writer alone (within this process): readers wait; the writer
        opens it read-write (:func:`connect_writable`) or hands the path to an importer."""
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._writing = True
            while self._readers:
                self._cond.wait()
            self._close_db()
        try:
            yield self.path
        finally:
            with self._cond:
                self._stamp = self._file_stamp()
                self.generation += 1
                self._writing = False
                self._cond.notify_all()

    def _close_db(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _release_when_idle(self) -> None:
        assert self.idle_release is not None
        tick = min(0.5, self.idle_release / 2) if self.idle_release > 0 else 0.05
        while True:
            time.sleep(tick)
            with self._cond:
                if self._closed:
                    return
                idle = time.monotonic() - self._last_read
                if self._readers == 0 and not self._writing and idle >= self.idle_release:
                    self._close_db()

    @property
    def is_open(self) -> bool:
        """Whether this process holds the file open now."""
        return self._db is not None

    def close(self) -> None:
        with self._cond:
            self._closed = True
            while self._readers or self._writing:
                self._cond.wait()
            self._close_db()
