"""The declared GDELT layouts against GDELT's own field lists (the shared snapshot of the codebook
tables), the store's tables against the layouts, and the real GDELT 2.0 mentions sample."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from techbloc.ingest.gdelt.importer import import_gdelt
from techbloc.ingest.gdelt.layout import EVENT_COLUMNS, LAYOUTS, MENTION_COLUMNS, FileKind
from tests.shared_data import shared_dataset

SCHEMAS: dict[FileKind, str] = {
    "events": "gdelt2_events_schema.csv",
    "mentions": "gdelt2_mentions_schema.csv",
}
GDELT_TYPES = {"INTEGER": {"int", "bigint", "date8", "ts14", "flag"}, "FLOAT": {"float"},
               "STRING": {"text", "code"}}  # fmt: skip


@pytest.mark.parametrize("kind", ["events", "mentions"])
def test_the_layout_has_gdelts_columns_in_gdelts_order(kind: FileKind) -> None:
    path = shared_dataset("gdelt-reference", SCHEMAS[kind])
    with path.open(encoding="utf-8", newline="") as handle:
        fields = [(r["name"], r["type"]) for r in csv.DictReader(handle)]
    assert [c.gdelt for c in LAYOUTS[kind]] == [name for name, _ in fields]
    for column, (_, gdelt_type) in zip(LAYOUTS[kind], fields, strict=True):
        assert column.kind in GDELT_TYPES[gdelt_type], column.gdelt
    assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16


@pytest.mark.parametrize(("kind", "table"), [("events", "news_events"),
                                             ("mentions", "news_mentions")])  # fmt: skip
def test_the_store_tables_hold_the_layouts_columns(
    builtin_con: duckdb.DuckDBPyConnection, kind: FileKind, table: str
) -> None:
    stored = builtin_con.execute(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        f"WHERE table_name = '{table}' ORDER BY ordinal_position"
    ).fetchall()
    layout = LAYOUTS[kind]
    assert [(n, t) for n, t, _ in stored[: len(layout)]] == [(c.store, c.sql_type) for c in layout]
    required = {n for n, _, nullable in stored[: len(layout)] if nullable == "NO"}
    assert required == {c.store for c in layout if c.required}


def test_the_real_mentions_sample_imports_whole(fresh_store: Path, tmp_path: Path) -> None:
    """GDELT 2.0 mentions of 2017-07-01 23:45 as gdeltPyR saved them: comma-separated, a
    lower-case header, quoted URLs with commas, an empty Extras column."""
    sample = shared_dataset("gdelt-reference", "gdelt2_mentions_sample_2017-07-01.csv")
    copy = tmp_path / sample.name
    shutil.copyfile(sample, copy)
    report = import_gdelt(fresh_store, [str(copy)])
    assert [(f.kind, f.layout, f.rows_read, f.rows_kept, f.rows_rejected)
            for f in report.files] == [("mentions", "csv-header", 1635, 1635, 0)]  # fmt: skip
    con = duckdb.connect(str(fresh_store), read_only=True)
    try:
        assert con.execute(
            "SELECT count(DISTINCT global_event_id), min(mention_time_date), "
            "max(mention_time_date), count(extras), count(*) FILTER (WHERE in_raw_text) "
            "FROM news_mentions"
        ).fetchone() == (
            con.execute(
                "SELECT count(DISTINCT globaleventid) FROM read_csv(?, header=true)", [str(sample)]
            ).fetchone()[0],  # fmt: skip
            dt.datetime(2017, 7, 1, 23, 45),
            dt.datetime(2017, 7, 1, 23, 45),
            0,
            con.execute(
                "SELECT count(*) FILTER (WHERE inrawtext = 1) FROM read_csv(?, header=true)",
                [str(sample)],
            ).fetchone()[0],  # fmt: skip
        )
        quoted = con.execute(
            "SELECT source_row, sentence_id FROM news_mentions WHERE mention_identifier = "
            "'http://jmonline.com.br/novo/?noticias,6,POL%CDTICA,142000' ORDER BY source_row"
        ).fetchall()
        assert quoted == [(163, 6), (310, 6), (860, 6), (861, 6)]  # lines as grep -n gives them
    finally:
        con.close()
