"""Schemathesis against the REST API's OpenAPI document on a live server.

``run_schemathesis`` is what tests/api/test_schemathesis.py runs with a few examples per
operation; run as a script it starts ``techbloc serve`` over a copy of a store (rate limits off),
creates a token in the copy and runs the examples, coverage and fuzzing phases with many more
examples. Checks: all of schemathesis' checks but ``positive_data_acceptance`` (a name the
schema cannot enumerate — an unknown alliance, stage or country — is rightly a typed 400).

Run:  PYTHONPATH=src .venv/bin/python benchmarks/fuzz_api.py --db STORE [--examples 50]
      (make fuzz-api)
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ST = Path(sys.executable).with_name("st")


def run_schemathesis(
    url: str,
    token: str,
    examples: int,
    phases: str = "examples,coverage,fuzzing",
    only: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``st run`` against the live server at ``url``; ``only``: extra filtering options (e.g.
    ``["--include-method", "POST"]`` for the operations that take a body)."""
    command = [
        str(ST), "run", f"{url}/api/v1/openapi.json", "--url", url,
        "--phases", phases, "--max-examples", str(examples),
        "--exclude-checks", "positive_data_acceptance",
        "--header", f"Authorization: Bearer {token}", "--no-color", "--seed", "1",
        "--request-timeout", "300",  # a 10-year partners series takes a minute on a busy machine
        *(only or []),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=3600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a techbloc store (it is copied)")
    parser.add_argument("--examples", type=int, default=50)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="fuzz-api-"))
    db = folder / "fuzz.duckdb"
    shutil.copyfile(args.db, db)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHBLOC_")}
    env.update(PYTHONPATH=str(ROOT / "src"), TECHBLOC_API_RATE_READ="0",
               TECHBLOC_API_RATE_WRITE="0")  # fmt: skip
    cli = [sys.executable, "-c", "from techbloc.cli.app import main; main()"]
    token = subprocess.run(
        [*cli, "token", "create", "fuzz", "--db", str(db)],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*cli, "serve", "--port", str(port), "--db", str(db)], env=env)
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        started = time.perf_counter()
        result = run_schemathesis(url, token, args.examples)
        print(result.stdout[-8000:])
        print(f"schemathesis: {time.perf_counter() - started:.0f} s, exit {result.returncode}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
