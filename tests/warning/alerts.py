"""Alerts made by hand for the early-warning tests, and small detector functions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from techbloc.warning.model import Alert, Evidence, Level

D = dt.date
JAN_1, JAN_31 = D(2025, 1, 1), D(2025, 1, 31)


def make_alert(
    start: dt.date = JAN_1,
    end: dt.date = JAN_31,
    level: Level = Level.YELLOW,
    scope: str = "domain:semiconductors",
    detector: str = "rule:test-surge",
    evidence: list[Evidence] | None = None,
    value: float = 3,
    detail: dict[str, Any] | None = None,
) -> Alert:
    scope_type, _, scope_key = scope.partition(":")
    return Alert(
        detector=detector, scope_type=scope_type, scope_key=scope_key, period_start=start,
        period_end=end, level=level, statistic="count_30d", value=value, threshold=2,
        title_en=f"Restrictive measures on {scope_key}", title_zh=f"{scope_key} 限制性措施增多",
        evidence=evidence or [], detail=detail or {"window_days": 30},
    )  # fmt: skip


def measure_counts(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    rules: Path | None = None,
    since: dt.date | None = None,
    focal: str | None = None,
) -> list[Alert]:
    """A real little detector over the store: restrictive measures against the focal country per
    top-level domain in the 365 days up to ``as_of``: yellow from 2, orange from 4, red from 6."""
    rows = con.execute(
        """
        SELECT coalesce(d.parent_id, d.domain_id) AS domain, m.measure_id, m.measure_date
        FROM measures m, unnest(m.domains) AS u(domain_id) JOIN domains d USING (domain_id)
        WHERE m.direction = 'restrictive' AND list_contains(m.target_codes, ?)
          AND m.measure_date > ? - INTERVAL 365 DAY AND m.measure_date <= ?
        ORDER BY domain, m.measure_date, m.measure_id
        """,
        [focal or "CN", as_of, as_of],
    ).fetchall()
    by_domain: dict[str, list[tuple[str, dt.date]]] = {}
    for domain, measure, day in rows:
        by_domain.setdefault(str(domain), []).append((str(measure), day))
    alerts = []
    for domain, found in sorted(by_domain.items()):
        ids = list(dict.fromkeys(m for m, _ in found))
        level = next((lv for lv, n in ((Level.RED, 6), (Level.ORANGE, 4), (Level.YELLOW, 2))
                      if len(ids) >= n), None)  # fmt: skip
        if level is None:
            continue
        alerts.append(
            make_alert(
                as_of - dt.timedelta(days=364), as_of, level, f"domain:{domain}",
                "test:measure-count", [Evidence("measure", m) for m in ids], len(ids),
            )
        )  # fmt: skip
    return alerts
