"""Schemathesis against the OpenAPI document, on a live server over its own copy of the test
store: every operation with a few generated inputs (valid and invalid), with the writer's token;
no 500s, and every answer as the schema says (status documented, body matching, content type).
``make fuzz-api`` runs the same with many more examples (benchmarks/fuzz_api.py). The check
``positive_data_acceptance`` is left out: a name the schema cannot enumerate (an unknown
alliance, stage, country) is refused with a typed 400, which is right."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.fuzz_api import run_schemathesis

from tests.api.conftest import Served, free_port, wait_until_up

EXAMPLES = int(os.environ.get("TECHBLOC_FUZZ_EXAMPLES", "3"))
PHASES = os.environ.get("TECHBLOC_FUZZ_PHASES", "examples,fuzzing")


@pytest.fixture(scope="module")
def fuzz_server(
    api_store: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    import uvicorn

    from techbloc.api import create_app
    from techbloc.api.settings import ApiSettings

    source, tokens = api_store
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    shutil.copyfile(source, db)
    settings_ = ApiSettings(idle_release=None, read_rate=0, write_rate=0)
    port = free_port()
    config = uvicorn.Config(
        create_app(db, settings_), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, thread.is_alive)
    yield Served(url, db, tokens)
    uv.should_exit = True
    thread.join(timeout=30)


def test_api_matches_its_schema(fuzz_server: Served) -> None:
    result = run_schemathesis(
        fuzz_server.url, fuzz_server.tokens["writer"], EXAMPLES, phases=PHASES
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Tested:" in result.stdout and " 0 generated" not in result.stdout
