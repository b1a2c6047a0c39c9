"""Markup inputs: Federal Register full-text XML and HTML pages, built from their own vocabulary
with random nesting, attributes and text, escaped properly or not at all."""

from __future__ import annotations

from html import escape

from hypothesis import strategies as st

from tests.fuzz.damage import damaged
from tests.fuzz.values import DATES, HOSTILE, NAMES

FR_CONTAINERS = (
    "RULE",
    "PRORULE",
    "NOTICE",
    "PRESDOCU",
    "RULES",
    "FEDREG",
    "PREAMB",
    "SUPLINF",
    "REGTEXT",
    "SECTION",
    "GPOTABLE",
    "ROW",
    "BOXHD",
    "EXTRACT",
)
FR_LEAVES = (
    "AGENCY",
    "SUBAGY",
    "SUBJECT",
    "P",
    "HD",
    "FP",
    "ENT",
    "CHED",
    "TTITLE",
    "EFFDATE",
    "DATES",
    "CFR",
    "RIN",
    "ACT",
    "FRDOC",
    "PRTPAGE",
    "BILCOD",
    "SECTNO",
)
HTML_CONTAINERS = (
    "html",
    "body",
    "div",
    "article",
    "main",
    "nav",
    "footer",
    "table",
    "tr",
    "ul",
    "section",
    "script",
    "style",
)
HTML_LEAVES = ("p", "h1", "h2", "li", "td", "title", "span", "a", "br", "meta", "pre")
TEXT = st.one_of(
    NAMES,
    HOSTILE,
    DATES,
    st.sampled_from(
        [
            "FR Doc. 2022-21658 Filed 10-11-22",
            "15 CFR Parts 734, 736 and 744",
            "RIN 0694-AI94",
            "This rule is effective October 7, 2022.",
            "2022年10月7日",
            "Washington, DC, March 3, 2023",
        ]
    ),
)


@st.composite
def element(
    draw: st.DrawFn, containers: tuple[str, ...], leaves: tuple[str, ...], depth: int, escaped: bool
) -> str:
    tag = draw(st.sampled_from(containers if depth > 0 and draw(st.booleans()) else leaves))
    attrs = ""
    if tag in ("PRTPAGE", "meta") or draw(st.integers(0, 7)) == 0:
        name = "P" if tag == "PRTPAGE" else draw(st.sampled_from(["content", "name", "P", "x"]))
        value = draw(st.one_of(st.integers(-3, 10**7).map(str), TEXT))
        attrs = f' {name}="{escape(value) if escaped else value}"'
    if tag in ("PRTPAGE", "br", "meta") and draw(st.booleans()):
        return f"<{tag}{attrs}/>"
    if tag in containers and depth > 0:
        children = draw(st.lists(element(containers, leaves, depth - 1, escaped), max_size=4))
        inner = "".join(children)
    else:
        text = draw(TEXT)
        inner = escape(text) if escaped else text
    return f"<{tag}{attrs}>{inner}</{tag}>"


@st.composite
def fr_xml(draw: st.DrawFn) -> bytes:
    escaped = draw(st.integers(0, 4)) > 0
    root = draw(st.sampled_from(["RULE", "PRORULE", "NOTICE", "PRESDOCU", "FEDREG", "RULES"]))
    body = "".join(draw(st.lists(element(FR_CONTAINERS, FR_LEAVES, 3, escaped), max_size=6)))
    head = draw(
        st.sampled_from(
            ["", '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="GBK"?>']
        )
    )
    return draw(damaged(f"{head}<{root}>{body}</{root}>".encode()))


@st.composite
def html_page(draw: st.DrawFn) -> bytes:
    escaped = draw(st.integers(0, 4)) > 0
    body = "".join(draw(st.lists(element(HTML_CONTAINERS, HTML_LEAVES, 3, escaped), max_size=6)))
    head = draw(
        st.sampled_from(
            ["<!DOCTYPE html>", "", '<meta charset="gbk">', '<meta charset="no-such-codec">']
        )
    )
    return draw(damaged(f"{head}<html><body>{body}</body></html>".encode()))


def deep(tag: str, levels: int) -> bytes:
    """Nesting deeper than any recursive reader copes with."""
    return (f"<{tag}>" * levels + "x" + f"</{tag}>" * levels).encode()


DEEP_MARKUP_CASES = [
    deep("div", 50_000),
    deep("P", 50_000),
    b"<RULE>" * 100_000,
    b"<html>" + b"<b>" * 100_000,
]
