"""Extraction per format on the fixtures: text, title, language, date, blocks and their offsets."""

from __future__ import annotations

import datetime as dt

import pytest

from techbloc.documents.assemble import content_hash
from techbloc.documents.extract import extract_bytes, extract_file, read_file
from techbloc.documents.model import ExtractedDocument
from tests.documents.fixtures import DOCS

READABLE = [
    # file, format, title, language, published, pages
    ("zh_briefing.pdf", "pdf", "关于半导体出口管制形势的研究简报", "zh", dt.date(2023, 10, 17), 2),
    ("zh_indented.pdf", "pdf", "关于半导体出口管制形势的研究简报", "zh", None, 2),
    ("en_briefing.pdf", "pdf", "Export Controls on Advanced Semiconductors: A Briefing Note", "en",
     dt.date(2024, 3, 12), 2),
    ("owner_only.pdf", "pdf", "Export Controls on Advanced Semiconductors: A Briefing Note", "en",
     dt.date(2024, 3, 12), 2),
    ("zh_guidance.html", "html", "加强两用物项出口管制合规管理的指引", "zh",
     dt.date(2024, 1, 15), None),
    ("en_news.html", "html", "Allies Coordinate Controls on Chipmaking Tools", "en",
     dt.date(2024, 5, 14), None),
    ("saved_page.pdf", "html", "Entity List additions explained", "en", None, None),
    ("chip4_bilingual.docx", "docx",
     "Chip 4 与半导体供应链合作 / Chip 4 and semiconductor supply chain cooperation", "mixed",
     dt.date(2024, 5, 20), None),
    ("zh_notice.txt", "txt", "关于开展出口管制合规培训的通知", "zh", dt.date(2024, 3, 8), None),
    ("zh_briefing.txt", "txt", "关于半导体出口管制形势的研究简报", "zh",
     dt.date(2023, 10, 17), None),
    ("wassenaar_notes.md", "md", "Notes on the Wassenaar Arrangement", "en", None, None),
    ("fr_2022-21658.json", "fr-json",
     "Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor "
     "Manufacturing Items; Supercomputer and Semiconductor End Use; Entity List Modification", "en",
     dt.date(2022, 10, 13), None),
]  # fmt: skip


def _paragraph(doc: ExtractedDocument, index: int) -> str:
    block = doc.blocks[index]
    return doc.text[block.start : block.end]


@pytest.mark.parametrize(("name", "fmt", "title", "language", "published", "pages"), READABLE)
def test_format_title_language_date(
    name: str, fmt: str, title: str, language: str, published: dt.date | None, pages: int | None
) -> None:
    doc = extract_file(DOCS / name)
    assert (doc.format, doc.title, doc.language, doc.published, doc.pages) == (
        fmt, title, language, published, pages,
    )  # fmt: skip


