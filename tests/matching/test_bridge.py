"""The bilingual name bridge: brand names and abbreviations, and short names kept in their place."""

from __future__ import annotations

import pytest

from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import IndexedName, ScreeningIndex
from techbloc.matching.names import analyse
from techbloc.matching.screen import Query, screen

ROWS = [
    ("hikvision", "zh", "杭州海康威视数字技术股份有限公司"), ("hikvision", "zh", "海康威视"),
    ("hikvision", "en", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ("dahua", "zh", "浙江大华技术股份有限公司"), ("dahua", "zh", "大华"),
    ("dahua", "en", "Zhejiang Dahua Technology Co., Ltd."),
    ("smic", "zh", "中芯国际集成电路制造有限公司"), ("smic", "zh", "中芯国际"),
    ("smic", "en", "Semiconductor Manufacturing International Corporation"),
    ("smic", "abbr", "SMIC"),
]  # fmt: skip
LISTED = [
    ("el:hik", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ("el:dahua", "Zhejiang Dahua Technology Co., Ltd."),
    ("el:smic", "Semiconductor Manufacturing International Corporation"),
]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex(
        [IndexedName(i, "us-bis-entity-list", n, n, ("CN",), analyse(n)) for i, n in LISTED]
    )


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("海康威视", "el:hik"),
        ("杭州海康威视数字技术股份有限公司", "el:hik"),
        ("海康威視", "el:hik"),
        ("中芯国际", "el:smic"),
        ("SMIC", "el:smic"),
        ("smic", "el:smic"),
        ("大华", "el:dahua"),
        ("大华技术", "el:dahua"),
    ],
)
def test_bridge_finds_translated_names(index: ScreeningIndex, query: str, entity: str) -> None:
    hits = screen(index, Query(query), bridge=NameBridge(ROWS))
    assert hits and hits[0].entity_id == entity
    if query not in ("SMIC", "smic", "大华", "大华技术"):
        assert hits[0].explanation["via"].startswith("name bridge:")


@pytest.mark.parametrize("query", ["大华银行", "华微电子", "中芯微电子研究院"])
def test_short_names_do_not_swallow_other_organisations(index: ScreeningIndex, query: str) -> None:
    assert screen(index, Query(query), bridge=NameBridge(ROWS)) == []


def test_without_bridge_brand_names_are_missed(index: ScreeningIndex) -> None:
    assert screen(index, Query("海康威视")) == []
