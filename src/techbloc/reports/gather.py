"""Gather a report's data: one call per core indicator, on one date, for one focal country.

Nothing here computes an indicator: the figures are the core's (``techbloc.analytics``), turned
into typed records (:mod:`techbloc.reports.convert`) with the names and sources they cite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import chain
from typing import TYPE_CHECKING

import duckdb

from techbloc.errors import InvalidArgument, NotFound
from techbloc.reports import provenance as prov
from techbloc.reports.alerts import stored_alerts
from techbloc.reports.convert import (
    chokepoint,
    exposure_group,
    group_profile,
    pressure_data,
    priority_data,
    shift_years,
)
from techbloc.reports.model import GroupProfile, ReportData, SourceRecord, SupplyData

if TYPE_CHECKING:
    from techbloc.analytics.engine import AnalyticsEngine

Step = Callable[[str], None]
GATHER_STEPS = (
    "comprehensiveness", "cocom", "shift", "pressure", "supply", "priorities", "alerts", "sources",
)  # fmt: skip
"""The steps :func:`gather_report` announces, in order (for a progress display)."""

FIRST_YEAR = 2018
"""First year of the pressure and shift series (the register of measures starts in 2018)."""


def _quiet(_: str) -> None:
    return None


def gather_report(
    con: duckdb.DuckDBPyConnection,
    at: str | dt.date | None = None,
    focal: str | None = None,
    on_step: Step | None = None,
    store_name: str = "",
) -> ReportData:
    """Every figure a report shows, as of ``at`` (default today) for ``focal`` (default CN)."""
    from techbloc.analytics import assess_core as core
    from techbloc.analytics.priority_report import open_engine, priorities_report, resolve_focal
    from techbloc.query.resolve import parse_date

    step = on_step or _quiet
    day = parse_date(at, "--at") or dt.date.today()
    if day > dt.date.today():
        raise InvalidArgument(
            f"--at {day.isoformat()} lies in the future",
            hint="a report gives figures as of today or an earlier date",
        )
    code = resolve_focal(con, focal)
    engine = open_engine(con, "duckdb")
    first = min(FIRST_YEAR, day.year)
    own_sources = prov.alliance_sources(con)

    step("comprehensiveness")
    comp = core.run_comprehensiveness(engine, con, day, None, None, code)
    groups = tuple(group_profile(g, own_sources) for g in comp["groups"])
    step("cocom")
    cocom = core.run_cocom_vs_today(engine, None, day, code)
    columns = tuple(group_profile(c["detail"], own_sources) for c in cocom["columns"]
                    if c.get("detail"))  # fmt: skip
    absent = tuple(c["group_id"] for c in cocom["columns"] if not c.get("detail"))
    step("shift")
    shift = core.run_shift(engine, first, day.year, "scope", code, today=day)
    step("pressure")
    raw_pressure = core.run_pressure(engine, con, None, first, day.year, None, focal=code,
                                     today=day)  # fmt: skip
    step("supply")
    supply, supply_used = _supply(con, engine, day, code)
    step("priorities")
    raw_priorities = priorities_report(con, engine, day, None, None, code, None, True)
    step("alerts")
    alerts = stored_alerts(con, day)

    step("sources")
    measure_ids = {t["measure_id"] for r in raw_pressure["rows"] for t in r["top_measures"]}
    measure_ids |= {str(m) for r in raw_priorities["rows"]
                    for m in r["evidence"].get("top_measures") or ()}  # fmt: skip
    measure_ids |= {e.evidence_id for a in alerts.open_alerts for e in a.evidence
                    if e.kind == "measure"}  # fmt: skip
    measures = prov.measure_refs(con, measure_ids)
    attributes = prov.attribute_sources(con)
    taxonomy = prov.taxonomy_sources(con)
    data = ReportData(
        at=day, focal=code, generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        store_name=store_name, kb_built_at=_kb_built_at(con), comprehensiveness=groups,
        cocom=columns, cocom_absent=absent,
        cocom_then=dt.date.fromisoformat(str(cocom["then"])[:10]),
        shift=shift_years(shift["cells"]), pressure=pressure_data(raw_pressure, measures),
        supply=supply, priorities=priority_data(raw_priorities), alerts=alerts,
        attribute_sources=attributes, domain_sources=taxonomy,
        domain_names=prov.domain_names(con), alliance_names=prov.alliance_names(con),
        actor_names=prov.actor_names(con), measures=measures,
    )  # fmt: skip
    data.sources = _sources(con, data, groups + columns, supply_used)
    return data


def _supply(
    con: duckdb.DuckDBPyConnection, engine: AnalyticsEngine, day: dt.date, code: str
) -> tuple[SupplyData | None, set[tuple[int, str | None]]]:
    """Choke points (every input, ranked) and exposure by domain against the blockade side, or
    None when the store holds no supply-chain shares."""
    from techbloc.analytics import supply_queries as sq
    from techbloc.analytics.coalitions import resolve_coalition

    try:
        sq.require_supply_data(con)
    except NotFound:
        return None, set()
    coalition = resolve_coalition(con, None)
    rows = sq.chokepoint_rows(engine, day, coalition, code)
    exposure = sq.exposure_rows(engine, day, coalition, code, "domain")
    used = {(int(r["import_id"]), r["source"]) for r in rows if r.get("import_id") is not None}
    size = int(rows[0]["coalition_size"]) if rows else 0
    imports = tuple(sorted({i for i, _ in used}))
    data = SupplyData(
        coalition=coalition.label,
        coalition_size=size, chokepoints=tuple(chokepoint(r) for r in rows),
        exposure=tuple(exposure_group(r) for r in exposure), import_ids=imports,
    )  # fmt: skip
    return data, used


def _kb_built_at(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM store_meta WHERE key = 'kb_built_at'").fetchone()
    return str(row[0])[:10] if row else None


def _sources(
    con: duckdb.DuckDBPyConnection,
    data: ReportData,
    groups: tuple[GroupProfile, ...],
    supply_used: set[tuple[int, str | None]],
) -> dict[str, SourceRecord]:
    """The source records of everything the report may cite."""
    ids = chain(
        (s for g in groups for s in g.source_ids),
        (s for m in data.measures.values() for s in m.source_ids),
        (s for ids in data.attribute_sources.values() for s in ids),
        data.domain_sources,
    )
    records = prov.kb_sources(con, ids)
    records.update(prov.supply_sources(con, supply_used))
    records.update(prov.alert_evidence_sources(data.alerts))
    return records
