"""The report's charts (matplotlib, Agg backend): SVG for HTML and PDF, PNG for Markdown.

Each function takes labels already in the report's language and returns a matplotlib figure;
:func:`export` writes it and closes it. Text is drawn as paths in SVG, so a chart looks the same
wherever the HTML is opened, whatever fonts that machine has."""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from techbloc.reports.fonts import ReportFonts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_IN = 6.7  # the text width of an A4 page with 20 mm margins
PALETTE = ("#1f4e79", "#c0504d", "#e39b2d", "#4f81bd", "#7f7f7f", "#2e8b57", "#8064a2",
           "#b5651d", "#17becf", "#9acd32")  # fmt: skip
CRITERIA_COLOURS = {"pressure": "#c0504d", "exposure": "#e39b2d", "importance": "#4f81bd",
                    "gap": "#7f9f7f"}  # fmt: skip


def _style(fonts: ReportFonts) -> dict[str, Any]:
    return {
        "font.family": list(fonts.families) or ["DejaVu Sans"],
        "font.size": 8,
        "axes.titlesize": 9,
        "axes.labelsize": 8,
        "legend.fontsize": 7,
        "xtick.labelsize": 7,
        "ytick.labelsize": 7,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "svg.hashsalt": "techbloc-report",
    }


def _rc(fonts: ReportFonts) -> AbstractContextManager[None]:
    """matplotlib's settings for the report's charts, for the duration of a ``with``."""
    import matplotlib

    matplotlib.use("Agg")
    style: Any = _style(fonts)  # rc_context's stub types keys as literals; ours are valid ones
    return matplotlib.rc_context(style)


def _new(fonts: ReportFonts, height_in: float, ncols: int = 1, **kwargs: Any) -> tuple[Figure, Any]:
    from matplotlib.figure import Figure

    with _rc(fonts):
        fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
        axes = fig.subplots(1, ncols, **kwargs)
    return fig, axes


def export(fig: Figure, fmt: str, fonts: ReportFonts) -> bytes:
    """The figure as SVG or PNG bytes (reproducible: no date in the SVG). Tick labels are made
    when the figure is drawn, so the style applies again here."""
    buffer = io.BytesIO()
    with _rc(fonts):
        if fmt == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        else:
            fig.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
    return buffer.getvalue()


def pressure_lines(
    fonts: ReportFonts,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    y_label: str,
) -> Figure:
    """Pressure by domain over the years: one line per domain."""
    with _rc(fonts):
        fig, ax = _new(fonts, 3.4)
        markers = "os^Dv<>ph*"
        for i, (label, values) in enumerate(series):
            ax.plot(list(x_labels), list(values), marker=markers[i % len(markers)], markersize=3,
                    linewidth=1.4, color=PALETTE[i % len(PALETTE)], label=label)  # fmt: skip
        ax.set_ylabel(y_label)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", linewidth=0.4, alpha=0.5)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def grouped_bars(
    fonts: ReportFonts,
    groups: Sequence[str],
    metrics: Sequence[tuple[str, Sequence[float | None]]],
    x_label: str,
    missing: str,
) -> Figure:
    """Horizontal bars: one group of bars per row label, one bar per metric (percent)."""
    with _rc(fonts):
        fig, ax = _new(fonts, 0.5 + 0.42 * len(groups) * max(1, len(metrics)) / 3)
        height = 0.8 / max(1, len(metrics))
        for m, (label, values) in enumerate(metrics):
            ys = [g + (m - (len(metrics) - 1) / 2) * height for g in range(len(groups))]
            shown = [v if v is not None else 0.0 for v in values]
            bars = ax.barh(ys, shown, height=height * 0.92, color=PALETTE[m % len(PALETTE)],
                           label=label)  # fmt: skip
            for bar, value in zip(bars, values, strict=True):
                text = missing if value is None else f"{value:.0f}"
                ax.text(bar.get_width() + 1.5, bar.get_y() + bar.get_height() / 2, text,
                        va="center", fontsize=6, color="#333333")  # fmt: skip
        ax.set_yticks(range(len(groups)), list(groups))
        ax.invert_yaxis()
        ax.set_xlim(0, 110)
        ax.set_xlabel(x_label)
        ax.grid(axis="x", linewidth=0.4, alpha=0.5)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(metrics),
                  frameon=False)  # fmt: skip
    return fig


