"""Section: containment pressure by technology domain — the trend over the years (chart), the
domains on the report's date, and the measures that weigh most."""

from __future__ import annotations

import datetime as dt

from techbloc.reports.model import DomainPressure, MeasureRef
from techbloc.reports.sections.context import Context
from techbloc.reports.view import Block, Figure, Paragraph, Section, Table

CHART_DOMAINS = 8
MEASURE_DOMAINS = 5


def year_label(ctx: Context, day: dt.date) -> str:
    """'2025' for 31 December, '2026*' for the report's date inside a year."""
    return str(day.year) if (day.month, day.day) == (12, 31) else f"{day.year}*"


def previous_date(ctx: Context) -> dt.date | None:
    dates = ctx.data.pressure.dates
    return dates[-2] if len(dates) > 1 else None


def changes(ctx: Context) -> dict[str, float]:
    """domain → total on the report's date minus total on the previous date of the series."""
    before = previous_date(ctx)
    if before is None:
        return {}
    old = {p.domain_id: p.total for p in ctx.data.pressure.on(before)}
    return {p.domain_id: p.total - old.get(p.domain_id, 0.0) for p in latest(ctx)}


def latest(ctx: Context) -> list[DomainPressure]:
    return ctx.data.pressure.on(ctx.data.pressure.dates[-1])


def _chart(ctx: Context) -> Figure:
    from techbloc.reports.charts import pressure_lines

    w, pressure = ctx.w, ctx.data.pressure
    top = [p.domain_id for p in latest(ctx)[:CHART_DOMAINS]]
    series = [(ctx.domain(d), pressure.totals(d)) for d in top]
    plot = pressure_lines(ctx.fonts, [year_label(ctx, d) for d in pressure.dates], series,
                          w("pressure.axis"))  # fmt: skip
    return ctx.figure(
        "fig-pressure",
        w("pressure.figure_caption", n=len(top), focal=ctx.focal_name(),
          at=ctx.data.at.isoformat()),
        w("pressure.figure_source", table="{{tab:tab-pressure}}"),
        w("pressure.figure_alt"), plot,
    )  # fmt: skip


def _measure_line(ref: MeasureRef, ctx: Context) -> str:
    return f"{ref.measure_id} ({ctx.w.signed(ref.contribution)})"


def _domain_table(ctx: Context) -> Table:
    w = ctx.w
    diff = changes(ctx)
    before = previous_date(ctx)
    rows, refs = [], []
    for rank, p in enumerate(latest(ctx), start=1):
        rows.append([
            str(rank), ctx.domain(p.domain_id), w.num(p.total),
            w.signed(diff.get(p.domain_id)) if before else "–", str(p.measure_count),
            "\n".join(_measure_line(m, ctx) for m in p.top_measures) or "–",
        ])  # fmt: skip
        refs.append(ctx.cite(s for m in p.top_measures for s in m.source_ids))
    points = latest(ctx)
    listings, documents = sum(p.listings for p in points), sum(p.documents for p in points)
    note = w("pressure.table_note", listings=listings, documents=documents,
             days=ctx.data.pressure.window_days)  # fmt: skip
    return Table(
        "tab-pressure", w("pressure.table_caption", at=ctx.data.at.isoformat(),
                          before=before.isoformat() if before else "–"),
        [w("pressure.col.rank"), w("pressure.col.domain"), w("pressure.col.total"),
         w("pressure.col.change"), w("pressure.col.measures"), w("pressure.col.top")],
        rows, align="rlrrrl", refs=refs, note=note, css="compact",
    )  # fmt: skip


def _measure_table(ctx: Context) -> Table | None:
    """The measures that contribute most to the most pressed domains, with their titles."""
    w = ctx.w
    seen: dict[str, tuple[MeasureRef, list[str]]] = {}
    for p in latest(ctx)[:MEASURE_DOMAINS]:
        for m in p.top_measures:
            seen.setdefault(m.measure_id, (m, []))[1].append(ctx.domain(p.domain_id))
    if not seen:
        return None
    rows, refs = [], []
    ordered = sorted(
        seen.values(),
        key=lambda item: (item[0].date or dt.date.min, item[0].measure_id),
        reverse=True,
    )
    for m, domains in ordered:
        rows.append([m.measure_id, m.date.isoformat() if m.date else "–", m.title.pick(ctx.lang),
                     w.signed(m.contribution), w.join(domains)])  # fmt: skip
        refs.append(ctx.cite(m.source_ids))
    return Table(
        "tab-pressure-measures", w("pressure.measures_caption", n=MEASURE_DOMAINS),
        [w("pressure.col.measure"), w("pressure.col.date"), w("pressure.col.title"),
         w("pressure.col.contribution"), w("pressure.col.domains")],
        rows, align="lllrl", refs=refs, css="compact",
    )  # fmt: skip


def pressure_section(ctx: Context) -> Section:
    w, pressure = ctx.w, ctx.data.pressure
    weights = pressure.weights
    intro = w("pressure.intro", focal=ctx.focal_name(), half_life=f"{pressure.half_life_years:g}",
              wl=f"{weights.get('listings', 0):g}", wd=f"{weights.get('documents', 0):g}",
              days=pressure.window_days)  # fmt: skip
    blocks: list[Block] = [Paragraph(intro), _chart(ctx), _domain_table(ctx)]
    measures = _measure_table(ctx)
    if measures is not None:
        blocks.append(measures)
    return Section("sec-pressure", w("pressure.title"), blocks)
