"""Tables for `techbloc assess trajectory | cohesion | network | partners` (no logic: the numbers
come from techbloc.analytics; this only lays them out)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from techbloc.cli.output import listing, out, table
from techbloc.model import DIMENSION_IDS

Row = dict[str, Any]


def _f(value: Any, digits: int = 2) -> str:
    return "-" if value is None else f"{float(value):.{digits}f}"


def _when(data: Row) -> str:
    return f"on {data['at']}" if "at" in data else f"{data['years'][0]}–{data['years'][-1]}"


def render_trajectory(data: Row) -> None:
    cells: dict[tuple[Any, str], dict[str, Row]] = defaultdict(dict)
    names: dict[str, str] = {}
    for r in data["rows"]:
        cells[(r.get("year"), r["alliance_id"])][r["dimension_id"]] = r
        names[r["alliance_id"]] = r["short_name_en"] or r["alliance_id"]
    series = "years" in data
    columns = (["year"] if series else []) + ["alliance", *DIMENSION_IDS, "mean"]
    lines = []
    for (year, alliance), dims in cells.items():
        values = [
            f"{_f(d['combined_score'])} ({d['rating_level']}|{_f(d['activity_index'])})"
            if (d := dims.get(dim))
            else "-"
            for dim in DIMENSION_IDS
        ]
        mean = sum(d["combined_score"] for d in dims.values()) / max(len(dims), 1)
        lines.append(([year] if series else []) + [names[alliance], *values, _f(mean)])
    table(f"Trajectory profiles {_when(data)}", columns, lines)
    p = data["params"]
    out.print(
        f"cell = combined score (KB rating 0–3 | activity index 0–3); combined = "
        f"{p['rating_weight']} × rating + {1 - p['rating_weight']:.1f} × activity index; activity "
        f"= Σ severity × 0.5^(age / {p['half_life_years']} y) of measures taken in the alliance, "
        f"index = 3 × (1 − e^(−activity / {p['saturation']}))",
        highlight=False,
    )
    rule = data.get("default_rule")
    if rule:
        out.print(
            f"default: the {len(rule['named'])} groupings the studies name + "
            f"{', '.join(rule['added']) or 'none'} (founded ≥ 2018, US founding member, first "
            f"measure in the register issued by the US; the earliest-founded such grouping not "
            f"named; candidates: {', '.join(r['alliance_id'] for r in rule['recent_us_led'])})",
            highlight=False,
        )


def _counted(count: int | None, names: list[str] | None, limit: int, form: str) -> str:
    """'3 (US, JP, NL)' or '0'."""
    return f"{count or 0}" + (form.format(listing(names, limit)) if names else "")


def render_cohesion(data: Row) -> None:
    series = "years" in data
    columns = (["year"] if series else []) + [
        "alliance", "participants", "tied to focal", "lead measures (leaders)",
        "adopted / expected", "non-adopters", "relaxing (members)", "tie | non-adopt | relax",
        "cohesion",
    ]  # fmt: skip
    lines = []
    for r in data["rows"]:
        tied = r["tied_members"] or []
        lines.append(
            ([r["year"]] if series else [])
            + [
                r["short_name_en"] or r["alliance_id"],
                r["participant_count"] or 0,
                _counted(r["tied_count"], tied, 6, ": {}"),
                _counted(r["lead_measure_count"], r["leading_members"], 4, " ({})"),
                f"{r['adopted_pairs'] or 0} / {r['expected_pairs'] or 0}",
                _counted(len(r["non_adopters"] or []), r["non_adopters"], 5, ": {}"),
                _counted(r["relaxing_count"], r["relaxing_members"], 3, " ({})"),
                f"{_f(r['tie_share'])} | {_f(r['non_adoption_share'])} | {_f(r['relaxing_share'])}",
                _f(r["cohesion_score"]),
            ]
        )
    table(f"Cohesion and limits against {data['focal']} {_when(data)}", columns, lines)
    p = data["params"]
    out.print(
        f"cohesion = 1 − weighted mean of the shares (weights {p['weight_ties']} ties, "
        f"{p['weight_non_adoption']} non-adoption, {p['weight_relaxing']} relaxing; undefined "
        f"shares left out); lead measure = restrictive, severity ≥ {p['lead_severity']}, against "
        f"{data['focal']}, by a participant, in the alliance's domains; ties = partnerships, FTAs "
        f"in force, top-{p['top_n']} trade partners; {len(data['unverified_ties'])} agreement(s) "
        "left out as not verified",
        highlight=False,
    )


def render_network(data: Row, top: int) -> None:
    if "years" in data:
        by_year: dict[int, list[Row]] = defaultdict(list)
        for r in data["rows"]:
            by_year[r["year"]].append(r)
        lines = []
        for year in sorted(by_year):
            ranked = sorted(by_year[year], key=lambda r: (-r["bridging_score"], r["actor_code"]))
            for r in ranked[:top]:
                lines.append(
                    [year, r["actor_code"], _f(r["bridging_score"], 3), r["blockade_count"],
                     r["tie_count"], _f(r["betweenness"], 4), _f(r["eigenvector"], 4)]
                )  # fmt: skip
        table(
            f"Bridging countries by year (top {top}, focal {data['focal']})",
            ["year", "country", "bridging", "blockade", "ties", "betweenness", "eigenvector"],
            lines,
        )
        return
    countries = sorted(data["countries"], key=lambda c: (-c["eigenvector"], c["actor_code"]))
    table(
        f"Countries by eigenvector centrality on {data['at']} (top {top} of "
        f"{len(data['countries'])})",
        ["country", "name", "alliances", "degree", "betweenness", "eigenvector"],
        (
            [c["actor_code"], c["name_en"], c["alliance_count"], _f(c["degree"], 3),
             _f(c["betweenness"], 4), _f(c["eigenvector"], 4)]
            for c in countries[:top]
        ),
    )  # fmt: skip
    bridges = data["bridges"]
    scale = f"B = {bridges[0]['blockade_total']}, T = {bridges[0]['tie_total']}" if bridges else ""
    table(
        f"Bridging countries (blockade alliances and ties to {data['focal']}; top {top}; {scale})",
        ["country", "bridging", "blockade alliances", "partnerships", "FTA", "trade rank"],
        (
            [b["actor_code"], _f(b["bridging_score"], 3),
             f"{b['blockade_count']}: {listing(b['blockade_ids'], 4)}",
             listing(b["partnership_ids"]) or "-", listing(b["fta_ids"], 2) or "-",
             b["trade_rank"] or "-"]
            for b in bridges[:top]
        ),
    )  # fmt: skip
    table(
        f"Alliance overlap (Jaccard of participants; top {top} of {len(data['overlaps'])} pairs)",
        ["alliance", "alliance", "shared", "sizes", "jaccard"],
        (
            [o["alliance_a"], o["alliance_b"], o["shared_count"],
             f"{o['size_a']} / {o['size_b']}", _f(o["jaccard"], 3)]
            for o in data["overlaps"][:top]
        ),
    )  # fmt: skip


def render_partners(data: Row, top: int) -> None:
    by_domain: dict[tuple[Any, str], list[Row]] = defaultdict(list)
    for r in data["rows"]:
        by_domain[(r.get("year"), r["domain_id"])].append(r)
    for (year, domain), rows in by_domain.items():
        when = f"{year}" if year is not None else f"on {data['at']}"
        table(
            f"Partner opportunities for {domain} ({when}, focal {data['focal']}, top {top} of "
            f"{len(rows)})",
            ["rank", "country", "score", "capability (R&D US$ bn, year)",
             "weak binding (blockade, severity)", "ties (partnerships, FTA, trade rank)"],
            (
                [r["rank"], f"{r['actor_code']} {r['name_en']}", _f(r["partner_score"], 3),
                 f"{_f(r['capability'])} ({_f((r['rd_usd'] or 0) / 1e9, 1)}, {r['rd_year']})",
                 f"{_f(r['weak_binding'])} ({r['blockade_count']}, "
                 f"{r['restrictive_severity']})",
                 f"{_f(r['ties'])} ({listing(r['partnership_ids'], 3) or '-'}; "
                 f"{'FTA' if r['fta_ids'] else '-'}; {r['trade_rank'] or '-'})"]
                for r in sorted(rows, key=lambda r: r["rank"])[:top]
            ),
        )  # fmt: skip
    w = data["weights"]
    missing = [g["indicator"] for g in data["capability_gaps"] if "reason" in g]
    out.print(
        f"score = {w['capability']} × capability + {w['weak_binding']} × weak binding + "
        f"{w['ties']} × ties; capability = log-scaled R&D spending (GDP × GERD %)"
        + (f"; no data in the knowledge base for: {', '.join(missing)}" if missing else "")
        + "; no per-country, per-domain capability figures: capability is the same in every "
        "domain",
        highlight=False,
    )
