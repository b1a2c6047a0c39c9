"""Sentence splitting in Chinese and English."""

from __future__ import annotations

import pytest

from techbloc.documents.tagging.sentences import split_sentences

CASES = [
    ("美国商务部发布新规。中方坚决反对！是否？第一；第二\n新行",
     ["美国商务部发布新规。", "中方坚决反对！", "是否？", "第一；", "第二", "新行"]),
    ("The U.S. Department of Commerce acted. It said so! Really?",
     ["The U.S. Department of Commerce acted.", "It said so!", "Really?"]),
    ("Huawei Technologies Co., Ltd. and ZTE Inc. were listed. No. 5 is here. See e.g. Art. 3.",
     ["Huawei Technologies Co., Ltd. and ZTE Inc. were listed.", "No. 5 is here.",
      "See e.g. Art. 3."]),
    ("On Oct. 7, 2022 BIS acted. Then it paused.",
     ["On Oct. 7, 2022 BIS acted.", "Then it paused."]),
    ("USMCA art. 32.10 applies. Done.", ["USMCA art. 32.10 applies.", "Done."]),
    ("A hard-wrapped\nsentence ends here. Heading\n\nNext paragraph.",
     ["A hard-wrapped\nsentence ends here.", "Heading", "Next paragraph."]),
    ("The EU agreed. 中方表示欢迎。Then more.", ["The EU agreed.", "中方表示欢迎。", "Then more."]),
    ("“美方应停止打压。”他说。", ["“美方应停止打压。”", "他说。"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [sentences.sentence(i) for i in range(len(sentences))] == expected
    for i in range(len(sentences)):
        a, b = sentences.span(i)
        assert text[a:b] == sentences.sentence(i)
        assert sentences.index_of(a) == i and sentences.index_of(b - 1) == i
