"""The parts of bulk screening that need no Spark job: query reading, hit files, list export,
the checks that name a missing PySpark or Java, and the CLI's argument errors."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.errors import InvalidArgument
from techbloc.matching.batch import HIT_COLUMNS, read_queries
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.scale.hits_output import OutputKind, output_kind, write_hits
from techbloc.scale.lists_export import export_lists, load_lists
from techbloc.scale.local_screen import parquet_queries
from techbloc.scale.queries import CsvLayout
from techbloc.scale.spark_session import SparkUnavailable, parse_java_version, require_spark

# A BOM, CRLF and LF line ends, a blank line, short and long rows, quoted commas and quotes,
# a stray quote inside a field, a malformed quoted field, names of spaces, lower-case countries.
TRICKY = (
    "\ufeffid,name,country\r\n"
    "1,Example Semi,cn\r\n"
    '2,"Comma, Inc.",  us  \r\n'
    "\r\n"
    '3,"He said ""hi"" Ltd",DE,x,extra\r\n'
    "4,   ,CN\n"
    '5,O"Neil Trading,\n'
    '6,"x" y,GB\n'
    "7,示例半导体\n"
    "8\n"
)


def tricky_csv(folder: Path) -> Path:
    path = folder / "tricky.csv"
    path.write_bytes(TRICKY.encode("utf-8"))
    return path


def test_csv_lines_read_as_the_batch_reads_them(tmp_path: Path) -> None:
    path = tricky_csv(tmp_path)
    expected = list(read_queries(path, "name", "country"))
    text = path.read_text(encoding="utf-8")
    lines = text.replace("\r\n", "\n").split("\n")[:-1]  # the physical lines, as Hadoop splits
    layout = CsvLayout.from_header(str(path), lines[0], "name", "country")
    got = [q for number, line in enumerate(lines[1:], start=2) if (q := layout.query(line, number))]
    assert got == expected
    assert [q.row for q in expected] == [2, 3, 5, 7, 8, 9]


def test_last_of_equal_column_names_wins_as_in_dictreader(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("name,x,name\nfirst,,second\n", encoding="utf-8")
    layout = CsvLayout.from_header(str(path), "name,x,name", "name", None)
    [expected] = read_queries(path, "name")
    assert layout.query("first,,second", 2) == expected and expected.text == "second"


def test_a_field_running_onto_the_next_line_is_named() -> None:
    layout = CsvLayout.from_header("f.csv", "name", "name", None)
    with pytest.raises(InvalidArgument, match=r"f\.csv, line 4: a quoted field runs onto"):
        layout.query('"Two', 4)


def test_parquet_queries_are_numbered_by_record(tmp_path: Path) -> None:
    path = tmp_path / "q.parquet"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT * FROM (VALUES ('Example Semi', ' cn'), (NULL, 'CN'), ('  ', NULL),"
        " ('示例', NULL)) t(name, country)) TO ? (FORMAT parquet)".replace("?", f"'{path}'")
    )
    con.close()
    queries = list(parquet_queries(path, "name", "country"))
    assert [(q.row, q.text, q.country) for q in queries] == [
        (1, "Example Semi", "CN"),
        (4, "示例", None),
    ]
    with pytest.raises(InvalidArgument, match="no column 'firm'"):
        list(parquet_queries(path, "firm"))


def test_parquet_column_must_be_text(tmp_path: Path) -> None:
    path = tmp_path / "n.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT 1 AS name) TO '{path}' (FORMAT parquet)")
    con.close()
    with pytest.raises(InvalidArgument, match="'name' holds INTEGER, not text"):
        list(parquet_queries(path, "name"))


def _hit(row: int, country: str) -> dict[str, object]:
    values: dict[str, object] = {c: f"{c}-{row}" for c in HIT_COLUMNS}
    return values | {"query_row": row, "rank": 1, "score": 0.8125, "query_country": country}


def test_parquet_hits_keep_types_and_empty_text(tmp_path: Path) -> None:
    rows = [_hit(2, ""), _hit(3, "CN")]
    path = tmp_path / "h.parquet"
    assert write_hits(rows, path, OutputKind.PARQUET) == 2
    con = duckdb.connect()
    back = con.execute(f"SELECT * FROM '{path}'").fetchall()
    types = [r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()]
    assert back == [tuple(r[c] for c in HIT_COLUMNS) for r in rows]
    assert types[:5] == ["BIGINT", "VARCHAR", "VARCHAR", "INTEGER", "DOUBLE"]
    assert not list(tmp_path.glob("*.partial"))


def test_no_hits_still_give_files_with_the_columns(tmp_path: Path) -> None:
    write_hits([], tmp_path / "none.csv", OutputKind.CSV)
    with (tmp_path / "none.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == HIT_COLUMNS
    write_hits([], tmp_path / "folder", OutputKind.FOLDER)
    con = duckdb.connect()
    columns = con.execute(f"DESCRIBE SELECT * FROM '{tmp_path}/folder/*.parquet'").fetchall()
    assert [c[0] for c in columns] == HIT_COLUMNS


def test_a_folder_of_hits_must_be_new_or_empty(tmp_path: Path) -> None:
    assert output_kind(tmp_path / "new") is OutputKind.FOLDER
    assert output_kind(tmp_path / "x.CSV") is OutputKind.CSV
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "a").write_text("", encoding="utf-8")
    with pytest.raises(InvalidArgument, match="must be new or empty"):
        output_kind(tmp_path / "used")


def test_exported_lists_rebuild_the_same_index_and_bridge(
    fresh_store: Path, tmp_path: Path
) -> None:
    from techbloc.ingest.lists import import_list_file

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "snapshot_v1.csv"
    import_list_file(fresh_store, str(fixture), retrieved=dt.date(2024, 1, 1))
    con = duckdb.connect(str(fresh_store), read_only=True)
    index, bridge = ScreeningIndex.from_store(con), NameBridge.from_store(con)
    exported = export_lists(con, tmp_path)
    con.close()
    rebuilt_index, rebuilt_bridge = load_lists(exported.files)
    assert rebuilt_index.names == index.names and len(index.names) > 0
    assert rebuilt_bridge.chinese == bridge.chinese and len(bridge.chinese) > 0
    assert rebuilt_bridge.english == bridge.english
    assert rebuilt_bridge.abbreviations == bridge.abbreviations
    assert all(exported.digest in p.name for p in exported.files.values())


def test_java_versions_are_read() -> None:
    assert parse_java_version('openjdk version "17.0.15" 2025-04-15') == 17
    assert parse_java_version('java version "1.8.0_292"') == 8
    assert parse_java_version('openjdk version "21" 2023-09-19') == 21
    assert parse_java_version("no version here") is None


def test_missing_java_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(SparkUnavailable, match="Java runtime") as info:
        require_spark()
    assert info.value.hint and "openjdk-17-jre-headless" in info.value.hint


def test_missing_pyspark_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(SparkUnavailable, match="needs PySpark") as info:
        require_spark()
    assert info.value.hint and "techbloc[spark]" in info.value.hint


def test_cli_argument_errors(
    fresh_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    names = tricky_csv(tmp_path)
    common = ["--db", str(fresh_store), "--out", str(tmp_path / "h.csv")]
    spark_only = runner.invoke(app, ["screen-bulk", str(names), "--master", "local[2]", *common])
    assert spark_only.exit_code == 2 and "--engine spark only" in spark_only.output
    text = tmp_path / "names.txt"
    text.write_text("name\nx\n", encoding="utf-8")
    wrong = runner.invoke(app, ["screen-bulk", str(text), *common])
    assert wrong.exit_code == 2 and "not a CSV or Parquet file" in wrong.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\nSoci\u00e9t\u00e9 G\u00e9n\u00e9rale\n".encode("latin-1"))
    not_utf8 = runner.invoke(app, ["screen-bulk", str(latin), *common])
    assert not_utf8.exit_code == 2 and "not UTF-8 text" in not_utf8.output
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    no_java = runner.invoke(app, ["screen-bulk", str(names), "--engine", "spark", *common])
    assert no_java.exit_code == 2 and "openjdk" in no_java.output
    assert "Traceback" not in no_java.output
