"""Rebuild the enrichment tables of listed entities: domains and listing measures.

Run inside the caller's transaction after every list import and every knowledge-base load, so the
enrichment always reflects the lists and the knowledge base in the store. It is a full rebuild;
the store's 4,000-entity CSL snapshot takes well under a second.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from techbloc.enrich.citations import CitationIndex, MeasureCitation, parse_citations
from techbloc.enrich.domains import DomainKeywords, most_specific

BATCH = 5_000


def enrich_listings(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Replace ``listing_domains`` and ``listing_measures``; returns the row counts written."""
    keywords = DomainKeywords(
        con.execute("SELECT domain_id, keywords_en, keywords_zh FROM domains").fetchall()
    )
    parents: dict[str, str | None] = dict(
        con.execute("SELECT domain_id, parent_id FROM domains").fetchall()
    )
    measure_domains: dict[str, list[str]] = {}
    cited: list[MeasureCitation] = []
    for measure_id, citation, day, domains in con.execute(
        "SELECT measure_id, citation, measure_date, domains FROM measures"
    ).fetchall():
        measure_domains[measure_id] = list(domains or [])
        cited += [MeasureCitation(measure_id, c, day) for c in parse_citations(citation)]
    index = CitationIndex(cited)
    counts = {"listing_domains": 0, "listing_measures": 0}
    con.execute("DELETE FROM listing_domains")
    con.execute("DELETE FROM listing_measures")
    cursor = con.execute(  # read to files first: no other statement runs until the inserts
        "SELECT entity_id, name, aliases, remarks, citation, listing_date FROM listed_entities"
    )
    with tempfile.TemporaryDirectory(prefix="techbloc-enrich-") as tmp:
        domain_file, measure_file = Path(tmp) / "domains.jsonl", Path(tmp) / "measures.jsonl"
        with domain_file.open("w") as d_out, measure_file.open("w") as m_out:
            while rows := cursor.fetchmany(BATCH):
                for row in rows:
                    domains, measures = _enrich_one(row, keywords, parents, index, measure_domains)
                    _write(d_out, domains)
                    _write(m_out, measures)
                    counts["listing_domains"] += len(domains)
                    counts["listing_measures"] += len(measures)
        con.execute(
            "INSERT INTO listing_domains SELECT * FROM read_json(?, format = 'newline_delimited', "
            "columns = {entity_id: 'VARCHAR', domain_id: 'VARCHAR', basis: 'VARCHAR', "
            "evidence: 'VARCHAR'})",
            [str(domain_file)],
        )
        con.execute(
            "INSERT INTO listing_measures SELECT * FROM read_json(?, format = "
            "'newline_delimited', columns = {entity_id: 'VARCHAR', measure_id: 'VARCHAR', "
            "citation: 'VARCHAR', link_rule: 'VARCHAR', day_gap: 'INTEGER'})",
            [str(measure_file)],
        )
    return counts


def _write(out: Any, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _enrich_one(
    row: tuple[Any, ...],
    keywords: DomainKeywords,
    parents: dict[str, str | None],
    index: CitationIndex,
    measure_domains: dict[str, list[str]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    entity_id, name, aliases, remarks, citation, listing_date = row
    listing_day: dt.date | None = listing_date
    measures = []
    for cited in parse_citations(citation):
        link = index.link(cited, listing_day)
        if link:
            measures.append(
                {
                    "entity_id": entity_id,
                    "measure_id": link.measure_id,
                    "citation": str(cited),
                    "link_rule": link.rule,
                    "day_gap": link.day_gap,
                }
            )
    evidence: dict[str, tuple[str, str]] = {}
    for basis, texts in (("name", [name, *(aliases or [])]), ("remarks", [remarks or ""])):
        for hit in keywords.hits(t for t in texts if t):
            evidence.setdefault(hit.domain_id, (basis, f"'{hit.keyword}' in {hit.text!r}"))
    domains: list[dict[str, Any]] = []
    for domain_id in sorted(most_specific(set(evidence), parents)):
        basis, why = evidence[domain_id]
        domains.append(
            {"entity_id": entity_id, "domain_id": domain_id, "basis": basis, "evidence": why}
        )
    if not domains:  # no word of its own: the domains of the rule that listed it
        ruled: dict[str, str] = {}
        for linked in measures:
            for domain_id in measure_domains.get(linked["measure_id"], []):
                ruled.setdefault(domain_id, linked["measure_id"])
        for domain_id in sorted(most_specific(set(ruled), parents)):
            domains.append(
                {
                    "entity_id": entity_id,
                    "domain_id": domain_id,
                    "basis": "listing-measure",
                    "evidence": f"no keyword of its own; domain of measure {ruled[domain_id]}",
                }
            )
    return domains, measures
