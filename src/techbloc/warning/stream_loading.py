"""Loading the streams a configuration needs, and saying which ones have no data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from techbloc.settings import focal_country
from techbloc.warning.config import WarningConfig, load_config
from techbloc.warning.config_items import Selection
from techbloc.warning.selection import resolve
from techbloc.warning.streams import documents, listings, measures, news, structure
from techbloc.warning.streams.base import StreamData
from techbloc.warning.streams.news import NewsQuery
from techbloc.warning.streams.registry import SPECS
from techbloc.warning.streams.store import StoreReader

Loader = Callable[[StoreReader, dt.date, str], StreamData]
LOADERS: dict[str, Loader] = {
    "measures": measures.load_measures,
    "memberships": structure.load_memberships,
    "alliances": structure.load_alliances,
    "listings": listings.load_listings,
    "documents": documents.load_documents,
}


def rule_horizon(window_days: int) -> int:
    """Days of news a rule reads: its window before each day of the window before as-of."""
    return 2 * window_days


def series_horizon(parameters: dict[str, Any]) -> int:
    """Days of news a series' methods read before as-of."""
    days = []
    for method, p in parameters.items():
        if method == "ewma":
            days.append(p.baseline_days + p.guard_days + p.report_days + p.warmup_days)
        elif method == "weekly_changepoint":
            days.append(7 * (p.window_weeks + 1))
        else:  # monthly methods on news: their longest look-back in months
            months = max(getattr(p, n, 0) for n in ("baseline_months", "window_months"))
            days.append(31 * (months + getattr(p, "guard_months", 0) + 2))
    return max(days, default=0)


def news_queries(config: WarningConfig, focal: str, store: StoreReader) -> tuple[NewsQuery, ...]:
    """What each rule and series on news reads: its resolved filters and the fields it needs."""
    items: list[tuple[str, Selection, tuple[str, ...], int]] = []
    for rule in config.rules:
        extra = (*rule.first_for, rule.aggregate_of if rule.aggregate == "distinct" else "")
        items.append((rule.detector, rule.selection, extra, rule_horizon(rule.window_days)))
    items += [(f"series:{s.id}", s.selection, (), series_horizon(s.parameters))
              for s in config.series]  # fmt: skip
    found = []
    for key, selection, extra, horizon in items:
        if selection.stream != "news":
            continue
        resolved = resolve(selection, focal, store.taxonomy)
        scope = SPECS["news"].scope_field(selection.scope, selection.domain_level)
        wanted = {"domain" if f and f.startswith("domain") else f for f in (scope, *extra)}
        group = tuple(sorted(f for f in wanted if f))
        found.append(NewsQuery(key, resolved.filters, resolved.exclude, group, horizon))
    return tuple(found)


def load_streams(
    store: StoreReader, as_of: dt.date, focal: str, config: WarningConfig, span_days: int = 0
) -> dict[str, StreamData]:
    """Every stream the configuration's rules and series read (the others empty)."""
    wanted = {r.selection.stream for r in config.rules} | {
        s.selection.stream for s in config.series
    }
    found = {}
    for name in SPECS:
        if name not in wanted:
            found[name] = StreamData(name, [], present=False)
        elif name == "news":
            queries = news_queries(config, focal, store)
            found[name] = news.load_news(store, as_of, queries, span_days)
        else:
            found[name] = LOADERS[name](store, as_of, focal)
    return found


@dataclass(frozen=True)
class StreamStatus:
    name: str
    label_en: str
    label_zh: str
    present: bool
    rows: int
    first_day: dt.date | None
    last_day: dt.date | None
    note_en: str
    note_zh: str
    used_by: tuple[str, ...]

    @property
    def has_data(self) -> bool:
        return self.rows > 0

    def to_dict(self) -> dict[str, object]:
        return {
            "stream": self.name, "label_en": self.label_en, "label_zh": self.label_zh,
            "present": self.present, "rows": self.rows,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "note_en": self.note_en, "note_zh": self.note_zh, "used_by": list(self.used_by),
        }  # fmt: skip


def stream_status(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    rules: WarningConfig | None = None,
    focal: str | None = None,
) -> list[StreamStatus]:
    """Per stream: whether the store has it, how many rows are visible as of ``as_of`` (news:
    within the days the detectors read), their first and last days, and which rules and series
    read it; the note says why a stream has no data."""
    config = rules or load_config()
    streams = load_streams(StoreReader.open(con), as_of, focal_country(focal), config)
    found = []
    for name, spec in SPECS.items():
        data = streams[name]
        used = tuple(
            [r.detector for r in config.rules if r.selection.stream == name]
            + [f"series:{s.id}" for s in config.series if s.selection.stream == name]
        )
        empty = not data.rows
        found.append(
            StreamStatus(
                name,
                spec.label_en,
                spec.label_zh,
                data.present,
                len(data.rows),
                data.rows[0].day if data.rows else None,
                data.rows[-1].day if data.rows else None,
                (data.note_en or spec.empty_en) if empty else "",
                (data.note_zh or spec.empty_zh) if empty else "",
                used,
            )  # fmt: skip
        )
    return found


def missing_streams(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, rules: WarningConfig | None = None
) -> list[str]:
    """Names of the streams some rule or series reads that have no data as of ``as_of``."""
    return [s.name for s in stream_status(con, as_of, rules) if s.used_by and not s.has_data]