def chokepoint_bars(
    fonts: ReportFonts,
    labels: Sequence[str],
    coalition_pct: Sequence[float | None],
    focal_pct: Sequence[float | None],
    hhi: Sequence[float | None],
    legend: tuple[str, str, str],
    x_labels: tuple[str, str],
) -> Figure:
    """Per input, left: the coalition's share of world supply with the focal country's share
    after it; right: the concentration of supply (HHI, 0–10,000)."""
    with _rc(fonts):
        fig, (left, right) = _new(fonts, 0.9 + 0.24 * len(labels), ncols=2, sharey=True,
                                  gridspec_kw={"width_ratios": [2, 1]})  # fmt: skip
        ys = list(range(len(labels)))
        coalition = [v or 0.0 for v in coalition_pct]
        focal = [v or 0.0 for v in focal_pct]
        left.barh(ys, coalition, height=0.62, color=PALETTE[0], label=legend[0])
        left.barh(ys, focal, left=coalition, height=0.62, color=PALETTE[1], label=legend[1])
        for y, c in enumerate(coalition):
            left.text(min(c, 100) - 1.5, y, f"{c:.0f}", va="center", ha="right", fontsize=6,
                      color="white" if c > 12 else "#333333")  # fmt: skip
        left.set_yticks(ys, list(labels))
        left.invert_yaxis()
        left.set_xlim(0, 100)
        left.set_xlabel(x_labels[0])
        left.grid(axis="x", linewidth=0.4, alpha=0.5)
        left.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
        values = [h or 0.0 for h in hhi]
        right.barh(ys, values, height=0.62, color=PALETTE[4], label=legend[2])
        for y, h in enumerate(hhi):
            text = "–" if h is None else f"{h:,.0f}"
            right.text((h or 0.0) + 150, y, text, va="center", fontsize=6, color="#333333")
        right.set_xlim(0, 12500)
        right.set_xticks([0, 2500, 5000, 7500, 10000], ["0", "2,500", "5,000", "7,500", "10,000"])
        right.set_xlabel(x_labels[1])
        right.grid(axis="x", linewidth=0.4, alpha=0.5)
        right.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return fig


def priority_bars(
    fonts: ReportFonts,
    labels: Sequence[str],
    contributions: Sequence[tuple[str, str, Sequence[float]]],
    ranks: Sequence[tuple[int, tuple[int, int] | None, tuple[int, int] | None, float | None]],
    titles: tuple[str, str],
    range_labels: tuple[str, str, str, str],
) -> Figure:
    """Left: each domain's score as stacked contributions of its criteria. Right: its rank, the
    range of ranks under the ±0.1 weight steps (thick) and under random weights (thin)."""
    with _rc(fonts):
        fig, (left, right) = _new(fonts, 0.9 + 0.24 * len(labels), ncols=2, sharey=True,
                                  gridspec_kw={"width_ratios": [1.5, 1]})  # fmt: skip
        ys = list(range(len(labels)))
        start = [0.0] * len(labels)
        for key, label, values in contributions:
            left.barh(ys, list(values), left=start, height=0.62, label=label,
                      color=CRITERIA_COLOURS.get(key, PALETTE[4]))  # fmt: skip
            start = [a + b for a, b in zip(start, values, strict=True)]
        left.set_yticks(ys, list(labels))
        left.invert_yaxis()
        left.set_xlim(0, 1.0)
        left.set_title(titles[0], loc="left")
        left.grid(axis="x", linewidth=0.4, alpha=0.5)
        _rank_ranges(right, ranks, range_labels)
        right.set_title(titles[1], loc="left")
        handles = [h for ax in (left, right) for h in ax.get_legend_handles_labels()[0]]
        names = [n for ax in (left, right) for n in ax.get_legend_handles_labels()[1]]
        fig.legend(handles, names, loc="outside lower center", ncols=4, frameon=False)
    return fig


def _rank_ranges(
    ax: Any,
    ranks: Sequence[tuple[int, tuple[int, int] | None, tuple[int, int] | None, float | None]],
    labels: tuple[str, str, str, str],
) -> None:
    worst = 1
    for y, (rank, steps, random, median) in enumerate(ranks):
        if random:
            ax.plot(list(random), [y, y], color="#9db7d5", linewidth=1.2,
                    label=labels[2] if y == 0 else None)  # fmt: skip
            worst = max(worst, random[1])
        if steps:
            ax.plot(list(steps), [y, y], color=PALETTE[0], linewidth=4, solid_capstyle="butt",
                    label=labels[1] if y == 0 else None)  # fmt: skip
            worst = max(worst, steps[1])
        if median is not None:
            ax.plot([median], [y], marker="|", markersize=8, color="#555555", linestyle="none",
                    label=labels[3] if y == 0 else None)  # fmt: skip
        ax.plot([rank], [y], marker="o", markersize=4, color=PALETTE[1], linestyle="none",
                label=labels[0] if y == 0 else None)  # fmt: skip
        worst = max(worst, rank)
    ax.set_xlim(0.5, worst + 0.5)
    ax.set_xlabel(labels[0])
    ax.grid(axis="x", linewidth=0.4, alpha=0.5)
