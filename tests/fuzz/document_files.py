"""Document files: PDFs and Word files made on the spot with random text, the hand-made fixtures
damaged, Word files whose XML is damaged inside an intact ZIP, text in many encodings."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

from tests.fuzz.damage import ENCODINGS, damaged
from tests.fuzz.values import HOSTILE, NAMES

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
LATIN = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
LINES = st.lists(st.one_of(LATIN, NAMES), max_size=12)
SUFFIXES = (".pdf", ".html", ".htm", ".docx", ".txt", ".md", ".json", ".xml", "", ".PDF", ".doc")


@st.composite
def pdf_file(draw: st.DrawFn) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A5, invariant=1)
    page.setTitle(draw(st.one_of(st.none(), LATIN)))
    for _ in range(draw(st.integers(1, 3))):
        y = 550.0
        for line in draw(LINES):
            page.setFont(
                "Helvetica-Bold" if draw(st.booleans()) else "Helvetica",
                draw(st.sampled_from([6, 10, 18])),
            )
            page.drawString(
                draw(st.sampled_from([20, 40, 200])),
                y,
                line.encode("latin-1", "replace").decode("latin-1"),
            )
            y -= draw(st.sampled_from([12, 30, 300]))
        page.showPage()
    page.save()
    return draw(damaged(out.getvalue(), max_damage=2))


@st.composite
def docx_file(draw: st.DrawFn) -> bytes:
    document = docx.Document()
    for text in draw(LINES):
        style = draw(st.sampled_from([None, "Title", "Heading 1", "List Bullet"]))
        document.add_paragraph(text.replace("\x00", ""), style=style)
    if draw(st.booleans()):
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = draw(LATIN)
        if draw(st.booleans()):
            table.cell(0, 0).merge(table.cell(0, 1))
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if draw(st.booleans()):  # an intact ZIP whose XML is damaged
        source = zipfile.ZipFile(io.BytesIO(data))
        rebuilt = io.BytesIO()
        with zipfile.ZipFile(rebuilt, "w") as target:
            for info in source.infolist():
                content = source.read(info)
                if info.filename == draw(
                    st.sampled_from(
                        ["word/document.xml", "[Content_Types].xml", "docProps/core.xml"]
                    )
                ):
                    content = draw(damaged(content, max_damage=2))
                target.writestr(info, content)
        return rebuilt.getvalue()
    return draw(damaged(data, max_damage=1))


@st.composite
def text_file(draw: st.DrawFn) -> bytes:
    paragraphs = draw(st.lists(st.one_of(NAMES, HOSTILE, LATIN), max_size=8))
    separator = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\u3000", "\f"]))
    text = draw(st.sampled_from(["", "# 标题\n", "一、总则\n"])) + separator.join(paragraphs)
    return draw(damaged(text.encode(draw(st.sampled_from(ENCODINGS)), "replace")))


FIXTURE_FILES = sorted(p for p in DOCS.iterdir() if p.suffix != ".py" and p.name != "README.md")


@st.composite
def damaged_fixture(draw: st.DrawFn) -> bytes:
    return draw(damaged(draw(st.sampled_from(FIXTURE_FILES)).read_bytes(), max_damage=3))
