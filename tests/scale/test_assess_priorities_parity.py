"""Priorities and a scenario give the same rows on Spark as on DuckDB: the built-in store with the
fixture shares and, where ../shared holds it, the real ETO folder. Kept to two runs per engine: a
Spark plan of pressure, exposure and importance takes a while on two cores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.analytics.coalitions import Coalition, resolve_coalition
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine, spark_engine
from techbloc.analytics.priorities import priorities
from techbloc.analytics.priority_report import PRIORITY_TABLES
from techbloc.analytics.scenario_changes import AddDomain, Leave, Setting
from techbloc.analytics.scenarios import run_scenario
from techbloc.ingest.supply import import_supply_source
from tests.shared_data import SHARED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "supply"
AT = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    db = tmp_path_factory.mktemp("priorities-parity") / "store.duckdb"
    db.write_bytes(builtin_db.read_bytes())
    import_supply_source(db, str(FIXTURES / "shares_percent.csv"))
    eto = SHARED / "eto-chip-explorer"
    if eto.is_dir():
        import_supply_source(db, str(eto))
    return db


@pytest.fixture(scope="module")
def engines(
    store: Path, spark: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[duckdb.DuckDBPyConnection, AnalyticsEngine, AnalyticsEngine]]:
    con = duckdb.connect(str(store), read_only=True)
    folder = tmp_path_factory.mktemp("priorities-parquet")
    yield con, duckdb_engine(con), spark_engine(con, spark, PRIORITY_TABLES, folder)
    con.close()


def plain(value: Any) -> Any:
    """Floats rounded to 9 digits, lists and dicts made comparable."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def test_priorities_on_both_engines(
    engines: tuple[duckdb.DuckDBPyConnection, AnalyticsEngine, AnalyticsEngine],
) -> None:
    _, on_duckdb, on_spark = engines
    blockade = Coalition("blockade", "blockade")
    expected = plain(priorities(on_duckdb, AT, blockade, "CN"))
    assert len(expected["rows"]) == 27
    assert any(r["criteria"]["exposure"] is not None for r in expected["rows"])
    assert plain(priorities(on_spark, AT, blockade, "CN")) == expected


def test_a_scenario_on_both_engines(
    engines: tuple[duckdb.DuckDBPyConnection, AnalyticsEngine, AnalyticsEngine],
) -> None:
    con, on_duckdb, on_spark = engines
    deal = "us-japan-netherlands-sme"
    setting = Setting(AT, "CN", resolve_coalition(con, deal))
    changes = [Leave("NL", deal), AddDomain("quantum", deal, severity=4)]  # memtables and mutate
    expected = plain(run_scenario(on_duckdb, changes, setting))
    assert expected["coalition"]["left"] == ["NL"] and expected["inputs"]
    assert any(abs(r["delta"]) > 0 for r in expected["pressure"])
    assert plain(run_scenario(on_spark, changes, setting)) == expected
