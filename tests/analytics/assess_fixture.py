"""A fixture knowledge base whose assessment numbers can be worked out by hand.

GDP (US$ 10^12, made-up round figures): US 10 (2003), 12 (2005), 6 (2022); NL 1 (2003), 0.5
(2022); CN 4 (2003), 1.5 (2022); NO only 0.1 (1990). R&D % of GDP: US 2.0 (2003), NL 1.5 (2001),
CN 1.0 (2003). Alliances (tests/kbfactory.py): testreg (blockade, 2000-01-10 to 2010-06-30; US,
NO from 2001, NL 2003-04-01 to 2005-03-01, CN observer) and coop (cooperation, from 2020-05; US,
NL). Measures: see MEASURES.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from techbloc.kb.loader import load_kb
from techbloc.store.build import build_store
from tests.kbfactory import base_kb, write_kb

T = 10**12
TODAY = dt.date(2026, 11, 23)


def _gdp(actor: str, year: int, value: float, indicator: str = "gdp_usd") -> dict[str, Any]:
    return {"actor": actor, "indicator": indicator, "year": year, "value": value, "source": "wb"}


VALUES = [
    _gdp("US", 2003, 10 * T), _gdp("US", 2005, 12 * T), _gdp("US", 2022, 6 * T),
    _gdp("NL", 2003, 1 * T), _gdp("NL", 2022, 0.5 * T),
    _gdp("CN", 2003, 4 * T), _gdp("CN", 2022, 1.5 * T),
    _gdp("NO", 1990, 0.1 * T),
    _gdp("US", 2003, 2.0, "rd_expenditure_pct_gdp"),
    _gdp("NL", 2001, 1.5, "rd_expenditure_pct_gdp"),
    _gdp("CN", 2003, 1.0, "rd_expenditure_pct_gdp"),
]  # fmt: skip


def _measure(mid: str, date: str, actor: str, direction: str, targets: list[str],
             domains: list[str], severity: int, **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {
        "id": mid, "date": date, "actor": actor, "title": {"en": mid, "zh": "措施"},
        "instrument": "export_control", "direction": direction, "targets": targets,
        "domains": domains, "stages": extra.pop("stages", ["trade_export"]),
        "tech_scope": extra.pop("tech_scope", "civilian_frontier"), "severity": severity,
        "sources": ["m-src"], **extra,
    }  # fmt: skip


MEASURES = {
    2022: [
        _measure("us-2022-rule", "2022-10-07", "US", "restrictive", ["CN"],
                 ["semiconductor-equipment"], 5),
        _measure("us-2022-parent", "2022-12-01", "US", "restrictive", [], ["semiconductors"], 3,
                 tech_scope="dual_use", stages=["research", "trade_export"]),
        _measure("us-2022-russia", "2022-04-01", "US", "restrictive", ["RU"],
                 ["semiconductor-equipment"], 4),
        _measure("cn-2022-own", "2022-07-01", "CN", "restrictive", [],
                 ["semiconductor-equipment"], 4),
        _measure("no-2022-rule", "2022-05-01", "NO", "restrictive", ["CN"], ["quantum"], 1),
    ],
    2023: [
        _measure("us-2023-relief", "2023-06-01", "US", "relaxing", ["CN"],
                 ["semiconductor-equipment"], 2),
        _measure("nl-2023-coop-rule", "2023-03-01", "NL", "restrictive", [], ["quantum"], 2,
                 alliance="coop", tech_scope="dual_use", stages=["research"]),
        _measure("us-2023-quantum-relief", "2023-09-01", "US", "relaxing", ["CN"], ["quantum"],
                 5),
    ],
}  # fmt: skip


def assess_kb(world_gdp_2003: float | None = None) -> dict[str, Any]:
    files = base_kb()
    files["actors/actors.yaml"]["actors"].append(
        {"code": "RU", "name": {"en": "Russia", "zh": "俄罗斯"}}
    )
    values = copy.deepcopy(VALUES)
    if world_gdp_2003 is not None:
        files["actors/actors.yaml"]["actors"].append(
            {"code": "XW", "name": {"en": "World", "zh": "世界"}, "kind": "aggregate"}
        )
        values.append(_gdp("XW", 2003, world_gdp_2003))
    files["actors/attributes.yaml"]["values"] = values
    sources = files["measures/2022.yaml"]["sources"]
    for year, measures in MEASURES.items():
        files[f"measures/{year}.yaml"] = {"sources": sources if year == 2022 else [],
                                          "measures": measures}  # fmt: skip
    return files


def build_assess_store(root: Path, world_gdp_2003: float | None = None) -> Path:
    """The fixture store (writable file) at ``root``/store.duckdb."""
    kb_root = write_kb(root / "kb", assess_kb(world_gdp_2003))
    path = root / "store.duckdb"
    build_store(path, load_kb(kb_root), today=TODAY)
    return path


def add_listings(path: Path) -> None:
    """Entities on lists: only L1 (a CN entity on a US list, listed 2025-01-15, semiconductors)
    counts for CN in the year to 2025-10-07."""
    con = duckdb.connect(str(path))
    try:
        con.execute("INSERT INTO restricted_lists VALUES ('us-el', 'Entity List', 'BIS', 'US'), "
                    "('cn-uel', 'Unreliable Entity List', 'MOFCOM', 'CN')")  # fmt: skip
        rows = [
            ("L1", "us-el", ["CN"], dt.date(2025, 1, 15), "semiconductors"),
            ("L2", "cn-uel", ["CN"], dt.date(2025, 1, 15), "semiconductors"),  # China's own list
            ("L3", "us-el", ["RU"], dt.date(2025, 1, 15), "semiconductors"),  # not Chinese
            ("L4", "us-el", ["CN"], dt.date(2020, 1, 15), "semiconductors"),  # before the window
            ("L5", "us-el", ["CN"], None, "quantum"),  # no listing date
        ]
        for entity_id, list_id, countries, listed, domain in rows:
            con.execute(
                "INSERT INTO listed_entities (entity_id, list_id, source_key, name, countries, "
                "listing_date, record_hash, is_active, first_seen_date, last_seen_date, "
                "source_location, source_row, import_id) VALUES (?, ?, ?, ?, ?, ?, 'h', true, "
                "DATE '2025-06-01', DATE '2025-06-01', 'fixture', 1, 1)",
                [entity_id, list_id, entity_id, f"Entity {entity_id}", countries, listed],
            )
            con.execute(
                "INSERT INTO listing_domains VALUES (?, ?, 'name', 'fixture')", [entity_id, domain]
            )
    finally:
        con.close()


def add_documents(path: Path) -> None:
    """Documents: only D1 (published 2025-05-01, restrictive towards testreg, mentions CN and
    quantum) counts for CN in the year to 2025-10-07."""
    con = duckdb.connect(str(path))
    try:
        docs = [
            ("D1", dt.date(2025, 5, 1), "restrictive", ["CN"]),
            ("D2", dt.date(2025, 5, 1), "restrictive", []),  # does not mention China
            ("D3", dt.date(2025, 5, 1), "cooperative", ["CN"]),  # not restrictive
        ]
        for doc_id, published, direction, countries in docs:
            con.execute(
                "INSERT INTO documents (doc_id, content_sha256, original_sha256, language, "
                "published, format, chars, source_location, text, original, import_id, "
                "imported_at) VALUES (?, ?, ?, 'en', ?, 'txt', 4, 'fixture', 'text', "
                "'\\x00'::BLOB, 1, TIMESTAMP '2025-06-01 00:00:00')",
                [doc_id, doc_id, doc_id, published],
            )
            con.execute(
                "INSERT INTO document_stances (doc_id, alliance_id, stance, direction, "
                "restrictive, cooperative, relaxing) VALUES (?, 'testreg', 'blockade', ?, 1, 0, 0)",
                [doc_id, direction],
            )
            mentions = [("domain", "quantum"), *(("country", c) for c in countries)]
            for kind, key in mentions:
                con.execute(
                    "INSERT INTO document_mentions (doc_id, mention_type, key, surface, "
                    "start_offset, end_offset, sentence, method) VALUES (?, ?, ?, ?, 0, 1, 's', "
                    "'gazetteer')",
                    [doc_id, kind, key, key],
                )
    finally:
        con.close()
