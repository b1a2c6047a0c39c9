"""Priorities on the fixture of tests/analytics/priority_fixture.py, against numbers by hand.

Criteria on AT (pressure / 2.1; exposure = mean choke-point score; importance = ½ CET + ½
alliances / 2; gap = 1 − mean focal share):
equipment (1, 0.605, 1, 0.85), design (0.6/2.1, 0.81, 0.75, 0.9), quantum (1.3/2.1, –, 1, –),
rare-earths (0, –, 0, –): the proposal on rare earths is not counted, and it has no CET category.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from techbloc.analytics.coalitions import Coalition
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine
from techbloc.analytics.priorities import PriorityWeights, priorities, priorities_series
from techbloc.errors import InvalidArgument
from tests.analytics.priority_fixture import AT, TODAY, build_priority_store

BLOCKADE = Coalition("blockade", "blockade")


@pytest.fixture(scope="module")
def priority_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_priority_store(tmp_path_factory.mktemp("priorities"))


@pytest.fixture(scope="module")
def engine(priority_db: Path) -> Iterator[AnalyticsEngine]:
    con = duckdb.connect(str(priority_db), read_only=True)
    yield duckdb_engine(con)
    con.close()


P_DESIGN, P_QUANTUM = 0.6 / 2.1, 1.3 / 2.1
EXPECTED = [  # rank, domain, score, (pressure, exposure, importance, gap)
    (1, "semiconductor-equipment", 0.35 + 0.3 * 0.605 + 0.2 + 0.15 * 0.85,
     (1.0, 0.605, 1.0, 0.85)),
    (2, "quantum", (0.35 * P_QUANTUM + 0.2) / 0.55, (P_QUANTUM, None, 1.0, None)),
    (3, "semiconductor-design", 0.35 * P_DESIGN + 0.3 * 0.81 + 0.2 * 0.75 + 0.15 * 0.9,
     (P_DESIGN, 0.81, 0.75, 0.9)),
    (4, "rare-earths", 0.0, (0.0, None, 0.0, None)),
]  # fmt: skip


def _criteria(row: dict[str, object]) -> tuple[object, ...]:
    values = row["criteria"]
    assert isinstance(values, dict)
    return tuple(values[c] for c in ("pressure", "exposure", "importance", "gap"))


def test_ranking_by_hand(engine: AnalyticsEngine) -> None:
    result = priorities(engine, AT, BLOCKADE, "CN")
    got = [(r["rank"], r["domain_id"], r["score"], _criteria(r)) for r in result["rows"]]
    assert got == pytest.approx(EXPECTED)
    equipment = result["rows"][0]["evidence"]
    assert (equipment["pressure_total"], equipment["exposure_inputs"]) == pytest.approx((2.1, 2))
    assert equipment["alliance_ids"] == ["chipreg", "equipclub"]
    assert result["parameters"]["weights"] == {
        "pressure": 0.35, "exposure": 0.3, "importance": 0.2, "gap": 0.15,
    }  # fmt: skip


def test_missing_criteria_are_said_and_their_weight_spread(engine: AnalyticsEngine) -> None:
    result = priorities(engine, AT, BLOCKADE, "CN")
    assert result["missing"] == {"exposure": ["quantum", "rare-earths"],
                                 "gap": ["quantum", "rare-earths"]}  # fmt: skip
    quantum = next(r for r in result["rows"] if r["domain_id"] == "quantum")
    assert quantum["missing"] == ["exposure", "gap"]
    assert quantum["weights_used"] == pytest.approx(
        {"pressure": 0.35 / 0.55, "exposure": 0.0, "importance": 0.2 / 0.55, "gap": 0.0}
    )
    assert sum(quantum["contributions"].values()) == pytest.approx(quantum["score"])


def test_parents_roll_up(engine: AnalyticsEngine) -> None:
    parents = priorities(engine, AT, BLOCKADE, "CN")["parents"]
    assert len(parents) == 1  # quantum and rare-earths have no parent
    semis = parents[0]
    assert semis["domain_id"] == "semiconductors" and semis["leaves"] == 2
    assert semis["score"] == pytest.approx((EXPECTED[0][2] + EXPECTED[2][2]) / 2)
    assert (semis["best_leaf"], semis["best_leaf_rank"]) == ("semiconductor-equipment", 1)


@pytest.mark.parametrize(
    ("weights", "order"),
    [
        ("pressure=1,exposure=0,importance=0,gap=0",
         ["semiconductor-equipment", "quantum", "semiconductor-design", "rare-earths"]),
        # only exposure counts: domains without it have no score and rank last, by id
        ("pressure=0,exposure=1,importance=0,gap=0",
         ["semiconductor-design", "semiconductor-equipment", "quantum", "rare-earths"]),
    ],
)  # fmt: skip
def test_weights_decide(engine: AnalyticsEngine, weights: str, order: list[str]) -> None:
    result = priorities(engine, AT, BLOCKADE, "CN", PriorityWeights.parse(weights))
    assert [r["domain_id"] for r in result["rows"]] == order


def test_no_score_without_a_weighted_criterion(engine: AnalyticsEngine) -> None:
    w = PriorityWeights.parse("pressure=0,exposure=1,importance=0,gap=0")
    rows = {r["domain_id"]: r for r in priorities(engine, AT, BLOCKADE, "CN", w)["rows"]}
    assert rows["quantum"]["score"] is None and rows["semiconductor-design"]["score"] == 0.81


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pressure=0.5", "sum to 1"),
        ("pressure=0.5,exposure=0.5,importance=0.2,gap=-0.2", "≥ 0"),
        ("pressure=0.35,cost=0.1", "unknown priority weight 'cost'"),
        ("pressure=high", "not a number"),
    ],
)
def test_weights_are_checked(text: str, message: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        PriorityWeights.parse(text)
    assert message in caught.value.message


def test_weights_parse() -> None:
    assert PriorityWeights.parse(None) == PriorityWeights()
    w = PriorityWeights.parse("pressure=0.25, gap=0.25")  # the others keep their defaults
    assert w.vector() == (0.25, 0.3, 0.2, 0.25)


def test_series_reads_each_year_end(engine: AnalyticsEngine) -> None:
    result = priorities_series(engine, [2024, 2025], BLOCKADE, "CN", today=TODAY)
    ranks = {(r["year"], r["domain_id"]): (r["rank"], r["score"]) for r in result["rows"]}
    # 31 Dec 2024: no measure yet, so pressure is 0 everywhere
    assert ranks[(2024, "semiconductor-design")] == pytest.approx(
        (1, 0.3 * 0.81 + 0.2 * 0.75 + 0.15 * 0.9)
    )
    assert ranks[(2024, "semiconductor-equipment")][0] == 2
    assert ranks[(2025, "semiconductor-equipment")][0] == 1
    assert result["parameters"]["years"] == [2024, 2025]


def test_a_store_without_shares_says_so(builtin_con: duckdb.DuckDBPyConnection) -> None:
    result = priorities(duckdb_engine(builtin_con), dt.date(2025, 6, 30), BLOCKADE, "CN")
    assert len(result["rows"]) == 27
    assert len(result["missing"]["exposure"]) == 27 == len(result["missing"]["gap"])
    assert any("no supply-chain shares" in n for n in result["notes"])
    assert all(r["score"] is not None for r in result["rows"])
