"""Tables for `techbloc assess priorities`: the ranking, the parents' roll-up, what is missing, and
the sensitivity of the ranking to its weights."""

from __future__ import annotations

from typing import Any

from techbloc.cli.output import out, table

Row = dict[str, Any]
CRITERIA = ("pressure", "exposure", "importance", "gap")


def num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def weights_text(weights: dict[str, float]) -> str:
    return ", ".join(f"{c} {weights[c]:g}" for c in CRITERIA)


def _evidence(r: Row) -> str:
    e = r["evidence"]
    parts = [f"pressure {e['pressure_total']:.2f} ({e['measure_count']} measures)"]
    if e["mean_chokepoint_score"] is not None:
        parts.append(
            f"choke {e['mean_chokepoint_score']:.3f} over {e['exposure_inputs']} inputs, "
            f"worst {e['worst_input']}; focal share {e['mean_focal_share_pct']:.1f} %"
        )
    cet = "on CET list" if e["cet_categories"] else "not on CET list"
    parts.append(f"{cet}; {e['alliances']}/{e['alliances_max_on_date']} alliances")
    return "; ".join(parts)


def render_priorities(data: Row) -> None:
    if "years" in data["parameters"]:
        render_priority_series(data)
        return
    p = data["parameters"]
    table(
        f"R&D priorities on {p['at']} (focal {p['focal']}; exposure against {p['coalition']}; "
        f"weights {weights_text(p['weights'])}; – = no data, its weight spread over the others)",
        ["#", "domain", "score", *CRITERIA, "weights used", "from"],
        ([r["rank"], r["domain_id"], num(r["score"]),
          *(num(r["criteria"][c]) for c in CRITERIA),
          "/".join(f"{r['weights_used'][c]:.2f}" for c in CRITERIA), _evidence(r)]
         for r in data["rows"]),
    )  # fmt: skip
    shown, total = len(data["rows"]), data.get("domains", len(data["rows"]))
    if shown < total:
        out.print(f"[dim]first {shown} of {total} leaf domains (--top)[/]", highlight=False)
    table(
        "Parent domains (mean score of their leaves)",
        ["#", "domain", "mean score", "leaves", "best leaf (rank)"],
        ([r["rank"], r["domain_id"], num(r["score"]), r["leaves"],
          f"{r['best_leaf']} ({r['best_leaf_rank']})"] for r in data["parents"]),
    )  # fmt: skip
    same: dict[tuple[str, ...], list[str]] = {}
    for criterion, ids in data["missing"].items():
        same.setdefault(tuple(ids), []).append(criterion)
    for ids, criteria in same.items():
        out.print(
            f"no {' or '.join(criteria)} data for {len(ids)} domain(s): scored on their other "
            f"criteria, whose weights are scaled up to sum to 1 — {', '.join(ids)}",
            highlight=False,
        )
    for note in data["notes"]:
        out.print(f"note: {note}", highlight=False)
    if "sensitivity" in data:
        render_sensitivity(data["sensitivity"])


def render_sensitivity(s: Row) -> None:
    p = s["parameters"]
    k, n = p["top_k"], p["samples"]
    table(
        f"Sensitivity: each weight ±{p['step']:g} (renormalised), and {n} random weight vectors "
        f"from {p['distribution']} (seed {p['seed']})",
        ["domain", "default rank", f"±{p['step']:g}: ranks", f"±{p['step']:g}: in top {k}",
         f"random: in top {k}", "random: ranks", "random: median rank"],
        ([d["domain_id"], d["default_rank"], f"{d['step_rank_min']}–{d['step_rank_max']}",
          f"{d['step_top_k']}/{len(s['steps'])}", f"{100 * d['random_top_k_share']:.1f} %",
          f"{d['random_rank_min']}–{d['random_rank_max']}", f"{d['random_rank_median']:g}"]
         for d in s["domains"]),
    )  # fmt: skip
    table(
        "Kendall's τ between the default ranking and each perturbed one",
        ["weights", *CRITERIA, "τ", f"top {k}"],
        ([x["label"], *(f"{x['weights'][c]:.3f}" for c in CRITERIA), num(x["kendall_tau"]),
          ", ".join(x["top_k"])] for x in s["steps"]),
    )  # fmt: skip
    t = s["random_kendall_tau"]
    out.print(
        f"random weights: τ mean {t['mean']:.3f}, median {t['median']:.3f}, 5th percentile "
        f"{t['p05']:.3f}, min {t['min']:.3f}, max {t['max']:.3f}",
        highlight=False,
    )


def render_priority_series(data: Row) -> None:
    years = data["parameters"]["years"]
    ranks: dict[str, dict[int, Row]] = {}
    for r in data["rows"]:
        ranks.setdefault(r["domain_id"], {})[r["year"]] = r
    last = years[-1]
    order = sorted(ranks, key=lambda d: (ranks[d][last]["rank"], d))
    p = data["parameters"]
    table(
        f"R&D priority rank by year (as of 31 December, today for this year; focal {p['focal']}; "
        f"exposure against {p['coalition']}; weights {weights_text(p['weights'])})",
        ["domain", *map(str, years)],
        ([d, *(f"{ranks[d][y]['rank']} ({num(ranks[d][y]['score'], 2)})" for y in years)]
         for d in order),
    )  # fmt: skip
