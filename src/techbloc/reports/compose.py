"""Compose a report's view in one language from its data: the title block, the sections in reading
order (findings first, then tables and charts, method and limits), numbered tables, figures and
references, and the cross-references ("see Table 2") filled in."""

from __future__ import annotations

import re
from collections.abc import Callable

from techbloc import __version__
from techbloc.reports.fonts import ReportFonts
from techbloc.reports.labels import Words
from techbloc.reports.model import ReportData
from techbloc.reports.sections.alerts import alerts_section
from techbloc.reports.sections.context import Context
from techbloc.reports.sections.findings import findings_section
from techbloc.reports.sections.method import method_section
from techbloc.reports.sections.pressure import pressure_section
from techbloc.reports.sections.priorities import priorities_section
from techbloc.reports.sections.supply import supply_section
from techbloc.reports.sections.system import system_section
from techbloc.reports.view import (
    Bullets,
    Citations,
    Figure,
    Paragraph,
    ReportView,
    Section,
    Table,
)

LAYOUT_WORDS = ("contents", "table", "figure", "sources", "sources_col", "source", "page_css",
                "kicker", "sources_intro")  # fmt: skip
_CROSS = re.compile(r"\{\{(tab|fig|sec):([a-z0-9-]+)\}\}")


def compose_view(data: ReportData, lang: str, image_format: str, fonts: ReportFonts) -> ReportView:
    w = Words(lang)
    ctx = Context(data, w, Citations(data.sources), image_format, fonts)
    # Findings are written first but cite nothing; the tables that follow number the sources.
    body = [system_section(ctx), pressure_section(ctx), supply_section(ctx),
            priorities_section(ctx), alerts_section(ctx), method_section(ctx)]  # fmt: skip
    sections = [findings_section(ctx), *body]
    view = ReportView(
        lang=lang,
        title=w("title", focal=ctx.focal_name()),
        subtitle=w("subtitle", at=data.at.isoformat(), focal=ctx.focal_name(), code=data.focal),
        meta=_meta(ctx),
        sections=sections,
        references=ctx.citations.references(),
        words={key: w(f"layout.{key}") for key in LAYOUT_WORDS},
        font_stack=fonts.css_stack(),
    )
    view.number_blocks()
    _fill_cross_references(view, w)
    return view


def _meta(ctx: Context) -> list[str]:
    data, w = ctx.data, ctx.w
    lines = [
        w("meta.focal", focal=ctx.focal_name(), code=data.focal),
        w("meta.at", at=data.at.isoformat()),
        w("meta.generated", when=data.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
          version=__version__),
        w("meta.store", store=data.store_name or "–", built=data.kb_built_at or "–"),
    ]  # fmt: skip
    if data.supply is not None:
        lines.append(w("meta.supply", imports=", ".join(f"#{i}" for i in data.supply.import_ids)))
    return lines


def _fill_cross_references(view: ReportView, w: Words) -> None:
    """'{{tab:tab-cocom}}' → 'Table 2' (表2), likewise figures and sections."""
    numbers: dict[str, str] = {}
    for section in view.sections:
        numbers[f"sec:{section.key}"] = w("layout.section_ref", n=section.number)
        for block in section.blocks:
            if isinstance(block, Table):
                numbers[f"tab:{block.key}"] = w("layout.table_ref", n=block.number)
            elif isinstance(block, Figure):
                numbers[f"fig:{block.key}"] = w("layout.figure_ref", n=block.number)

    def fill(text: str) -> str:
        return _CROSS.sub(lambda m: numbers[f"{m.group(1)}:{m.group(2)}"], text)

    for section in view.sections:
        _fill_section(section, fill)


def _fill_section(section: Section, fill: Callable[[str], str]) -> None:
    for block in section.blocks:
        if isinstance(block, Paragraph):
            block.text = fill(block.text)
        elif isinstance(block, Bullets):
            block.items = [fill(item) for item in block.items]
        elif isinstance(block, Figure):
            block.source_note = fill(block.source_note)
        elif isinstance(block, Table):
            block.note = fill(block.note)
