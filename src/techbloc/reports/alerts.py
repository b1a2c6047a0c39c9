"""The alerts stored by the early-warning detectors (tables ``alerts`` and ``alert_evidence``,
migration 0012), as they stood on a date: raised on or before it and not closed."""

from __future__ import annotations

import datetime as dt

import duckdb

from techbloc.reports.model import AlertData, AlertEvidence, Bilingual, StoredAlert
from techbloc.warning.model import Level

ALERT_COLUMNS = (
    "alert_id, level, detector, scope_type, scope_key, period_start, period_end, statistic, "
    "value, threshold, title_en, title_zh, state, first_seen, last_seen, occurrences"
)


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name IN ('alerts', 'alert_evidence')"
    ).fetchone()
    return bool(row and row[0] == 2)


def _level_rank(level: str) -> int:
    try:
        return int(Level.parse(level))
    except ValueError:
        return 0


def stored_alerts(con: duckdb.DuckDBPyConnection, at: dt.date) -> AlertData:
    """Open alerts first seen on or before ``at`` (highest level, then latest, first) and how many
    were closed."""
    if not _has_tables(con):
        return AlertData(False, (), 0)
    rows = con.execute(
        f"SELECT {ALERT_COLUMNS} FROM alerts WHERE first_seen <= $at", {"at": at}
    ).fetchall()
    evidence = _evidence(con, [str(r[0]) for r in rows])
    alerts = [
        StoredAlert(
            alert_id=str(r[0]), level=str(r[1]), level_rank=_level_rank(str(r[1])),
            detector=str(r[2]), scope_type=str(r[3]), scope_key=str(r[4]), period_start=r[5],
            period_end=r[6], statistic=str(r[7]), value=r[8], threshold=r[9],
            title=Bilingual(str(r[10]), str(r[11])), state=str(r[12]), first_seen=r[13],
            last_seen=r[14], occurrences=int(r[15]), evidence=evidence.get(str(r[0]), ()),
        )
        for r in rows
    ]  # fmt: skip
    open_alerts = sorted(
        (a for a in alerts if a.state != "closed"),
        key=lambda a: (-a.level_rank, -a.last_seen.toordinal(), a.alert_id),
    )
    return AlertData(True, tuple(open_alerts), sum(a.state == "closed" for a in alerts))


def _evidence(
    con: duckdb.DuckDBPyConnection, alert_ids: list[str]
) -> dict[str, tuple[AlertEvidence, ...]]:
    if not alert_ids:
        return {}
    rows = con.execute(
        "SELECT alert_id, evidence_kind, evidence_id, evidence_date, label, url "
        "FROM alert_evidence WHERE list_contains($ids, alert_id) "
        "ORDER BY alert_id, evidence_date NULLS LAST, evidence_kind, evidence_id",
        {"ids": alert_ids},
    ).fetchall()
    found: dict[str, list[AlertEvidence]] = {}
    for alert_id, kind, evidence_id, day, label, url in rows:
        found.setdefault(str(alert_id), []).append(
            AlertEvidence(str(kind), str(evidence_id), day, label, url)
        )
    return {key: tuple(items) for key, items in found.items()}
