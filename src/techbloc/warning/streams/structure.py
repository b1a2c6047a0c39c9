"""The alliance system's structure as streams: countries joining and leaving alliances
(``memberships``) and alliances being proposed, launched, going dormant or dissolving
(``alliances``).

A membership counts on its accession date (``joined_date``) when the knowledge base knows it
(``date_basis`` = joined); where only the date a source first shows the member is known
(``as_of_date``), the row says so (``date_basis`` = as_of), since that date is not a move.
``at_founding`` says the country joined on the day the alliance was founded (its founders).
Roles are those of the knowledge base (founding, member, partner, adherent, observer, proposed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from techbloc.warning.model import Evidence
from techbloc.warning.streams.base import StreamData, StreamRow, StreamSpec, as_values, sort_rows
from techbloc.warning.streams.store import StoreReader, as_date, fetch, first_url, known_date_sql

MEMBERSHIPS = StreamSpec(
    name="memberships",
    label_en="memberships (knowledge base)",
    label_zh="成员关系（知识库）",
    fields=(
        "event",
        "alliance",
        "alliance_kind",
        "alliance_form",
        "actor",
        "role",
        "date_basis",
        "at_founding",
        "domain",
        "domain_family",
    ),  # fmt: skip
    values=("count",),
    scopes={"domain": "domain", "alliance": "alliance", "country": "actor", "system": None},
    empty_en="no dated accession or departure on or before this day",
    empty_zh="此日及以前没有有日期的加入或退出",
)

ALLIANCES = StreamSpec(
    name="alliances",
    label_en="alliances (knowledge base)",
    label_zh="联盟（知识库）",
    fields=(
        "alliance",
        "kind",
        "form",
        "status",
        "status_change",
        "includes_focal",
        "domain",
        "domain_family",
    ),  # fmt: skip
    values=("count",),
    scopes={"domain": "domain", "alliance": "alliance", "system": None},
    empty_en="no alliance status change on or before this day",
    empty_zh="此日及以前没有联盟状态变化",
)

MEMBERSHIP_SQL = f"""
WITH moves AS (
    SELECT alliance_id, actor_code, role, 'joined' AS event, joined_date AS day,
           {known_date_sql("joined_date", "joined_precision")} AS known, 'joined' AS date_basis,
           source_ids
    FROM memberships WHERE joined_date IS NOT NULL
    UNION ALL
    SELECT alliance_id, actor_code, role, 'joined', as_of_date,
           {known_date_sql("as_of_date", "as_of_precision")}, 'as_of', source_ids
    FROM memberships WHERE joined_date IS NULL AND as_of_date IS NOT NULL
    UNION ALL
    SELECT alliance_id, actor_code, role, 'left', left_date,
           {known_date_sql("left_date", "left_precision")}, 'left', source_ids
    FROM memberships WHERE left_date IS NOT NULL)
SELECT m.*, a.kind, a.form, a.domains, a.name_en, a.name_zh, a.short_name_en,
       coalesce(m.day = a.founded_date, false) AS at_founding
FROM moves m JOIN alliances a USING (alliance_id)
WHERE m.known <= ?
ORDER BY m.day, m.alliance_id, m.actor_code
"""

STATUS_SQL = f"""
SELECT s.alliance_id, s.status, s.since_date, s.source_ids, a.kind, a.form, a.domains,
       {known_date_sql("s.since_date", "s.since_precision")} AS known,
       a.name_en, a.name_zh, a.short_name_en,
       row_number() OVER (PARTITION BY s.alliance_id ORDER BY s.since_date) AS change_no,
       EXISTS (SELECT 1 FROM memberships f
               WHERE f.alliance_id = s.alliance_id AND f.actor_code = ?
                 AND f.role IN ('founding', 'member', 'partner')
                 AND f.effective_from_date <= s.since_date
                 AND (f.left_date IS NULL OR f.left_date > s.since_date)) AS includes_focal
FROM alliance_status s JOIN alliances a USING (alliance_id)
WHERE {known_date_sql("s.since_date", "s.since_precision")} <= ?
ORDER BY s.since_date, s.alliance_id
"""


def _alliance_name(r: dict[str, Any]) -> str:
    return str(r["short_name_en"] or r["name_en"])


def load_memberships(store: StoreReader, as_of: dt.date, focal: str) -> StreamData:
    rows = []
    for r in fetch(store.con, MEMBERSHIP_SQL, [as_of]):
        leaves = store.taxonomy.leaves(r["domains"] or [])
        day = as_date(r["day"])
        row_id = f"{r['alliance_id']}:{r['actor_code']}:{r['event']}:{day.isoformat()}"
        verb = "leaves" if r["event"] == "left" else "joins"
        label = f"{r['actor_code']} {verb} {_alliance_name(r)} ({r['role']})"
        rows.append(
            StreamRow(
                row_id=row_id,
                day=day,
                fields={
                    "event": as_values(r["event"]),
                    "alliance": as_values(r["alliance_id"]),
                    "alliance_kind": as_values(r["kind"]),
                    "alliance_form": as_values(r["form"]),
                    "actor": as_values(r["actor_code"]),
                    "role": as_values(r["role"]),
                    "date_basis": as_values(r["date_basis"]),
                    "at_founding": as_values(bool(r["at_founding"])),
                    "domain": leaves,
                    "domain_family": store.taxonomy.families(leaves),
                },
                evidence=Evidence(
                    "membership", row_id, day, label, first_url(r["source_ids"], store.urls)
                ),
                known=as_date(r["known"]),
            )
        )
    return StreamData(MEMBERSHIPS.name, sort_rows(rows), present=True)


def load_alliances(store: StoreReader, as_of: dt.date, focal: str) -> StreamData:
    rows = []
    for r in fetch(store.con, STATUS_SQL, [focal, as_of]):
        leaves = store.taxonomy.leaves(r["domains"] or [])
        day = as_date(r["since_date"])
        row_id = f"{r['alliance_id']}:{r['status']}:{day.isoformat()}"
        rows.append(
            StreamRow(
                row_id=row_id,
                day=day,
                fields={
                    "alliance": as_values(r["alliance_id"]),
                    "kind": as_values(r["kind"]),
                    "form": as_values(r["form"]),
                    "status": as_values(r["status"]),
                    "status_change": as_values("first" if r["change_no"] == 1 else "later"),
                    "includes_focal": as_values(bool(r["includes_focal"])),
                    "domain": leaves,
                    "domain_family": store.taxonomy.families(leaves),
                },
                evidence=Evidence(
                    "alliance",
                    r["alliance_id"],
                    day,
                    f"{_alliance_name(r)}: {r['status']}",
                    first_url(r["source_ids"], store.urls),
                ),  # fmt: skip
                known=as_date(r["known"]),
            )
        )
    return StreamData(ALLIANCES.name, sort_rows(rows), present=True)
