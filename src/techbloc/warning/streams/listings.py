"""Restricted-party listings as a stream: one row per listed entry (entity × list) with a listing
date, dated by that date. Empty until lists are imported (``techbloc import …``); lists that give
no date per entry (Japan's) cannot be placed in time and are left out.

The *issuer* of an entry is its list's jurisdiction; its *organisation* key is the listed name
folded to lower-case letters and digits, so the same name on two lists is one organisation (a
rough key: ``techbloc alignment`` links entries properly, by names across scripts and ids).
"""

from __future__ import annotations

import datetime as dt
import re

from techbloc.warning.model import Evidence
from techbloc.warning.streams.base import StreamData, StreamRow, StreamSpec, as_values, sort_rows
from techbloc.warning.streams.store import StoreReader, as_date, fetch

SPEC = StreamSpec(
    name="listings",
    label_en="restricted-party listings",
    label_zh="限制名单列入",
    fields=("list", "issuer", "country", "entity_type", "organisation", "domain", "domain_family"),
    values=("count",),
    scopes={
        "domain": "domain",
        "country": "issuer",
        "organisation": "organisation",
        "system": None,
    },  # fmt: skip
    empty_en="no restricted-party list imported, or no listing dated on or before this day",
    empty_zh="尚未导入限制名单，或此日及以前没有列入日期",
)

TABLES = ("listed_entities", "restricted_lists", "listing_domains")

SQL = """
SELECT e.entity_id, e.list_id, e.name, e.entity_type, e.countries, e.listing_date, e.source_url,
       l.jurisdiction,
       (SELECT list(DISTINCT d.domain_id) FROM listing_domains d WHERE d.entity_id = e.entity_id)
           AS domains
FROM listed_entities e LEFT JOIN restricted_lists l USING (list_id)
WHERE e.listing_date IS NOT NULL AND e.listing_date <= ?
ORDER BY e.listing_date, e.entity_id
"""

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def organisation_key(name: str) -> str:
    return _NOT_WORD.sub("", name.casefold())


def load_listings(store: StoreReader, as_of: dt.date, focal: str) -> StreamData:
    if not store.has(*TABLES):
        return StreamData(SPEC.name, [], present=False)
    rows = []
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for r in fetch(store.con, SQL, [as_of]):
        leaves = store.taxonomy.leaves(r["domains"] or [])
        day = as_date(r["listing_date"])
        org = organisation_key(r["name"]) or r["entity_id"]
        labels.setdefault(("organisation", org), (r["name"], r["name"]))
        rows.append(
            StreamRow(
                row_id=r["entity_id"],
                day=day,
                fields={
                    "list": as_values(r["list_id"]),
                    "issuer": as_values(r["jurisdiction"] or ""),
                    "country": as_values(r["countries"]),
                    "entity_type": as_values(r["entity_type"] or ""),
                    "organisation": (org,),
                    "domain": leaves,
                    "domain_family": store.taxonomy.families(leaves),
                },
                evidence=Evidence(
                    "listing",
                    r["entity_id"],
                    day,
                    f"{r['name']} ({r['list_id']})",
                    r["source_url"],
                ),  # fmt: skip
            )
        )
    return StreamData(SPEC.name, sort_rows(rows), present=True, labels=labels)