@pytest.mark.parametrize("name", [case[0] for case in READABLE])
def test_blocks_cover_the_text_paragraph_by_paragraph(name: str) -> None:
    doc = extract_file(DOCS / name)
    assert doc.blocks and [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    assert doc.blocks[0].start == 0 and doc.blocks[-1].end == len(doc.text)
    for before, after in zip(doc.blocks, doc.blocks[1:], strict=False):
        assert doc.text[before.end : after.start] == "\n\n"
    for block in doc.blocks:
        paragraph = doc.text[block.start : block.end]
        assert paragraph == paragraph.strip() and paragraph and "\n" not in paragraph
        assert "  " not in paragraph
    pages = [b.page for b in doc.blocks]
    if doc.format == "pdf":
        assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == doc.pages
    else:
        assert set(pages) == {None}


def test_chinese_pdf_joins_wrapped_lines_and_drops_header_and_page_numbers() -> None:
    doc = extract_file(DOCS / "zh_briefing.pdf")
    assert "出口管制动态研究" not in doc.text  # the running header of both pages
    assert "- 1 -" not in doc.text and "- 2 -" not in doc.text
    assert "2022年10月7日，美国商务部工业与安全局发布规则" in doc.text  # wrapped after "7"
    assert _paragraph(doc, 2) == "一、背景" and doc.blocks[2].kind == "heading"
    assert [b.page for b in doc.blocks if b.kind == "heading"] == [1, 1, 1, 1, 2]
    assert doc.metadata["title_source"] == "PDF metadata /Title"


def test_chinese_official_layout_indents_instead_of_spacing_paragraphs() -> None:
    doc = extract_file(DOCS / "zh_indented.pdf")
    briefing = extract_file(DOCS / "zh_briefing.txt")
    expected = [_paragraph(briefing, 0), *(_paragraph(briefing, i) for i in range(2, 12))]
    assert [_paragraph(doc, i) for i in range(len(doc.blocks))] == expected
    assert [b.kind for b in doc.blocks] == [b.kind for i, b in enumerate(briefing.blocks) if i != 1]
    crossing = doc.blocks[5]  # starts on page 1, ends on page 2: joined, keeps page 1
    assert crossing.page == 1 and doc.blocks[6].page == 2
    assert _paragraph(doc, 5).endswith("双边安排并存。")
    assert "页" not in doc.text


def test_chinese_pdf_and_its_text_file_are_the_same_document() -> None:
    pdf, txt = extract_file(DOCS / "zh_briefing.pdf"), extract_file(DOCS / "zh_briefing.txt")
    assert pdf.text == txt.text
    assert pdf.content_sha256 == txt.content_sha256 and pdf.doc_id == txt.doc_id
    assert pdf.original_sha256 != txt.original_sha256


def test_english_pdf_dehyphenates_line_wraps_but_keeps_real_hyphens() -> None:
    doc = extract_file(DOCS / "en_briefing.pdf")
    assert "added national controls on advanced computing chips" in doc.text  # "con-" + "trols"
    assert "they cover many dual-use items" in doc.text  # "dual-" + "use", written elsewhere
    assert "Page 1 of 2" not in doc.text and "Briefing Series" not in doc.text
    assert doc.metadata["title_source"] == "first heading"  # the PDF's /Title is "untitled"
    assert (doc.blocks[4].kind, doc.blocks[4].page, _paragraph(doc, 4)) == (
        "heading", 2, "Implications",
    )  # fmt: skip


def test_pdf_with_only_an_owner_password_is_read_and_says_so() -> None:
    doc = extract_file(DOCS / "owner_only.pdf")
    assert doc.text == extract_file(DOCS / "en_briefing.pdf").text
    assert "owner password only" in doc.metadata["encryption"]


def test_html_keeps_the_article_and_takes_the_date_from_metadata() -> None:
    doc = extract_file(DOCS / "zh_guidance.html")
    assert doc.metadata["published_source"] == "HTML meta article:published_time"
    assert "首页" not in doc.text and "版权所有" not in doc.text
    assert "企业在开展相关出口业务时" in doc.text  # a source line break inside a sentence
    assert [b.kind for b in doc.blocks].count("heading") == 3


def test_html_without_date_metadata_takes_the_press_dateline() -> None:
    doc = extract_file(DOCS / "en_news.html")
    assert doc.metadata["published_source"] == "press-release dateline"
    assert "All rights reserved" not in doc.text and "Subscribe" not in doc.text
    assert "In January 2023 the United States, Japan and the Netherlands" in doc.text


def test_a_pdf_name_holding_html_is_read_as_html() -> None:
    doc = extract_file(DOCS / "saved_page.pdf")
    assert doc.format == "html" and doc.media_type == "text/html"
    assert doc.metadata["format_note"] == "named .pdf but read as html from its content"


def test_docx_reads_headings_tables_and_falls_back_on_the_creation_date() -> None:
    doc = extract_file(DOCS / "chip4_bilingual.docx")
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:4] == ["heading", "paragraph", "paragraph", "heading"]
    assert _paragraph(doc, len(doc.blocks) - 1) == "半导体制造 | supply chain resilience"
    assert doc.metadata["published_source"] == "DOCX core property created (no other date)"


