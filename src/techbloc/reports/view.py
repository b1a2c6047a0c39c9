"""A report as its readers see it, in one language: sections of paragraphs, tables and figures,
numbered, with numbered references. The HTML and Markdown templates only lay this out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from techbloc.reports.model import SourceRecord


@dataclass
class Paragraph:
    text: str
    kind: Literal["paragraph"] = "paragraph"
    css: str = ""


@dataclass
class Bullets:
    items: list[str]
    kind: Literal["bullets"] = "bullets"
    css: str = ""
    leads: list[str] = field(default_factory=list)  # a bold lead-in per item, where given


@dataclass
class Heading:
    text: str
    kind: Literal["heading"] = "heading"


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    align: str = ""  # one letter per column: l (left) or r (right); default all left
    refs: list[list[int]] | None = None  # per row: the numbers of its sources (last column)
    note: str = ""
    table_refs: list[int] = field(default_factory=list)
    css: str = ""
    row_css: list[str] = field(default_factory=list)
    number: int = 0
    kind: Literal["table"] = "table"

    def alignment(self, index: int) -> str:
        return "right" if self.align[index : index + 1] == "r" else "left"


@dataclass
class Figure:
    key: str
    caption: str
    source_note: str
    alt: str
    image: bytes
    media_type: str  # image/svg+xml or image/png
    file_name: str = ""
    number: int = 0
    kind: Literal["figure"] = "figure"


Block = Paragraph | Bullets | Heading | Table | Figure


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block]
    number: int = 0

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


@dataclass(frozen=True)
class Reference:
    number: int
    source: SourceRecord


class Citations:
    """Numbers the sources in the order the report first cites them."""

    def __init__(self, sources: dict[str, SourceRecord]) -> None:
        self._sources = sources
        self._numbers: dict[str, int] = {}

    def cite(self, ids: Iterable[str]) -> list[int]:
        found = []
        for source_id in ids:
            if source_id not in self._sources:
                continue
            if source_id not in self._numbers:
                self._numbers[source_id] = len(self._numbers) + 1
            found.append(self._numbers[source_id])
        return sorted(set(found))

    def references(self) -> list[Reference]:
        return [Reference(n, self._sources[sid]) for sid, n in self._numbers.items()]


def ref_ranges(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] → [(3, 5), (9, 9)]."""
    spans: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if spans and n == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    return spans


def ref_text(numbers: Iterable[int]) -> str:
    """[3, 4, 5, 9] → '[3–5, 9]'; nothing → ''."""
    spans = ref_ranges(numbers)
    if not spans:
        return ""
    return "[" + ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans) + "]"


@dataclass
class ReportView:
    lang: str
    title: str
    subtitle: str
    meta: list[str]
    sections: list[Section]
    references: list[Reference]
    words: dict[str, str]  # fixed words of the layout: contents, page, table, figure …
    font_stack: str

    def number_blocks(self) -> None:
        """Number sections, tables and figures in reading order."""
        tables = figures = 0
        for index, section in enumerate(self.sections, start=1):
            section.number = index
            for block in section.blocks:
                if isinstance(block, Table):
                    tables += 1
                    block.number = tables
                elif isinstance(block, Figure):
                    figures += 1
                    block.number = figures
