"""Options every command shares."""

from __future__ import annotations

from typing import Annotated

import typer

from techbloc.store.location import ENV_VAR

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", envvar=ENV_VAR, help="Store file (default: per-user data folder).", show_envvar=True
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
AtOption = Annotated[
    str | None, typer.Option("--at", help="Date YYYY-MM-DD (or YYYY-MM, YYYY); default today.")
]
FocalOption = Annotated[
    str | None,
    typer.Option(
        "--focal",
        envvar="TECHBLOC_FOCAL",
        help="Focal country, ISO alpha-2 (default CN).",
        show_envvar=True,
    ),
]
