"""The detectors' answer for the interfaces: alerts at or above a level, and the streams' state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.warning.config import load_config
from techbloc.warning.model import Level
from techbloc.warning.run import detect
from techbloc.warning.stream_loading import stream_status


def parse_level(text: str | None) -> Level:
    if text is None:
        return Level.BLUE
    try:
        return Level.parse(text)
    except ValueError as exc:
        raise InvalidArgument(str(exc), hint="use blue, yellow, orange or red") from None


def detect_report(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    since: dt.date | None,
    rules: Path | None,
    level: str | None,
    focal: str,
) -> dict[str, Any]:
    """as_of, since, focal, rules (file), min_level, alerts (JSON-ready dicts), streams (each with
    rows, first and last day and, when empty, why) and streams_without_data (the names of those
    a rule or series reads that had nothing)."""
    lowest = parse_level(level)
    config = load_config(rules)
    alerts = [a for a in detect(con, as_of, config, since, focal) if a.level >= lowest]
    streams = stream_status(con, as_of, config, focal)
    return {
        "as_of": as_of.isoformat(),
        "since": since.isoformat() if since else None,
        "focal": focal,
        "rules": config.source,
        "min_level": lowest.label,
        "alerts": [a.to_dict() for a in alerts],
        "streams": [s.to_dict() for s in streams],
        "streams_without_data": [s.name for s in streams if s.used_by and not s.has_data],
    }
