"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against a real server
(uvicorn on a free loopback port) over a store built from the knowledge base plus small fixtures
(a restricted-party list, supply shares, documents, one alert).

Where Chromium, Playwright or the npm assets are missing the tests skip with the reason; under CI
(``CI=true``) that is a failure. Playwright's own browser download is never used."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "build" / "screenshots"
VENDOR = ROOT / "web" / "node_modules"
LOOPBACK = {"127.0.0.1", "localhost"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "kb_store: the page is served over the store of the knowledge base alone"
    )


def require(condition: bool, message: str) -> None:
    """Skip with ``message`` when ``condition`` fails; under CI fail instead."""
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; CI must have it (.ci/run installs it)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    """The built-in store plus one CSL snapshot, supply shares, three documents and an alert."""
    from techbloc.documents.store import import_documents
    from techbloc.ingest.lists import import_list_file
    from techbloc.ingest.supply import import_supply_source

    path = tmp_path_factory.mktemp("dashboard") / "dashboard.duckdb"
    shutil.copyfile(builtin_db, path)
    import_list_file(path, str(FIXTURES / "csl" / "snapshot_v1.csv"), "csl", dt.date(2024, 1, 1))
    import_supply_source(path, str(FIXTURES / "supply" / "shares_percent.csv"))
    docs = FIXTURES / "documents"
    import_documents(
        path, [str(docs / "zh_notice.txt"), str(docs / "en_news.html")], tag_with_store_kb=True
    )
    with duckdb.connect(str(path)) as con:
        insert_alert(con)
    return path


ALERT_ID = "dashboardtest01"


def insert_alert(con: duckdb.DuckDBPyConnection) -> None:
    """One red alert on semiconductor equipment resting on a knowledge-base measure (with its
    source URL) and on a document, as the early warning stores them (migration 0012)."""
    measure_id, url = con.execute(
        """SELECT m.measure_id, s.url FROM measures m, unnest(m.source_ids) AS u(source_id)
           JOIN sources s USING (source_id)
           WHERE m.measure_id = 'us-2022-10-07-advanced-computing-sme-rule' AND s.url IS NOT NULL
           LIMIT 1"""
    ).fetchone() or (None, None)
    assert measure_id, "the knowledge base lost the October 2022 rule the alert fixture cites"
    doc_id = con.execute("SELECT doc_id FROM documents ORDER BY doc_id LIMIT 1").fetchone()[0]
    con.execute(
        """INSERT INTO alerts VALUES (?, 'rule:surge', 'domain', 'semiconductor-equipment',
           DATE '2022-09-01', DATE '2022-10-31', 'red', 'count_60d', 4, 2,
           'Surge of restrictive measures on semiconductor equipment',
           '半导体设备领域限制性措施激增', '{"baseline": 0.5}', 'new', DATE '2022-10-07',
           DATE '2022-10-31', 1, TIMESTAMP '2022-10-31 00:00', TIMESTAMP '2022-10-31 00:00')""",
        [ALERT_ID],
    )
    con.execute(
        "INSERT INTO alert_evidence VALUES (?, 'measure', ?, DATE '2022-10-07', "
        "'Advanced computing and semiconductor manufacturing rule', ?)",
        [ALERT_ID, measure_id, url],
    )
    con.execute(
        "INSERT INTO alert_evidence VALUES (?, 'document', ?, NULL, 'Fixture document', NULL)",
        [ALERT_ID, doc_id],
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """A real server (uvicorn, in a thread) over ``db``; its base URL."""
    require(VENDOR.joinpath("echarts").is_dir(), f"npm assets missing in {VENDOR} (make web)")
    import uvicorn

    from techbloc.api.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the dashboard server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def dashboard_url(dashboard_db: Path) -> Iterator[str]:
    """The server over the store with fixtures (a list, supply shares, documents, an alert)."""
    with serving(dashboard_db) as url:
        yield url


@pytest.fixture(scope="session")
def kb_dashboard_url(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Iterator[str]:
    """The server over a copy of the store built from the knowledge base alone (what
    ``make run`` serves): no list, no supply data, no document, no alert."""
    path = tmp_path_factory.mktemp("kb-dashboard") / "kb.duckdb"
    shutil.copyfile(builtin_db, path)
    with serving(path) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(CHROMIUM.is_file(), f"{CHROMIUM} is absent (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python is not installed (the dev extra)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A browser page and everything that went wrong on it."""

    page: Any
    base: str
    lang: str
    problems: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def open(self, route: str) -> None:
        """Load the dashboard at ``#/route`` in the page's language (chart animation off) and
        wait until the page has rendered."""
        self.page.goto(f"{self.base}/?test=1&lang={self.lang}#/{route}")
        self.wait_ready()

    def wait_ready(self) -> None:
        self.page.wait_for_selector("body[data-ready] main[aria-busy='false']", timeout=30_000)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert not self.outside, f"requests left the machine: {self.outside}"
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def watched(browser: Any, dashboard_url: str, request: pytest.FixtureRequest) -> Iterator[Watched]:
    """A fresh browser context (viewport 1360×900; language en, or the test's parameter) whose
    console errors, page errors, failed or refused requests are recorded; any request that is not
    for the loopback server is aborted and recorded. Tests marked ``kb_store`` get the server over
    the knowledge base alone."""
    lang = getattr(request, "param", None) or "en"
    base = dashboard_url
    if "kb_store" in request.keywords:
        base = request.getfixturevalue("kb_dashboard_url")
    context = browser.new_context(
        viewport={"width": 1360, "height": 900}, locale="zh-CN" if lang == "zh" else "en-GB"
    )
    watched = Watched(context.new_page(), base, lang)

    def guard(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in LOOPBACK or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            watched.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = watched.page
    problems = watched.problems
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: watched.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: watched.problems.append(f"failed: {r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and watched.problems.append(f"HTTP {r.status}: {r.url}"),
    )
    yield watched
    context.close()
