"""Search over the corpus, on a read-only connection as the CLI opens the store."""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pytest

from techbloc.documents.search import (
    BM25_B,
    BM25_K,
    MATCH_BM25_SCORES,
    PASSAGE_SCORES,
    query_words,
    search_documents,
)
from techbloc.errors import InvalidArgument, NotFound
from tests.documents.search.corpus import load_corpus, page_of

HAN = re.compile(r"[\u4e00-\u9fff]")


def keys(rows: list[dict[str, Any]], doc_ids: dict[str, str]) -> list[str]:
    by_id = {v: k for k, v in doc_ids.items()}
    return [by_id[r["doc_id"]] for r in rows]


def search(con: duckdb.DuckDBPyConnection, ids: dict[str, str], query: str, **kw: Any) -> list[str]:
    return keys(search_documents(con, query, **kw), ids)


def test_chinese_query_finds_chinese_documents(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str]
) -> None:
    rows = search_documents(ro_con, "出口管制")
    found = keys(rows, doc_ids)
    assert {"cn-export-control-law", "cn-gallium-germanium", "wassenaar-intro"} <= set(found)
    assert all(HAN.search(r["title"]) for r in rows)  # no English-only document
    assert {"us-bis-advanced-computing", "nl-sme-measures"}.isdisjoint(found)


def test_a_word_jieba_cuts_differently_in_query_and_text(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str]
) -> None:
    """The text has 美日荷 (cut 美日 | 荷), the query 日荷 (one word): the pair 日荷 meets."""
    assert search(ro_con, doc_ids, "日荷") == ["us-jp-nl-coordination"]


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("control", "us-bis-advanced-computing"),  # the text says "controls"
        ("system", "nl-sme-measures"),  # the text says "systems"
        ("authorised", "us-chips-act"),  # the text says "authorises"
    ],
)
def test_english_is_stemmed(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str], query: str, expected_first: str
) -> None:
    assert search(ro_con, doc_ids, query)[0] == expected_first


def test_stemmed_words_are_marked_in_the_snippet(ro_con: duckdb.DuckDBPyConnection) -> None:
    rows = search_documents(ro_con, "control")
    assert "«Controls»" in rows[0]["snippet"]


def test_mixed_query(ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str]) -> None:
    found = search(ro_con, doc_ids, "长江存储 Entity List")
    assert found[0] == "ymtc-entity-list"
    rows = search_documents(ro_con, "长江存储 Entity List")
    assert "«长江存储»" in rows[0]["snippet"] and "«Entity List»" in rows[0]["snippet"]


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("鎵鍺出口管制", "cn-gallium-germanium"),  # traditional query, simplified text
        ("巴統", "wassenaar-intro"),
        ("超级电脑", "tw-us-rule-traditional"),  # simplified query, traditional text
    ],
)
def test_traditional_and_simplified_meet(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str], query: str, expected_first: str
) -> None:
    assert search(ro_con, doc_ids, query)[0] == expected_first


def test_snippet_of_traditional_text_marks_the_original_characters(
    ro_con: duckdb.DuckDBPyConnection,
) -> None:
    rows = search_documents(ro_con, "超级电脑")
    assert "«超級電腦»" in rows[0]["snippet"]


@pytest.mark.parametrize(
    ("query", "about", "mentions_once"),
    [
        ("出口管制", "cn-export-control-law", "global-ai-governance"),
        ("export controls", "us-bis-advanced-computing", "blue-dot-network"),
    ],
)
def test_a_document_about_the_subject_ranks_above_one_that_names_it_once(
    ro_con: duckdb.DuckDBPyConnection,
    doc_ids: dict[str, str],
    query: str,
    about: str,
    mentions_once: str,
) -> None:
    found = search(ro_con, doc_ids, query)
    assert found.index(about) < found.index(mentions_once)
    rows = {r["doc_id"]: r for r in search_documents(ro_con, query)}
    assert (
        rows[doc_ids[about]]["matched_passages"] > rows[doc_ids[mentions_once]]["matched_passages"]
    )
    assert rows[doc_ids[mentions_once]]["matched_passages"] == 1


def test_results_are_sorted_and_carry_their_passage(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str]
) -> None:
    rows = search_documents(ro_con, "出口管制")
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    corpus = {d.doc_id: d for d in load_corpus()}
    for row in rows:
        assert row["page"] == page_of(row["block_index"])
        assert "«" in row["snippet"] and "»" in row["snippet"]
        block = [corpus[row["doc_id"]].title, *corpus[row["doc_id"]].paragraphs][row["block_index"]]
        assert row["snippet"].replace("«", "").replace("»", "").strip("…") in block
        assert "best passage BM25" in row["explanation"]
    first = rows[0]
    assert set(first) >= {
        "doc_id", "title", "language", "published", "date", "date_basis", "score",
        "best_passage_score", "matched_passages", "block_index", "page", "snippet",
    }  # fmt: skip


def test_snippet_marks_the_query_words(ro_con: duckdb.DuckDBPyConnection) -> None:
    rows = search_documents(ro_con, "出口管制法")
    assert rows[0]["snippet"] == "中华人民共和国«出口管制法»"


