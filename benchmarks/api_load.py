"""Load test of the REST API on the loopback interface, against the same calls on the Python API.

A store is built in a temporary folder: the built-in knowledge base, the US Consolidated Screening
List snapshot of 2023 (../shared/datasets/us-csl-watchman/csl_2023.csv; the CSL fixture when the
shared data is absent) and the document-search test corpus, indexed. ``techbloc serve`` runs it in
a subprocess (one uvicorn process, as `make run` starts it) on a free port of 127.0.0.1. Then
CLIENTS concurrent clients (asyncio + httpx, one connection each) send requests for SECONDS
seconds (and at most MAX_REQUESTS in all), each picking its next request at random (seed 1) from:

  read      GET /api/v1/alliances?at=2023-09-01, /measures?since=2022-01-01&limit=50,
            /countries/NL?at=2023-09-01, /overview/map?at=2024-01-01
  search    GET /api/v1/documents/search?q=…   (eight queries, Chinese and English)
  screening POST /api/v1/screen {"name": …}     (eight names, Chinese, pinyin, English)

With ``--with-import`` a writer imports list snapshots through the API the whole time the clients
run (POST /api/v1/imports/lists/csl with a token, one after another, each a new snapshot of the
2023 CSL: see ``Importer``), so the readers meet an import holding the store. The server's resident
memory (VmRSS) is sampled every second. Rate limits are turned off (every client shares the
loopback address; the limits are tested in tests/api).

Per endpoint: requests, errors (status ≠ 200 or a transport error), latency p50 / p95 / p99 and
requests per second; before it, one client alone for SERIAL_SECONDS (the latency without
queueing). Baseline in the same run: the same calls made directly on the Python API (``Techbloc``
over the same store, one thread, no HTTP), BASELINE_SECONDS per endpoint, with the same
percentiles. The load generator shares the machine's cores with the server.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/api_load.py [--clients 50] [--seconds 60]
      [--with-import] [--serial-seconds 10] [--baseline-seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import io
import itertools
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CSL_2023 = ROOT.parent / "shared" / "datasets" / "us-csl-watchman" / "csl_2023.csv"
CSL_FIXTURE = ROOT / "tests" / "fixtures" / "csl" / "snapshot_v1.csv"

QUERIES = [
    "出口管制",
    "export controls",
    "半导体 设备",
    "Entity List",
    "瓦森纳",
    "graphite",
    "gallium germanium",
    "人工智能",
]
NAMES = [
    "华为技术有限公司",
    "中芯国际",
    "Hikvision",
    "zhongxing tongxun",
    "Lockheed Martin",
    "海康威视",
    "Example Trading Ltd",
    "北京航空航天大学",
]
READS = {
    "alliances": "/api/v1/alliances?at=2023-09-01",
    "measures": "/api/v1/measures?since=2022-01-01&limit=50",
    "country": "/api/v1/countries/NL?at=2023-09-01",
    "map": "/api/v1/overview/map?at=2024-01-01",
}


def build_store(folder: Path) -> tuple[Path, str]:
    from tests.documents.search.corpus import insert_corpus

    from techbloc.documents.search_index import index_documents
    from techbloc.ingest.lists import import_list_file
    from techbloc.store.build import build_store as build

    path = folder / "load.duckdb"
    build(path)
    lists = CSL_2023 if CSL_2023.exists() else CSL_FIXTURE
    import_list_file(path, str(lists), retrieved=dt.date(2023, 11, 30))
    with duckdb.connect(str(path)) as con:
        insert_corpus(con)
        index_documents(con)
    return path, lists.name


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHBLOC_")}
    env.update(PYTHONPATH=str(ROOT / "src"), TECHBLOC_API_RATE_READ="0",
               TECHBLOC_API_RATE_WRITE="0")  # fmt: skip
    return env


def create_token(db: Path) -> str:
    command = [sys.executable, "-c", "from techbloc.cli.app import main; main()",
               "token", "create", "load", "--db", str(db)]  # fmt: skip
    done = subprocess.run(command, env=server_env(), capture_output=True, text=True, check=True)
    return done.stdout.strip()


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = server_env()
    command = [
        sys.executable,
        "-c",
        "from techbloc.cli.app import main; main()",
        "serve",
        "--port",
        str(port),
        "--db",
        str(db),
    ]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    sys.exit("the server did not start")


def request_for(rng: random.Random) -> tuple[str, str, str, dict[str, Any] | None]:
    """(endpoint label, method, path, json body) of the next request."""
    kind = rng.choice(["read", "read", "search", "screening"])
    if kind == "read":
        label = rng.choice(sorted(READS))
        return f"read:{label}", "GET", READS[label], None
    if kind == "search":
        return "search", "GET", f"/api/v1/documents/search?q={rng.choice(QUERIES)}", None
    return "screening", "POST", "/api/v1/screen", {"name": rng.choice(NAMES)}


class Importer(threading.Thread):
    """Imports snapshots of a CSL file through the API one after another until stopped. Each
    snapshot is new (an import of a file already imported is skipped): snapshot k leaves out
    the rows whose number is k modulo 97 or k modulo 89, so every import adds back the entries
    the previous one removed and removes others (about 90 of 4,227 each way), dated a day later."""

    def __init__(self, url: str, token: str, source: Path) -> None:
        super().__init__(daemon=True)
        self.url, self.token = url, token
        with source.open(encoding="utf-8", newline="") as handle:
            self.header, *self.rows = list(csv.reader(handle))
        self.stop = threading.Event()
        self.times: list[float] = []
        self.failures: list[str] = []
        self.changes = 0

    def snapshot(self, k: int) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.header)
        writer.writerows(
            r for i, r in enumerate(self.rows) if i % 97 != k % 97 and i % 89 != k % 89
        )
        return out.getvalue().encode("utf-8")

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.url, timeout=600, headers=headers) as http:
            for k in itertools.count(1):
                if self.stop.is_set():
                    return
                start = time.perf_counter()
                response = http.post(
                    "/api/v1/imports/lists/csl",
                    files={"file": (f"csl-{k}.csv", self.snapshot(k), "text/csv")},
                    data={"retrieved": (dt.date(2023, 11, 30) + dt.timedelta(days=k)).isoformat()},
                )
                self.times.append(time.perf_counter() - start)
                if response.status_code != 200:
                    self.failures.append(f"{response.status_code} {response.text[:200]}")
                else:
                    report = response.json()
                    self.changes += report["added"] + report["changed"] + report["removed"]


class MemorySampler(threading.Thread):
    """The resident memory of a process (VmRSS, KiB) once a second until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.samples: list[int] = []

    def run(self) -> None:
        status = Path(f"/proc/{self.pid}/status")
        while not self.stop.wait(1.0):
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    self.samples.append(int(line.split()[1]))


