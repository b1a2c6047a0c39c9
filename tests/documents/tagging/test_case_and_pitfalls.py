"""Case rules for acronyms and names, metonyms and the phrases that only look like mentions."""

from __future__ import annotations

import pytest

from techbloc.documents.model import MentionType
from techbloc.documents.tagging import DocumentTagger
from tests.documents.tagging.helpers import found

CASE_RULES: list[tuple[str, MentionType, list[tuple[str, str]]]] = [
    ("the US and us", "country", [("US", "US")]),
    ("the U.S.-China rivalry", "country", [("US", "U.S."), ("CN", "China")]),
    ("a quad-core processor and fine china", "alliance", []),
    ("a quad-core processor and fine china", "country", []),
    ("CHINA AND THE QUAD", "country", [("CN", "CHINA")]),
    ("the Wassenaar arrangement", "alliance", [("wassenaar", "Wassenaar arrangement")]),
    ("the TTC and the ttc", "alliance", [("ttc", "TTC")]),
    ("export controls on chips and Export-Control rules", "instrument",
     [("export_control", "export controls"), ("export_control", "Export-Control")]),
    ("semiconductors, chips and subsidies", "domain",
     [("semiconductors", "semiconductors"), ("semiconductors", "chips")]),
    ("subsidies", "instrument", [("financing", "subsidies")]),
    ("Americans and Europeans", "country", [("US", "Americans")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "mention_type", "expected"), CASE_RULES)
def test_case_rules(
    tagger: DocumentTagger, text: str, mention_type: MentionType, expected: list[tuple[str, str]]
) -> None:
    assert found(tagger.tag(text), mention_type) == expected


# Ambiguous short acronyms count only when the text also names the alliance in full.
SUPPORT = [
    ("The AG said the case was closed.", set()),
    ("The Australia Group (AG) met. The AG agreed.", {"australia-group"}),
    ("Our MSP manages the servers.", set()),
    ("The Minerals Security Partnership (MSP) met; the MSP agreed.",
     {"minerals-security-partnership"}),
    ("WA exports wheat.", set()),
    ("The Wassenaar Arrangement (WA) updated its lists.", {"wassenaar"}),
    ("The NSG and the TTC met.", {"nsg", "ttc"}),  # distinctive acronyms need no support
    ("美国国会-行政部门中国委员会发布年度报告。", set()),  # a US commission, not CHINCOM
    ("巴统中国委员会成立于1952年；中国委员会的禁运清单更长。", {"chincom"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SUPPORT)
def test_ambiguous_acronyms_need_support(
    tagger: DocumentTagger, text: str, expected: set[str]
) -> None:
    assert tagger.tag(text).keys("alliance") == expected


def test_an_unsupported_alias_gives_way_to_the_shorter_term(tagger: DocumentTagger) -> None:
    assert found(tagger.tag("国会-行政部门中国委员会"), "country") == [("CN", "中国")]


def test_the_eu_india_ttc_is_not_the_eu_us_ttc(tagger: DocumentTagger) -> None:
    result = tagger.tag(
        "The EU-India Trade and Technology Council met; 欧印贸易和技术委员会也开会。"
    )
    assert result.keys("alliance") == set()
    assert found(result, "country") == [("EU", "EU"), ("IN", "India"), ("EU", "欧"), ("IN", "印")]


def test_every_supported_acronym_is_kept(tagger: DocumentTagger) -> None:
    result = tagger.tag("The Australia Group (AG) met. The AG agreed.")
    assert found(result, "alliance") == [
        ("australia-group", "Australia Group"),
        ("australia-group", "AG"),
        ("australia-group", "AG"),
    ]


# Phrases that contain a country term without naming the country.
NOT_COUNTRIES = [
    "Washington state passed a law.",
    "The Washington Post reported it.",
    "George Washington University",
    "8 pm Beijing time",
    "Tokyo Electron shares fell.",
    "The Paris Agreement on climate",
    "The meeting was held in Paris.",
    "The US dollar and US$ 5 billion",
    "Latin American markets",
    "the Korean Peninsula",
    "the Indian Ocean",
    "北京时间晚上八点",
    "北京大学的研究",
    "华盛顿州议会",
    "美元汇率",
    "中美洲国家",
    "美中不足",
    "中英文对照",
    "德意志银行",
    "增加纳税",
    "以方便管理",
    "朝鲜半岛局势",
    "在北京举行的会议",
    "中非合作论坛",
    "日日夜夜",
    "马里兰州",
]


@pytest.mark.parametrize("text", NOT_COUNTRIES)
def test_not_a_country(tagger: DocumentTagger, text: str) -> None:
    assert found(tagger.tag(text), "country") == []


# ... while the metonym or short form next to them still counts.
STILL_COUNTRIES = [
    ("Washington, D.C. and Washington's allies", [("US", "Washington"), ("US", "Washington")]),
    ("Beijing's response", [("CN", "Beijing")]),
    ("美国对华为的制裁", [("US", "美国")]),  # 对华为 is "against Huawei", not 对华
    ("华盛顿方面表示", [("US", "华盛顿")]),
    ("北京表示反对", [("CN", "北京")]),
    ("向加纳出口", [("GH", "加纳")]),
    ("驻华使馆", [("CN", "驻华")]),
    ("Korean chipmakers and North Korean missiles", [("KR", "Korean"), ("KP", "North Korean")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), STILL_COUNTRIES)
def test_still_a_country(
    tagger: DocumentTagger, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(tagger.tag(text), "country") == expected


def test_single_character_keywords_must_be_words(tagger: DocumentTagger) -> None:
    assert found(tagger.tag("核与导弹"), "domain") == [
        ("nuclear", "核"),
        ("missiles-hypersonics", "导弹"),
    ]
    assert found(tagger.tag("核心技术和审核"), "domain") == []


def test_countries_inside_alliance_names(tagger: DocumentTagger) -> None:
    result = tagger.tag("The EU-US TTC, the Australia Group and 美日荷协议.")
    assert found(result, "country") == [
        ("EU", "EU"),
        ("US", "US"),
        ("US", "美"),
        ("JP", "日"),
        ("NL", "荷"),
    ]
    assert {m.method for m in result.mentions if m.type == "country"} == {
        "country-form-in-alliance-name",
        "country-abbreviation-in-alliance-name",
    }
