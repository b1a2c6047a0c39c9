"""Screening against an imported list: single names, countries, CSV batches, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.errors import InvalidArgument
from techbloc.ingest.lists import import_list_file
from techbloc.matching.batch import read_queries
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import Query, screen
from tests.shared_data import shared_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csl"


@pytest.fixture
def index(fresh_store: Path) -> ScreeningIndex:
    import_list_file(fresh_store, str(FIXTURES / "snapshot_v1.csv"), retrieved=dt.date(2024, 1, 1))
    con = duckdb.connect(str(fresh_store), read_only=True)
    try:
        return ScreeningIndex.from_store(con)
    finally:
        con.close()


def test_chinese_alias_on_the_list(index: ScreeningIndex) -> None:
    [hit] = screen(index, Query("示例半导体有限公司"))
    assert (
        hit.name == "Example Semiconductor Co., Ltd." and hit.matched_alias == "示例半导体有限公司"
    )
    assert hit.score == 1.0


def test_country_raises_or_lowers(index: ScreeningIndex) -> None:
    plain = screen(index, Query("Example Semi"), threshold=0)[0].score
    agree = screen(index, Query("Example Semi", "CN"), threshold=0)[0].score
    differ = screen(index, Query("Example Semi", "DE"), threshold=0)[0].score
    assert differ < plain < agree or plain == agree == 1.0 and differ < plain


def test_no_hit_for_an_unrelated_name(index: ScreeningIndex) -> None:
    assert screen(index, Query("Acme Widgets Ltd")) == []


def test_csv_column_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("supplier,land\nX,CN\n", encoding="utf-8")
    with pytest.raises(InvalidArgument) as info:
        list(read_queries(path, "name"))
    assert info.value.hint and "supplier" in info.value.hint


def test_cli_batch_and_single(fresh_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(fresh_store)]
    runner.invoke(app, ["import", "csl", str(FIXTURES / "snapshot_v1.csv"), *db])
    suppliers = tmp_path / "suppliers.csv"
    suppliers.write_text(
        "name,country\n示例半导体有限公司,CN\nAcme Widgets,GB\n\nSample Research Inst.,CN\n",
        encoding="utf-8",
    )
    out = tmp_path / "hits.csv"
    result = runner.invoke(
        app, ["screen", str(suppliers), "--country-column", "country", "--out", str(out), *db]
    )
    assert result.exit_code == 0, result.output
    assert "2 of 3 name(s) hit" in result.stdout
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["query_row"] for r in rows] == ["2", "5"]
    assert all(r["explanation"] and r["list_id"] == "us-bis-entity-list" for r in rows)
    single = json.loads(runner.invoke(app, ["screen", "示例半导体", "--json", *db]).stdout)
    assert single[0]["hits"][0]["explanation"]["matched"]


def test_real_entity_list_names_written_in_chinese(fresh_store: Path) -> None:
    path = shared_dataset("us-csl-watchman", "csl_2023.csv")
    import_list_file(fresh_store, str(path), retrieved=dt.date(2023, 11, 30))
    con = duckdb.connect(str(fresh_store), read_only=True)
    index = ScreeningIndex.from_store(con)
    con.close()
    expected = {
        "华为技术有限公司": "HUAWEI TECHNOLOGIES CO., LTD.",
        "中国航天科工集团有限公司": "China Aerospace Science and Industry Corporation Limited",
        "中国电信集团有限公司": "China Telecommunications Corporation",
    }
    for query, name in expected.items():
        hits = screen(index, Query(query, "CN"))
        assert name in [h.name for h in hits], (query, [h.name for h in hits])


def test_table_prints_bridge_readings_as_written(fresh_store: Path) -> None:
    """Explanations contain square brackets, which the terminal renderer must not read as markup."""
    import_list_file(fresh_store, str(FIXTURES / "snapshot_v1.csv"), retrieved=dt.date(2024, 1, 1))
    result = CliRunner().invoke(
        app, ["screen", "[x] 示例半导体有限公司", "--db", str(fresh_store)], terminal_width=400
    )
    assert result.exit_code == 0, result.output
    assert "[x] 示例半导体有限公司" in result.stdout
