"""The CLI starts without loading the heavy libraries that only some commands need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "ibis",
    "pandas",
    "pyspark",
    "pypdf",
    "trafilatura",
    "networkx",
    "jieba",
    "docx",
    "matplotlib",
    "weasyprint",
    "jinja2",
    "fastapi",
    "uvicorn",
    "starlette",
)


def test_cli_and_python_api_import_without_heavy_libraries() -> None:
    code = (
        "import json, sys; import techbloc.cli.app, techbloc.workspace; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
