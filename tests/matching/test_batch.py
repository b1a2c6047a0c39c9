"""Batch screening gives exactly the hits of screening one name at a time, in a pool of workers too;
the fast score equals the explained one; the index travels to a worker intact."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.errors import InvalidArgument
from techbloc.ingest.lists import import_list_file
from techbloc.matching.batch import read_queries, screen_file, screen_queries
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.names import analyse
from techbloc.matching.score import name_score, score_names
from techbloc.matching.screen import Hit, Query, screen
from tests.shared_data import shared_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
QUERIES = FIXTURES / "screening" / "batch_queries.csv"


def _store_index(db: Path, snapshot: Path, day: dt.date) -> tuple[ScreeningIndex, NameBridge]:
    import_list_file(db, str(snapshot), retrieved=day)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return ScreeningIndex.from_store(con), NameBridge.from_store(con)
    finally:
        con.close()


@pytest.fixture
def fixture_index(fresh_store: Path) -> tuple[ScreeningIndex, NameBridge]:
    return _store_index(fresh_store, FIXTURES / "csl" / "snapshot_v1.csv", dt.date(2024, 1, 1))


Compared = list[tuple[Query, list[dict[str, Any]]]]


def _as_dicts(results: Iterable[tuple[Query, list[Hit]]]) -> Compared:
    """Every field of every hit, the explanation included."""
    return [(q, [dataclasses.asdict(h) for h in hits]) for q, hits in results]


def _one_at_a_time(
    index: ScreeningIndex, bridge: NameBridge, queries: list[Query], threshold: float
) -> Compared:
    return _as_dicts((q, screen(index, q, threshold, 5, bridge)) for q in queries)


@pytest.mark.parametrize("threshold", [0.8, 0.5])
def test_batch_in_a_pool_equals_one_at_a_time(
    fixture_index: tuple[ScreeningIndex, NameBridge], threshold: float
) -> None:
    index, bridge = fixture_index
    queries = list(read_queries(QUERIES, "name", "country"))
    expected = _one_at_a_time(index, bridge, queries, threshold)
    assert sum(1 for _, hits in expected if hits) >= 8  # the fixture does hit
    done: list[int] = []
    pooled = list(
        screen_queries(
            index, queries, threshold, 5, done.append, bridge,
            workers=2, parallel_min=1, chunk_size=3,
        )
    )  # fmt: skip
    assert _as_dicts(pooled) == expected
    assert done == list(range(1, len(queries) + 1))
    from_file = list(screen_file(index, QUERIES, "name", "country", threshold, bridge=bridge))
    assert _as_dicts(from_file) == expected


def test_small_batches_stay_in_process(fixture_index: tuple[ScreeningIndex, NameBridge]) -> None:
    index, bridge = fixture_index
    queries = [Query("Example Semiconductor"), Query("Acme Widgets")]
    results = list(screen_queries(index, queries, bridge=bridge, workers=2))
    assert [bool(hits) for _, hits in results] == [True, False]


def test_bad_worker_count_is_refused(fixture_index: tuple[ScreeningIndex, NameBridge]) -> None:
    index, _ = fixture_index
    with pytest.raises(InvalidArgument):
        list(screen_queries(index, [Query("x")], workers=0))


def test_index_travels_to_a_worker_intact(
    fixture_index: tuple[ScreeningIndex, NameBridge],
) -> None:
    index, bridge = fixture_index
    copy = pickle.loads(pickle.dumps(index))
    assert copy.names == index.names and dict(copy.postings) == dict(index.postings)
    query = Query("示例半导体有限公司")
    assert screen(copy, query, bridge=bridge) == screen(index, query, bridge=bridge)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("华为技术有限公司", "Huawei Technologies Co., Ltd."),
        ("HIKVISION", "Hangzhou Hik-Vision Digital Technology Co., Ltd."),
        ("Technology Institute", "Harbin Institute of Technology"),
        ("中国电信", "China United Telecommunications Corporation"),
        ("Zhongxin Guoji", "Semiconductor Manufacturing International Corporation"),
        ("", "Huawei"),
    ],
)
def test_fast_score_is_the_explained_score(query: str, listed: str) -> None:
    q, c = analyse(query), analyse(listed)
    explained = score_names(q, c).score
    assert name_score(q, c) == explained
    for floor in (0.3, 0.5, 0.8, 0.95):
        assert name_score(q, c, floor) == (explained if explained >= floor else None)


def test_real_list_batch_in_a_pool_equals_one_at_a_time(fresh_store: Path) -> None:
    """Several hundred real list names and variants of them, against the real 2023 snapshot."""
    csl = shared_dataset("us-csl-watchman", "csl_2023.csv")
    index, bridge = _store_index(fresh_store, csl, dt.date(2023, 11, 30))
    rng = random.Random(20231130)
    aliases = rng.sample([n.alias for n in index.names], 150)
    queries = [Query(a) for a in aliases]
    queries += [Query(a.lower().replace(",", ""), "CN") for a in aliases]
    queries += [Query(" ".join(reversed(a.split())), "RU") for a in aliases]
    queries += [Query(r[2]) for r in _bridge_rows(fresh_store)]
    expected = _one_at_a_time(index, bridge, queries, 0.8)
    pooled = list(screen_queries(index, queries, 0.8, 5, None, bridge, workers=2, parallel_min=1))
    assert _as_dicts(pooled) == expected


def _bridge_rows(db: Path) -> list[tuple[str, str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT org_id, lang, name FROM organisation_names WHERE lang IN ('zh', 'abbr')"
            " ORDER BY org_id, rowid LIMIT 150"
        ).fetchall()
        return [(str(a), str(b), str(c)) for a, b, c in rows]
    finally:
        con.close()


def test_cli_workers_give_the_same_hits_file(fresh_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(fresh_store)]
    runner.invoke(app, ["import", "csl", str(FIXTURES / "csl" / "snapshot_v1.csv"), *db])
    rows = QUERIES.read_text(encoding="utf-8").splitlines()
    suppliers = tmp_path / "suppliers.csv"  # enough rows for the pool (PARALLEL_MIN)
    suppliers.write_text("\n".join([rows[0], *rows[1:] * 45]) + "\n", encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"hits_{workers}.csv"
        args = ["screen", str(suppliers), "--country-column", "country", "--out", str(out)]
        result = runner.invoke(app, [*args, "--workers", workers, *db])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 45 * 8


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("name\n华为技术有限公司\n".encode("gbk"))
    with pytest.raises(InvalidArgument, match="row 2: not UTF-8 text"):
        list(read_queries(path, "name"))
