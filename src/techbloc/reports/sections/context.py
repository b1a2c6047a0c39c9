"""What every section builder gets: the data, the words of the language, the citations, and the
figure maker for the output format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from techbloc.reports.fonts import ReportFonts
from techbloc.reports.labels import Words
from techbloc.reports.model import ReportData
from techbloc.reports.view import Citations, Figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure as PlotFigure


@dataclass
class Context:
    data: ReportData
    w: Words
    citations: Citations
    image_format: str  # svg (HTML, PDF) or png (Markdown)
    fonts: ReportFonts

    @property
    def lang(self) -> str:
        return self.w.lang

    def domain(self, domain_id: str | None) -> str:
        return self.data.domain(domain_id, self.lang)

    def actor(self, code: str | None) -> str:
        return self.data.actor(code, self.lang)

    def cite(self, ids: Iterable[str]) -> list[int]:
        return self.citations.cite(ids)

    def focal_name(self) -> str:
        return self.actor(self.data.focal)

    def figure(self, key: str, caption: str, source_note: str, alt: str,
               plot: PlotFigure) -> Figure:  # fmt: skip
        from techbloc.reports.charts import export

        image = export(plot, self.image_format, self.fonts)
        media = "image/svg+xml" if self.image_format == "svg" else "image/png"
        return Figure(key, caption, source_note, alt, image, media,
                      file_name=f"{key}.{self.image_format}")  # fmt: skip
