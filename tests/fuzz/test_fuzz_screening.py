"""Screening input files (`techbloc screen FILE.csv`), generated and damaged: every row is
screened, or the file is refused with an InvalidArgument naming the problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techbloc.errors import InvalidArgument
from techbloc.ingest.lists import import_list_path
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from tests.fuzz.conftest import Stores, tally
from tests.fuzz.csv_files import SCREEN_COLUMNS, csv_file
from tests.fuzz.settings import FUZZ

CSL = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "snapshot_v1.csv"


@pytest.fixture(scope="module")
def screening(stores: Stores) -> Iterator[tuple[ScreeningIndex, NameBridge]]:
    """The index and name bridge over a store holding the CSL fixture."""
    con = stores.connection()
    import_list_path(con, CSL, str(CSL), "csl", dt.date(2024, 1, 1))
    yield ScreeningIndex.from_store(con), NameBridge.from_store(con)


@FUZZ
@given(data=csv_file(SCREEN_COLUMNS, max_rows=20), country=st.sampled_from([None, "country"]))
def test_screening_file(
    stores: Stores, screening: tuple[ScreeningIndex, NameBridge], data: bytes, country: str | None
) -> None:
    from techbloc.matching.batch import screen_file

    tally("screen-csv")
    index, bridge = screening
    path = stores.file(data, "suppliers.csv")
    try:
        results = list(screen_file(index, path, "name", country, bridge=bridge))
    except InvalidArgument as exc:
        assert exc.message.strip()
        return
    for query, hits in results:
        assert query.text.strip() and query.row >= 2
        assert all(0.0 <= hit.score <= 1.0 for hit in hits)
