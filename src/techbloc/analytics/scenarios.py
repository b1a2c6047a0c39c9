"""What-if scenarios: hypothetical changes applied to in-memory copies of the store's tables, and
the exposure, pressure and priorities re-run on them, before → after (docs/methodology.md,
"Assessment: scenarios").

The *before* state is the store as it is; the *after* state is the same indicators over an
:class:`~techbloc.analytics.overlay.OverlayEngine` carrying the changes of
:mod:`techbloc.analytics.scenario_changes`. Both are assessed on the same date, for the same focal
country, against the same coalition (whose members may differ after). Nothing is written anywhere.
Comparing the two states — a few hundred rows — happens in Python.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.priorities import PriorityWeights, ranking
from techbloc.analytics.priority_criteria import collect_inputs
from techbloc.analytics.scenario_changes import Change, Setting, Strictest, apply_changes
from techbloc.analytics.supply_queries import chokepoint_rows, member_codes

Row = dict[str, Any]
INPUT_FIELDS = ("coalition_share_pct", "focal_share_pct", "outside_share_pct",
                "unattributed_share_pct", "chokepoint_score", "rank")  # fmt: skip
DIGITS = 9
"""Sorting by a change rounds it to this many digits: the engines sum in different orders."""


@dataclass
class State:
    """The indicators on one engine: members, choke points, exposure, pressure, priorities."""

    members: list[str]
    inputs: dict[str, Row]
    exposure: dict[str, Row]
    pressure: dict[str, Row]
    priorities: Row


def assess_state(engine: AnalyticsEngine, s: Setting, weights: PriorityWeights) -> State:
    criteria = collect_inputs(engine, s.at, s.focal, s.coalition)
    inputs: list[Row] = []
    if engine.has_table("supply_shares"):
        inputs = chokepoint_rows(engine, s.at, s.coalition, s.focal)
    return State(
        members=member_codes(engine, s.coalition, s.at, s.focal),
        inputs={r["input_id"]: r for r in inputs},
        exposure={r["group"]: r for r in criteria.exposure},
        pressure={r["domain_id"]: r for r in criteria.pressure["rows"]},
        priorities=ranking(criteria, weights),
    )


def _delta(after: float | None, before: float | None) -> float | None:
    if after is None or before is None:
        return None
    return after - before


def _input_side(row: Row | None) -> Row | None:
    if row is None:
        return None
    side = {k: row[k] for k in INPUT_FIELDS}
    side["backups"] = [b["supplier"] for b in row["backups"]]
    side["no_backup"] = no_backup(row)
    return side


def _rounded(value: Any) -> Any:
    """``value`` with its floats rounded to :data:`DIGITS` (two plans may sum in other orders)."""
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def no_backup(row: Row) -> bool:
    """A leaf input of which the coalition holds a share, with no supplier known outside the
    coalition and the focal country: with the coalition cut off, only the focal country's own
    share and what the source puts in no single country are left."""
    return bool(
        row["is_leaf"]
        and row["coalition_share_pct"] > 0
        and row["backup_countries"] == 0
        and row["backup_organisations"] == 0
    )


def compare_inputs(before: State, after: State) -> list[Row]:
    """Inputs whose coalition share, score, rank or backups differ, largest score change first."""
    rows: list[Row] = []
    for input_id in sorted(set(before.inputs) | set(after.inputs)):
        b, a = before.inputs.get(input_id), after.inputs.get(input_id)
        was, now = _input_side(b), _input_side(a)
        if _rounded(was) == _rounded(now):
            continue
        ref = a or b or {}
        score_was = None if was is None else was["chokepoint_score"]
        score_now = None if now is None else now["chokepoint_score"]
        rows.append({"input_id": input_id, "input_name": ref.get("input_name"),
                     "domain_id": ref.get("domain_id"), "before": was, "after": now,
                     "delta_score": _delta(score_now, score_was)})  # fmt: skip
    rows.sort(key=lambda r: (-round(abs(r["delta_score"] or 0.0), DIGITS), r["input_id"]))
    return rows


def compare_exposure(before: State, after: State) -> list[Row]:
    fields = ("inputs", "mean_chokepoint_score", "weighted_chokepoint_score",
              "max_chokepoint_score", "mean_coalition_share_pct")  # fmt: skip
    rows = []
    for group in sorted(set(before.exposure) | set(after.exposure)):
        b, a = before.exposure.get(group, {}), after.exposure.get(group, {})
        delta = _delta(a.get("mean_chokepoint_score"), b.get("mean_chokepoint_score"))
        rows.append({"group": group, "group_name": (a or b).get("group_name"),
                     **{f"{f}_before": b.get(f) for f in fields},
                     **{f"{f}_after": a.get(f) for f in fields},
                     "delta_mean_chokepoint_score": delta})  # fmt: skip
    return rows


def compare_pressure(before: State, after: State) -> list[Row]:
    rows = []
    for domain in sorted(before.pressure):
        b, a = before.pressure[domain], after.pressure[domain]
        rows.append({"domain_id": domain, "total_before": b["total"], "total_after": a["total"],
                     "delta": a["total"] - b["total"], "measure_count_before": b["measure_count"],
                     "measure_count_after": a["measure_count"],
                     "unmeasured_after": a["unmeasured"]})  # fmt: skip
    rows.sort(key=lambda r: (-round(abs(r["delta"]), DIGITS), -round(r["total_after"], DIGITS),
                             r["domain_id"]))  # fmt: skip
    return rows


def compare_priorities(before: State, after: State) -> list[Row]:
    b = {r["domain_id"]: r for r in before.priorities["rows"]}
    rows = []
    for r in after.priorities["rows"]:
        was = b[r["domain_id"]]
        rows.append({"domain_id": r["domain_id"], "rank_before": was["rank"],
                     "rank_after": r["rank"], "rank_change": was["rank"] - r["rank"],
                     "score_before": was["score"], "score_after": r["score"],
                     "criteria_before": was["criteria"],
                     "criteria_after": r["criteria"]})  # fmt: skip
    return rows


def cut_off(before: State, after: State) -> Row:
    """Leaf inputs with no backup source, after; and which became or stopped being so."""
    was = {i for i, r in before.inputs.items() if no_backup(r)}
    now = {i for i, r in after.inputs.items() if no_backup(r)}
    rows = sorted(
        ({"input_id": i, "input_name": r["input_name"], "domain_id": r["domain_id"],
          "coalition_share_pct": r["coalition_share_pct"], "focal_share_pct": r["focal_share_pct"],
          "unattributed_share_pct": r["unattributed_share_pct"],
          "supply_left_pct": min(100.0, r["focal_share_pct"] + r["outside_share_pct"]
                                 + r["unattributed_share_pct"])}
         for i, r in after.inputs.items() if i in now),
        key=lambda r: (r["domain_id"] or "", -r["coalition_share_pct"], r["input_id"]),
    )  # fmt: skip
    leaves = sum(1 for r in after.inputs.values() if r["is_leaf"])
    return {"leaf_inputs": leaves, "after": rows, "newly_cut_off": sorted(now - was),
            "relieved": sorted(was - now)}  # fmt: skip


def run_scenario(
    engine: AnalyticsEngine,
    changes: list[Change],
    setting: Setting,
    weights: PriorityWeights | None = None,
    name: str | None = None,
) -> Row:
    """The scenario's assumptions and every indicator before → after."""
    weights = weights or PriorityWeights()
    changed, assumptions = apply_changes(engine, changes, setting)
    before = assess_state(engine, setting, weights)
    after = assess_state(changed, setting, weights)
    return {
        "scenario": {
            "name": name, "at": setting.at, "focal": setting.focal,
            "coalition": setting.coalition.label, "weights": asdict(weights),
            "changes": [asdict(c) for c in changes], "assumptions": assumptions,
        },
        "coalition": {"before": before.members, "after": after.members,
                      "joined": sorted(set(after.members) - set(before.members)),
                      "left": sorted(set(before.members) - set(after.members))},
        "inputs": compare_inputs(before, after),
        "inputs_compared": len(set(before.inputs) | set(after.inputs)),
        "exposure": compare_exposure(before, after),
        "pressure": compare_pressure(before, after),
        "priorities": compare_priorities(before, after),
        "cut_off": cut_off(before, after),
        "notes": after.priorities["notes"] + _notes(changes),
    }  # fmt: skip


def _notes(changes: list[Change]) -> list[str]:
    if not any(isinstance(c, Strictest) for c in changes):
        return []
    return ["the choke-point score already assumes the coalition withholds its whole share, so "
            "the strictest blockade leaves exposure as it is: it raises pressure and moves "
            "priorities; the inputs without backup are the bottom line"]  # fmt: skip
