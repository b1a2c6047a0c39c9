"""Section: supply-chain choke points against the blockade side, backup sources (备胎) outside it,
and exposure by technology domain — or, without supply data, how to add it."""

from __future__ import annotations

from techbloc.reports.model import ChokePoint, SupplyData
from techbloc.reports.sections.context import Context
from techbloc.reports.view import Block, Figure, Paragraph, Section, Table

TOP_INPUTS = 15
BACKUP_INPUTS = 10
BACKUPS_SHOWN = 3


def top_inputs(supply: SupplyData) -> list[ChokePoint]:
    return [c for c in supply.chokepoints if c.score is not None][:TOP_INPUTS]


def _backups(ctx: Context, row: ChokePoint) -> str:
    """The first backup countries with their shares; organisations where no country is named."""
    countries = [b for b in row.backups if b.level == "country"]
    chosen = countries or list(row.backups)
    unpublished = ctx.w("supply.unpublished")
    shown = [
        f"{ctx.actor(b.actor_code) if b.level == 'country' else b.supplier} "
        f"{ctx.w.pct_value(b.share_pct) if b.share_pct is not None else unpublished}"
        for b in chosen[:BACKUPS_SHOWN]
    ]
    return ctx.w.join(shown) if shown else ctx.w("supply.no_backup")


def _chart(ctx: Context, supply: SupplyData) -> Figure:
    from techbloc.reports.charts import chokepoint_bars

    w, rows = ctx.w, top_inputs(supply)
    plot = chokepoint_bars(
        ctx.fonts, [r.input_name for r in rows], [r.coalition_share_pct for r in rows],
        [r.focal_share_pct for r in rows], [r.hhi for r in rows],
        (w("supply.legend_coalition"), w("supply.legend_focal", focal=ctx.focal_name()),
         w("supply.legend_hhi")),
        (w("supply.axis"), w("supply.axis_hhi")),
    )  # fmt: skip
    return ctx.figure(
        "fig-chokepoints",
        w("supply.figure_caption", n=len(rows), at=ctx.data.at.isoformat(),
          size=supply.coalition_size),
        w("supply.figure_source", table="{{tab:tab-chokepoints}}"),
        w("supply.figure_alt"), plot,
    )  # fmt: skip


def _chokepoint_table(ctx: Context, supply: SupplyData) -> Table:
    w = ctx.w
    rows, refs = [], []
    for r in top_inputs(supply):
        rows.append([
            str(r.rank), f"{r.input_name} ({r.input_id})",
            ctx.domain(r.domain_id) if r.domain_id else w("supply.unmapped"),
            str(r.data_year or "–"), w.pct_value(r.coalition_share_pct),
            w.pct_value(r.focal_share_pct), w.num(r.hhi, 0), w.num(r.score, 3),
            _backups(ctx, r),
        ])  # fmt: skip
        refs.append(ctx.cite([r.source_id] if r.source_id else []))
    return Table(
        "tab-chokepoints",
        w("supply.table_caption", n=len(rows),
          of=sum(1 for c in supply.chokepoints if c.score is not None),
          at=ctx.data.at.isoformat()),
        [w("supply.col.rank"), w("supply.col.input"), w("supply.col.domain"),
         w("supply.col.year"), w("supply.col.coalition"), w("supply.col.focal"), "HHI",
         w("supply.col.score"), w("supply.col.backups")],
        rows, align="lllrrrrrl", refs=refs, note=w("supply.table_note"), css="compact",
    )  # fmt: skip


def group_label(ctx: Context, group: str, name: str | None) -> str:
    """A domain's name; 'unmapped' (inputs of a CSV, which name no domain) in words."""
    if group in ctx.data.domain_names:
        return ctx.domain(group)
    return ctx.w("supply.unmapped") if group == "unmapped" else (name or group)


def _backup_table(ctx: Context, supply: SupplyData) -> Table | None:
    """The highest-ranked inputs that do have a supplier outside the coalition and the focal
    country: where a backup source (备胎) exists, and how much of world supply it holds."""
    w = ctx.w
    chosen = [c for c in supply.chokepoints if c.score is not None and c.backups][:BACKUP_INPUTS]
    if not chosen:
        return None
    rows, refs = [], []
    for r in chosen:
        rows.append([
            str(r.rank), f"{r.input_name} ({r.input_id})", w.pct_value(r.coalition_share_pct),
            w.pct_value(r.outside_share_pct), w.num(r.score, 3), _backups(ctx, r),
        ])  # fmt: skip
        refs.append(ctx.cite([r.source_id] if r.source_id else []))
    return Table(
        "tab-backups", w("supply.backups_caption", n=len(rows), at=ctx.data.at.isoformat()),
        [w("supply.col.rank"), w("supply.col.input"), w("supply.col.coalition"),
         w("supply.col.outside"), w("supply.col.score"), w("supply.col.backups")],
        rows, align="rlrrrl", refs=refs, note=w("supply.backups_note"), css="compact",
    )  # fmt: skip


def _exposure_table(ctx: Context, supply: SupplyData) -> Table:
    w = ctx.w
    rows = [
        [group_label(ctx, g.group, g.name),
         str(g.inputs), w.num(g.mean_score, 3), w.num(g.weighted_score, 3),
         w.num(g.max_score, 3), g.top_input or "–"]
        for g in supply.exposure
    ]  # fmt: skip
    return Table(
        "tab-exposure", w("supply.exposure_caption", at=ctx.data.at.isoformat()),
        [w("supply.col.domain"), w("supply.col.inputs"), w("supply.col.mean"),
         w("supply.col.weighted"), w("supply.col.max"), w("supply.col.worst")],
        rows, align="lrrrrl", note=w("supply.exposure_note"),
    )  # fmt: skip


def supply_section(ctx: Context) -> Section:
    w, supply = ctx.w, ctx.data.supply
    if supply is None:
        blocks: list[Block] = [
            Paragraph(w("supply.none")),
            Paragraph(w("supply.how"), css="command"),
        ]
        return Section("sec-supply", w("supply.title"), blocks)
    scored = [c for c in supply.chokepoints if c.score is not None]
    full = sum(1 for c in scored if c.score is not None and c.score >= 1.0)
    without = sum(1 for c in scored if not c.backups)
    blocks = [
        Paragraph(w("supply.intro", focal=ctx.focal_name(), size=supply.coalition_size,
                    at=ctx.data.at.isoformat())),
        Paragraph(w("supply.summary", n=len(scored), full=full, without=without,
                    focal=ctx.focal_name())),
        _chart(ctx, supply),
        _chokepoint_table(ctx, supply),
    ]  # fmt: skip
    backups = _backup_table(ctx, supply)
    if backups is not None:
        blocks.append(backups)
    if supply.exposure:
        blocks.append(_exposure_table(ctx, supply))
    return Section("sec-supply", w("supply.title"), blocks)
