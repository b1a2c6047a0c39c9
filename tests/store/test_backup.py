"""Export and restore: a store holding the knowledge base, imported lists (with ownership links),
documents (with their full-text index) and supply shares goes out as Parquet and comes back
table for table; a changed file is caught before anything is written; an existing store is
replaced only with --force, at once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from techbloc.cli.app import app
from techbloc.documents.store import import_documents
from techbloc.errors import InvalidArgument
from techbloc.ingest.lists import import_list_file
from techbloc.ingest.supply import import_supply_source
from techbloc.store.manifest import MANIFEST
from techbloc.workspace import Techbloc
from tests.reliability.digests import digests

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
runner = CliRunner()


@pytest.fixture(scope="module")
def full_store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    """The built-in store with lists, ownership links, documents and supply shares imported."""
    db = tmp_path_factory.mktemp("full") / "store.duckdb"
    db.write_bytes(builtin_db.read_bytes())
    import_list_file(db, str(FIXTURES / "csl" / "snapshot_v1.csv"), "csl", dt.date(2024, 1, 1))
    import_list_file(db, str(FIXTURES / "ftm" / "ownership.ftm.jsonl"), "ftm", dt.date(2024, 2, 1))
    docs = FIXTURES / "documents"
    names = ("zh_notice.txt", "en_news.html", "fr_2022-21658.json", "en_briefing.pdf")
    import_documents(db, [str(docs / n) for n in names])
    import_supply_source(db, str(FIXTURES / "supply" / "shares_percent.csv"))
    return db


def test_round_trip_gives_every_table_back(full_store: Path, tmp_path: Path) -> None:
    with Techbloc.open(full_store) as tb:
        exported = tb.export(tmp_path / "backup")
        searched = tb.search_documents("Wassenaar")
    folder = Path(exported["folder"])
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == "techbloc-store-export" and manifest["fts_index"]
    assert [m["version"] for m in manifest["migrations"]] == sorted(
        m["version"] for m in manifest["migrations"]
    )
    tables = manifest["tables"]
    for name in ("listed_entities", "ownerships", "documents", "supply_shares", "alliances"):
        assert tables[name]["rows"] > 0, name
    assert tables["documents"]["columns"][0] == {"name": "doc_id", "type": "VARCHAR"}

    restored = tmp_path / "restored" / "store.duckdb"
    result = runner.invoke(app, ["restore", str(folder), "--db", str(restored), "--json"])
    assert result.exit_code == 0, result.output
    assert digests(restored) == digests(full_store)
    with Techbloc.open(restored) as tb:
        assert tb.notices == []
        assert tb.search_documents("Wassenaar") == searched  # the index was rebuilt
        assert tb.con.execute("SELECT count(*) FROM document_events").fetchone()  # a view
    # sequences continue: the next import does not reuse an import id
    before = {r[0] for r in duckdb.connect(str(restored), read_only=True).execute(
        "SELECT import_id FROM list_imports").fetchall()}  # fmt: skip
    report = import_list_file(
        restored, str(FIXTURES / "csl" / "snapshot_v2.csv"), "csl", dt.date(2024, 6, 1)
    )
    assert report.import_id is not None and report.import_id > max(before)


def test_a_changed_file_is_named_and_nothing_is_written(full_store: Path, tmp_path: Path) -> None:
    with Techbloc.open(full_store) as tb:
        folder = Path(tb.export(tmp_path / "backup")["folder"])
    target = tmp_path / "target.duckdb"
    target.write_bytes(full_store.read_bytes())
    before = digests(target)
    parquet = folder / "listed_entities.parquet"
    data = bytearray(parquet.read_bytes())
    data[len(data) // 2] ^= 0xFF
    parquet.write_bytes(bytes(data))
    result = runner.invoke(app, ["restore", str(folder), "--db", str(target), "--force"])
    assert result.exit_code == 2
    assert "listed_entities.parquet" in result.output and "SHA-256" in result.output
    assert digests(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup", "target.duckdb"]
    parquet.unlink()
    with pytest.raises(InvalidArgument, match="listed_entities.parquet of table listed_entities"):
        Techbloc.restore(folder, target, force=True)


def test_an_existing_store_is_replaced_only_with_force(full_store: Path, tmp_path: Path) -> None:
    with Techbloc.open(full_store) as tb:
        folder = Path(tb.export(tmp_path / "backup")["folder"])
    target = tmp_path / "target.duckdb"
    con = duckdb.connect(str(target))
    con.execute("CREATE TABLE other (x INTEGER)")
    con.close()
    result = runner.invoke(app, ["restore", str(folder), "--db", str(target)])
    assert (
        result.exit_code == 2 and "already exists" in result.output and "--force" in result.output
    )
    assert list(digests(target)) == ["other"]
    replaced = Techbloc.restore(folder, target, force=True)
    assert replaced["replaced"] is True
    assert digests(target) == digests(full_store)
    assert not Path(f"{target}.wal").exists()


def test_export_refuses_a_folder_in_use_and_restore_a_folder_without_manifest(
    full_store: Path, tmp_path: Path
) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["export", "--out", str(busy), "--db", str(full_store)])
    assert result.exit_code == 2 and "not an empty folder" in result.output
    result = runner.invoke(app, ["restore", str(busy), "--db", str(tmp_path / "new.duckdb")])
    assert result.exit_code == 2 and "not a techbloc export" in result.output
    assert not (tmp_path / "new.duckdb").exists()
