"""The importer on files large enough for DuckDB to read them in parallel: every row keeps its line
number, rows the reader rejects shift the later ones; and the synthetic GDELT export files of
the benchmark are in GDELT's layout and import with their bad rows quarantined."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from techbloc.ingest.gdelt.importer import import_gdelt
from techbloc.scale.synthetic_events import cameo_countries
from techbloc.scale.synthetic_export import BAD_VALUES, write_export

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gdelt"
ROWS = 120_000
FIRST_ID = 2_000_000_000
PAD = "-".join(["long-slug-words"] * 20)


def _large_file(path: Path) -> dict[int, str]:
    """ROWS lines of ~600 bytes (over 60 MB, several of DuckDB's 32 MB read buffers), event id =
    FIRST_ID + line; four lines broken on purpose. Returns the broken lines' expected reasons."""
    template = (FIXTURES / "20230128000000.export.CSV").read_bytes().splitlines()[3].split(b"\t")
    broken = {
        40_001: "not valid UTF-8 text",
        70_001: "wrong column count: more fields than the layout has (+4 read)",
        99_999: "outside 1…4",
        110_000: "wrong column count: 59 fields, expected 61",
    }
    with path.open("wb") as out:
        for line in range(1, ROWS + 1):
            fields = list(template)
            fields[0] = str(FIRST_ID + line).encode()
            fields[60] = f"https://news.example.com/world/{PAD}-{line}".encode()
            if line == 40_001:
                fields[6] = b"BAD \xff NAME"
            elif line == 70_001:
                fields += [b"x"] * 10
            elif line == 99_999:
                fields[29] = b"7"
            elif line == 110_000:
                fields = fields[:59]
            out.write(b"\t".join(fields) + b"\n")
    return broken


def test_row_numbers_hold_in_a_file_read_in_parallel(fresh_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "20250101000000.export.CSV"
    broken = _large_file(path)
    assert path.stat().st_size > 64 * 2**20
    report = import_gdelt(fresh_store, [str(path)])
    assert [(f.rows_read, f.rows_kept, f.rows_rejected) for f in report.files] == [
        (ROWS, ROWS - 4, 4)
    ]
    con = duckdb.connect(str(fresh_store), read_only=True)
    try:
        off = con.execute(
            f"SELECT count(*) FROM news_events WHERE source_row <> global_event_id - {FIRST_ID}"
        ).fetchone()
        assert off == (0,)
        got = dict(con.execute("SELECT source_row, reason FROM news_quarantine").fetchall())
        assert got == broken
    finally:
        con.close()


@pytest.fixture(scope="module")
def export_inputs(builtin_con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    actors = builtin_con.execute(
        "SELECT iso3, upper(name_en) FROM actors WHERE iso3 IS NOT NULL"
    ).fetchall()
    keywords = sorted(
        {k for (ks,) in builtin_con.execute("SELECT keywords_en FROM domains").fetchall()
         for k in ks or []}
    )  # fmt: skip
    return {
        "countries": cameo_countries([str(a[0]) for a in actors]),
        "names": {str(a[0]): str(a[1]) for a in actors},
        "keywords": keywords,
    }


def test_synthetic_export_files_are_gdelt_files(
    fresh_store: Path, tmp_path: Path, export_inputs: dict[str, object]
) -> None:
    path = tmp_path / "20250101000000.export.CSV"
    cameo = {f"{root:02d}0": 0.0 for root in range(1, 21)}  # one code per root: layout only
    write_export(
        path, 3_000, export_inputs["countries"], ["semiconductor-equipment", "quantum"],  # type: ignore[arg-type]
        cameo, export_inputs["names"], {"USA": "US", "CHN": "CH"},  # type: ignore[arg-type]
        export_inputs["keywords"], seed=7, bad_every=100,  # type: ignore[arg-type]
    )  # fmt: skip
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3_000 and {line.count("\t") for line in lines} == {60}
    report = import_gdelt(fresh_store, [str(path)])
    assert [(f.rows_kept, f.rows_rejected) for f in report.files] == [(2_970, 30)]
    assert report.urls_tagged > 0
    con = duckdb.connect(str(fresh_store), read_only=True)
    try:
        fields = con.execute(
            "SELECT field, count(*) FROM news_quarantine GROUP BY field ORDER BY field"
        ).fetchall()
        assert {f for f, _ in fields} == {name for name, _ in BAD_VALUES}
        assert sum(n for _, n in fields) == 30
        assert (
            con.execute(
                "SELECT count(*) FROM news_events WHERE action_geo_actor_code = 'CN'"
            ).fetchone()
            == con.execute(
                "SELECT count(*) FROM news_events WHERE actor2_country_code = 'CHN'"
            ).fetchone()
        )
    finally:
        con.close()
