"""PDF lines → paragraphs: furniture dropped only where safe, breaks from gaps, indents, sizes."""

from __future__ import annotations

import pytest

from techbloc.documents.assemble import RawBlock
from techbloc.documents.pdf_layout import PdfLine, layout_blocks


def page(*rows: tuple[str, float, float] | tuple[str, float, float, float]) -> list[PdfLine]:
    """Lines as (text, x, y[, size]); size 11 unless given."""
    return [PdfLine(r[0], r[1], r[2], r[3] if len(r) == 4 else 11.0) for r in rows]


def texts(blocks: list[RawBlock]) -> list[str]:
    return [" ".join(b.lines) for b in blocks]


def body(top: float, *lines: str) -> list[tuple[str, float, float]]:
    return [(line, 72.0, top - 15 * i) for i, line in enumerate(lines)]


FILLER = ("Lines of one paragraph follow", "each other at the usual spacing", "and end here.")


def test_running_header_and_page_numbers_are_dropped() -> None:
    pages = [
        page(("Annual Report 2023", 72, 750), ("3", 300, 40), *body(700, "First page of", *FILLER)),
        page(("Annual Report 2023", 72, 750), ("4", 300, 40), *body(700, "Second page,", *FILLER)),
    ]
    filler = " ".join(FILLER)
    assert texts(layout_blocks(pages)) == [f"First page of {filler}", f"Second page, {filler}"]


@pytest.mark.parametrize(
    "number",
    ["7", "- 7 -", "[7]", "Page 7", "page 7 of 12", "p. 7", "第7页", "第 7 页 共 12 页", "7/12"],
)
def test_page_number_forms(number: str) -> None:
    blocks = layout_blocks([page(*body(700, *FILLER), (number, 300, 40))])
    assert texts(blocks) == [" ".join(FILLER)]


def test_a_number_inside_the_body_stays() -> None:
    lines = page(("Heading", 72, 750, 16), *body(700, "Line one", "42", *FILLER), ("Foot", 72, 300))
    assert "42" in " ".join(texts(layout_blocks([lines])))


def test_a_line_repeated_inside_the_pages_stays() -> None:
    lines = page(("Header", 72, 750), *body(700, "Same line", *FILLER), ("x", 72, 100))
    kept = texts(layout_blocks([lines] * 3))
    assert kept == [f"Same line {' '.join(FILLER)}"] * 3


def test_gap_indent_and_size_open_paragraphs() -> None:
    lines = page(
        ("Title", 72, 750, 16),
        ("first paragraph line one", 72, 700), ("line two.", 72, 685),
        ("second after a gap", 72, 650), ("continues", 72, 635),
        ("  indented third", 94, 620), ("continues too", 72, 605),
    )  # fmt: skip
    blocks = layout_blocks([lines])
    assert texts(blocks) == [
        "Title", "first paragraph line one line two.", "second after a gap continues",
        "  indented third continues too",
    ]  # fmt: skip
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph", "paragraph"]


def test_a_paragraph_cut_by_a_page_break_is_joined_and_keeps_its_first_page() -> None:
    pages = [
        page(*body(700, "A sentence that runs", "over the end of")),
        page(*body(700, "the page and ends here.")),
    ]
    blocks = layout_blocks(pages)
    assert texts(blocks)[0] == "A sentence that runs over the end of the page and ends here."
    assert blocks[0].page == 1


def test_a_finished_paragraph_is_not_joined_across_pages() -> None:
    pages = [page(*body(700, "Ends here.")), page(*body(700, "New paragraph."))]
    assert [(b.page, " ".join(b.lines)) for b in layout_blocks(pages)] == [
        (1, "Ends here."), (2, "New paragraph."),
    ]  # fmt: skip


def test_short_lines_end_paragraphs_that_are_neither_spaced_nor_indented() -> None:
    lines = page(
        *body(
            700,
            "A first paragraph whose lines",
            "fill the column up to here",
            "and end.",
            "The next paragraph starts at",
            "the margin with no gap at all",
            "too.",
        )
    )
    assert texts(layout_blocks([lines])) == [
        "A first paragraph whose lines fill the column up to here and end.",
        "The next paragraph starts at the margin with no gap at all too.",
    ]  # fmt: skip


def test_indented_heading_and_paragraphs_of_chinese_official_documents() -> None:
    lines = page(
        ("一、背景", 98, 700, 13),
        ("瓦森纳安排是常规武器和两用物项及技术出口管制", 98, 680, 13),
        ("的多边机制。", 72, 660, 13),
        ("参加国按照共同制定的管制清单实施出口许可管理", 98, 640, 13),
        ("并定期交换信息。", 72, 620, 13),
    )  # fmt: skip
    blocks = layout_blocks([lines])
    assert [(b.kind, "".join(b.lines)) for b in blocks] == [
        ("heading", "一、背景"),
        ("paragraph", "瓦森纳安排是常规武器和两用物项及技术出口管制的多边机制。"),
        ("paragraph", "参加国按照共同制定的管制清单实施出口许可管理并定期交换信息。"),
    ]


def test_bold_short_line_is_a_heading() -> None:
    lines = [
        PdfLine("Background", 72, 740, 11, bold=True),
        *page(*body(700, "Body text that runs", "over two lines.")),
        PdfLine("Bold lead-in of a longer paragraph,", 72, 650, 11, bold=True),
        PdfLine("which goes on in the regular font.", 72, 635, 11),
    ]
    assert [b.kind for b in layout_blocks([lines])] == ["heading", "paragraph", "paragraph"]
