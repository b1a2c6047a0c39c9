"""Settings shared by every interface. The focal country is the one whose exposure is assessed."""

from __future__ import annotations

import os
import unicodedata

FOCAL_ENV = "TECHBLOC_FOCAL"
DEFAULT_FOCAL = "CN"
MAX_FOCAL_LENGTH = 100


def focal_country(value: str | None = None) -> str:
    """The focal country's ISO alpha-2 code: the given value, else $TECHBLOC_FOCAL, else CN."""
    code = (value or os.environ.get(FOCAL_ENV) or DEFAULT_FOCAL).strip().upper()
    if len(code) > MAX_FOCAL_LENGTH or any(unicodedata.category(c) in ("Cc", "Cs") for c in code):
        # Some analytics write the code into SQL as a literal (Ibis): a NUL there is a parser
        # error, so a value that cannot be a country is refused here, for every caller.
        from techbloc.errors import InvalidArgument

        raise InvalidArgument(
            f"{code[:40]!r} is not a country",
            hint="give an ISO alpha-2 code (CN) or a country's name (中国, China)",
        )
    return code
