"""Section: key findings — what changed, where pressure is highest, what the focal country depends
on, what to prioritise, what the alerts say. Each sentence restates figures of the tables that
follow and points to them; the selection rules are in docs/methodology.md ("Reports: …")."""

from __future__ import annotations

import re

from techbloc.reports.sections.context import Context
from techbloc.reports.sections.pressure import changes, latest, previous_date
from techbloc.reports.sections.supply import TOP_INPUTS, top_inputs
from techbloc.reports.view import Bullets, Paragraph, Section

TOP_DOMAINS = 3
TOP_PRIORITIES = 5


_SEE_LAST = re.compile(r"^(.*)([.。])( \([^()]*\)|（[^（）]*）)$", re.S)


def _punctuate(text: str) -> str:
    """'… 63.9 %). (Table 1)' → '… 63.9 %) (Table 1).': the pointer inside the sentence."""
    found = _SEE_LAST.match(text)
    return f"{found.group(1)}{found.group(3)}{found.group(2)}" if found else text


def _see(ctx: Context, *keys: str) -> str:
    """' (Table 1, Figure 2)' / '（表1、图2）': where the figures of a finding are."""
    return ctx.w("findings.see", what=ctx.w.join(keys))


def _system(ctx: Context) -> str | None:
    w, cols = ctx.w, ctx.data.cocom
    sides = [c for c in cols[1:] if c.group_id == "blockade-side"]
    if not cols or cols[0].group_id != "cocom" or not sides:
        return None
    then, side = cols[0], sides[0]
    text = w("findings.system", then_date=then.date.isoformat(),
             at=ctx.data.at.isoformat(), n=side.member_count, n_then=then.member_count,
             d=side.domain_count, d_then=then.domain_count, of=side.domain_of,
             s=side.stage_count, s_then=then.stage_count, s_of=side.stage_of)  # fmt: skip
    if side.gdp.share is not None and then.gdp.share is not None:
        text += w("findings.system_gdp", gdp=w.pct(side.gdp.share), gdp_then=w.pct(then.gdp.share))
    return text + _see(ctx, "{{tab:tab-cocom}}")


def _shift(ctx: Context) -> str | None:
    years = [y for y in ctx.data.shift if y.measures > 0]
    full = [y for y in years if (y.until.month, y.until.day) == (12, 31)]
    if len(full) >= 2:
        years = full  # whole years compare; the current year to date holds few measures
    if len(years) < 2:
        return None
    first, last = years[0], years[-1]
    to_date = "" if (last.until.month, last.until.day) == (12, 31) else w_to_date(ctx, last.until)
    return ctx.w(
        "findings.shift", focal=ctx.focal_name(), y1=first.year, p1=ctx.w.pct(
            first.shares.get("civilian_frontier", 0.0), 0), n1=first.measures, y2=last.year,
        p2=ctx.w.pct(last.shares.get("civilian_frontier", 0.0), 0), n2=last.measures,
        to_date=to_date,
    ) + _see(ctx, "{{tab:tab-shift}}")  # fmt: skip


def w_to_date(ctx: Context, day: object) -> str:
    return ctx.w("findings.to_date", until=str(day))


def _pressure(ctx: Context) -> list[tuple[str, str]]:
    w = ctx.w
    top = [p for p in latest(ctx) if p.total > 0][:TOP_DOMAINS]
    if not top:
        return [("pressure", w("findings.no_pressure", focal=ctx.focal_name()))]
    where = w.sentence_join(ctx.domain(p.domain_id) + w.paren(w.num(p.total)) for p in top)
    text = w("findings.pressure", where=where, focal=ctx.focal_name())
    biggest = max((m for m in top[0].top_measures), key=lambda m: m.contribution, default=None)
    if biggest is not None and biggest.contribution > 0:
        text += w("findings.pressure_measure", domain=ctx.domain(top[0].domain_id),
                      title=biggest.title.pick(ctx.lang), id=biggest.measure_id,
                      date=biggest.date.isoformat() if biggest.date else "–")  # fmt: skip
    lines = [("pressure", text + _see(ctx, "{{fig:fig-pressure}}", "{{tab:tab-pressure}}"))]
    before, diff = previous_date(ctx), changes(ctx)
    if before is not None and diff:
        up = max(diff.items(), key=lambda kv: (kv[1], kv[0]))
        down = min(diff.items(), key=lambda kv: (kv[1], kv[0]))
        if up[1] > 0.005 or down[1] < -0.005:
            parts = []
            if up[1] > 0.005:
                parts.append(w("findings.rose", domain=ctx.domain(up[0]), by=w.signed(up[1])))
            if down[1] < -0.005:
                parts.append(w("findings.fell", domain=ctx.domain(down[0]),
                               by=w.signed(down[1])))  # fmt: skip
            lines.append(("change", w("findings.change", before=before.isoformat(),
                                      what=w.join(parts))
                          + _see(ctx, "{{tab:tab-pressure}}")))  # fmt: skip
        else:
            lines.append(("change", w("findings.unchanged", before=before.isoformat())))
    return lines


