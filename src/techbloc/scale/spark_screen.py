"""Screening a Spark DataFrame (or a CSV / Parquet file) of names against the imported lists.

Design: the lists are small next to the queries (thousands to a few million names against
millions of queries), so they are not joined but shipped whole: the driver exports the tables the
matcher reads (``lists_export``), Spark copies them to every executor (``addFile``), and each
Python worker builds the ``ScreeningIndex`` and ``NameBridge`` once, with the same constructors as
the single-machine path, and keeps them for every later partition it screens (PySpark reuses its
workers). The queries are spread evenly over partitions and each query goes through
``techbloc.matching.screen.screen`` and ``techbloc.matching.batch.hit_rows``, unchanged, so scores,
ranks and explanations are those of the single-machine batch (run with the string-hash seed of the
workers, PYTHONHASHSEED=0, for the matcher's rare ties: docs/methodology.md). The work is linear in
the number of queries and parallel across cores; the index costs each worker one build and its
memory.

Queries travel as plain Python rows (``RDD.mapPartitions``), not Arrow batches: the matcher costs
hundreds of microseconds a name, serialisation a few, and this keeps the extra to PySpark alone
(no pandas, no pyarrow). It needs classic Spark (local, standalone, YARN, Kubernetes); Spark
Connect sessions have no RDDs.
"""

from __future__ import annotations

import functools
import math
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyspark import RDD, SparkFiles
from pyspark.accumulators import Accumulator
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ByteType,
    DataType,
    DoubleType,
    IntegerType,
    LongType,
    ShortType,
    StringType,
    StructField,
    StructType,
)

from techbloc.errors import InvalidArgument
from techbloc.matching.batch import HIT_COLUMNS, hit_rows
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import DEFAULT_THRESHOLD, screen
from techbloc.scale.hits_output import sql_type
from techbloc.scale.lists_export import ExportedLists, load_lists
from techbloc.scale.queries import CsvLayout, clean_query
from techbloc.scale.spark_session import job_group

SPARK_TYPES: dict[str, DataType] = {
    "BIGINT": LongType(),
    "INTEGER": IntegerType(),
    "DOUBLE": DoubleType(),
    "VARCHAR": StringType(),
}
QUERY_SCHEMA = StructType(
    [
        StructField("query_row", LongType(), False),
        StructField("name", StringType(), True),
        StructField("country", StringType(), True),
    ]
)
QueryRow = tuple[int, str | None, str | None]
INTEGRAL = (LongType, IntegerType, ShortType, ByteType)
PARTITIONS_PER_CORE = 2
# Without --partitions a file is cut into tasks of about this size (~30 s of one core each), so
# that progress moves and a lost task costs little; never fewer than two tasks per core.
NAMES_PER_TASK = 20_000
CSV_BYTES_PER_TASK = 1 << 20


def hit_schema() -> StructType:
    """The Spark schema of the hits: the batch's columns, with the types of hits_output."""
    return StructType([StructField(c, SPARK_TYPES[sql_type(c)], True) for c in HIT_COLUMNS])


@dataclass
class SparkScreening:
    """The hits of one screening (cached until ``release``) and what it counted."""

    hits: DataFrame
    names: int
    names_hit: int
    hit_count: int

    def ordered(self, parts: int = 1) -> DataFrame:
        """The hits in query order, best first within a query (as the batch writes them).

        With ``parts`` > 1 the rows are split into that many ranges of query rows, in order.
        """
        if parts == 1:
            split = self.hits.coalesce(1)
        else:
            split = self.hits.repartitionByRange(parts, "query_row")
        return split.sortWithinPartitions("query_row", "rank")

    def release(self) -> None:
        self.hits.unpersist()


def read_queries(
    spark: SparkSession,
    path: str | Path,
    column: str,
    country_column: str | None = None,
    partitions: int | None = None,
) -> DataFrame:
    """The queries of a CSV or Parquet file as a DataFrame: ``query_row``, ``name``, ``country``."""
    rows = file_queries(spark, path, column, country_column, partitions)
    return spark.createDataFrame(rows, QUERY_SCHEMA)


