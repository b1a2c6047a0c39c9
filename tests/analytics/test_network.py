"""The network on the structure fixture, against hand-computed values.

On 2023-12-31 the country projection has US, NL, JP, KR (regime), CN, KR, NO (club), US, NL
(coop), US, JP (deal, proposed). KR alone links {CN, NO} to {US, NL, JP}: it lies on the shortest
paths of the 6 pairs across, out of C(5, 2) = 10 pairs without it → betweenness 0.6.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.network import (
    alliance_overlap,
    bridging_score,
    country_graph,
    network,
    network_series,
)

AT = dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def net(engine: AnalyticsEngine) -> dict[str, object]:
    return network(engine, AT, "CN")


def test_centrality(net: dict[str, object]) -> None:
    c = {r["actor_code"]: r for r in net["countries"]}  # type: ignore[attr-defined]
    assert sorted(c) == ["CN", "JP", "KR", "NL", "NO", "US"]
    assert c["KR"]["degree"] == pytest.approx(1.0)
    assert c["US"]["degree"] == pytest.approx(3 / 5)
    assert c["CN"]["degree"] == pytest.approx(2 / 5)
    assert c["KR"]["betweenness"] == pytest.approx(0.6)
    assert all(c[x]["betweenness"] == 0 for x in ("US", "NL", "JP", "CN", "NO"))
    assert c["US"]["alliance_count"] == 3  # regime, coop, deal
    assert max(c, key=lambda x: c[x]["eigenvector"]) in {"US", "KR"}


def test_bridges(net: dict[str, object]) -> None:
    bridges = {r["actor_code"]: r for r in net["bridges"]}  # type: ignore[attr-defined]
    assert sorted(bridges) == ["JP", "KR"]  # in regime and tied to CN; US and NL are not tied
    assert (bridges["KR"]["blockade_total"], bridges["KR"]["tie_total"]) == (1, 3)
    assert bridges["KR"]["bridging_score"] == pytest.approx(math.sqrt(2 / 3))
    assert bridges["JP"]["bridging_score"] == pytest.approx(math.sqrt(1 / 3))
    assert [r["actor_code"] for r in net["bridges"]] == ["KR", "JP"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("a", "b", "shared", "jaccard"),
    [
        ("coop", "regime", 2, 2 / 4),
        ("deal", "regime", 2, 2 / 4),
        ("club", "regime", 1, 1 / 6),
        ("coop", "deal", 1, 1 / 3),
    ],
)
def test_overlap(engine: AnalyticsEngine, a: str, b: str, shared: int, jaccard: float) -> None:
    rows = {
        (r["alliance_a"], r["alliance_b"]): r for r in engine.rows(alliance_overlap(engine, AT))
    }
    assert len(rows) == 4  # club shares nobody with coop or deal
    assert rows[(a, b)]["shared_count"] == shared
    assert rows[(a, b)]["jaccard"] == pytest.approx(jaccard)


def test_graph_export_and_series(engine: AnalyticsEngine, net: dict[str, object]) -> None:
    nodes = {n["id"]: n for n in net["nodes"]}  # type: ignore[attr-defined]
    assert nodes["regime"]["type"] == "alliance" and nodes["KR"]["type"] == "country"
    assert {"source": "KR", "target": "club", "role": "founding"} in net["edges"]  # type: ignore[operator]
    assert len(net["edges"]) == 4 + 3 + 2 + 2  # type: ignore[arg-type]
    rows = network_series(engine, [2019, 2023], "CN", today=dt.date(2026, 11, 23))
    kr_2019 = next(r for r in rows if r["year"] == 2019 and r["actor_code"] == "KR")
    assert kr_2019["tie_count"] == 2 and kr_2019["blockade_count"] == 1  # club since 2019


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2, 4, 1, 2), math.sqrt(0.25)),
        ((0, 4, 3, 3), 0.0),
        ((1, 1, 0, 3), 0.0),
        ((1, 0, 1, 1), 0.0),
    ],
)
def test_bridging_score(args: tuple[int, int, int, int], expected: float) -> None:
    assert bridging_score(*args) == pytest.approx(expected)


def test_projection_weights_count_shared_alliances() -> None:
    edges = [{"actor_code": c, "alliance_id": a} for a, c in
             [("x", "A"), ("x", "B"), ("y", "A"), ("y", "B"), ("y", "C")]]  # fmt: skip
    graph = country_graph(edges)
    assert graph["A"]["B"]["weight"] == 2 and graph["A"]["C"]["weight"] == 1
