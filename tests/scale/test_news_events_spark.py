"""`assess event-pressure --from-store --engine spark`: the imported GDELT events exported to Spark
give the rows DuckDB gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.ingest.gdelt.importer import import_gdelt
from tests.scale.test_assess_supply_parity import normalised

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gdelt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    path = tmp_path_factory.mktemp("news-spark") / "store.duckdb"
    shutil.copyfile(builtin_db, path)
    import_gdelt(path, [str(FIXTURES)])
    return path


def test_event_pressure_from_the_store_on_spark(store: Path, spark: Any) -> None:
    runner = CliRunner()
    args = ["assess", "event-pressure", "--from-store", "--at", "2023-12-31", "--coalition",
            "US,JP,NL", "--period", "day", "--json", "--db", str(store)]  # fmt: skip
    on_duckdb = runner.invoke(app, args)
    on_spark = runner.invoke(app, [*args, "--engine", "spark"])
    assert on_duckdb.exit_code == on_spark.exit_code == 0, on_spark.output
    expected = json.loads(on_duckdb.stdout)["rows"]
    assert len(expected) == 5
    assert normalised(json.loads(on_spark.stdout)["rows"]) == normalised(expected)
