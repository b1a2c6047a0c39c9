"""Write an assessment report: gather the data, compose it in one language, lay it out as HTML,
PDF or Markdown, and say what was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.reports.gather import GATHER_STEPS, gather_report
from techbloc.reports.labels import LANGS
from techbloc.reports.model import ReportData

FORMATS = ("pdf", "html", "md")
STEPS = (*GATHER_STEPS, "compose", "write")
"""Every step :func:`write_report` announces, in order (gathering, charts and text, the file)."""

Step = Callable[[str], None]


def check_choice(value: str, choices: tuple[str, ...], option: str) -> str:
    chosen = (value or "").strip().lower()
    if chosen not in choices:
        raise InvalidArgument(f"unknown {option} {value!r}", hint=f"choose {' or '.join(choices)}")
    return chosen


def default_path(focal: str, at: dt.date, lang: str, fmt: str, folder: Path | None = None) -> Path:
    """``techbloc-report-CN-2026-11-23-en.pdf`` in ``folder`` (default: the current directory)."""
    return (folder or Path.cwd()) / f"techbloc-report-{focal}-{at.isoformat()}-{lang}.{fmt}"


def write_report(
    con: duckdb.DuckDBPyConnection | None,
    at: str | dt.date | None = None,
    lang: str = "en",
    fmt: str = "pdf",
    out: str | Path | None = None,
    focal: str | None = None,
    on_step: Step | None = None,
    store_name: str = "",
    data: ReportData | None = None,
) -> dict[str, Any]:
    """Write the report and return what was written: path, format, language, date, focal
    country, pages (PDF), the figure files (Markdown) and the contents. ``data`` already
    gathered (:func:`gather_report`) is used as it is; else it is gathered from ``con``."""
    from techbloc.reports.fonts import report_fonts

    lang = check_choice(lang, LANGS, "language")
    fmt = check_choice(fmt, FORMATS, "format")
    fonts = report_fonts(lang)  # before the work: a Chinese report needs a CJK font
    step = on_step or (lambda _: None)
    if data is None:
        if con is None:
            raise ValueError("write_report needs a store connection or gathered data")
        data = gather_report(con, at, focal, step, store_name)
    else:
        for name in GATHER_STEPS:
            step(name)
    step("compose")
    from techbloc.reports.compose import compose_view

    view = compose_view(data, lang, "png" if fmt == "md" else "svg", fonts)
    step("write")
    path = _target(out, data, lang, fmt)
    pages, files = _write(view, fmt, path)
    return {
        "path": str(path), "format": fmt, "lang": lang, "at": data.at.isoformat(),
        "focal": data.focal, "pages": pages, "files": [str(f) for f in files],
        "sections": [f"{s.number}. {s.title}" for s in view.sections]
        + [f"{len(view.sections) + 1}. {view.words['sources']}"],
        "tables": [f"{t.number}. {t.caption}" for s in view.sections for t in s.tables()],
        "figures": [f"{f.number}. {f.caption}" for s in view.sections for f in s.figures()],
        "references": len(view.references),
    }  # fmt: skip


def _target(out: str | Path | None, data: ReportData, lang: str, fmt: str) -> Path:
    if out is None:
        return default_path(data.focal, data.at, lang, fmt)
    path = Path(out).expanduser()
    if path.is_dir():
        return default_path(data.focal, data.at, lang, fmt, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _write(view: Any, fmt: str, path: Path) -> tuple[int | None, list[Path]]:
    """Write the file through a temporary name (an interrupted run leaves no half file)."""
    from techbloc.reports.render import render_html, render_markdown, write_pdf

    temporary = path.with_name(f".{path.name}.partial")
    pages: int | None = None
    files: list[Path] = []
    try:
        if fmt == "md":
            folder = path.with_name(f"{path.stem}_files")
            folder.mkdir(exist_ok=True)
            for section in view.sections:
                for figure in section.figures():
                    target = folder / figure.file_name
                    target.write_bytes(figure.image)
                    files.append(target)
            temporary.write_text(render_markdown(view, folder.name), encoding="utf-8")
        elif fmt == "html":
            temporary.write_text(render_html(view), encoding="utf-8")
        else:
            pages = write_pdf(render_html(view), temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return pages, files
