"""Whatever the text, tagging does not fail and every span indexes the text it came from."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techbloc.documents.tagging import DocumentTagger

PIECES = [
    "美日荷", "中美", "对华为", "瓦森納安排", "Wassenaar Arrangement", "WA", "U.S.", "US$", "Quad",
    "Washington Post", "北京时间", "2023年10月17日", "10月17日", "Oct. 7, 2022", "in 2019",
    "export controls", "不会限制", "lifted sanctions", "合作", "。", ". ", "\n", "\n\n", " ", "-",
    "ＡＩ", "“", "”", "港澳台", "Entity List", "实体清单", "二〇二三年十月",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=25).map("".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_spans_always_index_the_text(tagger: DocumentTagger, text: str) -> None:
    result = tagger.tag(text)
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface and m.surface
        assert text[m.sentence_start : m.sentence_start + len(m.sentence)] == m.sentence
    for d in result.event_dates:
        assert text[d.start : d.end] == d.surface
    for s in result.stances:
        assert s.evidence is None or (
            s.evidence_start is not None and text[s.evidence_start :].startswith(s.evidence)
        )
    assert {s.alliance_id for s in result.stances} == result.keys("alliance")
