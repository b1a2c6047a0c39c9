"""Name analysis and pair scores across scripts: a table of cases, positives and hard negatives."""

from __future__ import annotations

import pytest

from techbloc.matching.names import analyse, chinese_number
from techbloc.matching.score import score_names

THRESHOLD = 0.80


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("华为技术有限公司", ["huawei", "technology"]),
        ("華為技術有限公司", ["huawei", "technology"]),  # traditional
        ("Huawei Technologies Co., Ltd.", ["huawei", "technology"]),
        ("HUAWEI  TECHNOLOGIES, CO. LTD", ["huawei", "technology"]),  # case and punctuation
        ("浙江大华技术股份有限公司", ["zhejiang", "dahua", "technology"]),
        ("第五十四研究所", ["54", "institute"]),
        ("54th Research Institute", ["54", "research", "institute"]),
        ("Société Générale", ["societe", "generale"]),  # diacritics
    ],
)
def test_required_tokens(name: str, tokens: list[str]) -> None:
    assert [t.text for t in analyse(name).tokens if not t.optional] == tokens


@pytest.mark.parametrize(
    ("text", "value"), [("十四", 14), ("二十", 20), ("七〇六", 706), ("一百零五", 105)]
)
def test_chinese_numbers(text: str, value: int) -> None:
    assert chinese_number(text) == value


POSITIVES = [
    ("华为技术有限公司", "Huawei Technologies Co., Ltd."),
    ("華為技術有限公司", "Huawei Technologies Co., Ltd."),
    ("Huawei Jishu Youxian Gongsi", "Huawei Technologies Co., Ltd."),  # pinyin
    ("Technologies Huawei", "Huawei Technologies Co., Ltd."),  # word order
    ("华为", "Huawei Technologies Co., Ltd."),  # short form
    ("浙江大华技术股份有限公司", "Zhejiang Dahua Technology Co., Ltd."),
    ("国防科技大学", "National University of Defense Technology"),  # translation
    ("中国人民解放军国防科技大学", "National University of Defense Technology"),
    ("西北工业大学", "Northwestern Polytechnical University"),
    ("北京理工大学", "Beijing Institute of Technology"),
    ("哈尔滨工业大学", "Harbin Institute of Technology"),
    ("中国航天科工集团有限公司", "China Aerospace Science and Industry Corporation"),
    (
        "中国电子科技集团有限公司第十四研究所",
        "China Electronics Technology Group Corporation 14th Research Institute",
    ),
    ("HIKVISION", "Hangzhou Hik-Vision Digital Technology Co., Ltd."),  # joined words
    ("美国国家民主基金会", "National Endowment for Democracy"),
    ("中国电信", "China Telecom Corporation Limited"),
]
NEGATIVES = [
    ("华微电子", "Huawei Technologies Co., Ltd."),  # same pinyin start, other company
    ("大华银行", "Zhejiang Dahua Technology Co., Ltd."),  # a bank, not the camera maker
    (
        "中国航天科工集团有限公司",
        "China Aerospace Science and Technology Corporation",
    ),  # CASIC ≠ CASC
    (
        "中国电子科技集团有限公司第十四研究所",
        "China Electronics Technology Group Corporation 54th Research Institute",
    ),
    ("Technology Institute", "Harbin Institute of Technology"),  # generic words only
    ("中国电信", "China United Telecommunications Corporation"),
]


@pytest.mark.parametrize(("query", "listed"), POSITIVES)
def test_positive_pairs_reach_the_threshold(query: str, listed: str) -> None:
    scored = score_names(analyse(query), analyse(listed))
    assert scored.score >= THRESHOLD, scored.rule
    assert scored.matched


@pytest.mark.parametrize(("query", "listed"), NEGATIVES)
def test_hard_negatives_stay_below(query: str, listed: str) -> None:
    assert score_names(analyse(query), analyse(listed)).score < THRESHOLD


def test_explanation_names_tokens_and_their_origin() -> None:
    scored = score_names(analyse("华为技术有限公司"), analyse("Huawei Technologies Co., Ltd."))
    assert ("huawei", "huawei", "pinyin of 华为", 1.0) in scored.matched
    assert ("technology", "technology", "translation of 技术", 1.0) in scored.matched
