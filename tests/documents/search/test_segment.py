"""Words for search: the same for index and query, Chinese segmented, English folded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techbloc.documents.segment import (
    BIGRAM_PREFIX,
    ZH_STOPWORDS,
    fold,
    token_spans,
    tokenize,
    tokens_text,
)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("出口管制", ["出口", "管制"]),  # search mode: the parts
        ("美国商务部", ["美国", "商务部", "美国商务部"]),  # the parts and the whole
        ("半导体制造设备", ["半导体", "导体", "制造", "设备"]),
        ("出口管製", ["出口", "管制"]),  # traditional → simplified first
        ("半導體製造設備", ["半导体", "制造", "设备"]),
        ("Règlement (EU) 2021/821", ["reglement", "eu", "2021", "821"]),  # accents, numbers
        ("ECCN 3A090 and 4A090", ["eccn", "3a090", "4a090"]),
        ("华为Huawei的5G设备", ["华为", "huawei", "5g", "设备"]),  # mixed scripts split apart
        ("ＡＢＣ１２３", ["abc123"]),  # full width folded
        ("美日荷", ["美日", "荷", BIGRAM_PREFIX + "日荷"]),  # a pair jieba does not give
    ],
)
def test_tokens_include(text: str, present: list[str]) -> None:
    tokens = tokenize(text)
    assert [p for p in present if p not in tokens] == []


def test_traditional_and_simplified_give_the_same_tokens() -> None:
    assert tokenize("瓦森納安排的兩用物品清單") == tokenize("瓦森纳安排的两用物品清单")


def test_function_words_are_dropped_but_pairs_holding_them_stay() -> None:
    tokens = tokenize("国家的安全和平")
    assert "的" not in tokens and "和" not in tokens
    assert BIGRAM_PREFIX + "和平" in tokens
    assert ZH_STOPWORDS.isdisjoint(tokens)


def test_pairs_are_their_own_kind_of_token() -> None:
    """A pair never counts as the word it spells: 化学生物 holds 学生 only as a pair."""
    assert "学生" not in tokenize("化学生物")
    assert BIGRAM_PREFIX + "学生" in tokenize("化学生物")
    assert {"学生", BIGRAM_PREFIX + "学生"} <= set(tokenize("学生"))


def test_the_segmentation_the_pairs_repair() -> None:
    """jieba cuts 美日荷 as 美日 | 荷 in the text and 日荷 as one word in a query: without the
    pairs they never meet."""
    assert "日荷" in tokenize("日荷", bigrams="off")
    assert "日荷" not in tokenize("美日荷达成一致", bigrams="off")
    assert BIGRAM_PREFIX + "日荷" in set(tokenize("日荷")) & set(tokenize("美日荷达成一致"))


def test_shared_pairs_mode_writes_only_pairs_jieba_did_not_give() -> None:
    tokens = tokenize("出口管制", bigrams="shared")
    assert tokens == ["出口", "口管", "管制"]


def test_tokens_text_joins_with_spaces() -> None:
    assert tokens_text("Export Controls") == "export controls"


def test_spans_point_into_the_original_text() -> None:
    text = "美國商務部於2022年10月7日公布 Règlement"
    spans = token_spans(text)
    by_token = {t.text: text[t.start : t.end] for t in spans}
    assert by_token["美国商务部"] == "美國商務部"
    assert by_token["reglement"] == "Règlement"
    assert by_token["2022"] == "2022"
    assert [t.text for t in spans] == tokenize(text)


def test_fold_maps_each_character_back() -> None:
    folded, origin = fold("Ａé漢")
    assert folded == "ae汉"
    assert origin == [0, 1, 2]


@given(st.text(max_size=60))
def test_never_crashes_and_spans_stay_inside(text: str) -> None:
    spans = token_spans(text)
    assert [t.text for t in spans] == tokenize(text)
    for t in spans:
        assert 0 <= t.start < t.end <= len(text)
        assert t.text and " " not in t.text
