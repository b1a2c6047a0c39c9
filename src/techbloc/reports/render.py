"""Lay a report's view out as HTML (one self-contained file, print CSS for A4), Markdown (pipe
tables, charts as PNG files in a folder beside it) or PDF (the HTML through WeasyPrint)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TYPE_CHECKING

from techbloc.reports.view import Figure, ReportView, ref_ranges, ref_text

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).with_name("templates")


def _environment(autoescape: bool) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["ref_text"] = ref_text
    env.filters["ref_ranges"] = ref_ranges
    env.filters["md_cell"] = md_cell
    env.filters["data_uri"] = data_uri
    return env


def md_cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks as <br>."""
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def data_uri(figure: Figure) -> str:
    return f"data:{figure.media_type};base64,{base64.b64encode(figure.image).decode('ascii')}"


def render_html(view: ReportView) -> str:
    css = _environment(autoescape=False).get_template("report.css.j2").render(view=view)
    return _environment(autoescape=True).get_template("report.html.j2").render(view=view, css=css)


def render_markdown(view: ReportView, image_folder: str) -> str:
    """Markdown with the figures as ``image_folder/<figure>.png`` (written by the caller)."""
    env = _environment(autoescape=False)
    return env.get_template("report.md.j2").render(view=view, image_folder=image_folder)


def write_pdf(html: str, out: Path) -> int:
    """The HTML as an A4 PDF through WeasyPrint; returns the number of pages."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS property at WARNING; none of ours is unsupported.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(out.parent)).render()
    document.write_pdf(out)
    return len(document.pages)
