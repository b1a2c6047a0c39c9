"""Where a report's figures come from: names of domains, alliances and countries in both languages,
the measures behind pressure totals, and the source records the tables cite."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import PurePath

import duckdb

from techbloc.reports.model import AlertData, Bilingual, MeasureRef, SourceRecord

_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_URL = re.compile(r"https?://[^\s)\]]+")


def names(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, Bilingual]:
    """id → Bilingual from ``SELECT id, en, zh``."""
    return {
        str(key): Bilingual(str(en or key), str(zh or en or key))
        for key, en, zh in con.execute(sql).fetchall()
    }


def domain_names(con: duckdb.DuckDBPyConnection) -> dict[str, Bilingual]:
    return names(con, "SELECT domain_id, name_en, name_zh FROM domains")


def alliance_names(con: duckdb.DuckDBPyConnection) -> dict[str, Bilingual]:
    return names(
        con,
        "SELECT alliance_id, coalesce(short_name_en, name_en), coalesce(short_name_zh, name_zh) "
        "FROM alliances",
    )


def actor_names(con: duckdb.DuckDBPyConnection) -> dict[str, Bilingual]:
    return names(con, "SELECT actor_code, name_en, name_zh FROM actors")


def alliance_sources(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    rows = con.execute("SELECT alliance_id, source_ids FROM alliances").fetchall()
    return {str(a): tuple(ids or ()) for a, ids in rows}


def measure_refs(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, MeasureRef]:
    """The measures with these ids: date, title in both languages, source ids."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = con.execute(
        "SELECT measure_id, measure_date, title_en, title_zh, source_ids FROM measures "
        "WHERE list_contains($ids, measure_id)",
        {"ids": wanted},
    ).fetchall()
    return {
        str(mid): MeasureRef(str(mid), day, Bilingual(str(en or mid), str(zh or en or mid)), 0.0,
                             tuple(src or ()))
        for mid, day, en, zh, src in rows
    }  # fmt: skip


def attribute_sources(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """indicator → the sources of the country figures of that indicator in the store."""
    rows = con.execute(
        "SELECT indicator, list(DISTINCT s ORDER BY s) FROM "
        "(SELECT indicator, unnest(source_ids) AS s FROM country_attributes) GROUP BY indicator"
    ).fetchall()
    return {str(indicator): tuple(ids) for indicator, ids in rows}


def taxonomy_sources(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The sources of the technology-domain taxonomy (the CET list among them)."""
    rows = con.execute(
        "SELECT source_id FROM sources WHERE kb_file = 'taxonomy/domains.yaml' ORDER BY source_id"
    ).fetchall()
    return tuple(str(r[0]) for r in rows)


def kb_sources(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, SourceRecord]:
    """The knowledge base's source records with these ids."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = con.execute(
        "SELECT source_id, publisher, title, source_date, source_date_precision, url FROM sources "
        "WHERE list_contains($ids, source_id)",
        {"ids": wanted},
    ).fetchall()
    return {
        str(sid): SourceRecord(str(sid), str(publisher or ""), str(title or ""),
                               _partial_date(day, precision), url)
        for sid, publisher, title, day, precision, url in rows
    }  # fmt: skip


def _partial_date(day: object, precision: str | None) -> str | None:
    if day is None:
        return None
    text = str(day)
    return {"year": text[:4], "month": text[:7]}.get(precision or "", text)


def supply_source_id(import_id: int, text: str | None) -> str:
    """A stable id for the source text of supply shares of one import."""
    if not text:
        return f"supply-import-{import_id}"
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"supply-import-{import_id}-{digest}"


def supply_sources(
    con: duckdb.DuckDBPyConnection, used: Iterable[tuple[int, str | None]]
) -> dict[str, SourceRecord]:
    """Source records for the supply shares cited: the row's source text (links made plain, the
    first URL kept) and the import it came with (format, file or folder name, date)."""
    imports = {
        int(i): (str(fmt), PurePath(str(loc)).name or str(loc), str(when)[:10])
        for i, fmt, loc, when in con.execute(
            "SELECT import_id, source_format, source_location, imported_at FROM supply_imports"
        ).fetchall()
    }
    records: dict[str, SourceRecord] = {}
    for import_id, text in set(used):
        fmt, name, when = imports.get(import_id, ("?", "?", None))
        plain = _LINK.sub(r"\1", text or "").strip()
        link = _LINK.search(text or "") or _URL.search(text or "")
        url = (link.group(2) if link and link.re is _LINK else link.group(0)) if link else None
        sid = supply_source_id(import_id, text)
        title = f"{fmt}: {name} (import #{import_id})"
        records[sid] = SourceRecord(sid, plain or title, title, when, url)
    return records


def alert_evidence_source_id(kind: str, evidence_id: str) -> str:
    return f"alert-evidence:{kind}:{evidence_id}"


def alert_evidence_sources(alerts: AlertData) -> dict[str, SourceRecord]:
    """The stored alerts' evidence as citable records (label, date and URL as stored)."""
    return {
        alert_evidence_source_id(e.kind, e.evidence_id): SourceRecord(
            alert_evidence_source_id(e.kind, e.evidence_id), e.label or e.kind,
            f"{e.kind} {e.evidence_id}", e.date.isoformat() if e.date else None, e.url,
        )
        for a in alerts.open_alerts
        for e in a.evidence
    }  # fmt: skip
