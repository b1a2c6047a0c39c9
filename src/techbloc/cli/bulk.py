"""`techbloc screen-bulk`: a whole file of names against the lists, on one machine or on Spark."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from techbloc.cli.options import DbOption, JsonOption
from techbloc.cli.output import emit_json, err, handles_errors, notices, out
from techbloc.errors import InvalidArgument
from techbloc.matching.batch import hit_rows
from techbloc.matching.screen import DEFAULT_THRESHOLD, Hit, Query
from techbloc.scale.hits_output import OutputKind, output_kind, write_hits
from techbloc.scale.local_screen import parquet_rows, screen_locally
from techbloc.workspace import Techbloc

INPUT_SUFFIXES = (".csv", ".parquet")


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


@dataclass
class BulkReport:
    engine: str
    input: str
    out: str
    names: int
    names_hit: int
    hits: int
    seconds: float


@handles_errors
def screen_bulk(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT", help="A CSV or Parquet file of names.")
    ],
    out_path: Annotated[
        Path,
        typer.Option(
            "--out", help="Hits file (.csv or .parquet), or a new folder for Parquet parts."
        ),
    ],
    column: Annotated[str, typer.Option(help="Column of names.")] = "name",
    country_column: Annotated[
        str | None, typer.Option(help="Column of countries (ISO codes).")
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="duckdb: this machine, one core; spark: Apache Spark.")
    ] = Engine.duckdb,
    master: Annotated[
        str | None, typer.Option(help="Spark master URL (default local[*]); --engine spark only.")
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option(min=1, help="Least number of Spark tasks (default ~20,000 names each)."),
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Minimum score.")
    ] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(min=1, help="At most this many hits per name.")] = 5,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Screen every name of a large CSV or Parquet file against the imported lists."""
    if input_path.suffix.lower() not in INPUT_SUFFIXES or not input_path.is_file():
        raise InvalidArgument(
            f"{input_path} is not a CSV or Parquet file",
            hint="give an existing file whose name ends in .csv or .parquet",
        )
    if engine is Engine.duckdb and (master or partitions):
        raise InvalidArgument(
            "--master and --partitions apply to --engine spark only",
            hint="add --engine spark, or leave them out",
        )
    kind = output_kind(out_path)
    start = time.perf_counter()
    if engine is Engine.spark:
        report = _on_spark(
            input_path, out_path, kind, column, country_column, master or "local[*]",
            partitions, threshold, limit, db, json,
        )  # fmt: skip
    else:
        report = _on_duckdb(
            input_path, out_path, kind, column, country_column, threshold, limit, db, json
        )
    report.seconds = round(time.perf_counter() - start, 2)
    if json:
        emit_json(report.__dict__)
        return
    rate = report.names / report.seconds if report.seconds else 0.0
    out.print(
        f"{report.names:,} name(s) screened on {report.engine} in {report.seconds:.1f} s "
        f"({rate:,.0f} names/s); {report.names_hit:,} hit at threshold {threshold}; "
        f"{report.hits:,} hit row(s) written to {out_path}",
        highlight=False,
    )


def _open(db: str | None) -> Techbloc:
    tb = Techbloc.open(db)
    notices(tb.notices)
    row = tb.con.execute("SELECT count(*) FROM listed_entities WHERE is_active").fetchone()
    if not row or not row[0]:
        err.print("note: no list is imported yet: run 'techbloc import csl …' first")
    return tb


def _on_duckdb(
    path: Path,
    out_path: Path,
    kind: OutputKind,
    column: str,
    country_column: str | None,
    threshold: float,
    limit: int,
    db: str | None,
    quiet: bool,
) -> BulkReport:
    with _open(db) as tb:
        index, bridge = tb.screening_index(), tb.name_bridge()
        total = parquet_rows(path) if path.suffix.lower() == ".parquet" else None
        with Progress(
            TextColumn("[bold]screening[/]"),
            BarColumn(),
            MofNCompleteColumn() if total else TextColumn("{task.completed:,} names"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=quiet,
        ) as bar:
            task = bar.add_task("screen", total=total)
            results = screen_locally(
                index, bridge, path, column, country_column, threshold, limit,
                on_row=lambda n: bar.update(task, completed=n), workers=os.cpu_count() or 1,
            )  # fmt: skip
            tally = _Tally(results)
            hits = write_hits(tally.rows(), out_path, kind)
    return BulkReport("duckdb", str(path), str(out_path), tally.names, tally.names_hit, hits, 0.0)


class _Tally:
    """Hit rows of the screening results, counting names and names with hits on the way."""

    def __init__(self, results: Iterable[tuple[Query, list[Hit]]]) -> None:
        self.results = results
        self.names = self.names_hit = 0

    def rows(self) -> Iterator[dict[str, object]]:
        for query, hits in self.results:
            self.names += 1
            self.names_hit += bool(hits)
            yield from hit_rows(query, hits)


def _on_spark(
    path: Path,
    out_path: Path,
    kind: OutputKind,
    column: str,
    country_column: str | None,
    master: str,
    partitions: int | None,
    threshold: float,
    limit: int,
    db: str | None,
    quiet: bool,
) -> BulkReport:
    from techbloc.scale.spark_session import require_spark

    require_spark()
    from techbloc.scale.lists_export import export_for_process
    from techbloc.scale.spark_screen import file_queries, new_job_group, run_screening
    from techbloc.scale.spark_session import (
        StageProgress,
        job_group,
        spark_failure,
        start_session,
    )

    with _open(db) as tb:
        lists = export_for_process(tb.con)
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("tasks"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task(f"starting Spark ({master})", total=None)
        spark = start_session(master)
        bar.update(task, description="screening on Spark")
        group = new_job_group()

        def show(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        try:
            with StageProgress(spark, group, show), job_group(spark, group, "techbloc: reading"):
                queries = file_queries(spark, path, column, country_column, partitions)
                screening = run_screening(
                    spark, queries, lists, threshold, limit, partitions, group
                )
            bar.update(task, visible=False)
            bar.add_task("writing the hits", total=None)
            if kind is OutputKind.FOLDER:
                if out_path.is_dir():
                    out_path.rmdir()  # output_kind allows only an empty one; Spark wants none
                parts = screening.hits.rdd.getNumPartitions()
                screening.ordered(parts).write.parquet(str(out_path))
            else:
                rows = screening.ordered().toLocalIterator()
                write_hits((r.asDict() for r in rows), out_path, kind)
            screening.release()
        except Exception as exc:
            failure = spark_failure(exc)
            if failure is None:
                raise
            raise failure from None
    return BulkReport(
        "spark", str(path), str(out_path), screening.names, screening.names_hit,
        screening.hit_count, 0.0,
    )  # fmt: skip
