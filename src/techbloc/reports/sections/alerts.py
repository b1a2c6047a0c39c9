"""Section: the alerts the early-warning detectors stored — or, when there are none, that there are
none and how to raise them. Nothing is made up here: every row is a stored alert."""

from __future__ import annotations

from techbloc.reports.model import StoredAlert
from techbloc.reports.provenance import alert_evidence_source_id
from techbloc.reports.sections.context import Context
from techbloc.reports.view import Block, Paragraph, Section, Table

EVIDENCE_SHOWN = 4


def _scope(ctx: Context, alert: StoredAlert) -> str:
    key = alert.scope_key
    if alert.scope_type == "domain":
        key = ctx.domain(key)
    elif alert.scope_type == "alliance":
        key = ctx.data.alliance(key, ctx.lang)
    elif alert.scope_type == "country":
        key = ctx.actor(key)
    return f"{ctx.w('alerts.scope.' + alert.scope_type)}: {key}"


def _evidence(ctx: Context, alert: StoredAlert) -> str:
    lines = [f"{ctx.w('alerts.evidence.' + e.kind)} {e.evidence_id}"
             + (ctx.w.paren(e.date.isoformat()) if e.date else "")
             for e in alert.evidence[:EVIDENCE_SHOWN]]  # fmt: skip
    more = len(alert.evidence) - EVIDENCE_SHOWN
    if more > 0:
        lines.append(ctx.w("alerts.more", n=more))
    return "\n".join(lines) or "–"


def _refs(ctx: Context, alert: StoredAlert) -> list[int]:
    ids: list[str] = []
    for e in alert.evidence:
        known = ctx.data.measures.get(e.evidence_id) if e.kind == "measure" else None
        if known is not None:
            ids += known.source_ids
        if known is None or e.url:
            ids.append(alert_evidence_source_id(e.kind, e.evidence_id))
    return ctx.cite(ids)


def _level(ctx: Context, alert: StoredAlert) -> str:
    key = f"alerts.level.{alert.level}"
    return ctx.w(key) if ctx.w.has(key) else alert.level


def _table(ctx: Context, alerts: tuple[StoredAlert, ...]) -> Table:
    w = ctx.w
    rows, refs, css = [], [], []
    for a in alerts:
        value = w.num(a.value, 2) + (f" / {w.num(a.threshold, 2)}" if a.threshold is not None
                                     else "")  # fmt: skip
        rows.append([
            _level(ctx, a), _scope(ctx, a), a.title.pick(ctx.lang),
            f"{a.period_start.isoformat()} – {a.period_end.isoformat()}",
            f"{a.statistic}: {value}",
            w("alerts.seen", first=a.first_seen.isoformat(), last=a.last_seen.isoformat(),
              n=a.occurrences),
            w(f"alerts.state.{a.state}") if w.has(f"alerts.state.{a.state}") else a.state,
            _evidence(ctx, a),
        ])  # fmt: skip
        refs.append(_refs(ctx, a))
        css.append(f"level-{a.level}")
    return Table(
        "tab-alerts", w("alerts.caption", at=ctx.data.at.isoformat()),
        [w("alerts.col.level"), w("alerts.col.scope"), w("alerts.col.title"),
         w("alerts.col.period"), w("alerts.col.statistic"), w("alerts.col.seen"),
         w("alerts.col.state"), w("alerts.col.evidence")],
        rows, align="llllllll", refs=refs, css="compact alerts", row_css=css,
    )  # fmt: skip


def alerts_section(ctx: Context) -> Section:
    w, alerts = ctx.w, ctx.data.alerts
    at = ctx.data.at.isoformat()
    blocks: list[Block]
    if not alerts.tables_present:
        blocks = [Paragraph(w("alerts.no_tables")), Paragraph(w("alerts.how"), css="command")]
    elif not alerts.open_alerts:
        blocks = [Paragraph(w("alerts.none", at=at, closed=alerts.closed_count)),
                  Paragraph(w("alerts.how"), css="command")]  # fmt: skip
    else:
        counts = w.join(
            f"{sum(a.level == level for a in alerts.open_alerts)} {w('alerts.level.' + level)}"
            for level in ("red", "orange", "yellow", "blue")
            if any(a.level == level for a in alerts.open_alerts)
        )
        blocks = [
            Paragraph(w("alerts.intro", n=len(alerts.open_alerts), counts=counts, at=at,
                        closed=alerts.closed_count)),
            _table(ctx, alerts.open_alerts),
        ]  # fmt: skip
    return Section("sec-alerts", w("alerts.title"), blocks)
