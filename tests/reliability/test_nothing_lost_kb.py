"""Knowledge-base files mixing good records with bad ones (and a file that is not YAML text at
all): every good record loads, every bad one is a problem naming its file and field, and the
store refuses the knowledge base as a whole and stays unchanged (the data are curated: nothing
is built by halves)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from techbloc.errors import StoreError
from techbloc.kb.loader import load_kb
from techbloc.kb.validate import validate_kb
from techbloc.store.build import build_store
from tests.kbfactory import base_kb, write_kb
from tests.reliability.digests import digests

TODAY = dt.date(2026, 11, 23)


def test_good_records_load_bad_ones_are_named(tmp_path: Path, fixture_kb_root: Path) -> None:
    files = base_kb()
    measures = files["measures/2022.yaml"]["measures"]
    measures.append({**measures[0], "id": "no-date", "date": "2022-13-45"})
    measures.append({**measures[0], "id": "bad-severity", "severity": "very"})
    measures.append("just a string")
    root = write_kb(tmp_path / "bent", files)
    (root / "alliances" / "gbk.yaml").write_bytes("id: gbk\nname: {zh: 瓦森纳}\n".encode("gbk"))
    (root / "alliances" / "deep.yaml").write_bytes(b"[" * 3000)
    kb = load_kb(root)
    assert set(kb.measures) == {"us-2022-rule", "nl-2022-coop"}
    assert set(kb.alliances) == {"testreg", "coop"}
    problems = {(p.file, p.field.split(".")[0], p.code) for p in validate_kb(kb, TODAY)}
    assert {
        ("measures/2022.yaml", "measures[2]", "invalid-field"),
        ("measures/2022.yaml", "measures[3]", "invalid-field"),
        ("measures/2022.yaml", "measures[4]", "invalid-field"),
        ("alliances/gbk.yaml", "-", "yaml-syntax"),
        ("alliances/deep.yaml", "-", "yaml-syntax"),
    } <= problems

    store = tmp_path / "store.duckdb"
    build_store(store, load_kb(fixture_kb_root), today=TODAY)
    before = digests(store)
    with pytest.raises(StoreError, match="problem"):
        build_store(store, kb, today=TODAY)
    assert digests(store) == before
    shutil.rmtree(root)
