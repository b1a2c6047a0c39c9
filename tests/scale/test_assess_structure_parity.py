"""Trajectory, cohesion, the network's dataframe parts and the partner inputs give the same rows
on DuckDB and on Spark over the built-in store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import ibis.expr.types as ir
import pytest

from techbloc.analytics.cohesion import cohesion
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine, spark_engine
from techbloc.analytics.focal_ties import focal_ties
from techbloc.analytics.network import alliance_overlap, bridging_inputs, network_edges
from techbloc.analytics.partners import partner_inputs
from techbloc.analytics.structure_tables import STRUCTURE_TABLES
from techbloc.analytics.trajectory import recent_us_led, trajectory

AT = dt.date(2025, 6, 30)
REGIMES = ["wassenaar", "australia-group", "nsg", "mtcr", "chip4", "us-japan-netherlands-sme"]

EXPRESSIONS: dict[str, Callable[[AnalyticsEngine], ir.Table]] = {
    "trajectory": lambda e: trajectory(e, AT),
    "recent_us_led": lambda e: recent_us_led(e),
    "cohesion": lambda e: cohesion(e, AT, "CN", REGIMES),
    "cohesion_blockade_2020": lambda e: cohesion(e, dt.date(2020, 12, 31), "CN"),
    "focal_ties": lambda e: focal_ties(e, AT, "CN"),
    "network_edges": lambda e: network_edges(e, AT),
    "alliance_overlap": lambda e: alliance_overlap(e, AT),
    "bridging_inputs": lambda e: bridging_inputs(e, AT, "CN"),
    "partner_inputs": lambda e: partner_inputs(e, AT, "semiconductors", "CN"),
}


@pytest.fixture(scope="module")
def engines(
    builtin_db: Path, spark: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[AnalyticsEngine, AnalyticsEngine]]:
    con = duckdb.connect(str(builtin_db), read_only=True)
    folder = tmp_path_factory.mktemp("structure-parquet")
    yield duckdb_engine(con), spark_engine(con, spark, STRUCTURE_TABLES, folder)
    con.close()


def normalised(rows: list[dict[str, Any]]) -> list[str]:
    def plain(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, 9)
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return sorted(repr(sorted((k, plain(v)) for k, v in row.items())) for row in rows)


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
def test_same_rows_on_both_engines(
    engines: tuple[AnalyticsEngine, AnalyticsEngine], name: str
) -> None:
    on_duckdb, on_spark = engines
    expected = on_duckdb.rows(EXPRESSIONS[name](on_duckdb))
    assert expected, f"{name} gives no rows on the built-in store"
    assert normalised(on_spark.rows(EXPRESSIONS[name](on_spark))) == normalised(expected)
