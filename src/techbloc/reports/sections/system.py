"""Section: the alliance system beside COCOM — comprehensiveness (coverage, field, stages) and the
shift of restrictive measures towards civilian frontier technology."""

from __future__ import annotations

from techbloc.reports.model import GroupProfile, Share
from techbloc.reports.sections.context import Context
from techbloc.reports.view import Block, Figure, Heading, Paragraph, Section, Table

SIDE_ORDER = ("blockade-side", "cooperation-side", "mixed-side", "system")
KIND_ORDER = {"blockade": 0, "mixed": 1, "cooperation": 2}
SCOPES = ("military", "dual_use", "civilian_frontier", "unknown")


def group_name(ctx: Context, group: GroupProfile, dated: bool = False) -> str:
    if group.group_type == "side":
        name = ctx.w(f"group.{group.group_id}")
    else:
        name = ctx.data.alliance(group.group_id, ctx.lang)
    return ctx.w("group.dated", name=name, year=group.date.year) if dated else name


def share_cell(ctx: Context, share: Share, with_note: bool) -> str:
    """'73.6 %*' (* = not every member has a figure), with a second line saying the year,
    coverage and what 'world' is."""
    w = ctx.w
    if share.share is None:
        why = w("share.no_figure") if share.with_value == 0 else w("share.no_world")
        return f"{w.pct(None)}\n{why}" if with_note else w.pct(None)
    mark = "*" if share.with_value < share.economies else ""
    text = w.pct(share.share) + mark
    if not with_note:
        return text
    years = "/".join(str(y) for y in share.years)
    if share.world_basis == "kb_world_total":
        world = w("share.world_total", year=share.world_year or "")
    else:
        world = w("share.world_sum", n=share.world_economies or 0)
    cover = w("share.coverage", n=share.with_value, of=share.economies)
    return f"{text}\n{years} · {cover} · {world}"


def scope_text(ctx: Context, scopes: tuple[str, ...]) -> str:
    return ctx.w.join(ctx.w(f"scope.{s}") for s in scopes) if scopes else "–"


def _cocom_table(ctx: Context) -> Table:
    w, cols = ctx.w, ctx.data.cocom
    rows = [
        [w("cocom.members"), *(str(c.member_count) for c in cols)],
        [w("cocom.gdp"), *(share_cell(ctx, c.gdp, True) for c in cols)],
        [w("cocom.rd"), *(share_cell(ctx, c.rd, True) for c in cols)],
        [w("cocom.hightech"), *(share_cell(ctx, c.hightech, True) for c in cols)],
        [w("cocom.domains"), *(f"{c.domain_count}/{c.domain_of} "
                               f"({w.pct(c.domain_count / c.domain_of if c.domain_of else None)})"
                               for c in cols)],
        [w("cocom.scope"), *(scope_text(ctx, c.tech_scope) for c in cols)],
        [w("cocom.stages"), *(f"{c.stage_count}/{c.stage_of}" for c in cols)],
    ]  # fmt: skip
    headers = [""] + [f"{group_name(ctx, c)}\n{c.date.isoformat()}" for c in cols]
    note = w("share.note")
    for group_id in ctx.data.cocom_absent:
        name = (
            ctx.w(f"group.{group_id}")
            if ctx.w.has(f"group.{group_id}")
            else (ctx.data.alliance(group_id, ctx.lang))
        )
        note += " " + w("cocom.absent", name=name, at=ctx.data.at.isoformat())
    refs = ctx.cite(s for ids in ctx.data.attribute_sources.values() for s in ids)
    refs += ctx.cite(s for c in cols for s in c.source_ids)
    return Table(
        "tab-cocom", w("cocom.caption", then=ctx.data.cocom_then.isoformat(),
                       now=ctx.data.at.isoformat()),
        headers, rows, align="l" + "r" * len(cols), note=note, css="row-heads",
        table_refs=sorted(set(refs)),
    )  # fmt: skip