def file_queries(
    spark: SparkSession,
    path: str | Path,
    column: str,
    country_column: str | None = None,
    partitions: int | None = None,
) -> RDD[QueryRow]:
    """The queries of a CSV or Parquet file as (query_row, name, country), for ``run_screening``.

    ``query_row`` is what the single-machine batch reports: the CSV line (the header is line 1),
    or the Parquet record number counted from 1. A CSV file is read line by line in even byte
    ranges, and parsed by the same Python worker that screens its names. Without ``partitions``
    the file is cut into tasks of about 20,000 names (1 MiB of CSV), at least two per core.
    """
    source = str(path)
    if source.lower().endswith(".csv"):
        return _csv_queries(spark, source, column, country_column, partitions)
    if source.lower().endswith(".parquet"):
        frame = spark.read.parquet(source)
        _check_columns(frame, source, column, country_column)
        country = _column(country_column) if country_column else F.lit(None).cast("string")
        numbered = frame.select(
            (F.col("_metadata.row_index") + 1).alias("query_row"),
            _column(column).alias("name"),
            country.alias("country"),
        )
        rows = frame_queries(numbered, "name", "country", "query_row")
        wanted = least_tasks(spark, partitions, frame.count(), NAMES_PER_TASK)
        return rows.repartition(wanted) if rows.getNumPartitions() < wanted else rows
    raise InvalidArgument(
        f"{source}: the Spark engine reads .csv and .parquet files",
        hint="give a file whose name ends in .csv or .parquet",
    )


def _csv_queries(
    spark: SparkSession, source: str, column: str, country: str | None, partitions: int | None
) -> RDD[QueryRow]:
    local = Path(source)
    size = local.stat().st_size if local.is_file() else 0
    wanted = least_tasks(spark, partitions, size, CSV_BYTES_PER_TASK)
    lines = spark.sparkContext.textFile(source, minPartitions=wanted)  # even byte ranges
    layout = CsvLayout.from_header(source, _first_line(lines, source), column, country)
    numbered = lines.zipWithIndex().filter(lambda pair: pair[1] > 0)
    return numbered.mapPartitions(functools.partial(_csv_rows, layout))


def least_tasks(spark: SparkSession, partitions: int | None, amount: int, per_task: int) -> int:
    """``partitions`` if given, else two per core or one per ``per_task`` of ``amount``."""
    if partitions:
        return partitions
    base = PARTITIONS_PER_CORE * spark.sparkContext.defaultParallelism
    return max(base, math.ceil(amount / per_task))


def _first_line(lines: RDD[str], source: str) -> str:
    """The header line: read directly when the file is local, else by a one-line Spark job."""
    local = Path(source)
    if local.is_file():
        with local.open(encoding="utf-8", newline="") as handle:
            return handle.readline().rstrip("\r\n")
    first = lines.take(1)
    return first[0] if first else ""


def _csv_rows(layout: CsvLayout, lines: Iterable[tuple[str, int]]) -> Iterator[QueryRow]:
    for line, index in lines:
        query = layout.query(line, index + 1)
        if query is not None and query.row is not None:
            yield query.row, query.text, query.country


def _column(name: str) -> Column:
    return F.col("`" + name.replace("`", "``") + "`")


def _check_columns(frame: DataFrame, source: str, *wanted: str | None) -> None:
    types = {field.name: field.dataType for field in frame.schema.fields}
    for column in wanted:
        if column is None:
            continue
        if column not in types:
            raise InvalidArgument(
                f"{source} has no column '{column}'",
                hint=f"its columns are: {', '.join(types) or '(none)'}",
            )
        if not isinstance(types[column], StringType):
            raise InvalidArgument(
                f"{source}: column '{column}' holds {types[column].simpleString()}, not text",
                hint="screen a text column (cast it to string first)",
            )


def frame_queries(
    frame: DataFrame,
    column: str = "name",
    country_column: str | None = None,
    row_column: str | None = None,
) -> RDD[QueryRow]:
    """The (query_row, name, country) rows of a DataFrame's columns, for ``screen_queries``.

    ``row_column`` (an integer column) becomes ``query_row``; without it rows are numbered from 1
    in the frame's order.
    """
    _check_columns(frame, "the DataFrame", column, country_column)
    types = {field.name: field.dataType for field in frame.schema.fields}
    if row_column is not None and not isinstance(types.get(row_column), INTEGRAL):
        raise InvalidArgument(
            f"the DataFrame's row column '{row_column}' must exist and hold integers",
            hint=f"its columns are: {', '.join(types)}",
        )
    country = _column(country_column) if country_column else F.lit(None).cast("string")
    if row_column is None:
        picked = frame.select(_column(column), country).rdd
        return picked.zipWithIndex().map(lambda p: (p[1] + 1, p[0][0], p[0][1]))
    return frame.select(_column(row_column), _column(column), country).rdd.map(tuple)


