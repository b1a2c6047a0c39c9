"""The Python API gives the same answers as the CLI."""

from __future__ import annotations

from pathlib import Path

from techbloc import Techbloc


def test_python_api(builtin_db: Path) -> None:
    with Techbloc.open(builtin_db) as tb:
        assert tb.notices == []
        blockade_1990 = {a["alliance_id"] for a in tb.alliances(at="1990-01-01", kind="blockade")}
        assert "cocom" in blockade_1990
        semis = {a["alliance_id"] for a in tb.alliances(at="2023-09-01", domain="semiconductors")}
        assert {"wassenaar", "us-japan-netherlands-sme"} <= semis
        assert tb.alliance("奥库斯")["alliance_id"] == "aukus"
        assert tb.country("Japan")["actor_code"] == "JP"
        assert len(tb.measures(limit=5)) == 5
        assert tb.stats()["alliances"] >= 30