def test_gb18030_text_with_a_labelled_dateline() -> None:
    doc = extract_file(DOCS / "zh_notice.txt")
    assert _paragraph(doc, 1) == "发布日期：2024年3月8日"
    assert "培训内容包括管制清单的使用" in doc.text  # joined without a space
    assert doc.metadata["published_source"] == "labelled dateline '发布日期：'"


def test_markdown_keeps_the_words_not_the_markup() -> None:
    doc = extract_file(DOCS / "wassenaar_notes.md")
    assert "**" not in doc.text and "](" not in doc.text and "#" not in doc.text
    assert "coordinates export controls on conventional arms and dual-use goods" in doc.text
    assert _paragraph(doc, 4) == "the List of Dual-Use Goods and Technologies;"
    assert "title:" not in doc.text


def test_federal_register_json_text_is_title_and_what_the_api_gives() -> None:
    doc = extract_file(DOCS / "fr_2022-21658.json")
    assert [_paragraph(doc, i) for i in range(len(doc.blocks))] == [
        doc.title,
        "ACTION: Interim final rule.",
    ]
    found = read_file(DOCS / "fr_search.json")
    assert [r.document.title for r in found] == [
        "Revisions to the Unverified List; Clarifications to Activities and Criteria That May "
        "Lead to Additions to the Entity List",
        "Additions of Entities to the Entity List",
    ]
    second = found[1].document.text
    assert "SUMMARY: The Department of Commerce is amending" in second
    assert "DATES: This rule is effective February 24, 2023." in second


def test_extract_bytes_names_the_file_and_sniffs_the_content() -> None:
    data = (DOCS / "zh_guidance.html").read_bytes()
    doc = extract_bytes(data, "guidance.txt")
    assert (
        doc.format == "html"
        and doc.original_sha256 == extract_file(DOCS / "zh_guidance.html").original_sha256
    )


def test_content_hash_ignores_whitespace_and_full_width_forms() -> None:
    assert content_hash("出口管制\n\nＡＩ  chips") == content_hash("出口管制 AI chips")
    assert content_hash("出口管制") != content_hash("出口管理")


GBK_PAGE = (
    '<html><head><meta charset="gbk"><title>通知</title>'
    '<meta name="PubDate" content="2023-05-06 10:00"></head>'
    "<body><p>这是一个用GBK编码的中文页面，内容涉及出口管制合规。</p></body></html>"
).encode("gbk")
TABLE_PAGE = b"""<html><head><title>Lists</title></head><body><article>
<h1>Control lists</h1><p>Line one<br>line two of the same paragraph, long enough to be kept.</p>
<ul><li>Dual-use list</li><li>Munitions list</li></ul>
<table><tr><th>Category</th><th>Items</th></tr><tr><td>3</td><td>Electronics</td></tr></table>
<p>Another paragraph with enough words to count as the main content of the page.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("data", "paragraphs", "published", "source"),
    [
        (GBK_PAGE, ["这是一个用GBK编码的中文页面，内容涉及出口管制合规。"], dt.date(2023, 5, 6),
         "HTML meta pubdate"),
        (TABLE_PAGE, ["Control lists",
                      "Line one line two of the same paragraph, long enough to be kept.",
                      "Dual-use list", "Munitions list", "Category | Items", "3 | Electronics",
                      "Another paragraph with enough words to count as the main content of the "
                      "page."], None, None),
        ("<p>短文本。</p><p>第二段<br>换行。</p>".encode(), ["短文本。", "第二段换行。"],
         None, None),
        (b'<html><head><script type="application/ld+json">{"datePublished": "2024-02-03"}'
         b"</script></head><body><p>Short page.</p></body></html>", ["Short page."],
         dt.date(2024, 2, 3), "HTML JSON-LD datePublished"),
    ],
)  # fmt: skip
def test_html_variants(
    data: bytes, paragraphs: list[str], published: dt.date | None, source: str | None
) -> None:
    doc = extract_bytes(data, "page.html")
    assert [_paragraph(doc, i) for i in range(len(doc.blocks))] == paragraphs
    assert (doc.published, doc.metadata.get("published_source")) == (published, source)
