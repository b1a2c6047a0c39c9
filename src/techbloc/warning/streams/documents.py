"""Tagged documents as a stream: one row per document, dated as the ``document_events`` view
dates it (publication date, else the latest event it reports, else the day it was imported).

Its fields are what the tagger found: the alliances, countries and domains it mentions, and the
directions and stances it takes towards the alliances it names. A document's direction is every
direction it takes towards some alliance, so a document restrictive towards one alliance counts as
restrictive for each domain it mentions (the per-domain stance is not tagged).
"""

from __future__ import annotations

import datetime as dt

from techbloc.warning.model import Evidence
from techbloc.warning.streams.base import StreamData, StreamRow, StreamSpec, as_values, sort_rows
from techbloc.warning.streams.store import StoreReader, as_date, fetch

SPEC = StreamSpec(
    name="documents",
    label_en="tagged documents",
    label_zh="已标注文档",
    fields=(
        "direction",
        "stance",
        "language",
        "country",
        "alliance",
        "domain",
        "domain_family",
        "date_basis",
    ),  # fmt: skip
    values=("count",),
    scopes={"domain": "domain", "alliance": "alliance", "country": "country", "system": None},
    empty_en="no tagged documents dated on or before this day",
    empty_zh="此日及以前没有已标注文档",
)

TABLES = ("document_events", "document_stances", "documents")

SQL = """
WITH docs AS (
    SELECT doc_id, any_value(event_date) AS day, any_value(date_basis) AS date_basis,
           any_value(title) AS title, any_value(language) AS language,
           list(DISTINCT scope_key) FILTER (WHERE scope_type = 'domain') AS domains,
           list(DISTINCT scope_key) FILTER (WHERE scope_type = 'alliance') AS alliances,
           list(DISTINCT scope_key) FILTER (WHERE scope_type = 'country') AS countries
    FROM document_events GROUP BY doc_id),
stances AS (
    SELECT doc_id, list(DISTINCT direction) FILTER (WHERE direction IS NOT NULL) AS directions,
           list(DISTINCT stance) AS stances
    FROM document_stances GROUP BY doc_id)
SELECT docs.*, stances.directions, stances.stances,
       CASE WHEN d.source_location LIKE 'http%' THEN d.source_location END AS url
FROM docs LEFT JOIN stances USING (doc_id) JOIN documents d USING (doc_id)
WHERE docs.day <= ?
ORDER BY docs.day, docs.doc_id
"""


def load_documents(store: StoreReader, as_of: dt.date, focal: str) -> StreamData:
    if not store.has(*TABLES):
        return StreamData(SPEC.name, [], present=False)
    rows = []
    for r in fetch(store.con, SQL, [as_of]):
        leaves = store.taxonomy.leaves(r["domains"] or [])
        day = as_date(r["day"])
        rows.append(
            StreamRow(
                row_id=r["doc_id"],
                day=day,
                fields={
                    "direction": as_values(r["directions"]),
                    "stance": as_values(r["stances"]),
                    "language": as_values(r["language"]),
                    "country": as_values(r["countries"]),
                    "alliance": as_values(r["alliances"]),
                    "domain": leaves,
                    "domain_family": store.taxonomy.families(leaves),
                    "date_basis": as_values(r["date_basis"]),
                },
                evidence=Evidence(
                    "document", r["doc_id"], day, r["title"] or r["doc_id"], r["url"]
                ),
            )
        )
    return StreamData(SPEC.name, sort_rows(rows), present=True)
