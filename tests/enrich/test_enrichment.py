"""Enrichment of listed entities: technology domains and the measures that listed them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from techbloc.enrich.citations import Citation, CitationIndex, MeasureCitation, parse_citations
from techbloc.enrich.domains import DomainKeywords, most_specific
from techbloc.ingest.lists import import_list_file
from techbloc.store.build import build_store
from techbloc.workspace import Techbloc
from tests.shared_data import shared_dataset

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "enrichment.csv"


def test_parse_citations() -> None:
    assert parse_citations("68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 68 F.R. 38290") == [
        Citation(68, 38290),
        Citation(71, 38843),
    ]
    assert parse_citations("Notice 1958, Vol. 59, No. 44, 3/07/94") == []
    assert parse_citations(None) == []


def test_citation_inside_a_rule() -> None:
    index = CitationIndex(
        [
            MeasureCitation("rule-a", Citation(85, 100), dt.date(2020, 1, 10)),
            MeasureCitation("rule-b", Citation(85, 180), dt.date(2020, 3, 1)),
        ]
    )
    link = index.link(Citation(85, 130), dt.date(2020, 1, 12))
    assert link is not None and (link.measure_id, link.rule, link.day_gap) == (
        "rule-a",
        "page 30 of rule",
        2,
    )
    assert index.link(Citation(85, 180), None).measure_id == "rule-b"  # type: ignore[union-attr]
    assert index.link(Citation(85, 130), dt.date(2015, 1, 1)) is None  # an amendment years later
    assert index.link(Citation(85, 99), dt.date(2020, 1, 10)) is None  # before any known rule
    assert index.link(Citation(85, 400), dt.date(2020, 3, 1)) is None  # beyond any rule's length
    assert index.link(Citation(86, 130), dt.date(2020, 1, 10)) is None  # another volume


def test_domain_keywords() -> None:
    keywords = DomainKeywords(
        [
            ("aerospace-defence", ["military", "space"], []),
            ("space", ["satellite", "space"], ["卫星"]),
            ("artificial-intelligence", ["AI", "data"], ["人工智能"]),
        ]
    )
    found = {(h.domain_id, h.keyword) for h in keywords.hits(["Example Satellites Ltd."])}
    assert found == {("space", "satellite")}  # plural, case-insensitive
    assert keywords.hits(["Daily Air Services", "Maid Services"]) == []  # 'AI' is case-sensitive
    assert {h.domain_id for h in keywords.hits(["北京衛星公司"])} == {"space"}  # traditional
    assert keywords.hits(["Big Data Co."]) == []  # policy/common words are not used on names
    assert most_specific({"space", "aerospace-defence"}, {"space": "aerospace-defence"}) == {
        "space"
    }


@pytest.fixture
def enriched(fresh_store: Path) -> duckdb.DuckDBPyConnection:
    import_list_file(fresh_store, str(FIXTURE), retrieved=dt.date(2024, 1, 1))
    return duckdb.connect(str(fresh_store), read_only=True)


def test_listing_measures(enriched: duckdb.DuckDBPyConnection) -> None:
    rows = enriched.execute(
        "SELECT e.name, m.measure_id, m.citation, m.link_rule FROM listing_measures m "
        "JOIN listed_entities e USING (entity_id) ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("Example Telecom Devices Co., Ltd.", "us-2019-huawei-entity-list", "84 FR 22963",
         "page 2 of rule"),
        ("Example Turbine Blade Co. Ltd.", "us-2020-military-end-user-list", "85 FR 83799",
         "page 6 of rule"),
    ]  # fmt: skip


def test_listing_domains(enriched: duckdb.DuckDBPyConnection) -> None:
    rows = enriched.execute(
        "SELECT e.name, d.domain_id, d.basis FROM listing_domains d "
        "JOIN listed_entities e USING (entity_id) ORDER BY 1, 2"
    ).fetchall()
    assert rows == [
        ("Example Quantum Computing Laboratory", "quantum", "name"),
        ("Example Telecom Devices Co., Ltd.", "telecom-5g", "name"),
        ("Example Trading Ltd.", "unmanned-systems", "remarks"),
        # no word of its own: the domains of the MEU rule that listed it
        ("Example Turbine Blade Co. Ltd.", "aerospace", "listing-measure"),
        ("Example Turbine Blade Co. Ltd.", "conventional-arms", "listing-measure"),
        ("示例雷达研究所", "navigation-sensing", "name"),
    ]


def test_counts_by_year_and_domain(enriched: duckdb.DuckDBPyConnection, fresh_store: Path) -> None:
    enriched.close()
    with Techbloc.open(fresh_store) as tb:
        rows = tb.listings(["year", "domain"], country="CN")
        by_domain = tb.listings(["domain"], domain="aerospace-defence")
    assert {"year": 2019, "domain": "ict", "entities": 1} in rows
    assert {"year": 2001, "domain": "computing-ai", "entities": 1} in rows
    assert {"year": 2020, "domain": "aerospace-defence", "entities": 1} in rows
    assert sum(r["entities"] for r in rows) == 4  # the HK trading company is not in CN
    assert by_domain == [{"domain": "aerospace-defence", "entities": 2}]  # with the HK one


def test_knowledge_base_change_re_enriches(
    enriched: duckdb.DuckDBPyConnection, fresh_store: Path
) -> None:
    enriched.close()
    con = duckdb.connect(str(fresh_store))
    con.execute("DELETE FROM listing_domains")
    con.execute("UPDATE store_meta SET value = 'stale' WHERE key = 'kb_hash'")
    con.close()
    build_store(fresh_store)
    con = duckdb.connect(str(fresh_store), read_only=True)
    assert con.execute("SELECT count(*) FROM listing_domains").fetchone() == (6,)
    con.close()


def test_real_snapshot_enrichment(fresh_store: Path) -> None:
    path = shared_dataset("us-csl-watchman", "csl_2023.csv")
    import_list_file(fresh_store, str(path), retrieved=dt.date(2023, 11, 30))
    with Techbloc.open(fresh_store) as tb:
        rows = tb.listings(["domain"], country="CN")
        linked = tb.con.execute(
            "SELECT measure_id, count(*) FROM listing_measures GROUP BY 1"
        ).fetchall()
    counts = {r["domain"]: r["entities"] for r in rows}
    assert counts["aerospace-defence"] > 100  # MEU and aviation institutes dominate this snapshot
    assert counts["semiconductors"] >= 5
    assert dict(linked).get("us-2020-military-end-user-list", 0) >= 60
