"""The report in each format and language: sections, tables with their rows, figures, sources,
the stored alert, nothing unfilled; the PDF with a CJK font embedded and no blank page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from techbloc.reports.labels import Words
from techbloc.reports.model import ReportData
from tests.reports.conftest import AT, LANGS

Reports = dict[tuple[str, str], dict[str, Any]]
SECTION_KEYS = ("findings.title", "system.title", "pressure.title", "supply.title",
                "priorities.title", "alerts.title", "method.title", "layout.sources")  # fmt: skip
UNFILLED = re.compile(r"\bNone\b|\bnan\b|\{\{|\{[a-z_]+\}|\bNaN\b")


def _html_tree(path: str) -> Any:
    import lxml.html

    return lxml.html.fromstring(Path(path).read_bytes())


def _rows(tree: Any, table_id: str) -> list[Any]:
    return list(tree.xpath(f'//div[@id="{table_id}"]//tbody/tr'))


def test_every_format_and_language_is_written_under_its_default_name(reports: Reports) -> None:
    for (lang, fmt), result in reports.items():
        path = Path(result["path"])
        assert path.name == f"techbloc-report-CN-{AT.isoformat()}-{lang}.{fmt}"
        assert path.stat().st_size > 10_000
        assert not list(path.parent.glob(".*.partial"))
        assert (result["at"], result["focal"], result["lang"]) == (AT.isoformat(), "CN", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_html_has_every_section_table_figure_and_source(
    reports: Reports, report_data: ReportData, lang: str
) -> None:
    w = Words(lang)
    tree = _html_tree(reports[(lang, "html")]["path"])
    headings = [h.text_content() for h in tree.xpath("//section/h2")]
    assert headings == [f"{n}. {w(key)}" for n, key in enumerate(SECTION_KEYS, start=1)]
    assert tree.get("lang") == ("zh-Hans" if lang == "zh" else "en")
    leaves = len(report_data.priorities.rows)
    assert leaves == 27
    expected = {"tab-cocom": 7, "tab-pressure": 27, "tab-priorities": leaves,
                "tab-chokepoints": 3, "tab-backups": 1, "tab-alerts": 1,
                "tab-shift": AT.year - 2018 + 1}  # fmt: skip
    assert {key: len(_rows(tree, key)) for key in expected} == expected
    sides = [w("group.blockade-side"), w("group.cooperation-side"), w("group.mixed-side"),
             w("group.system")]  # fmt: skip
    first_cells = [r.xpath("./td[1]")[0].text_content() for r in _rows(tree, "tab-comp")]
    assert first_cells[:4] == sides
    images = tree.xpath("//figure/img/@src")
    assert len(images) == 4 and all(s.startswith("data:image/svg+xml;base64,") for s in images)
    assert len(tree.xpath("//figure/figcaption")) == 4


@pytest.mark.parametrize("lang", LANGS)
def test_html_cites_only_listed_sources_and_fills_every_placeholder(
    reports: Reports, lang: str
) -> None:
    tree = _html_tree(reports[(lang, "html")]["path"])
    listed = {li.get("id") for li in tree.xpath('//ol[@class="references"]/li')}
    cited = {a.get("href").lstrip("#") for a in tree.xpath('//span[@class="refs"]/a')}
    assert cited and cited <= listed
    numbers = sorted(int(x.removeprefix("ref-")) for x in listed)
    assert numbers == list(range(1, len(numbers) + 1))
    assert reports[(lang, "html")]["references"] == len(numbers)
    text = tree.text_content()
    assert not UNFILLED.search(text), UNFILLED.search(text)


@pytest.mark.parametrize("lang", LANGS)
def test_the_stored_alert_and_its_evidence_are_shown(reports: Reports, lang: str) -> None:
    tree = _html_tree(reports[(lang, "html")]["path"])
    (row,) = _rows(tree, "tab-alerts")
    assert row.get("class") == "level-orange"
    text = row.text_content()
    title = "测试预警：设备领域清单激增" if lang == "zh" else "Fixture alert: listings surge"
    assert title in text and "us-2022-12-15-ymtc-entity-list" in text
    refs = tree.xpath('//ol[@class="references"]/li/a[@class="url"]/@href')
    assert "https://example.org/fixture-notice" in refs


@pytest.mark.parametrize("lang", LANGS)
def test_chokepoints_show_backups_outside_the_coalition(reports: Reports, lang: str) -> None:
    tree = _html_tree(reports[(lang, "html")]["path"])
    rows = {r.xpath("./td[2]")[0].text_content(): r for r in _rows(tree, "tab-chokepoints")}
    assert list(rows) == [
        "Fixture scanners (fixture-scanners)", "Fixture EDA (fixture-eda)",
        "Fixture resist (fixture-resist)",
    ]  # fmt: skip  # scores: 1.0 × 1.0 = 1, 0.8 × 0.8 = 0.64, 0.7 × 0.9 = 0.63
    resist = rows["Fixture resist (fixture-resist)"].text_content()
    assert ("台湾" if lang == "zh" else "Taiwan") in resist
    assert "0.630" in resist


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_has_pipe_tables_and_png_figures_beside_it(reports: Reports, lang: str) -> None:
    w = Words(lang)
    result = reports[(lang, "md")]
    text = Path(result["path"]).read_text(encoding="utf-8")
    for n, key in enumerate(SECTION_KEYS, start=1):
        assert f"\n## {n}. {w(key)}\n" in text
    assert text.count("\n|---") >= 8
    images = re.findall(r"!\[[^\]]+\]\(([^)]+\.png)\)", text)
    assert len(images) == 4 and len(result["files"]) == 4
    for image in images:
        data = (Path(result["path"]).parent / image).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert not UNFILLED.search(text), UNFILLED.search(text)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_embeds_a_cjk_font_and_has_no_blank_page(reports: Reports, lang: str) -> None:
    import pypdf
    import pypdfium2

    result = reports[(lang, "pdf")]
    reader = pypdf.PdfReader(result["path"])
    assert len(reader.pages) == result["pages"] >= 8
    fonts: set[str] = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any(re.search(r"Noto-?Sans-?CJK", f) for f in fonts), fonts
    w = Words(lang)
    first = reader.pages[0].extract_text()
    assert w("layout.contents") in first
    assert w("findings.title") in reader.pages[1].extract_text()
    title = w("title", focal="中国" if lang == "zh" else "China")
    for number, page in enumerate(reader.pages, start=1):
        body = [
            line
            for line in page.extract_text().splitlines()
            if line.strip() and not _running(line, title, lang, number, len(reader.pages))
        ]
        assert sum(len(line) for line in body) > 40, f"page {number} holds no body text"
    pdf = pypdfium2.PdfDocument(result["path"])
    for index in (0, 1):  # the pages draw: ink on the contents and the findings pages
        image = pdf[index].render(scale=0.5).to_pil().convert("L")
        inked = sum(image.histogram()[:200])  # a page with only its header and footer: < 1,000
        assert inked > 5_000, f"page {index + 1} looks empty"
    pdf.close()


def _running(line: str, title: str, lang: str, page: int, pages: int) -> bool:
    """A line of the running header (title, section) or footer (page numbers)."""
    footer = f"第 {page} 页，共 {pages} 页" if lang == "zh" else f"Page {page} of {pages}"
    return line.strip() == footer or line.startswith(title)
