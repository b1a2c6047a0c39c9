"""A fixture knowledge base and supply shares whose priorities can be worked out by hand.

Actors US, CN, NL, JP, KR (and NO, SU of tests/kbfactory.py). GDP 2024 (US$ 10^12, made-up round
figures): US 6, NL 2, JP 2, CN 10 — no world total, so a group's share is over the sum, 20: US 0.3,
NL 0.1, JP 0.1, US+NL 0.4, US+JP+NL 0.5.

Leaf domains: semiconductor-equipment and semiconductor-design (parent semiconductors; both on the
CET list), quantum (CET), rare-earths (no CET category). Alliances on AT = 2025-06-30: chipreg
(blockade, from 2023: US, JP, NL; field semiconductors), coop (cooperation, from 2020-05: US, NL;
quantum), equipclub (cooperation, from 2021: US, JP; semiconductor-equipment and quantum),
mineralsplan (a proposal on rare-earths: not counted), testreg (dissolved in 2010).

Measures, all dated AT (decay 1), against CN:
us-equip (US, 5, equipment) 5 × 0.3 = 1.5; us-parent (US, 2, semiconductors, every destination)
2 × 0.3 = 0.6 on each leaf; nl-quantum (NL in coop, 4, quantum) 4 × 0.4 = 1.6; us-quantum-relief
(US, relaxing 1, quantum) −0.3. Pressure: equipment 2.1, design 0.6, quantum 1.3, rare-earths 0.

Shares 2024 (tests/fixtures/priorities/shares.csv): tool-a NL 80, JP 10, CN 10 and tool-b US 50,
KR 30, CN 20 (equipment); eda-x US 90, CN 10 (design). Against the blockade side {US, JP, NL}:
tool-a 0.9 × 0.9 = 0.81, tool-b 0.5 × 0.8 = 0.4, eda-x 0.81.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from techbloc.ingest.supply import import_supply_source
from techbloc.kb.loader import load_kb
from techbloc.kb.validate import validate_kb
from techbloc.store.build import build_store
from tests.analytics.assess_fixture import _measure
from tests.kbfactory import DIMENSIONS, base_kb, write_kb

AT = dt.date(2025, 6, 30)
TODAY = dt.date(2026, 11, 23)
T = 10**12
SHARES = Path(__file__).resolve().parents[1] / "fixtures" / "priorities" / "shares.csv"
INPUT_DOMAINS = {"tool-a": "semiconductor-equipment", "tool-b": "semiconductor-equipment",
                 "eda-x": "semiconductor-design"}  # fmt: skip


def _alliance(aid: str, kind: str, founded: str, domains: list[str], members: list[str],
              status: str = "active") -> dict[str, Any]:  # fmt: skip
    src = f"{aid}-src"
    return {
        "id": aid, "name": {"en": aid.title(), "zh": "测试联盟"}, "kind": kind, "form": "regime",
        "founded": founded, "domains": domains, "stages": ["trade_export"],
        "status_history": [{"status": status, "since": founded, "source": src}],
        "dimensions": {k: {**v, "source": src} for k, v in copy.deepcopy(DIMENSIONS).items()},
        "memberships": [{"actor": a, "role": "member", "joined": founded, "source": src}
                        for a in members],
        "sources": [{"id": src, "publisher": "Fixture", "title": "Launch", "date": founded}],
    }  # fmt: skip


def priority_kb() -> dict[str, Any]:
    files = base_kb()
    files["actors/actors.yaml"]["actors"] += [
        {"code": "JP", "name": {"en": "Japan", "zh": "日本"}},
        {"code": "KR", "name": {"en": "Korea", "zh": "韩国"}},
    ]
    files["actors/attributes.yaml"]["values"] = [
        {"actor": a, "indicator": "gdp_usd", "year": 2024, "value": v * T, "source": "wb"}
        for a, v in (("US", 6), ("NL", 2), ("JP", 2), ("CN", 10))
    ]
    cet = ["Semiconductors and Microelectronics"]
    files["taxonomy/domains.yaml"]["domains"] = [
        {"id": "semiconductors", "name": {"en": "Semiconductors", "zh": "半导体"}, "cet": cet},
        {"id": "semiconductor-equipment", "parent": "semiconductors",
         "name": {"en": "Semiconductor equipment", "zh": "半导体设备"}, "cet": cet},
        {"id": "semiconductor-design", "parent": "semiconductors",
         "name": {"en": "Semiconductor design", "zh": "芯片设计"}, "cet": cet},
        {"id": "quantum", "name": {"en": "Quantum", "zh": "量子"},
         "cet": ["Quantum Information and Enabling Technologies"]},
        {"id": "rare-earths", "name": {"en": "Rare earths", "zh": "稀土"}},
    ]  # fmt: skip
    files["alliances/chipreg.yaml"] = _alliance(
        "chipreg", "blockade", "2023-01-01", ["semiconductors"], ["US", "JP", "NL"]
    )
    files["alliances/equipclub.yaml"] = _alliance(
        "equipclub", "cooperation", "2021-01-01", ["semiconductor-equipment", "quantum"],
        ["US", "JP"],
    )  # fmt: skip
    files["alliances/mineralsplan.yaml"] = _alliance(
        "mineralsplan", "cooperation", "2024-01-01", ["rare-earths"], ["US", "JP"], "proposed"
    )
    day = AT.isoformat()
    files["measures/2022.yaml"]["measures"] = []
    files["measures/2025.yaml"] = {"sources": [], "measures": [
        _measure("us-equip", day, "US", "restrictive", ["CN"], ["semiconductor-equipment"], 5),
        _measure("us-parent", day, "US", "restrictive", [], ["semiconductors"], 2),
        _measure("nl-quantum", day, "NL", "restrictive", [], ["quantum"], 4, alliance="coop"),
        _measure("us-quantum-relief", day, "US", "relaxing", ["CN"], ["quantum"], 1),
    ]}  # fmt: skip
    return files


def build_priority_store(root: Path) -> Path:
    """The fixture store with the shares imported and their inputs mapped to domains. An import
    brings the store to the built-in knowledge base first, so the fixture one is loaded after."""
    kb = load_kb(write_kb(root / "kb", priority_kb()))
    errors = [str(p) for p in validate_kb(kb, TODAY) if p.severity == "error"]
    assert errors == []
    path = root / "store.duckdb"
    import_supply_source(path, str(SHARES))
    build_store(path, kb, today=TODAY)
    con = duckdb.connect(str(path))
    try:
        for input_id, domain in INPUT_DOMAINS.items():
            con.execute(
                "UPDATE supply_inputs SET domain_id = ? WHERE input_id = ?", [domain, input_id]
            )
    finally:
        con.close()
    return path
