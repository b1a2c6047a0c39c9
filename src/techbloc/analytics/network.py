"""The country–alliance network on a date: centrality, overlap of alliances, bridges between camps.

The bipartite graph links each country to the alliances it takes part in on day D
(:func:`techbloc.analytics.focal_ties.participants_at`: members, and proposed participants of
proposed alliances). The edges, the alliance overlaps (Jaccard index of participant sets) and the
bridging inputs are Ibis expressions; centrality is computed with networkx on the country
projection (two countries are linked when they share an alliance, weight = alliances shared), a
step a dataframe is the wrong tool for (docs/methodology.md, "Assessment: network"):

* ``degree`` — networkx degree centrality (share of other countries a country shares an alliance
  with);
* ``betweenness`` — unweighted betweenness centrality;
* ``eigenvector`` — eigenvector centrality weighted by alliances shared (networkx power
  iteration; in a disconnected projection the mass lies on the dominant component).

A **bridge** takes part in at least one blockade alliance and is tied to the focal country
(:func:`techbloc.analytics.focal_ties.focal_ties`); ``bridging_score`` =
√((blockade_count / B) × (tie_count / T)), B = blockade alliances with participants on D,
T = the focal country's partnerships on D + 2 (an FTA and a top-trade rank).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import ibis.expr.types as ir
import networkx as nx

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.focal_ties import (
    TOP_TRADE_PARTNERS,
    focal_partnerships,
    focal_ties,
    participants_at,
)
from techbloc.analytics.membership import existing_alliances
from techbloc.analytics.year_series import yearly

Row = dict[str, Any]


def network_edges(engine: AnalyticsEngine, at: dt.date) -> ir.Table:
    """alliance_id, actor_code, role, kind: one edge per participant of an alliance on ``at``."""
    p = participants_at(engine, at)
    a = existing_alliances(engine, at).select("alliance_id", "kind")
    return p.join(a, "alliance_id").select(p.alliance_id, p.actor_code, p.role, a.kind)


def alliance_overlap(engine: AnalyticsEngine, at: dt.date) -> ir.Table:
    """alliance_a, alliance_b (a < b), shared_count, size_a, size_b, jaccard: pairs of alliances
    with at least one participant in common on ``at``."""
    e = network_edges(engine, at).select("alliance_id", "actor_code").distinct()
    sizes = e.group_by("alliance_id").aggregate(size=e.actor_code.count())
    left, right = e.view(), e.view()
    pairs = left.join(right, [left.actor_code == right.actor_code,
                              left.alliance_id < right.alliance_id])  # fmt: skip
    pairs = pairs.select(alliance_a=left.alliance_id, alliance_b=right.alliance_id)
    shared = pairs.group_by("alliance_a", "alliance_b").aggregate(shared_count=pairs.count())
    sa, sb = sizes.view(), sizes.view()
    j = shared.join(sa, shared.alliance_a == sa.alliance_id).select(shared, size_a=sa.size)
    j = j.join(sb, j.alliance_b == sb.alliance_id).select(j, size_b=sb.size)
    return j.mutate(jaccard=j.shared_count.cast("float64") / (j.size_a + j.size_b - j.shared_count))


def bridging_inputs(
    engine: AnalyticsEngine, at: dt.date, focal: str, top_n: int = TOP_TRADE_PARTNERS
) -> ir.Table:
    """actor_code, blockade_count, blockade_ids, tie_count, partnership_ids, fta_ids, trade_rank:
    countries in a blockade alliance on ``at`` that are tied to the focal country."""
    e = network_edges(engine, at)
    b = e.filter(e.kind == "blockade", e.actor_code != focal)
    b = b.group_by("actor_code").aggregate(
        blockade_count=b.alliance_id.nunique(),
        blockade_ids=b.alliance_id.collect().unique().sort(),
    )
    t = focal_ties(engine, at, focal, top_n)
    return b.join(t, "actor_code").select(
        b.actor_code, b.blockade_count, b.blockade_ids, t.tie_count, t.partnership_ids,
        t.fta_ids, t.trade_rank,
    )  # fmt: skip


def bridging_scale(engine: AnalyticsEngine, at: dt.date, focal: str) -> tuple[int, int]:
    """(B, T): blockade alliances with participants on ``at``, and focal partnerships + 2."""
    e = network_edges(engine, at)
    b = e.filter(e.kind == "blockade")
    f = focal_partnerships(engine, at, focal)
    blockade = engine.rows(b.aggregate(n=b.alliance_id.nunique()))
    partnerships = engine.rows(f.aggregate(n=f.alliance_id.nunique()))
    return int(blockade[0]["n"] or 0), int(partnerships[0]["n"] or 0) + 2


def bridges(
    engine: AnalyticsEngine, at: dt.date, focal: str, top_n: int = TOP_TRADE_PARTNERS
) -> list[Row]:
    """The bridging countries with their score, highest first."""
    blockade_total, tie_total = bridging_scale(engine, at, focal)
    rows = engine.rows(bridging_inputs(engine, at, focal, top_n))
    for r in rows:
        r["bridging_score"] = bridging_score(
            r["blockade_count"], blockade_total, r["tie_count"], tie_total
        )
        r["blockade_total"], r["tie_total"] = blockade_total, tie_total
    return sorted(rows, key=lambda r: (-r["bridging_score"], r["actor_code"]))


def bridging_score(blockade: int, blockade_total: int, ties: int, tie_total: int) -> float:
    """√((blockade / B) × (ties / T)); 0 when either side is empty."""
    if not (blockade and blockade_total and ties and tie_total):
        return 0.0
    return math.sqrt((blockade / blockade_total) * (ties / tie_total))


def country_graph(edges: list[Row]) -> nx.Graph:
    """The country projection: countries linked by alliances shared (weight = their number)."""
    bipartite = nx.Graph()
    for edge in sorted(edges, key=lambda e: (e["actor_code"], e["alliance_id"])):
        bipartite.add_node(("country", edge["actor_code"]))
        bipartite.add_edge(("country", edge["actor_code"]), ("alliance", edge["alliance_id"]))
    graph = nx.Graph()
    countries = [n for n in bipartite if n[0] == "country"]
    graph.add_nodes_from(code for _, code in countries)
    for node in countries:
        for alliance in bipartite[node]:
            for other in bipartite[alliance]:
                if other != node and other[1] > node[1]:
                    w = graph.get_edge_data(node[1], other[1], {"weight": 0})["weight"]
                    graph.add_edge(node[1], other[1], weight=w + 1)
    return graph


def centrality(graph: nx.Graph) -> dict[str, dict[str, float]]:
    """degree, betweenness and eigenvector centrality of every country of the projection."""
    if graph.number_of_nodes() == 0:
        return {}
    degree = nx.degree_centrality(graph)
    between = nx.betweenness_centrality(graph, normalized=True)
    if graph.number_of_edges():
        eigen = nx.eigenvector_centrality(graph, weight="weight", max_iter=10_000, tol=1e-12)
    else:
        eigen = {n: 0.0 for n in graph}
    return {
        n: {
            "degree": float(degree[n]),
            "betweenness": float(between[n]),
            "eigenvector": abs(float(eigen[n])),
        }
        for n in graph
    }


def network(
    engine: AnalyticsEngine, at: dt.date, focal: str, top_n: int = TOP_TRADE_PARTNERS
) -> dict[str, Any]:
    """The network on ``at``: nodes, edges, country metrics, alliance overlaps and bridges."""
    edges = engine.rows(network_edges(engine, at))
    alliances = engine.rows(
        existing_alliances(engine, at).select(
            "alliance_id", "short_name_en", "short_name_zh", "kind", "status"
        )  # fmt: skip
    )
    actors = {
        r["actor_code"]: r
        for r in engine.rows(engine.table("actors").select("actor_code", "name_en", "name_zh"))
    }
    metrics = centrality(country_graph(edges))
    bridge_rows = bridges(engine, at, focal, top_n)
    bridge_by = {r["actor_code"]: r for r in bridge_rows}
    counts: dict[str, int] = {}
    for edge in edges:
        counts[edge["actor_code"]] = counts.get(edge["actor_code"], 0) + 1
    countries = []
    for code in sorted(counts):
        m = metrics.get(code, {"degree": 0.0, "betweenness": 0.0, "eigenvector": 0.0})
        b = bridge_by.get(code, {})
        countries.append(
            {
                "actor_code": code,
                "name_en": actors.get(code, {}).get("name_en"),
                "name_zh": actors.get(code, {}).get("name_zh"),
                "alliance_count": counts[code],
                **m,
                "blockade_count": b.get("blockade_count", 0),
                "tie_count": b.get("tie_count", 0),
                "bridging_score": b.get("bridging_score", 0.0),
            }
        )
    overlaps = engine.rows(alliance_overlap(engine, at))
    overlaps.sort(key=lambda r: (-r["jaccard"], r["alliance_a"], r["alliance_b"]))
    return {
        "at": at,
        "focal": focal,
        "nodes": graph_nodes(countries, alliances),
        "edges": [
            {"source": e["actor_code"], "target": e["alliance_id"], "role": e["role"]}
            for e in sorted(edges, key=lambda e: (e["alliance_id"], e["actor_code"]))
        ],
        "countries": countries,
        "overlaps": overlaps,
        "bridges": bridge_rows,
    }


def graph_nodes(countries: list[Row], alliances: list[Row]) -> list[Row]:
    """Nodes for a drawing: countries with their metrics, alliances with kind and status."""
    nodes: list[Row] = [
        {"id": c["actor_code"], "type": "country", "label_en": c["name_en"],
         "label_zh": c["name_zh"], "degree": c["degree"], "betweenness": c["betweenness"],
         "eigenvector": c["eigenvector"], "bridging_score": c["bridging_score"]}
        for c in countries
    ]  # fmt: skip
    nodes += [
        {"id": a["alliance_id"], "type": "alliance", "label_en": a["short_name_en"],
         "label_zh": a["short_name_zh"], "kind": a["kind"], "status": a["status"]}
        for a in sorted(alliances, key=lambda a: a["alliance_id"])
    ]  # fmt: skip
    return nodes


def network_series(
    engine: AnalyticsEngine,
    years: Iterable[int],
    focal: str,
    top_n: int = TOP_TRADE_PARTNERS,
    today: dt.date | None = None,
) -> list[Row]:
    """Country metrics as of each year-end (today for the current year)."""
    return yearly(lambda at: network(engine, at, focal, top_n)["countries"], years, today)
