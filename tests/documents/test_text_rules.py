"""The text rules as tables of cases: joining lines, language, dates and datelines."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techbloc.documents.assemble import content_hash
from techbloc.documents.cleaning import join_lines, normalise_spaces
from techbloc.documents.datelines import find_dateline, find_dates, parse_date
from techbloc.documents.language import detect_language


@pytest.mark.parametrize(
    ("lines", "keep", "joined"),
    [
        (["瓦森纳安排是多边", "出口管制机制。"], set(), "瓦森纳安排是多边出口管制机制。"),
        (["2022年10月7", "日，美国发布规则"], set(), "2022年10月7日，美国发布规则"),
        (["一是管制范围扩大", "，涵盖人工智能"], set(), "一是管制范围扩大，涵盖人工智能"),
        (["目前有4", "2个参加国"], set(), "目前有42个参加国"),  # a number cut in Chinese text
        (["chapter 4", "2 sections"], set(), "chapter 4 2 sections"),  # not in English text
        (["the Wassenaar", "Arrangement"], set(), "the Wassenaar Arrangement"),
        (["national con-", "trols on chips"], set(), "national controls on chips"),
        (["many dual-", "use items"], {"dual-use"}, "many dual-use items"),
        (["COVID-", "19 rules"], set(), "COVID-19 rules"),
        (["soft\u00ad", "ware"], set(), "software"),
        (["  spaced   out\t", "", " words "], set(), "spaced out words"),
        (["中 国 出 口", "管 制"], set(), "中国出口管制"),  # spaced-out CJK from a PDF
        (["美国（US）", "与日本"], set(), "美国（US）与日本"),
        (["zero\u200bwidth\ufeff"], set(), "zerowidth"),
    ],
)  # fmt: skip
def test_join_lines(lines: list[str], keep: set[str], joined: str) -> None:
    assert join_lines(lines, keep) == joined


@given(st.lists(st.text(max_size=30), max_size=8))
def test_joined_lines_are_clean(lines: list[str]) -> None:
    joined = join_lines(lines)
    assert joined == joined.strip() and "  " not in joined and "\n" not in joined
    assert normalise_spaces(joined) == joined


@given(st.text(max_size=60), st.text(alphabet=" \n\t\u3000", min_size=1, max_size=4))
def test_content_hash_does_not_see_whitespace(text: str, space: str) -> None:
    assert content_hash(text) == content_hash(space + text.replace(" ", space) + space)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("瓦森纳安排是常规武器和两用物项及技术出口管制的多边机制。", "zh"),
        ("瓦森纳安排（Wassenaar Arrangement）是常规武器和两用物项及技术出口管制的多边机制。", "zh"),
        ("The Wassenaar Arrangement coordinates export controls on dual-use goods.", "en"),
        ("The Wassenaar Arrangement (瓦森纳安排) coordinates export controls on dual-use goods "
         "and technologies among its participating states.", "en"),
        ("瓦森纳安排是出口管制机制。The Wassenaar Arrangement is an export control regime.",
         "mixed"),
        ("Chip 4", "und"),
        ("2023-10-17 12:00 — 42 / 17", "und"),
        ("", "und"),
    ],
)  # fmt: skip
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2023年10月17日", dt.date(2023, 10, 17)),
        ("二〇二三年十月十七日", dt.date(2023, 10, 17)),
        ("二〇二四年三月二十日", dt.date(2024, 3, 20)),
        ("2024年3月8号", dt.date(2024, 3, 8)),
        ("2023-10-17T09:00:00+08:00", dt.date(2023, 10, 17)),
        ("2023/1/5", dt.date(2023, 1, 5)),
        ("2023.10.17", dt.date(2023, 10, 17)),
        ("October 17, 2023", dt.date(2023, 10, 17)),
        ("Oct. 17, 2023", dt.date(2023, 10, 17)),
        ("17 October 2023", dt.date(2023, 10, 17)),
        ("2023年2月30日", None),  # no such day
        ("2023年10月", None),  # a month is not a date
        ("version 1.2023.10.17", None),
        ("", None),
    ],
)
def test_parse_date(text: str, day: dt.date | None) -> None:
    assert parse_date(text) == day


@given(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)))
def test_dates_round_trip(day: dt.date) -> None:
    written = [
        f"{day.year}年{day.month}月{day.day}日", day.isoformat(),
        f"{day:%B} {day.day}, {day.year}", f"{day.day} {day:%B} {day.year}",
    ]  # fmt: skip
    assert [parse_date(w) for w in written] == [day] * 4


def test_find_dates_in_order_without_overlaps() -> None:
    text = "2023年10月17日发布，自2023-11-01起施行"
    assert [(f.surface, f.date) for f in find_dates(text)] == [
        ("2023年10月17日", dt.date(2023, 10, 17)), ("2023-11-01", dt.date(2023, 11, 1)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("blocks", "day", "how"),
    [
        (["关于出口管制的通知", "发布日期：2024年3月8日"], dt.date(2024, 3, 8), "labelled"),
        (["通知", "来源：商务部 发布时间：2023-10-17 09:00"], dt.date(2023, 10, 17), "labelled"),
        (["Notice", "Published: 12 March 2024"], dt.date(2024, 3, 12), "labelled"),
        (["简报", "2023年10月17日"], dt.date(2023, 10, 17), "alone"),
        (["Briefing", "(March 12, 2024)"], dt.date(2024, 3, 12), "alone"),
        (["简报", "商务部 2023年10月17日"], dt.date(2023, 10, 17), "after a place"),
        (["Note", "Beijing, 17 October 2023"], dt.date(2023, 10, 17), "after a place"),
        (["BRUSSELS, May 14, 2024 — Governments agreed"], dt.date(2024, 5, 14), "press"),
        (["2022年10月7日，美国商务部发布规则。"], None, None),  # an event in a sentence
        (["2022年10月7日规则解读"], None, None),
        (["Title", "On October 7, 2022 the rule was released."], None, None),
        (["a", "b", "c", "d", "e", "f", "2023年10月17日"], None, None),  # too far down
    ],
)  # fmt: skip
def test_dateline(blocks: list[str], day: dt.date | None, how: str | None) -> None:
    found = find_dateline(blocks)
    if day is None:
        assert found is None
    else:
        assert found is not None and found[0] == day and how in found[1]
