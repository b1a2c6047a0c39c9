"""A server's access to the store: readers share a read-only database, a writer has the file to
itself, and an idle server lets other processes write."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from techbloc.errors import StoreError
from techbloc.store.access import StoreAccess, connect_with_retry, connect_writable

ROOT = Path(__file__).resolve().parents[2]


def test_readers_then_an_exclusive_writer(fresh_store: Path) -> None:
    access = StoreAccess(fresh_store, idle_release=None)
    try:
        with access.read() as a, access.read() as b:
            assert (
                a.execute("SELECT count(*) FROM alliances").fetchone()
                == b.execute("SELECT count(*) FROM alliances").fetchone()
            )
        generation = access.generation
        with access.exclusive() as path:
            assert not access.is_open
            with connect_writable(path) as con:
                con.execute("CREATE TABLE scratch AS SELECT 1 AS x")
        assert access.generation == generation + 1
        with access.read() as con:
            assert con.execute("SELECT x FROM scratch").fetchone() == (1,)
    finally:
        access.close()


def test_a_writer_waits_for_running_readers(fresh_store: Path) -> None:
    access = StoreAccess(fresh_store, idle_release=None)
    order: list[str] = []
    reading = threading.Event()
    release = threading.Event()

    def reader() -> None:
        with access.read():
            order.append("read start")
            reading.set()
            release.wait(timeout=30)
            order.append("read end")

    def writer() -> None:
        with access.exclusive():
            order.append("write")

    first = threading.Thread(target=reader)
    first.start()
    reading.wait(timeout=30)
    second = threading.Thread(target=writer)
    second.start()
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    access.close()
    assert order == ["read start", "read end", "write"]


def _write_from_another_process(path: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from pathlib import Path; from techbloc.store.access import "
        "connect_writable; con = connect_writable(Path(sys.argv[1]), wait=30); "
        "con.execute('CREATE TABLE other_process AS SELECT 2 AS y'); con.close()"
    )
    env = {"PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_an_idle_server_lets_another_process_write(fresh_store: Path) -> None:
    access = StoreAccess(fresh_store, idle_release=0.1)
    try:
        with access.read() as con:
            con.execute("SELECT 1").fetchall()
        generation = access.generation
        done = _write_from_another_process(fresh_store)
        assert done.returncode == 0, done.stderr
        with access.read() as con:  # opened again, and the change is seen
            assert con.execute("SELECT y FROM other_process").fetchone() == (2,)
        assert access.generation > generation
    finally:
        access.close()


def test_a_held_file_is_a_clear_error(fresh_store: Path) -> None:
    code = (
        "import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); print('held', flush=True);"
        " time.sleep(30)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(fresh_store)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="cannot open the store .* to read") as caught:
            connect_with_retry(fresh_store, read_only=True, wait=0.2)
        assert "another techbloc process holds it" in (caught.value.hint or "")
    finally:
        holder.kill()
        holder.wait(timeout=30)
    connect_with_retry(fresh_store, read_only=True, wait=5).close()  # free again
