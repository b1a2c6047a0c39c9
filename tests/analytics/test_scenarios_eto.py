"""Priorities and scenarios on the built-in store with the real ETO supply-chain folder (read from
../shared/datasets, never copied here)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from techbloc.ingest.supply import import_supply_source
from techbloc.workspace import Techbloc
from tests.shared_data import shared_dataset

AT = "2026-11-23"


@pytest.fixture(scope="module")
def eto_store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    folder = shared_dataset("eto-chip-explorer")
    db = tmp_path_factory.mktemp("eto-scenarios") / "store.duckdb"
    db.write_bytes(builtin_db.read_bytes())
    import_supply_source(db, str(folder))
    return db


def test_leaving_nl_frees_euv_lithography(eto_store: Path) -> None:
    digest = hashlib.sha256(eto_store.read_bytes()).hexdigest()
    with Techbloc.open(eto_store) as tb:
        result = tb.scenario(
            [("leave", {"country": "荷兰", "alliance": "us-japan-netherlands-sme"})],
            at=AT, coalition="us-japan-netherlands-sme",
        )  # fmt: skip
    euv = next(r for r in result["inputs"] if r["input_id"] == "N20")
    assert euv["input_name"] == "EUV lithography tools"
    assert (euv["before"]["coalition_share_pct"], euv["after"]["coalition_share_pct"]) == (
        100.0, 0.0,
    )  # fmt: skip
    assert euv["before"]["backups"] == [] and euv["after"]["backups"][0] == "NL"
    assert euv["before"]["no_backup"] and not euv["after"]["no_backup"]
    assert "N20" in result["cut_off"]["relieved"]
    assert result["coalition"]["left"] == ["NL"] and result["coalition"]["after"] == ["JP", "US"]
    equipment = next(r for r in result["exposure"] if r["group"] == "semiconductor-equipment")
    assert equipment["delta_mean_chokepoint_score"] < 0
    moved = {r["domain_id"] for r in result["pressure"] if abs(r["delta"]) > 1e-12}
    # only the measures taken in the SME deal lose NL's breadth: equipment and manufacturing
    assert moved <= {"semiconductor-equipment", "semiconductor-manufacturing"}
    assert hashlib.sha256(eto_store.read_bytes()).hexdigest() == digest


def test_priorities_with_real_shares(eto_store: Path) -> None:
    with Techbloc.open(eto_store) as tb:
        result = tb.priorities(at=AT, top=5, sensitivity=True, samples=200)
    assert len(result["rows"]) == 5 and result["domains"] == 27
    scored = {r["domain_id"] for r in result["rows"] if r["criteria"]["exposure"] is not None}
    assert "semiconductor-equipment" in scored
    assert len(result["missing"]["exposure"]) == 24  # ETO maps leaf inputs to 3 leaf domains
    assert any("semiconductor-manufacturing" in n for n in result["notes"])
    assert len(result["sensitivity"]["domains"]) == 27
