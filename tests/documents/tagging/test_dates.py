"""Dates of reported events, and numbers that are not dates."""

from __future__ import annotations

import datetime as dt

import pytest

from techbloc.documents.tagging import DocumentTagger

D = dt.date
CASES = [
    ("2023年10月17日，美国发布新规。", [(D(2023, 10, 17), "day", "2023年10月17日")]),
    ("2023年10月举行会议。", [(D(2023, 10, 1), "month", "2023年10月")]),
    ("2019年以来", [(D(2019, 1, 1), "year", "2019年")]),
    ("该机制于二〇二三年十月十七日成立。", [(D(2023, 10, 17), "day", "二〇二三年十月十七日")]),
    ("二○一九年五月", [(D(2019, 5, 1), "month", "二○一九年五月")]),
    ("２０２３年１０月１７日", [(D(2023, 10, 17), "day", "２０２３年１０月１７日")]),
    ("On October 17, 2023, BIS acted.", [(D(2023, 10, 17), "day", "October 17, 2023")]),
    ("on 17 October 2023", [(D(2023, 10, 17), "day", "17 October 2023")]),
    ("published Oct. 7, 2022", [(D(2022, 10, 7), "day", "Oct. 7, 2022")]),
    ("effective 2023-10-17", [(D(2023, 10, 17), "day", "2023-10-17")]),
    ("in October 2022", [(D(2022, 10, 1), "month", "October 2022")]),
    ("founded in 2019", [(D(2019, 1, 1), "year", "2019")]),
    ("since 1996 and by early 2025",
     [(D(1996, 1, 1), "year", "1996"), (D(2025, 1, 1), "year", "2025")]),
    ("Regulation (EU) 2021/821 of 20 May 2021", [(D(2021, 5, 20), "day", "20 May 2021")]),
    # the year of a month-day date comes from the paragraph, else from the document's only year
    ("2022年10月7日出台新规。10月17日更新。", [
        (D(2022, 10, 7), "day", "2022年10月7日"), (D(2022, 10, 17), "day", "10月17日")]),
    ("2022年提到过。\n\n10月17日发生了什么？", [
        (D(2022, 1, 1), "year", "2022年"), (D(2022, 10, 17), "day", "10月17日")]),
    ("2022年10月7日出台新规。同年10月17日更新，次年1月再改，10月底生效。", [
        (D(2022, 10, 7), "day", "2022年10月7日"), (D(2022, 10, 17), "day", "10月17日"),
        (D(2023, 1, 1), "month", "1月"), (D(2022, 10, 1), "month", "10月底")]),
    ("On October 7, 2022, BIS acted. From November 1 the rule applied; in May Japan followed.", [
        (D(2022, 10, 7), "day", "October 7, 2022"), (D(2022, 11, 1), "day", "November 1"),
        (D(2022, 5, 1), "month", "May")]),
]  # fmt: skip

NOT_DATES = [
    "商务部公告2023年第23号",
    "国办发〔2023〕12号",
    "See 15 CFR 744.11 and 88 FR 12170.",
    "Regulation (EU) 2019/452 applies.",
    "Call 202-482-4811 or +86 10 6519 8888.",
    "1. Scope 2. Definitions 3. Lists",
    "Section 1260H of the Act for Fiscal Year 2021",
    "in the 1990s",
    "2023-02-30 is not a day",
    "in 1066 and in 2999",
    "May 2023 is a month, but may 2023 not",  # only the first
    "2022年和2023年各有一次。\n\n10月17日",  # month-day with two years and none in its paragraph
    "10月17日发布；2023年生效。",  # a year is never taken from a later date
    "The October 7 rules still apply.",  # a name, not a date
    "to double capacity by 2030; 到2030年芯片产能翻倍",  # goals
    "within 3个月",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_event_dates(
    tagger: DocumentTagger, text: str, expected: list[tuple[dt.date, str, str]]
) -> None:
    got = tagger.tag(text).event_dates
    assert [(d.date, d.precision, d.surface) for d in got] == expected
    for d in got:
        assert text[d.start : d.end] == d.surface and d.surface in d.sentence


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_event_dates(tagger: DocumentTagger, text: str) -> None:
    got = [(d.surface, d.precision) for d in tagger.tag(text).event_dates]
    if text.startswith("May 2023"):
        assert got == [("May 2023", "month")]
    elif text.startswith("2022年和2023年"):
        assert got == [("2022年", "year"), ("2023年", "year")]
    elif text.startswith("10月17日发布"):
        assert got == [("2023年", "year")]
    else:
        assert got == []
