"""The first assessment indicators give the same rows on DuckDB and on Spark: comprehensiveness,
COCOM vs today, shift and containment pressure, over the built-in store with the CSL fixture lists
imported (so the listings component counts real imports) and three fixture documents."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.analytics.assess_core import TABLES
from techbloc.analytics.cocom_comparison import cocom_vs_today
from techbloc.analytics.comprehensiveness import comprehensiveness
from techbloc.analytics.engine import AnalyticsEngine, duckdb_engine, spark_engine
from techbloc.analytics.pressure import pressure_series
from techbloc.analytics.shift import shift_series
from tests.analytics.assess_fixture import add_documents

NOW = dt.date(2026, 11, 23)
YEARS = [2020, 2021, 2023, 2024, 2025]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, csl_store: Path) -> Path:
    path = tmp_path_factory.mktemp("assess") / "store.duckdb"
    shutil.copyfile(csl_store, path)
    add_documents(path)
    return path


@pytest.fixture(scope="module")
def engines(store: Path, spark: Any) -> Iterator[tuple[AnalyticsEngine, AnalyticsEngine]]:
    con = duckdb.connect(str(store), read_only=True)
    yield duckdb_engine(con), spark_engine(con, spark, TABLES)
    con.close()


def _norm(value: Any) -> Any:
    """Floats to 9 significant digits (sums may add up in another order), the rest as JSON."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _same(engines: tuple[AnalyticsEngine, AnalyticsEngine], ask: Callable[[Any], Any]) -> Any:
    local, spark = (_norm(json.loads(json.dumps(ask(e), default=str))) for e in engines)
    assert local == spark
    return local


def test_comprehensiveness_and_cocom_vs_today(
    engines: tuple[AnalyticsEngine, AnalyticsEngine],
) -> None:
    groups = _same(engines, lambda e: comprehensiveness(e, NOW, "CN"))
    assert {"wassenaar", "blockade-side", "system"} <= {g["group_id"] for g in groups}
    table = _same(engines, lambda e: cocom_vs_today(e, dt.date(1985, 12, 31), NOW, "CN"))
    assert table["rows"][0]["cells"][0]["value"] == 15


def test_shift(engines: tuple[AnalyticsEngine, AnalyticsEngine]) -> None:
    for by in ("scope", "stage"):
        cells = _same(engines, lambda e, by=by: shift_series(e, [2019, 2023, 2026], by, "CN",
                                                              today=NOW))  # fmt: skip
        assert sum(c["measures"] for c in cells) > 0


def _by_domain(result: dict[str, Any]) -> dict[str, Any]:
    result["rows"].sort(key=lambda r: (r["at_date"], r["domain_id"]))
    return result


def test_pressure(engines: tuple[AnalyticsEngine, AnalyticsEngine]) -> None:
    result = _same(engines, lambda e: _by_domain(pressure_series(e, YEARS, "CN", today=NOW)))
    rows = {(r["at_date"], r["domain_id"]): r for r in result["rows"]}
    # the CSL fixture lists a Chinese quantum lab on the Entity List on 2024-05-09, and the MEU
    # rule of 2020-12-23 Chinese aerospace makers; fixture document D1 (2025-05-01) is about quantum
    assert rows[("2024-12-31", "quantum")]["listings"] == 1
    assert rows[("2020-12-31", "aerospace")]["listings"] == 2
    assert rows[("2021-12-31", "aerospace")]["listings"] == 0
    assert rows[("2025-12-31", "quantum")]["documents"] == 1
    assert all(r["total"] >= 0 for r in result["rows"])
