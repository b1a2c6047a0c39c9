"""Integrity of the built-in knowledge base: valid, sourced, bilingual, complete."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from techbloc.kb.loader import KnowledgeBase, load_kb
from techbloc.kb.validate import validate_kb
from techbloc.model import DIMENSION_IDS, PartialDate


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_validates_without_errors(kb: KnowledgeBase) -> None:
    errors = [str(p) for p in validate_kb(kb) if p.severity == "error"]
    assert errors == []


# Every alliance, mechanism and proposal that DESIGN §1 names must be present.
REQUIRED = [
    "cocom", "wassenaar", "australia-group", "nsg", "mtcr", "clean-network", "gpai",
    "democracy-technology-partnership", "d10", "t12", "quad", "economic-prosperity-network",
    "blue-dot-network", "usmca-nme-clause", "allied-prototyping-initiative", "ttc", "ipef",
    "aukus", "chip4", "minerals-security-partnership", "g7-technology", "five-eyes",
    "eu-fdi-screening",
]  # fmt: skip


def test_required_alliances_present(kb: KnowledgeBase) -> None:
    assert sorted(set(REQUIRED) - set(kb.alliances)) == []
    assert len(kb.alliances) >= 30


@pytest.mark.parametrize(
    ("alliance", "expected", "at"),
    [
        ("wassenaar", 42, "2026-01-01"),
        ("nsg", 48, "2026-01-01"),
        ("mtcr", 35, "2026-01-01"),
        ("australia-group", 43, "2026-01-01"),  # 42 states and the European Union
        ("cocom", 17, None),  # all who ever belonged
    ],
)
def test_regime_membership_is_complete(
    kb: KnowledgeBase, alliance: str, expected: int, at: str | None
) -> None:
    members = kb.alliances[alliance].memberships
    if at is None:
        count = len({m.actor for m in members if m.role in ("founding", "member")})
    else:
        day = PartialDate.parse(at).start
        count = len(
            {
                m.actor
                for m in members
                if m.role in ("founding", "member", "partner")
                and m.effective_from
                and m.effective_from.start <= day
                and (m.left is None or m.left.start > day)
            }
        )
    assert count == expected


@pytest.mark.parametrize(
    ("alias", "alliance"),
    [
        ("巴统", "cocom"),
        ("瓦森纳安排", "wassenaar"),
        ("四边机制", "quad"),
        ("奥库斯", "aukus"),
        ("芯片四方联盟", "chip4"),
        ("清洁网络", "clean-network"),
        ("TTC", "ttc"),
        ("MTCR", "mtcr"),
        ("五眼联盟", "five-eyes"),
        ("印太经济框架", "ipef"),
    ],
)
def test_aliases_people_use(kb: KnowledgeBase, alias: str, alliance: str) -> None:
    a = kb.alliances[alliance]
    names = {a.id, *a.aliases, a.name.en, a.name.zh}
    if a.short_name:
        names |= {a.short_name.en, a.short_name.zh}
    assert alias in names


def test_every_alliance_is_bilingual_rated_and_sourced(kb: KnowledgeBase) -> None:
    for alliance in kb.alliances.values():
        assert alliance.name.en and alliance.name.zh, alliance.id
        assert sorted(alliance.dimensions) == sorted(DIMENSION_IDS), alliance.id
        assert all(r.source_ids for r in alliance.dimensions.values()), alliance.id
        assert alliance.status_history, alliance.id
        assert all(m.source_ids for m in alliance.memberships), alliance.id


def test_taxonomy(kb: KnowledgeBase) -> None:
    parents = {d.parent for d in kb.domains.values() if d.parent}
    leaves = [d for d in kb.domains.values() if d.id not in parents]
    assert len(leaves) >= 20
    for domain in leaves:
        assert domain.keywords.en and domain.keywords.zh, domain.id
    assert any(d.cet for d in leaves) and any(d.wassenaar for d in leaves)
    assert sorted(kb.dimensions) == sorted(DIMENSION_IDS)
    assert len(kb.stages) == 10


def test_measures_cover_2018_to_today(kb: KnowledgeBase) -> None:
    measures = list(kb.measures.values())
    assert len(measures) >= 150
    years = Counter(m.date.start.year for m in measures)
    assert all(years[y] > 0 for y in range(2018, 2026)), years
    assert {m.direction.value for m in measures} == {"restrictive", "cooperative", "relaxing"}
    issuers = {m.actor for m in measures}
    assert {"US", "NL", "JP", "EU", "GB", "AU", "CA", "CN"} <= issuers
    assert any(m.actor == "CN" and m.direction == "restrictive" for m in measures)
    assert all(m.source_ids and m.title.zh and m.title.en for m in measures)
    assert all(m.date.start <= dt.date.today() for m in measures)
    assert sum(1 for m in measures if m.citation) >= 50


def test_country_attributes(kb: KnowledgeBase) -> None:
    economies = {v.actor for v in kb.attributes if v.indicator == "gdp_usd"}
    assert len(economies) >= 60
    assert all(v.source_ids for v in kb.attributes)
