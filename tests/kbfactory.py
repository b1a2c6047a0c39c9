"""A small, valid knowledge base written to a folder, for tests to bend one rule at a time."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SOURCE = {
    "id": "src-a",
    "publisher": "Test Ministry",
    "title": "A public notice",
    "date": "2001-02-03",
}

DIMENSIONS = {
    dim: {"level": 1, "evidence": f"{dim} evidence", "source": "reg-src"}
    for dim in ("development", "application", "sharing", "transformation", "spillover")
}


def base_kb() -> dict[str, Any]:
    """Files (path relative to the data folder) → YAML documents."""
    return {
        "actors/actors.yaml": {
            "sources": [SOURCE],
            "actors": [
                {"code": "US", "name": {"en": "United States", "zh": "美国"}, "aliases": ["USA"]},
                {"code": "CN", "name": {"en": "China", "zh": "中国"}, "aliases": ["PRC"]},
                {"code": "NL", "name": {"en": "Netherlands", "zh": "荷兰"}},
                {"code": "NO", "name": {"en": "Norway", "zh": "挪威"}},
                {"code": "SU", "name": {"en": "Soviet Union", "zh": "苏联"}, "ended": "1991-12-26"},
            ],
        },
        "actors/attributes.yaml": {
            "sources": [{"id": "wb", "publisher": "World Bank", "title": "WDI", "date": 2024}],
            "values": [
                {
                    "actor": "US",
                    "indicator": "gdp_usd",
                    "year": 2023,
                    "value": 2.7e13,
                    "source": "wb",
                }
            ],
        },
        "taxonomy/domains.yaml": {
            "domains": [
                {"id": "semiconductors", "name": {"en": "Semiconductors", "zh": "半导体"}},
                {
                    "id": "semiconductor-equipment",
                    "parent": "semiconductors",
                    "name": {"en": "Semiconductor equipment", "zh": "半导体设备"},
                },
                {"id": "quantum", "name": {"en": "Quantum", "zh": "量子"}},
            ]
        },
        "taxonomy/stages.yaml": {
            "stages": [
                {"id": "trade_export", "name": {"en": "Trade / export", "zh": "出口"}},
                {"id": "research", "name": {"en": "Research", "zh": "研究"}},
            ]
        },
        "taxonomy/dimensions.yaml": {
            "dimensions": [{"id": d, "name": {"en": d.title(), "zh": "维度"}} for d in DIMENSIONS]
        },
        "taxonomy/instruments.yaml": {
            "instruments": [
                {
                    "id": "export_control",
                    "name": {"en": "Export control", "zh": "出口管制"},
                    "default_direction": "restrictive",
                },
                {"id": "joint_rd", "name": {"en": "Joint R&D", "zh": "联合研发"}},
            ]
        },
        "alliances/testreg.yaml": {
            "id": "testreg",
            "name": {"en": "Test Regime", "zh": "测试机制"},
            "short_name": {"en": "TR", "zh": "测试"},
            "aliases": ["Testing Arrangement", "测试安排"],
            "kind": "blockade",
            "form": "regime",
            "tech_scope": ["dual_use"],
            "founded": "2000-01-10",
            "domains": ["semiconductors"],
            "stages": ["trade_export"],
            "status_history": [
                {"status": "active", "since": "2000-01-10", "source": "reg-src"},
                {"status": "dissolved", "since": "2010-06-30", "source": "reg-src"},
            ],
            "ended": "2010-06-30",
            "dimensions": copy.deepcopy(DIMENSIONS),
            "memberships": [
                {"actor": "US", "role": "founding", "joined": "2000-01-10", "source": "reg-src"},
                {
                    "actor": "NL",
                    "role": "member",
                    "joined": "2003-04-01",
                    "left": "2005-03-01",
                    "source": "reg-src",
                },
                {"actor": "NO", "role": "member", "joined": 2001, "source": "reg-src"},
                {
                    "actor": "CN",
                    "role": "observer",
                    "joined": None,
                    "as_of": "2004-05-06",
                    "source": "reg-src",
                },
            ],
            "sources": [
                {
                    "id": "reg-src",
                    "publisher": "Test Regime Secretariat",
                    "title": "Participating States",
                    "date": 2009,
                }
            ],
        },
        "alliances/coop.yaml": {
            "id": "coop",
            "name": {"en": "Quantum Club", "zh": "量子俱乐部"},
            "aliases": ["QC"],
            "kind": "cooperation",
            "form": "partnership",
            "founded": "2020-05",
            "domains": ["quantum"],
            "stages": ["research"],
            "status_history": [{"status": "active", "since": "2020-05", "source": "coop-src"}],
            "dimensions": {k: {**v, "source": "coop-src"} for k, v in DIMENSIONS.items()},
            "memberships": [
                {"actor": "US", "role": "founding", "joined": "2020-05", "source": "coop-src"},
                {"actor": "NL", "role": "founding", "joined": "2020-05", "source": "coop-src"},
            ],
            "sources": [
                {"id": "coop-src", "publisher": "Club", "title": "Launch", "date": "2020-05"}
            ],
        },
        "measures/2022.yaml": {
            "sources": [
                {
                    "id": "m-src",
                    "publisher": "Test Bureau",
                    "title": "Rule",
                    "date": "2022-10-07",
                    "url": "https://example.org/rule",
                }
            ],
            "measures": [
                {
                    "id": "us-2022-rule",
                    "date": "2022-10-07",
                    "actor": "US",
                    "title": {"en": "Equipment rule", "zh": "设备规则"},
                    "instrument": "export_control",
                    "direction": "restrictive",
                    "targets": ["CN"],
                    "domains": ["semiconductor-equipment"],
                    "stages": ["trade_export"],
                    "tech_scope": "civilian_frontier",
                    "severity": 5,
                    "citation": "87 FR 62186",
                    "sources": ["m-src"],
                },
                {
                    "id": "nl-2022-coop",
                    "date": "2022-12",
                    "actor": "NL",
                    "title": {"en": "Quantum pact", "zh": "量子协定"},
                    "instrument": "joint_rd",
                    "direction": "cooperative",
                    "alliance": "coop",
                    "domains": ["quantum"],
                    "severity": 2,
                    "sources": ["m-src"],
                },
            ],
        },
    }


def write_kb(root: Path, files: dict[str, Any]) -> Path:
    """Write the documents below ``root``; a string value is written as raw text."""
    for rel, doc in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(doc, str):
            path.write_text(doc, encoding="utf-8")
        else:
            path.write_text(
                yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
    return root
