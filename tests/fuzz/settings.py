"""How many inputs each fuzz property tries: a fast slice in the normal suite, thousands in
``make fuzz`` (``TECHBLOC_FUZZ_INPUTS=10000 TECHBLOC_FUZZ_STORE_INPUTS=1000``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import SearchStrategy

EXAMPLES = int(os.environ.get("TECHBLOC_FUZZ_INPUTS", "60"))
"""Generated inputs per importer read by its reader; the normal suite runs 60."""
STORE_EXAMPLES = int(os.environ.get("TECHBLOC_FUZZ_STORE_INPUTS", "25"))
"""Generated inputs per importer taken through the whole import into a store (every statement of
the import runs on them); the normal suite runs 25."""

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a PDF or a store write may take a while on a busy machine: not a failure
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
    print_blob=True,  # a failure prints the blob that reproduces it (@reproduce_failure)
)
FUZZ_STORE = settings(FUZZ, max_examples=STORE_EXAMPLES)


def fuzz_test(
    test: Callable[..., None], title: str, settings_: settings, **strategies: SearchStrategy[Any]
) -> Callable[..., None]:
    """``test`` as a Hypothesis test called ``title``: made by a factory, each such test needs a
    name of its own, which Hypothesis's example database keys its failures by (tests of one
    factory share their source code)."""
    test.__name__ = test.__qualname__ = title.replace("-", "_")
    return settings_(given(**strategies)(test))  # type: ignore[no-any-return]
