"""How many inputs each fuzz property tries: a fast slice in the normal suite, thousands in
``make fuzz`` (``TECHBLOC_FUZZ_EXAMPLES=10000``)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("TECHBLOC_FUZZ_EXAMPLES", "60"))
"""Generated inputs per importer; the normal suite runs 60."""

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
