"""The technology-domain tree and the other closed vocabularies (stages, instruments, dimensions),
bilingual, as the knowledge base defines them."""

from __future__ import annotations

import duckdb

from techbloc.query.rows import Row, fetch

VOCABULARIES = ("stages", "instruments", "dimensions")


def domain_tree(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Top-level domains with their children, each with names, descriptions, keywords and its
    mappings to public taxonomies (US CET list, Wassenaar categories, HS headings)."""
    rows = fetch(
        con,
        """SELECT domain_id, parent_id, name_en, name_zh, description_en, description_zh,
                  keywords_en, keywords_zh, cet_categories, wassenaar_categories, hs_codes
           FROM domains ORDER BY domain_id""",
    )
    children: dict[str, list[Row]] = {}
    for row in rows:
        if row["parent_id"]:
            children.setdefault(row["parent_id"], []).append(row)
    tops = [r for r in rows if not r["parent_id"]]
    for top in tops:
        top["children"] = children.get(top["domain_id"], [])
    return tops


def vocabulary(con: duckdb.DuckDBPyConnection, name: str) -> list[Row]:
    """One closed vocabulary (stages, instruments or dimensions) with its en/zh names."""
    if name not in VOCABULARIES:
        raise ValueError(f"unknown vocabulary {name!r}")
    key = {"stages": "stage_id", "instruments": "instrument_id", "dimensions": "dimension_id"}[name]
    return fetch(con, f"SELECT * FROM {name} ORDER BY {key}")  # names are ours, not the user's
