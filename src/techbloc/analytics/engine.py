"""Where indicators run: one Ibis expression, executed on DuckDB (default) or on Apache Spark.

An indicator is written once as a function of an :class:`AnalyticsEngine` that returns an Ibis
table expression over the store's tables (``engine.table("measures")``). ``engine.rows(expr)``
runs it and returns plain dicts. On DuckDB the expression runs over the store file itself; on Spark
the store's tables are exported to Parquet once and read by Spark, so the same expression runs on
a cluster's engine (here in local mode) and gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import decimal
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb
import ibis
import ibis.expr.types as ir

from techbloc.errors import InvalidArgument

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

EngineName = Literal["duckdb", "spark"]


class AnalyticsEngine:
    """A store's tables as Ibis tables on one backend."""

    def __init__(self, name: EngineName, backend: Any, table_names: Iterable[str]) -> None:
        self.name = name
        self.backend = backend
        self._tables = set(table_names)

    def table(self, name: str) -> ir.Table:
        if name not in self._tables:
            raise InvalidArgument(f"the {self.name} engine has no table {name!r}")
        return self.backend.table(name)

    def has_table(self, name: str) -> bool:
        return name in self._tables

    def memtable(self, rows: list[dict[str, Any]], schema: dict[str, str]) -> ir.Table:
        """A small table of parameters (dates, weights, coalitions) to join on this engine."""
        return ibis.memtable(rows, schema=ibis.schema(schema))

    def rows(self, expr: ir.Table) -> list[dict[str, Any]]:
        """Run ``expr`` and return its rows as plain Python values (JSON-ready apart from dates)."""
        table = expr.to_pyarrow()
        return [{k: _plain(v) for k, v in row.items()} for row in table.to_pylist()]


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def duckdb_engine(con: duckdb.DuckDBPyConnection) -> AnalyticsEngine:
    """The store's tables on DuckDB, through the given (possibly read-only) connection."""
    names = [
        str(r[0])
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    ]
    return AnalyticsEngine("duckdb", ibis.duckdb.from_connection(con), names)


def spark_engine(
    con: duckdb.DuckDBPyConnection,
    session: SparkSession,
    tables: Iterable[str],
    workdir: Path | None = None,
) -> AnalyticsEngine:
    """The named store tables on Spark: exported to Parquet under ``workdir`` (a temporary folder
    by default, kept for the session's life) and registered as Spark views."""
    folder = workdir or Path(tempfile.mkdtemp(prefix="techbloc-spark-tables-"))
    folder.mkdir(parents=True, exist_ok=True)
    names = list(dict.fromkeys(tables))
    for name in names:
        target = folder / f"{name}.parquet"
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target}' (FORMAT parquet)")
        session.read.parquet(str(target)).createOrReplaceTempView(name)
    return AnalyticsEngine("spark", ibis.pyspark.connect(session), names)


def open_engine(
    con: duckdb.DuckDBPyConnection, name: str = "duckdb", tables: Iterable[str] = ()
) -> AnalyticsEngine:
    """The store on DuckDB (``duckdb``), or those of ``tables`` the store has on a local Spark
    session (``spark``)."""
    if name == "duckdb":
        return duckdb_engine(con)
    if name != "spark":
        raise InvalidArgument(f"unknown engine {name!r}", hint="choose duckdb or spark")
    from techbloc.scale.spark_session import start_session

    present = {
        str(r[0])
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    return spark_engine(con, start_session(), [t for t in tables if t in present])
