"""`import_gdelt` on the hand-made GDELT 2.0 files of tests/fixtures/gdelt (see its README): what
lands, what is quarantined and why, the country codes, the domain tags, idempotence, and an
interrupted run leaving the store as it was."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techbloc.errors import InvalidArgument, NotFound
from techbloc.ingest.gdelt.importer import GdeltImportReport, import_gdelt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gdelt"
EXPORT = FIXTURES / "20230128000000.export.CSV"
ZIPPED = FIXTURES / "20230129000000.export.CSV.zip"
HEADER = FIXTURES / "gdelt_events_with_header.csv"
MENTIONS = FIXTURES / "20230128000000.mentions.CSV"
TABLES = ("news_events", "news_mentions", "news_quarantine", "news_imports")


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory, builtin_db: Path
) -> Iterator[tuple[GdeltImportReport, duckdb.DuckDBPyConnection]]:
    path = tmp_path_factory.mktemp("gdelt") / "store.duckdb"
    shutil.copyfile(builtin_db, path)
    report = import_gdelt(path, [str(FIXTURES)])
    con = duckdb.connect(str(path), read_only=True)
    yield report, con
    con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: rows(con, f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}
    finally:
        con.close()


def test_every_file_is_read_and_counted(imported: tuple[GdeltImportReport, Any]) -> None:
    report, _ = imported
    got = {
        Path(f.location).name: (f.kind, f.layout, f.rows_read, f.rows_kept, f.rows_rejected,
                                f.rows_already_stored)
        for f in report.files
    }  # fmt: skip
    assert got == {
        EXPORT.name: ("events", "gdelt-tab", 22, 10, 12, 0),
        MENTIONS.name: ("mentions", "gdelt-tab", 5, 3, 2, 0),
        ZIPPED.name: ("events", "gdelt-tab", 3, 2, 0, 1),  # 1085000002 came in the first file
        HEADER.name: ("events", "csv-header", 3, 2, 1, 0),
    }
    assert (report.events_added, report.mentions_added, report.rows_rejected) == (14, 3, 15)
    assert all(f.status == "imported" for f in report.files)


QUARANTINE = [
    (EXPORT, 11, "GLOBALEVENTID", "not an integer", "1085000x12"),
    (EXPORT, 12, "SQLDATE", "not a real date YYYYMMDD", "20230231"),
    (EXPORT, 13, "QuadClass", "outside 1…4", "7"),
    (EXPORT, 14, "GoldsteinScale", "outside −10…10", "12.5"),
    (EXPORT, 15, "NumMentions", "negative", "-3"),
    (EXPORT, 16, None, "wrong column count: 60 fields, expected 61", None),
    (EXPORT, 17, "EventRootCode", "not a CAMEO root code 01–20", "1"),
    (EXPORT, 18, "EventBaseCode", "does not begin with its root code 13", "140"),
    (EXPORT, 18, "EventCode", "does not begin with its root code 13", "140"),
    (EXPORT, 19, "GLOBALEVENTID", "duplicate of row 1 of this file", "1085000001"),
    (EXPORT, 20, "EventCode", "missing", ""),
    (EXPORT, 21, "AvgTone", "not a number", "abc"),
    (EXPORT, 21, "QuadClass", "not an integer", "x"),
    (EXPORT, 22, None, "not valid UTF-8 text", None),
    (MENTIONS, 4, "MentionType", "outside 1…6", "9"),
    (MENTIONS, 5, None, "duplicate of row 1 of this file (same event, document, sentence and "
     "offsets)", "1085000002"),
    (HEADER, 4, "SQLDATE", "not a real date YYYYMMDD", "2023013"),
]  # fmt: skip


def test_bad_rows_are_quarantined_with_file_row_field_and_reason(
    imported: tuple[GdeltImportReport, duckdb.DuckDBPyConnection],
) -> None:
    _, con = imported
    got = rows(
        con,
        "SELECT source_location, source_row, field, reason, value FROM news_quarantine "
        "ORDER BY source_location, source_row, field NULLS FIRST",
    )
    expected = sorted(
        ((str(f), r, fld, why, val) for f, r, fld, why, val in QUARANTINE),
        key=lambda q: (q[0], q[1], q[2] or ""),
    )
    assert [q[:4] for q in got] == [q[:4] for q in expected]
    for (*_, value), (*_, want) in zip(got, expected, strict=True):
        if want is not None:
            assert value == want
    whole_row = [v for *_, field, _, v in got if field is None and v and "\t" in v]
    assert all(v.startswith(("1085000017\t", "1085000022\t")) for v in whole_row)


@pytest.mark.parametrize(
    ("event", "code", "base", "root", "quad"),
    [(1085000004, "036", "036", "03", 1), (1085000006, "010", "010", "01", 1),
     (1085000007, "0311", "031", "03", 1), (1085000002, "172", "172", "17", 4)],
)  # fmt: skip
def test_cameo_codes_keep_their_leading_zeros(
    imported: tuple[GdeltImportReport, duckdb.DuckDBPyConnection],
    event: int, code: str, base: str, root: str, quad: int,
) -> None:  # fmt: skip
    _, con = imported
    assert rows(
        con,
        "SELECT event_code, event_base_code, event_root_code, quad_class FROM news_events "
        f"WHERE global_event_id = {event}",
    ) == [(code, base, root, quad)]


@pytest.mark.parametrize(
    ("event", "actor1", "actor2", "action_fips", "action_actor"),
    [
        (1085000001, ("USA", "US"), ("CHN", "CN"), "CH", "CN"),  # FIPS CH is China
        (1085000003, ("JPN", "JP"), ("CHN", "CN"), "CH", "CN"),
        (1085000004, ("USA", "US"), ("JPN", "JP"), "US", "US"),
        (1085000006, ("CHN", "CN"), ("NLD", "NL"), "CH", "CN"),
        (1085000008, ("EUR", None), ("CHN", "CN"), "CH", "CN"),  # Europe: a region
        (1085000009, ("XYZ", None), ("CHN", "CN"), "SZ", "CH"),  # FIPS SZ is Switzerland
        (1085000041, ("KOR", "KR"), ("CHN", "CN"), "CH", "CN"),  # from the header CSV
    ],
)
def test_country_codes_are_kept_and_mapped(
    imported: tuple[GdeltImportReport, duckdb.DuckDBPyConnection],
    event: int, actor1: tuple[str, str | None], actor2: tuple[str, str | None],
    action_fips: str, action_actor: str,
) -> None:  # fmt: skip
    _, con = imported
    assert rows(
        con,
        "SELECT actor1_country_code, actor1_actor_code, actor2_country_code, actor2_actor_code, "
        f"action_geo_country_code, action_geo_actor_code FROM news_events "
        f"WHERE global_event_id = {event}",
    ) == [(*actor1, *actor2, action_fips, action_actor)]


DOMAINS = {
    1085000001: (None, "semiconductors", "url", ["chips"]),
    1085000002: ("semiconductor-equipment", "semiconductors", "url", ["euv", "lithography"]),
    1085000003: ("semiconductor-materials", "semiconductors", "url", ["chipmaking", "photoresist"]),
    1085000004: ("semiconductor-equipment", "semiconductors", "url",
                 ["semiconductor manufacturing equipment"]),
    1085000005: (None, "semiconductors", "url", ["chip"]),
    1085000006: ("semiconductor-manufacturing", "semiconductors", "url", ["dram"]),
    1085000007: ("telecom-5g", "ict", "actor2-name", ["huawei"]),
    1085000008: ("rare-earths-critical-minerals", "materials-energy", "url",
                 ["rare earth magnet"]),
    1085000009: (None, None, None, None),
    1085000010: (None, None, None, None),
    1085000031: ("quantum", "computing-ai", "url", ["quantum computing"]),
    1085000032: (None, None, None, None),
    1085000041: ("semiconductor-manufacturing", "semiconductors", "url", ["hbm", "memory chip"]),
    1085000042: (None, "semiconductors", "url", ["chip"]),
}  # fmt: skip


def test_each_event_gets_its_domain_and_how_it_was_found(
    imported: tuple[GdeltImportReport, duckdb.DuckDBPyConnection],
) -> None:
    report, con = imported
    got = {
        r[0]: (r[1], r[2], r[3], r[4])
        for r in rows(
            con,
            "SELECT global_event_id, domain_id, domain_parent_id, domain_method, domain_terms "
            "FROM news_events",
        )
    }
    assert got == DOMAINS
    assert (report.events_with_leaf_domain, report.events_with_parent_domain_only) == (8, 3)
    assert (report.urls_seen, report.urls_tagged) == (14, 10)


def test_the_header_csv_reads_a_quoted_url_and_leaves_absent_columns_empty(
    imported: tuple[GdeltImportReport, duckdb.DuckDBPyConnection],
) -> None:
    _, con = imported
    assert rows(
        con,
        "SELECT source_url, month_year, actor1_geo_country_code, date_added, source_row "
        "FROM news_events WHERE global_event_id = 1085000041",
    ) == [("https://www.example.kr/news/korea-reviews-hbm-memory-chip-exports,to-china",
           None, None, None, 2)]  # fmt: skip


def test_mentions_key_on_event_document_sentence_and_offsets(
    imported: tuple[GdeltImportReport, duckdb.DuckDBPyConnection],
) -> None:
    _, con = imported
    assert rows(
        con,
        "SELECT sentence_id, actor1_char_offset, actor2_char_offset, in_raw_text, source_row "
        "FROM news_mentions ORDER BY source_row",
    ) == [(1, 12, 80, True, 1), (3, 210, -1, False, 2), (3, -1, 210, False, 3)]


def test_the_view_counts_events_per_day_actors_domain_class_and_root(
    imported: tuple[GdeltImportReport, duckdb.DuckDBPyConnection],
) -> None:
    _, con = imported
    assert rows(
        con,
        "SELECT events, num_mentions, mean_goldstein, mean_avg_tone FROM news_event_counts "
        "WHERE event_date = '2023-01-28' AND actor1_actor_code = 'JP' "
        "AND actor2_actor_code = 'CN' AND domain_id = 'semiconductor-materials'",
    ) == [(1, 9, -5.0, -2.5)]
    totals = rows(con, "SELECT sum(events), sum(num_mentions) FROM news_event_counts")
    assert totals == rows(con, "SELECT count(*), sum(num_mentions) FROM news_events")
    keys = rows(
        con,
        "SELECT count(*) = count(DISTINCT (event_date, actor1_actor_code, actor2_actor_code, "
        "domain_id, domain_parent_id, quad_class, event_root_code)) FROM news_event_counts",
    )
    assert keys == [(True,)]


def test_rerunning_the_same_files_changes_nothing(fresh_store: Path) -> None:
    import_gdelt(fresh_store, [str(FIXTURES)])
    before = snapshot(fresh_store)
    again = import_gdelt(fresh_store, [str(EXPORT), str(FIXTURES)])
    assert again.run_id is None
    assert {f.status for f in again.files} == {"already-imported"}
    assert [f.import_id for f in again.files if Path(f.location) == EXPORT] == [1]
    assert snapshot(fresh_store) == before


def test_a_new_file_with_stored_events_adds_none_of_them(fresh_store: Path, tmp_path: Path) -> None:
    import_gdelt(fresh_store, [str(EXPORT)])
    events = snapshot(fresh_store)["news_events"]
    reordered = tmp_path / "20230128001500.export.CSV"
    lines = EXPORT.read_bytes().splitlines(keepends=True)
    reordered.write_bytes(b"".join(reversed(lines[:10])))
    report = import_gdelt(fresh_store, [str(reordered)])
    assert [(f.rows_read, f.rows_kept, f.rows_already_stored) for f in report.files] == [
        (10, 0, 10)
    ]
    assert snapshot(fresh_store)["news_events"] == events


@pytest.mark.parametrize("stop_at", ["20230129000000.export.CSV.zip", "writing mentions"])
def test_an_interrupted_import_leaves_the_store_as_it_was(fresh_store: Path, stop_at: str) -> None:
    """Interrupted while reading the files, or inside the transaction after the events were
    written (the progress callback is where Ctrl-C reaches the import)."""
    import_gdelt(fresh_store, [str(HEADER)])
    before = snapshot(fresh_store)
    seen: list[str] = []

    def progress(done: int, total: int, what: str) -> None:
        seen.append(what)
        if what == stop_at:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_gdelt(fresh_store, [str(FIXTURES)], progress)
    assert stop_at in seen
    if stop_at == "writing mentions":
        assert "writing events" in seen
    assert snapshot(fresh_store) == before
    done = import_gdelt(fresh_store, [str(FIXTURES)])  # and it can be run again
    assert done.events_added == 12  # the header file's 2 events were stored before


def test_a_file_that_fails_mid_run_changes_nothing(fresh_store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.export.CSV.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    before = snapshot(fresh_store)
    with pytest.raises(InvalidArgument, match="not a readable zip"):
        import_gdelt(fresh_store, [str(EXPORT), str(bad)])
    assert snapshot(fresh_store) == before


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("20230128000000.gkg.csv", "x\ty\n", "Global Knowledge Graph"),
        ("events.csv", "\t".join(["1"] * 58) + "\n", "cannot tell whether"),
        ("events.tsv", "GLOBALEVENTID\tSQLDATE\tEventCode\n1\t20230101\t010\n",
         "lacks the events columns EventRootCode, QuadClass, GoldsteinScale, NumMentions"),
        ("odd.csv", "globaleventid,foo\n1,2\n", "neither SQLDATE"),
        ("twice.csv", "GLOBALEVENTID,SQLDATE,sqldate\n", "names SQLDATE twice"),
    ],
)  # fmt: skip
def test_files_that_are_not_gdelt_events_or_mentions_get_a_clear_error(
    fresh_store: Path, tmp_path: Path, name: str, content: str, message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message):
        import_gdelt(fresh_store, [str(_write(tmp_path / name, content))])


def test_a_zip_must_hold_one_file_and_paths_must_exist(fresh_store: Path, tmp_path: Path) -> None:
    two = tmp_path / "two.export.CSV.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.export.CSV", "")
        archive.writestr("b.export.CSV", "")
    with pytest.raises(InvalidArgument, match="holds 2"):
        import_gdelt(fresh_store, [str(two)])
    with pytest.raises(NotFound, match="no such file or folder"):
        import_gdelt(fresh_store, [str(tmp_path / "missing.export.CSV")])
    with pytest.raises(NotFound, match="no GDELT files found"):
        import_gdelt(fresh_store, [str((tmp_path / "empty").mkdir() or tmp_path / "empty")])


def test_an_empty_file_named_as_gdelt_imports_no_rows(fresh_store: Path, tmp_path: Path) -> None:
    report = import_gdelt(fresh_store, [str(_write(tmp_path / "x.mentions.CSV", ""))])
    assert [(f.kind, f.rows_read, f.rows_kept) for f in report.files] == [("mentions", 0, 0)]


def test_windows_line_ends_and_a_byte_order_mark_are_read(
    fresh_store: Path, tmp_path: Path
) -> None:
    text = HEADER.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "events_crlf.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = import_gdelt(fresh_store, [str(path)])
    assert [(f.layout, f.rows_kept, f.rows_rejected) for f in report.files] == [
        ("csv-header", 2, 1)
    ]
    con = duckdb.connect(str(fresh_store), read_only=True)
    try:
        urls = rows(con, "SELECT source_url FROM news_events ORDER BY global_event_id")
    finally:
        con.close()
    assert [u for (u,) in urls] == [
        "https://www.example.kr/news/korea-reviews-hbm-memory-chip-exports,to-china",
        "https://www.example.com/politics/us-dutch-talks-on-chip-equipment",
    ]


def test_a_folder_is_read_for_csv_tsv_and_zip_files_only(fresh_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "gdelt"
    (folder / "day").mkdir(parents=True)
    shutil.copyfile(ZIPPED, folder / "day" / ZIPPED.name)
    shutil.copyfile(HEADER, folder / HEADER.name)
    _write(folder / "README.txt", "notes about these files\n")
    _write(folder / ".hidden.csv", "not read\n")
    report = import_gdelt(fresh_store, [str(folder)])
    assert sorted(Path(f.location).name for f in report.files) == sorted([ZIPPED.name, HEADER.name])