def _comprehensiveness_chart(ctx: Context) -> Figure:
    from techbloc.reports.charts import grouped_bars

    w = ctx.w
    by_id = {g.group_id: g for g in ctx.data.comprehensiveness}
    chosen = [ctx.data.cocom[0]]
    chosen += [by_id[k] for k in ("wassenaar", *SIDE_ORDER) if k in by_id]
    labels = [group_name(ctx, g, dated=True) for g in chosen]

    def pct(value: float | None) -> float | None:
        return None if value is None else 100 * value

    metrics = [
        (w("chart.gdp"), [pct(g.gdp.share) for g in chosen]),
        (w("chart.rd"), [pct(g.rd.share) for g in chosen]),
        (w("chart.domains"), [pct(g.domain_count / g.domain_of) if g.domain_of else None
                              for g in chosen]),
        (w("chart.stages"), [pct(g.stage_count / g.stage_of) if g.stage_of else None
                             for g in chosen]),
    ]  # fmt: skip
    plot = grouped_bars(ctx.fonts, labels, metrics, w("chart.percent"), w("chart.no_data"))
    return ctx.figure(
        "fig-comprehensiveness", w("comp.figure_caption", at=ctx.data.at.isoformat()),
        w("comp.figure_source", table="{{tab:tab-cocom}}", table2="{{tab:tab-comp}}"),
        w("comp.figure_alt"), plot,
    )  # fmt: skip


def _comprehensiveness_table(ctx: Context) -> Table:
    w = ctx.w
    groups = list(ctx.data.comprehensiveness)
    sides = sorted((g for g in groups if g.group_type == "side"),
                   key=lambda g: SIDE_ORDER.index(g.group_id))  # fmt: skip
    alliances = sorted(
        (g for g in groups if g.group_type == "alliance"),
        key=lambda g: (KIND_ORDER.get(g.kind, 9), -g.member_count, g.group_id),
    )
    rows, refs = [], []
    for g in sides + alliances:
        name = group_name(ctx, g)
        if g.status and g.status not in ("active",):
            name += w.paren(w("status." + g.status))
        rows.append([
            name, w(f"kind.{g.kind}"), str(g.member_count), share_cell(ctx, g.gdp, False),
            share_cell(ctx, g.rd, False), f"{g.domain_count}/{g.domain_of}",
            f"{g.stage_count}/{g.stage_of}", scope_text(ctx, g.tech_scope),
        ])  # fmt: skip
        refs.append(ctx.cite(g.source_ids))
    table_refs = ctx.cite(s for ids in ctx.data.attribute_sources.values() for s in ids)
    return Table(
        "tab-comp", w("comp.caption", at=ctx.data.at.isoformat()),
        [w("comp.col.group"), w("comp.col.kind"), w("comp.col.members"), w("comp.col.gdp"),
         w("comp.col.rd"), w("comp.col.domains"), w("comp.col.stages"), w("comp.col.scope")],
        rows, align="llrrrrrl", refs=refs, note=w("comp.note"), table_refs=table_refs,
        css="compact",
    )  # fmt: skip


def _shift_table(ctx: Context) -> Table:
    w = ctx.w
    rows = []
    for year in ctx.data.shift:
        label = str(year.year)
        if year.until.month != 12 or year.until.day != 31:
            label = w("shift.to_date", year=year.year, until=year.until.isoformat())
        cells = [f"{year.counts.get(s, 0)} ({w.pct(year.shares.get(s, 0.0), 0)})" for s in SCOPES]
        rows.append([label, str(year.measures), *cells])
    return Table(
        "tab-shift", w("shift.caption", focal=ctx.focal_name()),
        [w("shift.col.year"), w("shift.col.measures"), *(w(f"scope.{s}") for s in SCOPES)],
        rows, align="lrrrrr", note=w("shift.note"),
    )  # fmt: skip


def system_section(ctx: Context) -> Section:
    w = ctx.w
    blocks: list[Block] = [
        Paragraph(w("system.intro", focal=ctx.focal_name())),
        _cocom_table(ctx),
        _comprehensiveness_chart(ctx),
        Heading(w("system.comp_heading")),
        _comprehensiveness_table(ctx),
        Heading(w("system.shift_heading")),
        Paragraph(w("shift.intro")),
        _shift_table(ctx),
    ]
    return Section("sec-system", w("system.title"), blocks)
