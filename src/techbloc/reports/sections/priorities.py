"""Section: R&D priorities — domains ranked by the weighted criteria, how the score is made up,
and how far the ranking moves when the weights change."""

from __future__ import annotations

from techbloc.reports.model import PriorityRow
from techbloc.reports.sections.context import Context
from techbloc.reports.view import Block, Figure, Paragraph, Section, Table

CRITERIA = ("pressure", "exposure", "importance", "gap")
CHART_DOMAINS = 15


def weights_text(ctx: Context) -> str:
    weights = ctx.data.priorities.weights
    return ctx.w.join(f"{ctx.w('criterion.' + c)} {weights.get(c, 0):.2f}" for c in CRITERIA)


def _range(low: int | None, high: int | None) -> tuple[int, int] | None:
    return None if low is None or high is None else (low, high)


def _chart(ctx: Context, rows: list[PriorityRow]) -> Figure:
    from techbloc.reports.charts import priority_bars

    w = ctx.w
    contributions = [
        (c, w("criterion." + c), [r.contributions.get(c, 0.0) for r in rows]) for c in CRITERIA
    ]
    ranks = [
        (r.rank, _range(r.step_rank_min, r.step_rank_max),
         _range(r.random_rank_min, r.random_rank_max), r.random_rank_median)
        for r in rows
    ]  # fmt: skip
    p = ctx.data.priorities
    plot = priority_bars(
        ctx.fonts, [ctx.domain(r.domain_id) for r in rows], contributions, ranks,
        (w("priorities.chart_score"), w("priorities.chart_rank")),
        (w("priorities.rank"), w("priorities.step_range"),
         w("priorities.random_range", n=w.count(p.samples)), w("priorities.random_median")),
    )  # fmt: skip
    return ctx.figure(
        "fig-priorities",
        w("priorities.figure_caption", n=len(rows), at=ctx.data.at.isoformat()),
        w("priorities.figure_source", table="{{tab:tab-priorities}}"),
        w("priorities.figure_alt"), plot,
    )  # fmt: skip


def _sources(ctx: Context, row: PriorityRow) -> list[int]:
    ids = [s for m in row.top_measure_ids if m in ctx.data.measures
           for s in ctx.data.measures[m].source_ids]  # fmt: skip
    if row.on_cet_list:
        ids += ctx.data.domain_sources
    supply = ctx.data.supply
    if supply is not None and row.criteria.get("exposure") is not None:
        ids += [c.source_id for c in supply.chokepoints
                if c.domain_id == row.domain_id and c.source_id]  # fmt: skip
    return ctx.cite(ids)


def _table(ctx: Context) -> Table:
    w, p = ctx.w, ctx.data.priorities
    rows, refs = [], []
    for r in p.rows:
        steps = _range(r.step_rank_min, r.step_rank_max)
        rows.append([
            str(r.rank), ctx.domain(r.domain_id), w.num(r.score, 3),
            *(w.num(r.criteria.get(c), 2) for c in CRITERIA),
            f"{steps[0]}–{steps[1]}" if steps else "–",
            w.pct(r.random_top_k_share, 0),
        ])  # fmt: skip
        refs.append(_sources(ctx, r))
    return Table(
        "tab-priorities", w("priorities.table_caption", at=ctx.data.at.isoformat()),
        [w("priorities.col.rank"), w("priorities.col.domain"), w("priorities.col.score"),
         *(w("criterion." + c) for c in CRITERIA), w("priorities.col.steps"),
         w("priorities.col.random", k=p.top_k)],
        rows, align="llrrrrrrr", refs=refs,
        note=w("priorities.table_note", k=p.top_k, n=w.count(p.samples), seed=p.seed),
        css="compact",
    )  # fmt: skip


def _missing(ctx: Context) -> str | None:
    missing = ctx.data.priorities.missing
    gaps = [c for c in CRITERIA if missing.get(c)]
    if not gaps:
        return None
    count = max(len(missing[c]) for c in gaps)
    return ctx.w("priorities.missing", n=count, total=len(ctx.data.priorities.rows),
                 criteria=ctx.w.alternatives(ctx.w("criterion." + c) for c in gaps))  # fmt: skip


def priorities_section(ctx: Context) -> Section:
    w, p = ctx.w, ctx.data.priorities
    rows = [r for r in p.rows if r.score is not None][:CHART_DOMAINS]
    blocks: list[Block] = [
        Paragraph(w("priorities.intro", weights=weights_text(ctx), focal=ctx.focal_name())),
    ]
    missing = _missing(ctx)
    if missing:
        blocks.append(Paragraph(missing))
    if p.tau_mean is not None:
        blocks.append(Paragraph(w("priorities.tau", n=w.count(p.samples), mean=w.num(p.tau_mean, 3),
                                  p05=w.num(p.tau_p05, 3))))  # fmt: skip
    if rows:
        blocks.append(_chart(ctx, rows))
    blocks.append(_table(ctx))
    return Section("sec-priorities", w("priorities.title"), blocks)
