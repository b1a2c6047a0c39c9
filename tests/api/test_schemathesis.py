"""Schemathesis against the OpenAPI document, on a live server over its own copy of the test
store: every operation with a few generated inputs (valid and invalid), with the writer's token;
no 500s, and every answer as the schema says (status documented, body matching, content type).
``make fuzz-api`` runs the same with many more examples (benchmarks/fuzz_api.py). The check
``positive_data_acceptance`` is left out: a name the schema cannot enumerate (an unknown
alliance, stage, country) is refused with a typed 400, which is right."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.fuzz_api import run_schemathesis

from tests.api.conftest import Served, served_copy

EXAMPLES = int(os.environ.get("TECHBLOC_FUZZ_EXAMPLES", "3"))
BODIES = int(os.environ.get("TECHBLOC_FUZZ_BODIES", "0"))
"""Generated bodies per operation that takes one (``make fuzz-api``; 0 in the normal suite,
where the fuzzing phase above sends a few bodies to each)."""
PHASES = os.environ.get("TECHBLOC_FUZZ_PHASES", "examples,fuzzing")


@pytest.fixture(scope="module")
def fuzz_server(
    api_store: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """A server over its own copy of the store, rate limits off."""
    from techbloc.api.settings import ApiSettings

    settings = ApiSettings(idle_release=None, read_rate=0, write_rate=0)
    with served_copy(api_store, tmp_path_factory, "fuzz", settings) as served:
        yield served


def test_api_matches_its_schema(fuzz_server: Served) -> None:
    result = run_schemathesis(
        fuzz_server.url, fuzz_server.tokens["writer"], EXAMPLES, phases=PHASES
    )
    print(result.stdout[-3000:])  # the counts, for make fuzz-api (pytest -s)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Tested:" in result.stdout and " 0 generated" not in result.stdout


@pytest.mark.skipif(BODIES == 0, reason="make fuzz-api sends many bodies (TECHBLOC_FUZZ_BODIES)")
def test_request_bodies(fuzz_server: Served) -> None:
    """Every operation that takes a body (POST: screening, uploads, imports, scenarios, alert
    states) with BODIES generated bodies, valid and invalid."""
    result = run_schemathesis(
        fuzz_server.url, fuzz_server.tokens["writer"], BODIES, phases="fuzzing",
        only=["--include-method", "POST"],
    )  # fmt: skip
    print(result.stdout[-3000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
