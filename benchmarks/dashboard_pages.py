"""How long each dashboard page takes to render in a real browser, and which API call dominates.

A store built from the built-in knowledge base (in a temporary folder) is served by uvicorn on a
free loopback port; Debian's Chromium (Playwright, ``/usr/bin/chromium``) opens each page
``--repeat`` times in a fresh context (cold browser cache, warm server) with chart animation off
(``?test=1``), and the time runs from ``goto`` to the page marking itself rendered
(``main[aria-busy=false]``). For each page the slowest API request of the median run is named,
with its time as the browser saw it (Resource Timing: request start to response end). The first
load of each page after the server starts is thrown away (the server's first call to an indicator
imports Ibis and networkx).

Baseline in the same run: the same pages' API calls straight from Python (httpx, no browser), so
the browser's own share (modules, ECharts drawing) is the difference.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/dashboard_pages.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PAGES = [
    "overview", "network", "measures", "heatmap", "pressure", "alerts", "screening",
    "documents", "alliances", "alliance/wassenaar", "country/NL",
]  # fmt: skip
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(db: Path) -> tuple[str, Any]:
    import uvicorn

    from techbloc.api.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def load(browser: Any, base: str, page_route: str) -> tuple[float, list[tuple[str, float]]]:
    """Seconds to render one page, and its API requests with their durations (ms)."""
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{base}/?test=1&lang=en#/{page_route}")
    page.wait_for_selector("body[data-ready] main[aria-busy='false']", timeout=120_000)
    seconds = time.perf_counter() - start
    entries = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('/api/v1/'))"
        ".map(e => [e.name, e.responseEnd - e.requestStart])"
    )
    context.close()
    return seconds, [(str(name), float(ms)) for name, ms in entries]


def api_only(base: str, calls: list[str]) -> float:
    """Seconds for the same API calls in sequence from Python (no browser)."""
    import httpx

    start = time.perf_counter()
    with httpx.Client() as client:
        for url in calls:
            client.get(url)  # a 404 (no supply data imported) is an answer too
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from techbloc.store.build import build_store

    folder = Path(tempfile.mkdtemp(prefix="techbloc-dashboard-bench-"))
    try:
        db = folder / "kb.duckdb"
        build_store(db)
        base, server = serve(db)
        print(f"load average at start: {os.getloadavg()}")
        print("| page | median s | min s | max s | API calls | slowest call (median run) | "
              "same calls from Python, s |")  # fmt: skip
        print("|---|---|---|---|---|---|---|")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            for route in PAGES:
                load(browser, base, route)  # warm-up, thrown away
                runs = [load(browser, base, route) for _ in range(args.repeat)]
                times = [r[0] for r in runs]
                median_run = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
                calls = median_run[1]
                name, ms = max(calls, key=lambda c: c[1]) if calls else ("—", 0.0)
                short = name.split("/api/v1", 1)[-1].split("?", 1)[0]
                python_s = api_only(base, [c[0] for c in calls])
                print(f"| {route} | {statistics.median(times):.2f} | {min(times):.2f} | "
                      f"{max(times):.2f} | {len(calls)} | {short} {ms / 1000:.2f} s | "
                      f"{python_s:.2f} |")  # fmt: skip
            browser.close()
        print(f"load average at end: {os.getloadavg()}")
        server.should_exit = True
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