async def run_load(url: str, clients: int, seconds: float, max_requests: int) -> dict[str, Any]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    sent = 0
    deadline = time.monotonic() + seconds

    async def client(number: int) -> None:
        nonlocal sent
        rng = random.Random(1000 + number)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, timeout=60.0, limits=limits) as http:
            while time.monotonic() < deadline and sent < max_requests:
                sent += 1
                label, method, path, body = request_for(rng)
                start = time.perf_counter()
                try:
                    response = await http.request(method, path, json=body)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies[label].append(time.perf_counter() - start)
                if not ok:
                    errors[label] += 1

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return {"latencies": latencies, "errors": errors, "elapsed": time.perf_counter() - started}


def baseline(db: Path, seconds: float) -> dict[str, list[float]]:
    """The same calls on the Python API, one after another, ``seconds`` per endpoint."""
    from techbloc import Techbloc

    tb = Techbloc.open(db)
    rng = random.Random(1)
    calls: dict[str, Callable[[], object]] = {
        "read:alliances": lambda: tb.alliances(at="2023-09-01"),
        "read:measures": lambda: tb.measures(since="2022-01-01", with_sources=True)[:50],
        "read:country": lambda: tb.country("NL", at="2023-09-01"),
        "read:map": lambda: tb.membership_map(at="2024-01-01"),
        "search": lambda: tb.search_documents_page(rng.choice(QUERIES), limit=20),
        "screening": lambda: tb.screen(rng.choice(NAMES)),
    }
    tb.screen("warm up")  # the index is built once per process, in both runs
    found: dict[str, list[float]] = {}
    for label, call in calls.items():
        times: list[float] = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        found[label] = times
    tb.close()
    return found


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        v = values[0] if values else float("nan")
        return v, v, v
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[94], cuts[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--with-import", action="store_true", help="import lists meanwhile")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--baseline-seconds", type=float, default=5.0)
    parser.add_argument("--serial-seconds", type=float, default=10.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="techbloc-load-"))
    try:
        t0 = time.perf_counter()
        db, lists = build_store(folder)
        print(f"store: built-in KB + {lists} + search corpus ({time.perf_counter() - t0:.1f} s)")
        token = create_token(db)
        process, url = start_server(db)
        importer = None
        memory = MemorySampler(process.pid)
        try:
            warm = httpx.post(f"{url}/api/v1/screen", json={"name": "warm up"}, timeout=120)
            assert warm.status_code == 200, warm.text
            serial = asyncio.run(run_load(url, 1, args.serial_seconds, args.max_requests))
            if args.with_import:
                importer = Importer(url, token, CSL_2023 if CSL_2023.exists() else CSL_FIXTURE)
                importer.start()
            memory.start()
            result = asyncio.run(run_load(url, args.clients, args.seconds, args.max_requests))
            memory.stop.set()
            if importer is not None:
                importer.stop.set()
                importer.join(timeout=600)
        finally:
            process.terminate()
            process.wait(timeout=30)
        direct = baseline(db, args.baseline_seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for name, run in (("HTTP, 1 client", serial), (f"HTTP, {args.clients} clients", result)):
        count = sum(len(v) for v in run["latencies"].values())
        print(
            f"{name}: {run['elapsed']:.1f} s, {count} requests, {count / run['elapsed']:.1f} "
            f"req/s, {sum(run['errors'].values())} errors"
        )
    total = sum(len(v) for v in result["latencies"].values())
    print(f"(load generator and server share the machine; {total} requests in the loaded run)")
    if importer is not None:
        times = importer.times
        print(
            f"imports meanwhile: {len(times)} finished, {len(importer.failures)} failed, "
            f"{statistics.median(times) if times else float('nan'):.1f} s median each, "
            f"{importer.changes} entries added, changed or removed in all"
            + (f"; first failure: {importer.failures[0]}" if importer.failures else "")
        )
    rss = [kib / 1024 for kib in memory.samples]
    if len(rss) >= 20:
        first, last = statistics.mean(rss[:10]), statistics.mean(rss[-10:])
        windows = " → ".join(
            f"{statistics.mean(rss[i : i + 10]):.0f}" for i in range(0, len(rss), 10)
        )
        print(
            f"server memory (VmRSS, {len(rss)} samples): first 10 s {first:.0f} MiB, last 10 s "
            f"{last:.0f} MiB, peak {max(rss):.0f} MiB; by 10 s: {windows} MiB"
        )
    print(
        "| endpoint | requests | errors | req/s | HTTP p50 / p95 / p99 (ms) | "
        "1 client p50 (ms) | direct p50 / p95 / p99 (ms) | direct calls |"
    )
    print("|---|---:|---:|---:|---|---:|---|---:|")
    for label in sorted(result["latencies"]):
        times = result["latencies"][label]
        h = percentiles(times)
        d = percentiles(direct[label])
        print(
            f"| {label} | {len(times)} | {result['errors'].get(label, 0)} | "
            f"{len(times) / result['elapsed']:.1f} | "
            f"{h[0] * 1000:.0f} / {h[1] * 1000:.0f} / {h[2] * 1000:.0f} | "
            f"{percentiles(serial['latencies'].get(label, []))[0] * 1000:.0f} | "
            f"{d[0] * 1000:.1f} / {d[1] * 1000:.1f} / {d[2] * 1000:.1f} | {len(direct[label])} |"
        )


if __name__ == "__main__":
    main()
