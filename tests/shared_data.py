"""Access to the real public datasets in ../shared/datasets (never copied into the repository).

Where the folder is absent (a user's clone) tests that need it skip with the reason; under CI
(``CI=true``) its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def shared_dataset(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"real dataset {path} is not available (it lives in ../shared/datasets)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI must have it")
        pytest.skip(message)
    return path
