"""Where the store lives: ``--db PATH``, else ``$TECHBLOC_DB``, else a per-user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "TECHBLOC_DB"


def resolve_db_path(explicit: str | Path | None = None) -> Path:
    """The store file to use; the choice is documented in the README (Settings)."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return user_data_path("techbloc", appauthor=False) / "techbloc.duckdb"
