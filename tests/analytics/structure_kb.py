"""A small knowledge base for the structure indicators, on top of tests/kbfactory.py.

On 2023-12-31 (focal CN):
* ``regime`` (blockade, semiconductors): US, NL, JP (2010), KR (2015); ``testreg`` is dissolved;
* ``club`` (cooperation, CN's partnership): CN, KR (2019), NO (2020);
* ``coop`` (cooperation, quantum): US, NL; ``deal`` (proposal): US and JP as proposed participants;
* FTA CN–KR in force since 2016; CN–NO signed, not in force; CN's 2021 trade ranking: JP 1, DE 2
  (a 2023 ranking with the US first is too recent to count on 2023-12-31);
* measures: US equipment rule 2022-10-07 (severity 5) and JP equipment rule 2023-07-01 (4), KR
  quantum listing 2021 (2), a US licence easing semiconductors 2023-03-01 (relaxing, 2), the
  ``coop`` joint R&D of 2022-12 (2), the ``club`` R&D of 2021-06-01 tagged development and
  sharing (3), the US launch of ``deal`` 2021-03-01 (1).
Synthetic figures: this is a test fixture, not a source of facts.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.kbfactory import DIMENSIONS, base_kb

AT = "2023-12-31"


def _alliance(ident: str, kind: str, form: str, founded: str, domains: list[str],
              status: str, members: list[dict[str, Any]], levels: dict[str, int] | None = None
              ) -> dict[str, Any]:  # fmt: skip
    src = f"{ident}-src"
    dims = copy.deepcopy(DIMENSIONS)
    for dim, rating in dims.items():
        rating["source"] = src
        rating["level"] = (levels or {}).get(dim, 1)
    return {
        "id": ident,
        "name": {"en": f"{ident.title()} group", "zh": f"{ident}组"},
        "kind": kind,
        "form": form,
        "founded": founded,
        "domains": domains,
        "status_history": [{"status": status, "since": founded, "source": src}],
        "dimensions": dims,
        "memberships": [{**m, "source": src} for m in members],
        "sources": [{"id": src, "publisher": "Test", "title": f"{ident} notice", "date": 2009}],
    }


def _measure(ident: str, date: str, actor: str, instrument: str, direction: str,
             domains: list[str], severity: int, targets: list[str] | None = None,
             alliance: str | None = None, dimensions: list[str] | None = None
             ) -> dict[str, Any]:  # fmt: skip
    m: dict[str, Any] = {
        "id": ident,
        "date": date,
        "actor": actor,
        "title": {"en": ident, "zh": ident},
        "instrument": instrument,
        "direction": direction,
        "targets": targets or [],
        "domains": domains,
        "severity": severity,
        "sources": ["m23-src"],
    }
    if alliance:
        m["alliance"] = alliance
    if dimensions:
        m["dimensions"] = dimensions
    return m


def structure_kb() -> dict[str, Any]:
    files = base_kb()
    files["actors/actors.yaml"]["actors"] += [
        {"code": "JP", "name": {"en": "Japan", "zh": "日本"}},
        {"code": "KR", "name": {"en": "South Korea", "zh": "韩国"}},
        {"code": "DE", "name": {"en": "Germany", "zh": "德国"}},
    ]
    values = files["actors/attributes.yaml"]["values"]
    for actor, indicator, year, value in [
        ("US", "rd_expenditure_pct_gdp", 2019, 3.0),
        ("JP", "gdp_usd", 2022, 4e12), ("JP", "rd_expenditure_pct_gdp", 2022, 3.0),
        ("KR", "gdp_usd", 2022, 1.7e12), ("KR", "rd_expenditure_pct_gdp", 2022, 5.0),
        ("NO", "gdp_usd", 2022, 5e11), ("NO", "rd_expenditure_pct_gdp", 2021, 2.0),
        ("DE", "gdp_usd", 2022, 4e12), ("DE", "rd_expenditure_pct_gdp", 2022, 0.1),
    ]:  # fmt: skip
        values.append(
            {"actor": actor, "indicator": indicator, "year": year, "value": value, "source": "wb"}
        )
    files["taxonomy/instruments.yaml"]["instruments"] += [
        {"id": "entity_listing", "name": {"en": "Entity listing", "zh": "实体清单"}},
        {"id": "dialogue_coordination", "name": {"en": "Dialogue", "zh": "对话协调"}},
    ]
    files["alliances/regime.yaml"] = _alliance(
        "regime", "blockade", "regime", "2010-01-01", ["semiconductors"], "active",
        [{"actor": "US", "role": "founding", "joined": "2010-01-01"},
         {"actor": "NL", "role": "member", "joined": "2010-01-01"},
         {"actor": "JP", "role": "member", "joined": "2010-01-01"},
         {"actor": "KR", "role": "member", "joined": "2015-01-01"}],
    )  # fmt: skip
    files["alliances/club.yaml"] = _alliance(
        "club", "cooperation", "partnership", "2019-01-01", ["quantum"], "active",
        [{"actor": "CN", "role": "founding", "joined": "2019-01-01"},
         {"actor": "KR", "role": "founding", "joined": "2019-01-01"},
         {"actor": "NO", "role": "member", "joined": "2020-01-01"}],
        levels={"development": 2},
    )  # fmt: skip
    files["alliances/deal.yaml"] = _alliance(
        "deal", "mixed", "proposal", "2021-03-01", ["semiconductors"], "proposed",
        [{"actor": "US", "role": "proposed", "joined": None, "as_of": "2021-03-01"},
         {"actor": "JP", "role": "proposed", "joined": None, "as_of": "2021-03-01"}],
    )  # fmt: skip
    files["measures/2023.yaml"] = {
        "sources": [{"id": "m23-src", "publisher": "Test Bureau", "title": "Rules", "date": 2023}],
        "measures": [
            _measure("jp-2023-rule", "2023-07-01", "JP", "export_control", "restrictive",
                     ["semiconductor-equipment"], 4, ["CN"]),
            _measure("kr-2021-note", "2021-01-01", "KR", "entity_listing", "restrictive",
                     ["quantum"], 2, ["CN"]),
            _measure("us-2023-licence", "2023-03-01", "US", "export_control", "relaxing",
                     ["semiconductors"], 2, ["CN"]),
            _measure("club-2021-rd", "2021-06-01", "KR", "joint_rd", "cooperative", ["quantum"],
                     3, alliance="club", dimensions=["development", "sharing"]),
            _measure("us-2021-deal-launch", "2021-03-01", "US", "dialogue_coordination",
                     "cooperative", ["semiconductors"], 1, alliance="deal"),
        ],
    }  # fmt: skip
    files["ties/trade-agreements.yaml"] = {
        "sources": [{"id": "tie-src", "publisher": "Test Ministry", "title": "FTAs", "date": 2020}],
        "agreements": [
            {"id": "cn-kr", "name": {"en": "CN-KR FTA", "zh": "中韩自贸协定"}, "kind": "fta",
             "parties": ["CN", "KR"], "signed": "2015-06-01", "in_force": "2016-01-01",
             "sources": ["tie-src"]},
            {"id": "cn-no", "name": {"en": "CN-NO FTA", "zh": "中挪自贸协定"}, "kind": "fta",
             "parties": ["CN", "NO"], "signed": "2020-05-01", "in_force": None,
             "sources": ["tie-src"]},
        ],
        "unverified": [{"name": "CN-JP arrangement", "parties": ["CN", "JP"],
                        "reason": "dates not confirmed"}],
    }  # fmt: skip
    files["ties/trade-partners.yaml"] = {
        "sources": [{"id": "tp-src", "publisher": "Test Customs", "title": "Trade", "date": 2024}],
        "rankings": [
            {"reporter": "CN", "year": 2021, "rank": 1, "partner": "JP", "source": "tp-src"},
            {"reporter": "CN", "year": 2021, "rank": 2, "partner": "DE", "source": "tp-src"},
            {"reporter": "CN", "year": 2023, "rank": 1, "partner": "US",
             "total_trade_usd": 5e11, "source": "tp-src"},
        ],
    }  # fmt: skip
    return files
