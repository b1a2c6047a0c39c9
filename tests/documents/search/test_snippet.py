"""Snippets: a window around the matched words, each marked «…»."""

from __future__ import annotations

import pytest

from techbloc.documents.snippet import mark_snippet, merge_spans


@pytest.mark.parametrize(
    ("text", "spans", "merged"),
    [
        ("出口管制法", [(0, 2), (2, 4)], [(0, 4)]),  # touching
        ("半导体", [(0, 2), (1, 3), (0, 3)], [(0, 3)]),  # overlapping search-mode words
        ("export controls", [(0, 6), (7, 15)], [(0, 15)]),  # apart by a space only
        ("export of controls", [(0, 6), (10, 18)], [(0, 6), (10, 18)]),
    ],
)
def test_merge_spans(
    text: str, spans: list[tuple[int, int]], merged: list[tuple[int, int]]
) -> None:
    assert merge_spans(text, spans) == merged


def test_short_passage_is_marked_whole() -> None:
    snippet = mark_snippet("中华人民共和国出口管制法", [(7, 9), (9, 11)])
    assert snippet == "中华人民共和国«出口管制»法"


def test_long_passage_is_cut_around_the_marks() -> None:
    text = "a" * 300 + " export controls " + "b" * 300
    start = text.index("export")
    snippet = mark_snippet(text, [(start, start + 6), (start + 7, start + 15)], width=80)
    assert "«export controls»" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) <= 80 + 4 + 2


def test_window_prefers_the_densest_marks() -> None:
    text = "x " * 100 + "one " + "y " * 100 + "two three four " + "z " * 100
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("one", "two", "three", "four")]
    snippet = mark_snippet(text, spans, width=60)
    assert "«two three four»" in snippet and "«one»" not in snippet


def test_whitespace_is_squeezed_and_no_marks_gives_the_start() -> None:
    assert mark_snippet("first line\n\n  second", []) == "first line second"
