"""Settings shared by every interface. The focal country is the one whose exposure is assessed."""

from __future__ import annotations

import os

FOCAL_ENV = "TECHBLOC_FOCAL"
DEFAULT_FOCAL = "CN"


def focal_country(value: str | None = None) -> str:
    """The focal country's ISO alpha-2 code: the given value, else $TECHBLOC_FOCAL, else CN."""
    code = (value or os.environ.get(FOCAL_ENV) or DEFAULT_FOCAL).strip().upper()
    return code
