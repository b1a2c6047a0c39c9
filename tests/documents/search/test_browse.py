"""The list of documents and one document in full."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from techbloc.documents.browse import document_detail, list_documents
from techbloc.errors import InvalidArgument, NotFound
from tests.documents.search.corpus import load_corpus, page_of


def test_list_is_newest_first_with_the_date_basis(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str]
) -> None:
    rows = list_documents(ro_con, limit=None)
    assert len(rows) == len(doc_ids)
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    first = rows[0]
    assert (first["doc_id"], first["date_basis"]) == (doc_ids["wassenaar-intro"], "imported")
    assert rows[-1]["doc_id"] == doc_ids["blue-dot-network"]  # 2019, the oldest
    assert all(r["mentions"] > 0 and r["blocks"] > 1 for r in rows)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"alliance": "巴统"}, {"wassenaar-intro"}),
        (
            {"domain": "computing-ai"},
            {
                "us-bis-advanced-computing",
                "tw-us-rule-traditional",
                "us-chips-act",
                "global-ai-governance",
            },
        ),  # fmt: skip
        ({"language": "mixed"}, {"ymtc-entity-list", "cn-graphite"}),
        ({"since": "2023-10", "language": "zh"}, {"wassenaar-intro", "global-ai-governance"}),
    ],
)
def test_list_filters(
    ro_con: duckdb.DuckDBPyConnection,
    doc_ids: dict[str, str],
    filters: dict[str, str],
    expected: set[str],
) -> None:
    by_id = {v: k for k, v in doc_ids.items()}
    assert {by_id[r["doc_id"]] for r in list_documents(ro_con, **filters)} == expected


def test_list_limit(ro_con: duckdb.DuckDBPyConnection) -> None:
    assert len(list_documents(ro_con, limit=3)) == 3
    with pytest.raises(InvalidArgument):
        list_documents(ro_con, limit=-1)


def test_detail_has_blocks_pages_and_grouped_mentions(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str]
) -> None:
    doc = next(d for d in load_corpus() if d.key == "wassenaar-intro")
    detail = document_detail(ro_con, doc_ids["wassenaar-intro"])
    assert detail["title"] == "瓦森纳安排简介"
    assert (detail["published"], detail["date"], detail["date_basis"]) == (
        None, "2024-05-01", "imported",
    )  # fmt: skip
    assert [b["text"] for b in detail["blocks"]] == [doc.title, *doc.paragraphs]
    assert [b["page"] for b in detail["blocks"]] == [page_of(i) for i in range(5)]
    assert detail["blocks"][0]["kind"] == "heading"
    assert set(detail["mentions"]) == {"alliance", "domain", "instrument"}
    alliances = {m["key"]: m for m in detail["mentions"]["alliance"]}
    assert alliances["wassenaar"]["count"] == 1
    assert alliances["wassenaar"]["first_surface"] == "瓦森纳安排"
    assert alliances["wassenaar"]["first_sentence"] == doc.title
    assert alliances["cocom"]["first_block_index"] == 2
    assert detail["indexed_passages"] == 5
    assert detail["candidate_measure"] is None
    assert detail["stances"] == [] and detail["event_dates"] == []


def test_detail_with_stances_event_dates_and_a_candidate_measure(
    indexed_store: Path, doc_ids: dict[str, str]
) -> None:
    ident = doc_ids["us-bis-advanced-computing"]
    with duckdb.connect(str(indexed_store)) as con:
        con.execute(
            "INSERT INTO document_stances VALUES (?, 'wassenaar', 'blockade', 'restrictive', "
            "2, 0, 0, 'controls exports', 10)",
            [ident],
        )
        con.execute(
            "INSERT INTO document_event_dates VALUES (?, DATE '2022-10-07', 'day', "
            "'7 October 2022', 3, 17, 'On 7 October 2022 …')",
            [ident],
        )
        con.execute(
            "INSERT INTO candidate_measures (document_number, doc_id, document_type, title, "
            "import_id) VALUES ('test-0001', ?, 'Rule', 'a test rule', 1)",
            [ident],
        )
        detail = document_detail(con, ident[:12])  # a unique beginning of the id
    assert detail["doc_id"] == ident
    assert detail["stances"][0]["stance"] == "blockade"
    assert detail["event_dates"] == [
        {"event_date": dt.date(2022, 10, 7).isoformat(), "precision": "day",
         "surface": "7 October 2022", "sentence": "On 7 October 2022 …"}
    ]  # fmt: skip
    assert detail["candidate_measure"]["document_number"] == "test-0001"
    domains = [m["key"] for m in detail["mentions"]["domain"]]
    assert domains == ["advanced-computing", "semiconductor-equipment"]


def test_unknown_document_suggests(ro_con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(NotFound, match="no document") as info:
        document_detail(ro_con, "doc-0000")
    assert info.value.hint and "techbloc docs list" in info.value.hint
    with pytest.raises(NotFound) as by_title:
        document_detail(ro_con, "瓦森纳安排简")
    assert by_title.value.hint and "doc-" in by_title.value.hint
    with pytest.raises(NotFound, match="no document"):
        document_detail(ro_con, "doc-")  # too short to stand for an id
