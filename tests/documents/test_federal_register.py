"""Federal Register documents: the real GPO XML of FR Doc. 2023-03929, the API JSON fixtures, and
the linking of candidate measures to knowledge-base measures."""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import pytest

from techbloc.documents.extract import read_file
from techbloc.documents.federal_register import CandidateMeasure
from techbloc.documents.fr_links import KbMeasure, link_candidate, load_kb_measures
from techbloc.enrich.citations import Citation
from tests.documents.fixtures import DOCS
from tests.shared_data import shared_dataset


def test_real_gpo_xml_of_an_entity_list_rule() -> None:
    path = shared_dataset("federal-register-samples", "FR_2023-03929_entity_list_additions.xml")
    [found] = read_file(path)
    doc, candidate = found.document, found.candidate
    assert candidate == CandidateMeasure(
        document_number="2023-03929",
        start_page=12170,  # the text before the first PRTPAGE (12171)
        end_page=12175,
        effective_date=dt.date(2023, 2, 24),
        agencies=["DEPARTMENT OF COMMERCE", "Bureau of Industry and Security"],
        document_type="Rule",
        action="Final rule.",
        title="Additions of Entities to the Entity List",
        rin="0694-AJ13",
        cfr_references=["15 CFR 744"],
        url="https://www.federalregister.gov/d/2023-03929",
    )
    assert (doc.format, doc.title, doc.language, doc.published, doc.pages) == (
        "fr-xml", "Additions of Entities to the Entity List", "en", None, 6,
    )  # fmt: skip
    assert "FR Doc." not in doc.text and "BILLING CODE" not in doc.text
    assert "adding 10 entities under 13 entries to the Entity List" in doc.text
    rows = [doc.text[b.start : b.end] for b in doc.blocks if " | " in doc.text[b.start : b.end]]
    assert any(
        r.startswith("Promtekhkomplekt JSC, a.k.a., the following four aliases:") for r in rows
    )
    assert {b.page for b in doc.blocks} == {1, 2, 3, 4, 5, 6}
    pages = [b.page or 0 for b in doc.blocks]
    assert pages == sorted(pages)


def test_api_json_single_document_and_search_response() -> None:
    [single] = read_file(DOCS / "fr_2022-21658.json")
    assert single.candidate is not None
    assert (single.candidate.citation, single.candidate.volume, single.candidate.start_page) == (
        "87 FR 62186", 87, 62186,
    )  # fmt: skip
    assert single.candidate.agencies == ["Commerce Department", "Industry and Security Bureau"]
    assert single.original == (DOCS / "fr_2022-21658.json").read_bytes()
    unverified, entity_list = read_file(DOCS / "fr_search.json")
    assert entity_list.candidate is not None and unverified.candidate is not None
    assert entity_list.candidate.rin == "0694-AJ13"
    assert entity_list.candidate.cfr_references == ["15 CFR 744"]
    assert unverified.candidate.effective_date == dt.date(2022, 10, 7)
    assert b'"document_number": "2023-03929"' in entity_list.original  # its own part of the file


RULE = CandidateMeasure(
    document_number="2099-00001", citation="90 FR 1000", volume=90, start_page=1000,
    end_page=1010, publication_date=dt.date(2025, 1, 10),
)  # fmt: skip


def kb(measure_id: str, page: int, day: dt.date = dt.date(2025, 1, 8), volume: int = 90,
       urls: tuple[str, ...] = (), notes: tuple[str, ...] = ()) -> KbMeasure:  # fmt: skip
    return KbMeasure(measure_id, day, [Citation(volume, page)], list(urls), list(notes))


@pytest.mark.parametrize(
    ("candidate", "measures", "linked", "reason"),
    [
        (RULE, [kb("m", 1000)], "m", "cites 90 FR 1000, the first page of this document"),
        (RULE, [kb("m", 1004)], "m", "cites 90 FR 1004, 4 page(s) after its first page"),
        (RULE, [kb("m", 1011)], None, None),  # after the document's last page
        (RULE, [kb("m", 999)], None, None),  # a rule that starts before it
        (RULE, [kb("m", 1000, volume=89)], None, None),
        (RULE, [kb("m", 1000, day=dt.date(2024, 6, 1))], None, None),  # months apart
        (dataclasses.replace(RULE, end_page=None), [kb("m", 1100)], "m", "100 page(s) after"),
        (dataclasses.replace(RULE, end_page=None), [kb("m", 1121)], None, None),  # > 120 pages
        (RULE, [kb("far", 1000, day=dt.date(2025, 2, 1)), kb("near", 1000)], "near",
         "also cited by far"),
        (RULE, [kb("inside", 1002, day=dt.date(2025, 1, 10)), kb("first", 1000)], "first",
         "also cited by inside"),
        (dataclasses.replace(RULE, volume=None),
         [kb("m", 1, urls=("https://www.federalregister.gov/d/2099-00001",))], "m",
         "document number 2099-00001 in source https://www.federalregister.gov/d/2099-00001"),
        (dataclasses.replace(RULE, volume=None),
         [kb("m", 1, notes=("FR Doc. 2099-00001, 90 FR 1000.",))], "m", "in a source note"),
        (dataclasses.replace(RULE, volume=None),
         [kb("m", 1, urls=("https://www.federalregister.gov/d/2099-000012",))], None, None),
    ],
)  # fmt: skip
def test_link_candidate(
    candidate: CandidateMeasure, measures: list[KbMeasure], linked: str | None, reason: str | None
) -> None:
    link = link_candidate(candidate, measures)
    if linked is None:
        assert link is None
    else:
        assert link is not None and link.measure_id == linked and reason in link.reason


def test_fixture_rules_link_to_the_builtin_knowledge_base(
    builtin_con: duckdb.DuckDBPyConnection,
) -> None:
    measures = load_kb_measures(builtin_con)
    found = [*read_file(DOCS / "fr_2022-21658.json"), *read_file(DOCS / "fr_search.json")]
    links = {}
    for item in found:
        assert item.candidate is not None
        link = link_candidate(item.candidate, measures)
        links[item.candidate.document_number] = link.measure_id if link else None
    assert links == {
        "2022-21658": "us-2022-10-07-advanced-computing-sme-rule",
        "2022-21714": "us-2022-10-07-unverified-list-31",
        "2023-03929": None,  # not in the knowledge base
    }
    [advanced] = read_file(DOCS / "fr_2022-21658.json")
    assert advanced.candidate is not None
    by_number = link_candidate(dataclasses.replace(advanced.candidate, volume=None), measures)
    assert by_number is not None
    assert by_number.measure_id == "us-2022-10-07-advanced-computing-sme-rule"
    assert "federalregister.gov/d/2022-21658" in by_number.reason
