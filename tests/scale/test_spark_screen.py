"""Spark screening gives the single-machine batch's hits, row for row, on fixture and real lists.

All tests here share one local[2] Spark session (conftest.spark); each screening is one small job.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.errors import InvalidArgument
from techbloc.ingest.lists import import_list_file
from techbloc.matching.batch import HIT_COLUMNS
from techbloc.matching.batch import read_queries as batch_read_queries
from techbloc.scale.lists_export import ExportedLists, export_for_process
from techbloc.scale.spark_screen import (
    file_queries,
    hit_schema,
    new_job_group,
    read_queries,
    run_screening,
    screen_dataframe,
)
from techbloc.scale.spark_session import StageProgress
from tests.scale.batch_reference import batch_hits
from tests.scale.conftest import csv_to_parquet, write_queries
from tests.scale.test_bulk_parts import tricky_csv
from tests.shared_data import shared_dataset

Rows = list[dict[str, object]]


def exported(store: Path) -> ExportedLists:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return export_for_process(con)
    finally:
        con.close()


def spark_hits(spark: Any, store: Path, path: Path, partitions: int = 2) -> Rows:
    queries = file_queries(spark, path, "name", "country", partitions=partitions)
    screening = run_screening(spark, queries, exported(store), partitions=partitions)
    try:
        return [row.asDict() for row in screening.ordered().collect()]
    finally:
        screening.release()


def test_hit_schema_has_the_batch_columns() -> None:
    assert hit_schema().fieldNames() == HIT_COLUMNS


def test_spark_equals_batch_on_the_fixture_lists(
    spark: Any, csl_store: Path, fixture_csv: Path
) -> None:
    expected = batch_hits(csl_store, fixture_csv)
    seen: list[tuple[int, int]] = []
    group = new_job_group()
    with StageProgress(spark, group, lambda done, total: seen.append((done, total)), every=0.1):
        queries = file_queries(spark, fixture_csv, "name", "country", partitions=2)
        screening = run_screening(spark, queries, exported(csl_store), partitions=2, group=group)
    try:
        assert [row.asDict() for row in screening.ordered().collect()] == expected
    finally:
        screening.release()
    assert (screening.names, screening.hit_count) == (len(_names(fixture_csv)), len(expected))
    assert screening.names_hit == len({row["query_row"] for row in expected})
    done, total = seen[-1]
    assert total > 0 and done == total
    # the comparison means something: Chinese, pinyin and English queries hit, negatives do not
    hit_queries = {str(row["query"]) for row in expected}
    assert {"示例半导体有限公司", "Shili Bandaoti", "Example Semi"} <= hit_queries
    assert not hit_queries & {"Acme Widgets Ltd", "北京蓝天餐饮有限公司", "Sunrise Bakery"}
    assert any(row["query_country"] == "CN" for row in expected)


def _names(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [r["name"] for r in csv.DictReader(handle) if r["name"].strip()]


def test_spark_equals_batch_on_parquet(
    spark: Any, csl_store: Path, fixture_csv: Path, tmp_path: Path
) -> None:
    parquet = csv_to_parquet(fixture_csv, tmp_path / "queries.parquet")
    expected = batch_hits(csl_store, parquet)
    assert expected and spark_hits(spark, csl_store, parquet) == expected
    # a Parquet row is its record number: the CSV line less the header and the blank rows
    first = expected[0]
    assert first["query"] == "Example Semiconductor Co., Ltd." and first["query_row"] == 1


def test_dataframe_rows_numbered_or_given(spark: Any, csl_store: Path) -> None:
    lists = exported(csl_store)
    frame = spark.createDataFrame(
        [
            (7, "示例半导体", "cn"),
            (8, None, None),
            (9, "Acme Widgets", "GB"),
            (10, "Example Semi", ""),
        ],
        "ref long, company string, land string",
    )
    given = screen_dataframe(frame, lists, "company", "land", "ref", partitions=2).collect()
    numbered = screen_dataframe(frame, lists, "company", "land", partitions=2).collect()
    assert sorted(r.query_row for r in given) == [7, 10]
    assert sorted(r.query_row for r in numbered) == [1, 4]
    assert {r.query_country for r in given} == {"CN", ""}
    assert [r.asDict() | {"query_row": 0} for r in sorted(given)] == [
        r.asDict() | {"query_row": 0} for r in sorted(numbered)
    ]


def test_dataframe_columns_are_checked(spark: Any, csl_store: Path) -> None:
    frame = spark.createDataFrame([(1, "x")], "n long, name string")
    lists = exported(csl_store)
    with pytest.raises(InvalidArgument, match="no column 'company'") as info:
        screen_dataframe(frame, lists, "company")
    assert info.value.hint and "name" in info.value.hint
    with pytest.raises(InvalidArgument, match="not text"):
        screen_dataframe(frame, lists, "n")
    with pytest.raises(InvalidArgument, match="row column 'name'"):
        screen_dataframe(frame, lists, "name", row_column="name")


def test_spark_reads_queries_as_the_batch(spark: Any, tmp_path: Path) -> None:
    path = tricky_csv(tmp_path)
    frame = read_queries(spark, path, "name", "country", partitions=3)
    got = [(r.query_row, r.name, r.country) for r in frame.orderBy("query_row").collect()]
    assert got == [(q.row, q.text, q.country) for q in batch_read_queries(path, "name", "country")]


def test_csv_column_must_exist(spark: Any, fixture_csv: Path) -> None:
    with pytest.raises(InvalidArgument, match="no column 'supplier'") as info:
        read_queries(spark, fixture_csv, "supplier")
    assert info.value.hint and "country" in info.value.hint


def test_cli_engines_agree(spark: Any, csl_store: Path, fixture_csv: Path, tmp_path: Path) -> None:
    base = ["screen-bulk", str(fixture_csv), "--country-column", "country", "--db", str(csl_store)]
    # the single-machine engine with the hash seed of Spark's workers (see batch_reference)
    duck_csv = tmp_path / "duckdb.csv"
    done = subprocess.run(
        [sys.executable, "-c", "from techbloc.cli.app import main; main()", *base,
         "--out", str(duck_csv), "--json"],
        env=os.environ | {"PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    duck = json.loads(done.stdout)
    runner = CliRunner()
    spark_csv, folder = tmp_path / "spark.csv", tmp_path / "hits"
    spark_run = runner.invoke(
        app, [*base, "--out", str(spark_csv), "--engine", "spark", "--partitions", "2", "--json"]
    )
    assert spark_run.exit_code == 0, spark_run.output
    assert spark_csv.read_bytes() == duck_csv.read_bytes()
    report = json.loads(spark_run.stdout)
    assert [report[k] for k in ("names", "names_hit", "hits")] == [
        duck[k] for k in ("names", "names_hit", "hits")
    ]
    assert report["engine"] == "spark" and duck["hits"] > 0

    folder.mkdir()  # an empty folder may be given
    folder_run = runner.invoke(app, [*base, "--out", str(folder), "--engine", "spark"])
    assert folder_run.exit_code == 0, folder_run.output
    assert "hit row(s) written to" in folder_run.stdout
    con = duckdb.connect()
    parts = con.execute(f"SELECT * FROM '{folder}/*.parquet' ORDER BY query_row, rank").fetchall()
    expected = batch_hits(csl_store, fixture_csv)
    assert parts == [tuple(row[c] for c in HIT_COLUMNS) for row in expected]
    again = runner.invoke(app, [*base, "--out", str(folder), "--engine", "spark"])
    assert again.exit_code == 2 and "must be new or empty" in again.output

    # the single-machine engine in this process, to Parquet: the same entities, ranks and scores
    single = tmp_path / "hits.parquet"
    assert runner.invoke(app, [*base, "--out", str(single)]).exit_code == 0
    key = "query_row, rank, score, list_id, entity_id"
    got = con.execute(f"SELECT {key} FROM '{single}'").fetchall()
    assert got == [tuple(row[c] for c in key.split(", ")) for row in expected]


def test_cli_names_a_csv_line_spark_cannot_read(
    spark: Any, csl_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "multi.csv"
    path.write_text('name,country\nExample Semi,CN\n"Two\nLines Ltd",CN\n', encoding="utf-8")
    args = ["screen-bulk", str(path), "--out", str(tmp_path / "h.csv"), "--db", str(csl_store)]
    result = CliRunner().invoke(app, [*args, "--engine", "spark", "--partitions", "1"])
    assert result.exit_code == 2
    assert "line 3: a quoted field runs onto the next line" in result.output
    assert "Traceback" not in result.output
    assert CliRunner().invoke(app, args).exit_code == 0  # the single-machine reader copes


def test_spark_equals_batch_on_real_csl_names(spark: Any, builtin_db: Path, tmp_path: Path) -> None:
    snapshot = shared_dataset("us-csl-watchman", "csl_2023.csv")
    store = tmp_path / "real.duckdb"
    shutil.copyfile(builtin_db, store)
    import_list_file(store, str(snapshot), retrieved=dt.date(2023, 11, 30))
    names = _real_queries(store, count=300)
    path = write_queries(tmp_path / "real.csv", names, blanks=False)
    expected = batch_hits(store, path)
    assert spark_hits(spark, store, path) == expected
    assert len({row["query_row"] for row in expected}) > len(names) // 2


def _real_queries(store: Path, count: int) -> list[str]:
    """List names and aliases of the snapshot, as listed and re-written (case, cut short)."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        rows = con.execute(
            "SELECT name, aliases FROM listed_entities WHERE is_active ORDER BY entity_id"
        ).fetchall()
    finally:
        con.close()
    picker = random.Random(2023)
    chosen = picker.sample(rows, count // 2)
    names = [name for name, _ in chosen]
    names += [aliases[0] for _, aliases in chosen if aliases][: count // 6]
    names += [name.lower() for name, _ in chosen[: count // 6]]
    names += [" ".join(name.split()[:2]) for name, _ in chosen[-count // 6 :]]
    return list(dict.fromkeys(names))
