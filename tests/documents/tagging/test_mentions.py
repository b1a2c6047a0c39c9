"""Mentions of every type in both languages: what is found, with which span, and what is not."""

from __future__ import annotations

import pytest

from techbloc.documents.model import MentionType
from techbloc.documents.tagging import DocumentTagger
from tests.documents.tagging.helpers import found

# (text, type, expected [(key, surface)]) — every mention of that type, in order.
CASES: list[tuple[str, MentionType, list[tuple[str, str]]]] = [
    # alliances: names, short names, aliases, both languages
    ("The Wassenaar Arrangement met in Vienna.", "alliance",
     [("wassenaar", "Wassenaar Arrangement")]),
    ("瓦森纳安排第二十七次全会召开。", "alliance", [("wassenaar", "瓦森纳安排")]),
    ("巴统于1994年解散。", "alliance", [("cocom", "巴统")]),
    ("Leaders of the Quad met in Tokyo.", "alliance", [("quad", "the Quad")]),  # a KB alias
    ("The Quad met.", "alliance", [("quad", "Quad")]),
    ("四方安全对话领导人峰会", "alliance", [("quad", "四方安全对话")]),
    ("The Chip 4 alliance and the Minerals Security Partnership.", "alliance",
     [("chip4", "Chip 4 alliance"),
      ("minerals-security-partnership", "Minerals Security Partnership")]),
    ("AUKUS Pillar II covers quantum.", "alliance", [("aukus", "AUKUS Pillar II")]),
    # countries: names, aliases, demonyms, seats, Chinese forms and abbreviations
    ("China and the Netherlands", "country", [("CN", "China"), ("NL", "Netherlands")]),
    ("Dutch and Japanese suppliers", "country", [("NL", "Dutch"), ("JP", "Japanese")]),
    ("Washington and Beijing disagree; Brussels hesitates.", "country",
     [("US", "Washington"), ("CN", "Beijing"), ("EU", "Brussels")]),
    ("The Hague announced new rules.", "country", [("NL", "The Hague")]),
    ("中国和荷兰", "country", [("CN", "中国"), ("NL", "荷兰")]),
    ("中方坚决反对美方的做法。", "country", [("CN", "中方"), ("US", "美方")]),
    ("美日荷三国", "country", [("US", "美"), ("JP", "日"), ("NL", "荷")]),
    ("中美关系", "country", [("CN", "中"), ("US", "美")]),
    ("限制对华出口", "country", [("CN", "对华")]),
    ("赴美留学和访华期间", "country", [("US", "赴美"), ("CN", "访华")]),
    ("港澳台地区", "country", [("HK", "港澳台"), ("MO", "港澳台"), ("TW", "港澳台")]),
    ("欧盟委员会与布鲁塞尔", "country", [("EU", "欧盟委员会"), ("EU", "布鲁塞尔")]),
    # domains, instruments, stages, dimensions
    ("advanced semiconductors and lithography tools", "domain",
     [("semiconductors", "semiconductors"), ("semiconductor-equipment", "lithography")]),
    ("光刻机和稀土", "domain",
     [("semiconductor-equipment", "光刻机"), ("rare-earths-critical-minerals", "稀土")]),
    ("added to the Entity List under the foreign direct product rule", "instrument",
     [("entity_listing", "Entity List"), ("direct_product_rule", "foreign direct product rule")]),
    ("列入实体清单，适用外国直接产品规则", "instrument",
     [("entity_listing", "实体清单"), ("direct_product_rule", "外国直接产品规则")]),
    ("CFIUS reviewed the deal; 外商投资安全审查", "instrument",
     [("inbound_investment_screening", "CFIUS"),
      ("inbound_investment_screening", "外商投资安全审查")]),
    ("visas for researchers and 留学生", "stage",
     [("talent", "visas"), ("talent", "researchers"), ("talent", "留学生")]),
    ("cross-border data and 数据出境", "stage",
     [("data", "cross-border data"), ("data", "数据出境")]),
    ("joint research on quantum; 联合研发", "dimension",
     [("development", "joint research"), ("development", "联合研发")]),
    ("information sharing and 技术转让", "dimension",
     [("sharing", "information sharing"), ("spillover", "技术转让")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "mention_type", "expected"), CASES)
def test_mentions(
    tagger: DocumentTagger,
    text: str,
    mention_type: MentionType,
    expected: list[tuple[str, str]],
) -> None:
    assert found(tagger.tag(text), mention_type) == expected


# The longest match wins over shorter terms it overlaps.
LONGEST: list[tuple[str, MentionType, list[tuple[str, str]]]] = [
    ("美日印澳四方安全对话", "alliance", [("quad", "美日印澳"), ("quad", "四方安全对话")]),
    ("外国直接产品规则", "instrument", [("direct_product_rule", "外国直接产品规则")]),
    ("Export Controls and Human Rights Initiative", "instrument", []),
    ("不可靠实体清单", "instrument", [("entity_listing", "不可靠实体清单")]),
    ("Unreliable Entity List", "instrument", [("entity_listing", "Unreliable Entity List")]),
    ("Australia Group", "country", []),  # the regime, not Australia
    ("澳大利亚集团", "country", []),
    ("中国台湾", "country", [("TW", "中国台湾")]),  # the KB alias of Taiwan; not China as well
    ("Papua New Guinea", "country", [("PG", "Papua New Guinea")]),
    ("semiconductor manufacturing equipment", "domain",
     [("semiconductor-equipment", "semiconductor manufacturing equipment")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "mention_type", "expected"), LONGEST)
def test_longest_match_wins(
    tagger: DocumentTagger,
    text: str,
    mention_type: MentionType,
    expected: list[tuple[str, str]],
) -> None:
    assert found(tagger.tag(text), mention_type) == expected


def test_a_span_can_name_several_types(tagger: DocumentTagger) -> None:
    result = tagger.tag("出口管制")
    assert {(m.type, m.key) for m in result.mentions} == {
        ("instrument", "export_control"),
        ("stage", "trade_export"),
    }


def test_a_keyword_of_a_domain_and_its_parent_names_the_child(tagger: DocumentTagger) -> None:
    assert found(tagger.tag("AI models"), "domain") == [("artificial-intelligence", "AI")]


def test_spans_index_the_original_text(tagger: DocumentTagger) -> None:
    text = "Ｔｈｅ　ＵＳ and 中國台灣；瓦森納安排 and the “Entity List”.\n美國商務部"
    result = tagger.tag(text)
    assert result.mentions
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface
        assert text[m.sentence_start : m.sentence_start + len(m.sentence)] == m.sentence
        assert m.sentence_start <= m.start and m.end <= m.sentence_start + len(m.sentence)
    assert ("alliance", "wassenaar", "瓦森納安排") in {
        (m.type, m.key, m.surface) for m in result.mentions
    }


def test_traditional_chinese_tags_like_simplified(tagger: DocumentTagger) -> None:
    traditional = tagger.tag("美國將華為列入實體清單，瓦森納安排與臺灣。")
    simplified = tagger.tag("美国将华为列入实体清单，瓦森纳安排与台湾。")
    assert [(m.type, m.key, m.start, m.end) for m in traditional.mentions] == [
        (m.type, m.key, m.start, m.end) for m in simplified.mentions
    ]
    assert traditional.keys("country") == {"US", "TW"}


def test_mixed_chinese_and_english(tagger: DocumentTagger) -> None:
    text = "美国BIS将更多中国实体加入Entity List；the Wassenaar Arrangement 与瓦森纳安排相同。"
    result = tagger.tag(text)
    assert found(result, "alliance") == [
        ("wassenaar", "Wassenaar Arrangement"),
        ("wassenaar", "瓦森纳安排"),
    ]
    assert result.keys("country") == {"US", "CN"}
    assert result.keys("instrument") == {"entity_listing"}


def test_mentions_carry_block_and_page(tagger: DocumentTagger) -> None:
    from techbloc.documents.model import Block

    text = "Title\n\nThe Quad met.\n\n中方表示反对。"
    blocks = [Block(0, 0, 5, 1, "heading"), Block(1, 7, 20, 1), Block(2, 22, len(text), 2)]
    by_key = {m.key: m for m in tagger.tag(text, blocks).mentions}
    assert (by_key["quad"].block_index, by_key["quad"].page) == (1, 1)
    assert (by_key["CN"].block_index, by_key["CN"].page) == (2, 2)
    assert by_key["quad"].sentence == "The Quad met."
