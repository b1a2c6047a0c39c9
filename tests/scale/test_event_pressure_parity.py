"""Event pressure gives the same rows on Spark as on DuckDB: the hand-made events and 3,000
synthetic ones, over the built-in store with the fixture supply shares."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import ibis.expr.types as ir
import pytest

from techbloc.analytics.coalitions import Coalition, resolve_coalition
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine, spark_engine
from techbloc.analytics.event_files import open_events
from techbloc.analytics.event_pressure import (
    EVENT_PRESSURE_TABLES,
    event_pressure,
    event_pressure_series,
)
from techbloc.ingest.supply import import_supply_source
from techbloc.scale.synthetic_events import cameo_countries, load_cameo, write_events
from tests.scale.test_assess_supply_parity import normalised
from tests.shared_data import shared_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AT = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> tuple[Path, Path]:
    """The store (fixture shares, two inputs given domains) and the synthetic events file."""
    folder = tmp_path_factory.mktemp("event-parity")
    db = folder / "store.duckdb"
    db.write_bytes(builtin_db.read_bytes())
    import_supply_source(db, str(FIXTURES / "supply" / "shares_percent.csv"))
    con = duckdb.connect(str(db))
    con.execute("UPDATE supply_inputs SET domain_id = 'semiconductor-equipment' "
                "WHERE input_id = 'euv-scanners'")  # fmt: skip
    iso3 = [
        str(r[0]) for r in con.execute("SELECT iso3 FROM actors WHERE iso3 IS NOT NULL").fetchall()
    ]
    con.close()
    cameo = load_cameo(shared_dataset("gdelt-reference", "cameo_codes.json"))
    domains = ["semiconductor-equipment", "quantum", "telecom-5g"]
    events = write_events(folder / "events.parquet", 3_000, cameo_countries(iso3), domains, cameo)
    return db, events


@pytest.fixture(scope="module")
def engines(
    files: tuple[Path, Path], spark: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[duckdb.DuckDBPyConnection, AnalyticsEngine, AnalyticsEngine]]:
    con = duckdb.connect(str(files[0]), read_only=True)
    folder = tmp_path_factory.mktemp("event-parquet")
    yield con, duckdb_engine(con), spark_engine(con, spark, EVENT_PRESSURE_TABLES, folder)
    con.close()


Indicator = Callable[[AnalyticsEngine, ir.Table, Coalition], ir.Table]
CASES: list[tuple[str, str, str, Indicator]] = [  # each case takes seconds on Spark
    ("hand-made", "US,JP,NL", "by month",
     lambda e, t, c: event_pressure(e, t, dt.date(2024, 6, 30), c, "CN")),
    ("synthetic", "us-japan-netherlands-sme", "by day, half-life 30",
     lambda e, t, c: event_pressure(e, t, AT, c, "CN", "day", 30.0)),
    ("synthetic", "blockade", "yearly series",
     lambda e, t, c: event_pressure_series(e, t, [2019, 2024], c, "CN", today=AT)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "coalition", "name", "indicator"), CASES, ids=[f"{c[0]} {c[2]}" for c in CASES]
)
def test_same_rows_on_both_engines(
    engines: tuple[duckdb.DuckDBPyConnection, AnalyticsEngine, AnalyticsEngine],
    files: tuple[Path, Path],
    source: str,
    coalition: str,
    name: str,
    indicator: Indicator,
) -> None:
    con, on_duckdb, on_spark = engines
    path = FIXTURES / "events" / "gdelt_events_small.csv" if source == "hand-made" else files[1]
    group = resolve_coalition(con, coalition)
    expected = normalised(on_duckdb.rows(indicator(on_duckdb, open_events(on_duckdb, path), group)))
    assert len(expected) >= 4, name
    actual = on_spark.rows(indicator(on_spark, open_events(on_spark, path), group))
    assert normalised(actual) == expected


def test_cli_on_spark_prints_what_duckdb_prints(files: tuple[Path, Path], spark: Any) -> None:
    from typer.testing import CliRunner

    from techbloc.cli.app import app

    runner = CliRunner()
    events = FIXTURES / "events" / "gdelt_events_small.csv"
    args = ["assess", "event-pressure", "--events", str(events),
            "--at", "2024-06-30", "--coalition", "us-japan-netherlands-sme", "--json",
            "--db", str(files[0])]  # fmt: skip
    on_duckdb = runner.invoke(app, args)
    on_spark = runner.invoke(app, [*args, "--engine", "spark"])
    assert on_duckdb.exit_code == on_spark.exit_code == 0, on_spark.output
    expected = json.loads(on_duckdb.stdout)
    assert len(expected["rows"]) == 4
    assert normalised(json.loads(on_spark.stdout)["rows"]) == normalised(expected["rows"])