def screen_dataframe(
    frame: DataFrame,
    lists: ExportedLists,
    column: str = "name",
    country_column: str | None = None,
    row_column: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    partitions: int | None = None,
) -> DataFrame:
    """Hits of every name of ``frame[column]``, with the columns of the single-machine batch.

    ``row_column`` (an integer column) becomes ``query_row``; without it rows are numbered from 1
    in the frame's order. The hits are computed when the result is used (lazily).
    """
    queries = frame_queries(frame, column, country_column, row_column)
    return screen_queries(frame.sparkSession, queries, lists, threshold, limit, partitions)


def screen_queries(
    spark: SparkSession,
    queries: RDD[QueryRow],
    lists: ExportedLists,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    partitions: int | None = None,
    names_counter: Accumulator[int] | None = None,
) -> DataFrame:
    """The hits of (query_row, name, country) rows, as a DataFrame of ``hit_schema()``.

    ``partitions`` (default two per core) is the least number of tasks that share the work:
    queries in fewer partitions are spread evenly over that many first. ``names_counter``, if
    given, counts the names screened.
    """
    context = spark.sparkContext
    shipped = ship_lists(spark, lists)
    count = partitions or PARTITIONS_PER_CORE * context.defaultParallelism
    if queries.getNumPartitions() < count:
        queries = queries.repartition(count)
    work = functools.partial(_screen_partition, shipped, threshold, limit, names_counter)
    return spark.createDataFrame(queries.mapPartitions(work), hit_schema())


def ship_lists(spark: SparkSession, lists: ExportedLists) -> dict[str, str]:
    """Make the exported tables available to every executor; returns table → file name."""
    context = spark.sparkContext
    shipped = {}
    registered = {Path(p).name for p in context.listFiles}
    for table, path in lists.files.items():
        if path.name not in registered:
            context.addFile(str(path))
        shipped[table] = path.name
    return shipped


def run_screening(
    spark: SparkSession,
    queries: RDD[QueryRow],
    lists: ExportedLists,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    partitions: int | None = None,
    group: str | None = None,
) -> SparkScreening:
    """Screen (query_row, name, country) rows now, cache the hits and count them.

    The jobs run under the job group ``group`` (default: a new one), which a StageProgress can
    follow. Hits are counted from the data; names screened by an accumulator, which counts a
    partition twice if Spark has to compute it again (a lost executor).
    """
    counter = spark.sparkContext.accumulator(0)
    with job_group(spark, group or new_job_group(), "techbloc: screening names"):
        hits = screen_queries(
            spark, queries, lists, threshold, limit, partitions, counter
        ).persist()
        # One job counts the hits and the names with hits (each has exactly one hit of rank 1).
        counted = hits.agg(
            F.count(F.lit(1)).alias("hits"),
            F.coalesce(F.sum((F.col("rank") == 1).cast("long")), F.lit(0)).alias("names_hit"),
        ).first()
        hit_count, names_hit = (counted[0], counted[1]) if counted else (0, 0)
    return SparkScreening(hits, counter.value, names_hit, hit_count)


def new_job_group() -> str:
    return f"techbloc-screen-{uuid.uuid4().hex[:12]}"


# The index and bridge of the lists last shipped, built once in each Python worker.
_LOADED: dict[tuple[str, ...], tuple[ScreeningIndex, NameBridge]] = {}


def _lists_in_worker(shipped: dict[str, str]) -> tuple[ScreeningIndex, NameBridge]:
    key = tuple(sorted(shipped.values()))
    if key not in _LOADED:
        _LOADED.clear()  # other lists (an earlier run in a long session) would only hold memory
        _LOADED[key] = load_lists({t: Path(SparkFiles.get(name)) for t, name in shipped.items()})
    return _LOADED[key]


def _screen_partition(
    shipped: dict[str, str],
    threshold: float,
    limit: int,
    counter: Accumulator[int] | None,
    rows: Iterable[QueryRow],
) -> Iterator[tuple[object, ...]]:
    index, bridge = _lists_in_worker(shipped)
    screened = 0
    for row, name, country in rows:
        query = clean_query(name, country, row)
        if query is None:
            continue
        screened += 1
        for hit in hit_rows(query, screen(index, query, threshold, limit, bridge)):
            yield tuple(hit[c] for c in HIT_COLUMNS)
    if counter is not None:
        counter.add(screened)
