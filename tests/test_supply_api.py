"""The Python API answers the supply questions as the CLI does, as plain dicts and lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from techbloc import Techbloc
from techbloc.errors import InvalidArgument, NotFound
from techbloc.ingest.supply import import_supply_source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "supply"


def test_supply_questions(fresh_store: Path) -> None:
    with Techbloc.open(fresh_store) as tb, pytest.raises(NotFound, match="no supply-chain"):
        tb.chokepoints()
    import_supply_source(fresh_store, str(FIXTURES / "shares_percent.csv"))
    with Techbloc.open(fresh_store) as tb:
        top = tb.chokepoints(at="2024-06-01", coalition="US,JP,NL", top=2)
        assert [(r["input_id"], r["rank"]) for r in top] == [("over-input", 1), ("euv-scanners", 2)]
        assert top[1]["chokepoint_score"] == pytest.approx(0.96 * 0.99)
        report = tb.backups("photoresist x", at="2024-06-01", coalition="us-japan-netherlands-sme")
        assert [(b["supplier"], b["share_pct"]) for b in report["backups"]] == [
            ("DE", 10.0), ("KR", 10.0)
        ]  # fmt: skip
        older = tb.backups("photoresist-x", at="2024-06-01", coalition="US,JP,NL", year=2021)
        assert (older["input"]["data_year"], older["backups"]) == (2020, [])
        groups = tb.exposure(by="stage", at="2024-06-01", coalition="blockade", focal="cn")
        assert [(g["group"], g["inputs"], g["focal"]) for g in groups] == [("unknown", 4, "CN")]
        series = tb.exposure_series([2023, 2024], coalition="us-japan-netherlands-sme")
        assert [g["as_of_year"] for g in series] == [2023, 2024]
        with pytest.raises(NotFound, match="has no shares in the store up to 2019"):
            tb.backups("euv-scanners", year=2019)
        with pytest.raises(InvalidArgument, match="unknown stage"):
            tb.chokepoints(stage="Design")
