"""`techbloc assess …`: the assessment indicators, each a table by date (see docs/methodology.md).

Each indicator's commands live in their own module (``assess_<part>.py``) and register themselves
on ``assess_app`` when imported below.
"""

from __future__ import annotations

import typer

assess_app = typer.Typer(
    help="Assessment indicators: comprehensiveness, pressure, exposure, cohesion, partners …",
    no_args_is_help=True,
)

from techbloc.cli import (  # noqa: E402, F401
    assess_core,
    assess_events,
    assess_priorities,
    assess_structure,
    assess_supply,
)
