"""The supply indicators give the same rows on Spark as on DuckDB: the built-in store with the
fixture shares and, where ../shared holds it, the real ETO folder."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import ibis.expr.types as ir
import pytest
from typer.testing import CliRunner

from techbloc.analytics.coalitions import resolve_coalition
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine, spark_engine
from techbloc.analytics.exposure import (
    backup_sources,
    chokepoints,
    chokepoints_series,
    exposure,
    exposure_series,
)
from techbloc.analytics.supply_view import SUPPLY_TABLES
from techbloc.cli.app import app
from techbloc.ingest.supply import import_supply_source
from tests.shared_data import SHARED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "supply"
AT = dt.date(2025, 6, 30)
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def supply_store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    db = tmp_path_factory.mktemp("supply-parity") / "store.duckdb"
    db.write_bytes(builtin_db.read_bytes())
    for name in ("shares_percent.csv", "shares_fraction.csv"):
        import_supply_source(db, str(FIXTURES / name))
    eto = SHARED / "eto-chip-explorer"
    if eto.is_dir():
        import_supply_source(db, str(eto))
    return db


@pytest.fixture(scope="module")
def engines(
    supply_store: Path, spark: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[duckdb.DuckDBPyConnection, AnalyticsEngine, AnalyticsEngine]]:
    con = duckdb.connect(str(supply_store), read_only=True)
    folder = tmp_path_factory.mktemp("supply-parquet")
    yield con, duckdb_engine(con), spark_engine(con, spark, SUPPLY_TABLES, folder)
    con.close()


def normalised(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    def plain(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, 9)
        if isinstance(value, list):
            return tuple(value)
        return value

    return sorted((tuple(sorted((k, plain(v)) for k, v in r.items())) for r in rows), key=repr)


Indicator = Callable[[AnalyticsEngine, Any], ir.Table]
CASES: list[tuple[str, str, Indicator]] = [  # each indicator once; Spark plans take seconds
    ("blockade", "chokepoints", lambda e, c: chokepoints(e, AT, c, "CN")),
    ("blockade", "backups", lambda e, c: backup_sources(e, AT, c, "CN")),
    ("blockade", "exposure by domain", lambda e, c: exposure(e, AT, c, "CN", "domain")),
    ("us-japan-netherlands-sme", "chokepoints by year",
     lambda e, c: chokepoints_series(e, [2022, 2025], c, "CN", today=TODAY)),
    ("us-japan-netherlands-sme", "exposure by stage and year",
     lambda e, c: exposure_series(e, [2022, 2026], c, "CN", "stage", TODAY)),
    ("US,JP,NL,KR", "chokepoints up to 2022 in S2",
     lambda e, c: chokepoints(e, AT, c, "JP", year=2022, stage="S2")),
]  # fmt: skip


@pytest.mark.parametrize(("coalition", "name", "indicator"), CASES, ids=[c[1] for c in CASES])
def test_same_rows_on_both_engines(
    engines: tuple[duckdb.DuckDBPyConnection, AnalyticsEngine, AnalyticsEngine],
    coalition: str,
    name: str,
    indicator: Indicator,
) -> None:
    con, on_duckdb, on_spark = engines
    group = resolve_coalition(con, coalition)
    expected = normalised(on_duckdb.rows(indicator(on_duckdb, group)))
    assert expected, name
    assert normalised(on_spark.rows(indicator(on_spark, group))) == expected


def test_cli_on_spark_prints_what_duckdb_prints(supply_store: Path, spark: Any) -> None:
    runner = CliRunner()
    args = ["assess", "chokepoints", "--at", "2025-06-30", "--top", "5", "--json", "--db",
            str(supply_store)]  # fmt: skip
    on_duckdb = runner.invoke(app, args)
    on_spark = runner.invoke(app, [*args, "--engine", "spark"])
    assert on_duckdb.exit_code == on_spark.exit_code == 0, on_spark.output + on_spark.stderr
    assert normalised(json.loads(on_spark.stdout)) == normalised(json.loads(on_duckdb.stdout))