def _supply(ctx: Context) -> str:
    w, supply = ctx.w, ctx.data.supply
    if supply is None:
        return w("findings.no_supply", section="{{sec:sec-supply}}")
    scored = [c for c in supply.chokepoints if c.score is not None]
    full = sum(1 for c in scored if (c.score or 0) >= 1.0)
    top = top_inputs(supply)
    without = sum(1 for c in top if not c.backups)
    text = w("findings.supply", size=supply.coalition_size, full=full, n=len(scored),
             focal=ctx.focal_name(), without=without, top=min(TOP_INPUTS, len(top)))  # fmt: skip
    exposed = [g for g in supply.exposure  # inputs mapped to a domain of the taxonomy
               if g.mean_score is not None and g.group in ctx.data.domain_names]  # fmt: skip
    if exposed:
        worst = max(exposed, key=lambda g: (g.weighted_score or g.mean_score or 0.0, g.group))
        name = ctx.domain(worst.group)
        text += w("findings.exposure", domain=name, score=w.num(worst.mean_score, 2))
    return text + _see(ctx, "{{fig:fig-chokepoints}}", "{{tab:tab-chokepoints}}")


def _priorities(ctx: Context) -> str | None:
    w, p = ctx.w, ctx.data.priorities
    top = [r for r in p.rows if r.score is not None][:TOP_PRIORITIES]
    if not top:
        return None
    ranked = w.join(f"{r.rank} {ctx.domain(r.domain_id)}" for r in top)
    text = w("findings.priorities", ranked=ranked)
    if p.steps:
        stable = [r for r in top if r.step_top_k == p.steps and r.rank <= p.top_k]
        text += w("findings.robust", n=len(stable), k=p.top_k, steps=p.steps)
        first = top[0]
        if first.random_top_k_share is not None:
            text += w("findings.random", domain=ctx.domain(first.domain_id), k=p.top_k,
                      share=w.pct(first.random_top_k_share), n=w.count(p.samples))  # fmt: skip
    return text + _see(ctx, "{{fig:fig-priorities}}", "{{tab:tab-priorities}}")


def _alerts(ctx: Context) -> str:
    w, alerts = ctx.w, ctx.data.alerts
    if not alerts.open_alerts:
        return w("findings.no_alerts", section="{{sec:sec-alerts}}")
    first = alerts.open_alerts[0]
    return w("findings.alerts", n=len(alerts.open_alerts), title=first.title.pick(ctx.lang),
             level=w("alerts.level." + first.level) if w.has("alerts.level." + first.level)
             else first.level) + _see(ctx, "{{tab:tab-alerts}}")  # fmt: skip


def findings_section(ctx: Context) -> Section:
    items = [("system", _system(ctx)), ("shift", _shift(ctx)), *_pressure(ctx),
             ("supply", _supply(ctx)), ("priorities", _priorities(ctx)),
             ("alerts", _alerts(ctx))]  # fmt: skip
    shown = [(lead, _punctuate(text)) for lead, text in items if text]
    return Section("sec-findings", ctx.w("findings.title"), [
        Bullets([text for _, text in shown], css="findings",
                leads=[ctx.w("findings.lead." + lead) for lead, _ in shown]),
        Paragraph(ctx.w("findings.read", section="{{sec:sec-method}}"), css="caveat"),
    ])  # fmt: skip
