"""Building the store: idempotent, atomic, versioned, and refused on an invalid knowledge base."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from techbloc.errors import StoreError
from techbloc.kb.loader import load_kb
from techbloc.store import build as build_module
from techbloc.store.build import KB_TABLES, build_store
from techbloc.store.connection import open_store
from techbloc.store.schema import LATEST_VERSION, current_version, migrations
from tests.kbfactory import base_kb, write_kb

TODAY = dt.date(2026, 11, 23)


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: sorted(map(tuple, con.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in KB_TABLES
        }
    finally:
        con.close()


def test_build_then_rebuild_changes_nothing(tmp_path: Path, fixture_kb_root: Path) -> None:
    db = tmp_path / "s.duckdb"
    kb = load_kb(fixture_kb_root)
    first = build_store(db, kb, today=TODAY)
    before = snapshot(db)
    second = build_store(db, kb, today=TODAY)
    forced = build_store(db, kb, force=True, today=TODAY)
    assert (first.status, second.status, forced.status) == ("created", "unchanged", "updated")
    assert first.row_counts == second.row_counts == forced.row_counts
    assert snapshot(db) == before
    assert first.row_counts["alliances"] == 2 and first.row_counts["memberships"] == 6


def test_schema_version_is_recorded(tmp_path: Path, fixture_kb_root: Path) -> None:
    db = tmp_path / "s.duckdb"
    report = build_store(db, load_kb(fixture_kb_root), today=TODAY)
    assert report.migrations_applied == [f"{m.version:04d}_{m.name}" for m in migrations()]
    assert report.migrations_applied[0] == "0001_knowledge_base"
    con = duckdb.connect(str(db))
    assert current_version(con) == LATEST_VERSION
    con.close()


def test_invalid_kb_leaves_the_store_as_it_was(tmp_path: Path, fixture_kb_root: Path) -> None:
    db = tmp_path / "s.duckdb"
    build_store(db, load_kb(fixture_kb_root), today=TODAY)
    before = snapshot(db)
    files = base_kb()
    files["measures/2022.yaml"]["measures"][0]["actor"] = "XX"
    bad = load_kb(write_kb(tmp_path / "bad", files))
    with pytest.raises(StoreError, match="1 problem") as info:
        build_store(db, bad, today=TODAY)
    assert info.value.hint and "kb validate" in info.value.hint
    assert snapshot(db) == before


def test_interrupted_build_rolls_back(
    tmp_path: Path, fixture_kb_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.duckdb"
    build_store(db, load_kb(fixture_kb_root), today=TODAY)
    before = snapshot(db)
    real_rows = build_module.kb_rows

    def rows_breaking_late(kb: object) -> dict[str, list[tuple[object, ...]]]:
        rows = real_rows(kb)  # type: ignore[arg-type]
        rows["measures"].append(rows["measures"][0])  # duplicate primary key: fails mid-load
        return rows

    monkeypatch.setattr(build_module, "kb_rows", rows_breaking_late)
    with pytest.raises(duckdb.ConstraintException):
        build_store(db, load_kb(fixture_kb_root), force=True, today=TODAY)
    assert snapshot(db) == before


def test_store_from_a_newer_techbloc_is_refused(tmp_path: Path, fixture_kb_root: Path) -> None:
    db = tmp_path / "s.duckdb"
    build_store(db, load_kb(fixture_kb_root), today=TODAY)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(db)


def test_open_builds_a_missing_store(tmp_path: Path) -> None:
    db = tmp_path / "new" / "techbloc.duckdb"
    opened = open_store(db)
    try:
        assert db.exists()
        assert any("built the store" in n for n in opened.notices)
    finally:
        opened.con.close()
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "absent.duckdb", build_if_missing=False)


def test_refused_build_leaves_no_file_behind(tmp_path: Path) -> None:
    files = base_kb()
    files["measures/2022.yaml"]["measures"][0]["actor"] = "XX"
    db = tmp_path / "never.duckdb"
    with pytest.raises(StoreError):
        build_store(db, load_kb(write_kb(tmp_path / "bad", files)), today=TODAY)
    assert not db.exists()
