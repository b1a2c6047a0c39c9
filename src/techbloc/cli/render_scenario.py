"""Tables for `techbloc scenario …`: the assumptions, then every indicator before → after."""

from __future__ import annotations

from typing import Any

from techbloc.cli.output import out, table
from techbloc.cli.render_priorities import num, weights_text

Row = dict[str, Any]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _arrow(before: Any, after: Any, show: Any = str) -> str:
    was = "–" if before is None else show(before)
    now = "–" if after is None else show(after)
    return was if was == now else f"{was} → {now}"


def _more(rows: list[Row], top: int) -> None:
    if len(rows) > top:
        out.print(f"[dim]… {len(rows) - top} more (--top, or --json for all)[/]", highlight=False)


def render_scenario(data: Row, top: int) -> None:
    s = data["scenario"]
    out.print(
        f"[bold]Scenario{' ' + s['name'] if s['name'] else ''}[/] on {s['at']}: focal "
        f"{s['focal']}, exposure against {s['coalition']}; priority weights "
        f"{weights_text(s['weights'])}. Hypothetical: nothing is written to the store.",
        highlight=False,
    )
    for line in s["assumptions"]:
        out.print(f"  assumed: {line}", highlight=False)
    c = data["coalition"]
    moved = "; ".join(part for part in (
        f"joined {', '.join(c['joined'])}" if c["joined"] else "",
        f"left {', '.join(c['left'])}" if c["left"] else "") if part) or "unchanged"  # fmt: skip
    out.print(
        f"coalition {s['coalition']}: {len(c['before'])} → {len(c['after'])} members ({moved})",
        highlight=False,
    )
    _inputs(data, top)
    _exposure(data)
    _pressure(data, top)
    _priorities(data, top)
    _cut_off(data, top)
    for note in data["notes"]:
        out.print(f"note: {note}", highlight=False)


def _inputs(data: Row, top: int) -> None:
    rows = data["inputs"]
    if not rows:
        compared = data["inputs_compared"]
        out.print(f"supply-chain inputs: none of {compared} changed", highlight=False)
        return

    def side(r: Row, key: str) -> Any:
        return None if r is None else r[key]

    table(
        f"Inputs that changed ({len(rows)} of {data['inputs_compared']}), largest change first",
        ["input", "domain", "coalition %", "focal %", "score", "Δ score", "rank",
         "backups after"],
        ([f"{r['input_name']} ({r['input_id']})", r["domain_id"] or "",
          _arrow(side(r["before"], "coalition_share_pct"), side(r["after"], "coalition_share_pct"),
                 _pct),
          _arrow(side(r["before"], "focal_share_pct"), side(r["after"], "focal_share_pct"), _pct),
          _arrow(side(r["before"], "chokepoint_score"), side(r["after"], "chokepoint_score"), num),
          num(r["delta_score"]),
          _arrow(side(r["before"], "rank"), side(r["after"], "rank")),
          ", ".join(side(r["after"], "backups") or []) or "none"] for r in rows[:top]),
    )  # fmt: skip
    _more(rows, top)


def _exposure(data: Row) -> None:
    rows = data["exposure"]
    if not rows:
        return
    table(
        "Exposure by domain (mean choke-point score of the leaf inputs)",
        ["domain", "inputs", "mean score", "Δ", "revenue-weighted", "mean coalition %"],
        ([r["group"], r["inputs_after"],
          _arrow(r["mean_chokepoint_score_before"], r["mean_chokepoint_score_after"], num),
          num(r["delta_mean_chokepoint_score"]),
          _arrow(r["weighted_chokepoint_score_before"], r["weighted_chokepoint_score_after"], num),
          _arrow(r["mean_coalition_share_pct_before"], r["mean_coalition_share_pct_after"], _pct)]
         for r in rows),
    )  # fmt: skip


def _pressure(data: Row, top: int) -> None:
    rows = [r for r in data["pressure"] if abs(r["delta"]) > 1e-9]
    if not rows:
        out.print("containment pressure: unchanged in every domain", highlight=False)
        return
    table(
        f"Containment pressure that changed ({len(rows)} of {len(data['pressure'])} domains)",
        ["domain", "total", "Δ", "measures"],
        ([r["domain_id"], _arrow(r["total_before"], r["total_after"], num), num(r["delta"]),
          _arrow(r["measure_count_before"], r["measure_count_after"])] for r in rows[:top]),
    )  # fmt: skip
    _more(rows, top)


def _priorities(data: Row, top: int) -> None:
    rows = data["priorities"]
    shown = [r for r in rows if r["rank_after"] <= top or r["rank_change"] != 0]
    table(
        f"R&D priorities (first {top} after, and every domain that moved)",
        ["rank", "domain", "move", "score"],
        ([_arrow(r["rank_before"], r["rank_after"]), r["domain_id"],
          f"{r['rank_change']:+d}" if r["rank_change"] else "",
          _arrow(r["score_before"], r["score_after"], num)] for r in shown),
    )  # fmt: skip


def _cut_off(data: Row, top: int) -> None:
    c = data["cut_off"]
    if not c["leaf_inputs"]:
        return
    rows = c["after"]
    table(
        f"Leaf inputs with no backup source outside the coalition and the focal country "
        f"({len(rows)} of {c['leaf_inputs']})",
        ["input", "domain", "coalition %", "focal %", "no single country %", "supply left %"],
        ([f"{r['input_name']} ({r['input_id']})", r["domain_id"] or "",
          _pct(r["coalition_share_pct"]), _pct(r["focal_share_pct"]),
          _pct(r["unattributed_share_pct"]), _pct(r["supply_left_pct"])] for r in rows[:top]),
    )  # fmt: skip
    _more(rows, top)
    for label, ids in (("newly without backup", c["newly_cut_off"]), ("relieved", c["relieved"])):
        if ids:
            out.print(f"{label}: {', '.join(ids)}", highlight=False)