@pytest.mark.parametrize(
    ("filters", "included", "excluded"),
    [
        (  # a parent domain covers its children (equipment, materials)
            {"domain": "semiconductors"},
            {"wassenaar-intro", "cn-gallium-germanium", "us-jp-nl-coordination"},
            {"cn-export-control-law", "australia-group-intro"},
        ),
        (
            {"domain": "semiconductor-equipment"},
            {"wassenaar-intro", "us-jp-nl-coordination"},
            {"cn-gallium-germanium"},
        ),
        ({"domain": "半导体材料"}, {"cn-gallium-germanium"}, {"wassenaar-intro"}),
        ({"alliance": "瓦森纳"}, {"wassenaar-intro"}, {"cn-export-control-law"}),
        ({"alliance": "美日荷协议"}, {"us-jp-nl-coordination"}, {"wassenaar-intro"}),
        ({"alliance": "Australia Group"}, {"australia-group-intro"}, {"wassenaar-intro"}),
        (  # wassenaar-intro has no published date: its import day (2024-05-01) counts
            {"since": "2023-01-01"},
            {"cn-gallium-germanium", "wassenaar-intro", "global-ai-governance"},
            {"cn-export-control-law", "tw-us-rule-traditional", "australia-group-intro"},
        ),
        ({"since": "2024"}, {"wassenaar-intro"}, {"cn-gallium-germanium"}),
        ({"language": "zh"}, {"cn-export-control-law"}, set()),
    ],
)
def test_filters(
    ro_con: duckdb.DuckDBPyConnection,
    doc_ids: dict[str, str],
    filters: dict[str, str],
    included: set[str],
    excluded: set[str],
) -> None:
    found = set(search(ro_con, doc_ids, "出口管制", **filters))
    assert included <= found
    assert not excluded & found


def test_language_filter_on_a_mixed_query(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str]
) -> None:
    assert set(search(ro_con, doc_ids, "export 出口", language="en")) == {
        "us-bis-advanced-computing", "nl-sme-measures", "jp-meti-sme", "blue-dot-network",
    }  # fmt: skip
    assert search(ro_con, doc_ids, "graphite 石墨", language="mixed") == ["cn-graphite"]


def test_the_date_says_where_it_came_from(
    ro_con: duckdb.DuckDBPyConnection, doc_ids: dict[str, str]
) -> None:
    rows = {r["doc_id"]: r for r in search_documents(ro_con, "瓦森纳 出口管制法")}
    undated = rows[doc_ids["wassenaar-intro"]]
    assert (undated["published"], undated["date"], undated["date_basis"]) == (
        None, "2024-05-01", "imported",
    )  # fmt: skip
    dated = rows[doc_ids["cn-export-control-law"]]
    assert (dated["date"], dated["date_basis"]) == ("2020-10-17", "published")


def test_limit(ro_con: duckdb.DuckDBPyConnection) -> None:
    assert len(search_documents(ro_con, "出口管制", limit=2)) == 2
    with pytest.raises(InvalidArgument, match="limit"):
        search_documents(ro_con, "出口管制", limit=0)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty search query"),
        ("   ", "empty search query"),
        ("the of and", "no searchable words"),
        ("的", "no searchable words"),
        ("，。！", "no searchable words"),
    ],
)
def test_empty_or_stopword_queries_are_refused(
    ro_con: duckdb.DuckDBPyConnection, query: str, message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message) as info:
        search_documents(ro_con, query)
    assert info.value.hint


@pytest.mark.parametrize(
    ("filters", "error", "hint_names"),
    [
        ({"domain": "semiconductor"}, InvalidArgument, "semiconductors"),
        ({"domain": "quantum-stuff"}, InvalidArgument, "quantum"),
        ({"alliance": "wassenar"}, NotFound, "wassenaar"),
        ({"alliance": "澳大利亚集"}, None, None),  # part of one alliance's name: found
        ({"language": "fr"}, InvalidArgument, "zh, en"),
        ({"since": "yesterday"}, InvalidArgument, "YYYY-MM-DD"),
    ],
)
def test_unknown_filter_values_name_the_closest_ids(
    ro_con: duckdb.DuckDBPyConnection,
    filters: dict[str, str],
    error: type[Exception] | None,
    hint_names: str | None,
) -> None:
    if error is None:
        assert search_documents(ro_con, "出口管制", **filters)
        return
    with pytest.raises(error) as info:
        search_documents(ro_con, "出口管制", **filters)
    assert hint_names in (getattr(info.value, "hint", "") or "")


@pytest.mark.parametrize(
    "query", ["出口管制", "export controls", "长江存储 Entity List", "日荷", "licence 3A090"]
)
def test_passage_scores_equal_the_extensions_match_bm25(
    ro_con: duckdb.DuckDBPyConnection, query: str
) -> None:
    params = {"query": " ".join(query_words(ro_con, query)), "k": BM25_K, "b": BM25_B}
    ours = dict(ro_con.execute(PASSAGE_SCORES, params).fetchall())
    reference = dict(ro_con.execute(MATCH_BM25_SCORES, params).fetchall())
    assert ours and set(ours) == set(reference)
    assert all(ours[p] == pytest.approx(reference[p], rel=1e-12) for p in reference)
