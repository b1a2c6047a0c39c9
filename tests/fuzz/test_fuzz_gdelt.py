"""GDELT 2.0 event and mention files, generated and damaged (``gdelt_files.py``). Read (found,
described, staged): every line read is accounted for once — a staged row or a reader rejection
— with its line number, and every problem has a reason; or a techbloc error refuses the file as a
whole. Imported into a store: only a report whose counts add up and match the stored rows and the
quarantine, or a techbloc error."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from techbloc.errors import TechblocError
from techbloc.ingest.gdelt.files import describe, readable_copy
from techbloc.ingest.gdelt.importer import GdeltImportReport, import_gdelt_into
from techbloc.ingest.gdelt.stage import create_stage_tables, mend_file, stage_file
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.damage import damaged
from tests.fuzz.gdelt_files import gdelt_file
from tests.fuzz.settings import FUZZ, FUZZ_STORE, fuzz_test

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gdelt"
SEEDS = sorted(p for p in FIXTURES.iterdir() if p.name.lower().endswith((".csv", ".zip")))


@pytest.fixture(scope="module")
def scratch() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory database: staging writes temporary tables only."""
    con = duckdb.connect()
    yield con
    con.close()


def read_bytes(stores: Stores, con: duckdb.DuckDBPyConnection, data: bytes, name: str) -> None:
    """Stage ``data`` as the file ``name``; check that every line read is accounted for."""
    tally("gdelt")
    path = stores.file(data, name)
    create_stage_tables(con)
    workdir = Path(tempfile.mkdtemp(dir=path.parent))
    try:
        file = mend_file(describe(path, readable_copy(path, workdir)), workdir)
        staged = stage_file(con, file, 1, "0" * 64)
    except TechblocError:
        return
    found = con.execute(
        f"SELECT source_row FROM gdelt_stage_{file.kind} UNION ALL "
        "SELECT source_row FROM gdelt_stage_rejects"
    ).fetchall()
    numbers = [int(r[0]) for r in found]
    assert len(numbers) == staged.rows_read == len(set(numbers)), numbers
    first = 2 if file.has_header else 1
    lines = file.readable.read_bytes().count(b"\n") + 1  # the file as read: LF line breaks only
    assert all(first <= n <= lines for n in numbers), (numbers, lines)
    problems = con.execute(
        f"SELECT p.reason FROM (SELECT unnest(problems) AS p FROM gdelt_stage_{file.kind}) "
        "UNION ALL SELECT reason FROM gdelt_stage_rejects"
    ).fetchall()
    assert all(reason and str(reason).strip() for (reason,) in problems), problems


def import_bytes(stores: Stores, files: list[tuple[bytes, str]]) -> None:
    """Import the files in one run into a store; check the report against the store."""
    tally("gdelt (import)")
    paths = [stores.file(data, name) for data, name in files]
    con = stores.connection()
    try:
        report = import_gdelt_into(con, paths)
    except TechblocError:
        return
    check_report(con, report)


def check_report(con: duckdb.DuckDBPyConnection, report: GdeltImportReport) -> None:
    for f in report.files:
        if f.status == "already-imported":
            continue
        assert f.rows_read == f.rows_kept + f.rows_rejected + f.rows_already_stored, f
        table = "news_events" if f.kind == "events" else "news_mentions"
        kept, quarantined, reasons = con.execute(
            f"SELECT (SELECT count(*) FROM {table} WHERE import_id = $1), "
            "(SELECT count(DISTINCT source_row) FROM news_quarantine WHERE import_id = $1), "
            "(SELECT count(*) FROM news_quarantine WHERE import_id = $1 "
            "AND coalesce(trim(reason), '') = '')",
            [f.import_id],
        ).fetchone() or (None, None, None)
        assert (kept, quarantined, reasons) == (f.rows_kept, f.rows_rejected, 0), f


@st.composite
def damaged_fixture(draw: st.DrawFn) -> tuple[bytes, str]:
    """A hand-made fixture (tests/fixtures/gdelt), damaged."""
    seed = draw(st.sampled_from(SEEDS))
    return draw(damaged(seed.read_bytes(), 4)), seed.name


def _reads(title: str, strategy: st.SearchStrategy[tuple[bytes, str]]):  # type: ignore[no-untyped-def]
    def test(stores: Stores, scratch: duckdb.DuckDBPyConnection, found: tuple[bytes, str]) -> None:
        """GDELT files read by the reader."""
        read_bytes(stores, scratch, *found)

    return fuzz_test(test, title, FUZZ, found=strategy)


test_gdelt_reads = _reads("test_gdelt_reads", gdelt_file())
test_gdelt_damaged_fixtures_read = _reads("test_gdelt_damaged_fixtures_read", damaged_fixture())


@FUZZ_STORE
@given(files=st.lists(st.one_of(gdelt_file(), damaged_fixture()), min_size=1, max_size=3))
def test_gdelt_imports(stores: Stores, files: list[tuple[bytes, str]]) -> None:
    """One to three files in one run (ids shared between them: duplicates across files)."""
    import_bytes(stores, files)
