"""The register of measures as a stream: one row per measure, dated by its measure date."""

from __future__ import annotations

import datetime as dt

from techbloc.warning.model import Evidence
from techbloc.warning.streams.base import StreamData, StreamRow, StreamSpec, as_values, sort_rows
from techbloc.warning.streams.store import StoreReader, as_date, fetch, first_url, known_date_sql

SPEC = StreamSpec(
    name="measures",
    label_en="measures (knowledge base)",
    label_zh="措施（知识库）",
    fields=(
        "direction",
        "instrument",
        "actor",
        "alliance",
        "alliance_kind",
        "target",
        "domain",
        "domain_family",
        "stage",
        "presses_on_focal",
    ),  # fmt: skip
    values=("count", "severity"),
    scopes={"domain": "domain", "alliance": "alliance", "country": "actor", "system": None},
    empty_en="no measures dated on or before this day",
    empty_zh="此日及以前没有措施",
)

SQL = f"""
SELECT m.measure_id, m.measure_date, m.actor_code, m.alliance_id, a.kind AS alliance_kind,
       m.instrument_id, m.direction, m.target_codes, m.domains, m.stages, m.severity_score,
       m.title_en, m.title_zh, m.source_ids,
       {known_date_sql("m.measure_date", "m.date_precision")} AS known
FROM measures m LEFT JOIN alliances a USING (alliance_id)
WHERE {known_date_sql("m.measure_date", "m.date_precision")} <= ?
ORDER BY m.measure_date, m.measure_id
"""


def presses_on(actor: str, targets: list[str] | None, focal: str) -> bool:
    """The rule of techbloc.analytics.targeting: issued by another party, aimed at the focal
    country or at no country in particular."""
    return actor != focal and (not targets or focal in targets)


def load_measures(store: StoreReader, as_of: dt.date, focal: str) -> StreamData:
    rows = []
    for r in fetch(store.con, SQL, [as_of]):
        leaves = store.taxonomy.leaves(r["domains"] or [])
        day = as_date(r["measure_date"])
        label = r["title_en"] or r["measure_id"]
        rows.append(
            StreamRow(
                row_id=r["measure_id"],
                day=day,
                fields={
                    "direction": as_values(r["direction"]),
                    "instrument": as_values(r["instrument_id"]),
                    "actor": as_values(r["actor_code"]),
                    "alliance": as_values(r["alliance_id"]),
                    "alliance_kind": as_values(r["alliance_kind"]),
                    "target": as_values(r["target_codes"]),
                    "domain": leaves,
                    "domain_family": store.taxonomy.families(leaves),
                    "stage": as_values(r["stages"]),
                    "presses_on_focal": as_values(
                        presses_on(r["actor_code"], r["target_codes"], focal)
                    ),
                },
                values={"severity": float(r["severity_score"])},
                evidence=Evidence(
                    "measure", r["measure_id"], day, label, first_url(r["source_ids"], store.urls)
                ),
                known=as_date(r["known"]),
            )
        )
    return StreamData(SPEC.name, sort_rows(rows), present=True)
