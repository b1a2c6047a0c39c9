"""Validation of the trade-ties files, one rule provoked at a time (structure fixture KB)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from techbloc.kb.loader import load_kb
from techbloc.kb.validate import validate_kb
from tests.analytics.structure_kb import structure_kb
from tests.kbfactory import write_kb

TODAY = dt.date(2026, 11, 23)
Files = dict[str, Any]
AGREEMENTS = "ties/trade-agreements.yaml"
PARTNERS = "ties/trade-partners.yaml"


def problems_of(tmp_path: Path, files: Files) -> list[tuple[str, str, str]]:
    kb = load_kb(write_kb(tmp_path / "kb", files))
    return [(p.file, p.field, p.code) for p in validate_kb(kb, TODAY) if p.severity == "error"]


def _agreement(**values: Any) -> Callable[[Files], None]:
    return lambda f: f[AGREEMENTS]["agreements"][0].update(values)


def _rank(**values: Any) -> Callable[[Files], None]:
    return lambda f: f[PARTNERS]["rankings"][1].update(values)


CASES: list[tuple[str, Callable[[Files], None], tuple[str, str, str]]] = [
    ("unknown party", _agreement(parties=["CN", "XX"]),
     (AGREEMENTS, "agreements[0].parties[1]", "unknown-country")),
    ("party twice", _agreement(parties=["CN", "KR", "CN"]),
     (AGREEMENTS, "agreements[0].parties[2]", "duplicate-party")),
    ("in force before signed", _agreement(in_force="2015-01-01"),
     (AGREEMENTS, "agreements[0].in_force", "in-force-before-signed")),
    ("ended before in force", _agreement(ended="2016-01-01"),
     (AGREEMENTS, "agreements[0].ended", "ended-before-in-force")),
    ("in force in the future", _agreement(in_force="2030-01-01"),
     (AGREEMENTS, "agreements[0].in_force", "future-date")),
    ("agreement without a source", _agreement(sources=[]),
     (AGREEMENTS, "agreements[0].sources", "missing-source")),
    ("agreement without a Chinese name", _agreement(name={"en": "CN-KR FTA"}),
     (AGREEMENTS, "agreements[0].name.zh", "missing-name")),
    ("one party only", _agreement(parties=["CN"]),
     (AGREEMENTS, "agreements[0].parties", "invalid-field")),
    ("unknown kind", _agreement(kind="customs_union"),
     (AGREEMENTS, "agreements[0].kind", "invalid-field")),
    ("unverified agreement naming an unknown party",
     lambda f: f[AGREEMENTS]["unverified"][0].update(parties=["CN", "QQ"]),
     (AGREEMENTS, "unverified[0].parties[1]", "unknown-country")),
    ("rank given twice", _rank(rank=1),
     (PARTNERS, "rankings[1].rank", "duplicate-rank")),
    ("partner given twice", _rank(partner="JP"),
     (PARTNERS, "rankings[1].rank", "duplicate-rank")),
    ("reporter as its own partner", _rank(partner="CN"),
     (PARTNERS, "rankings[1].partner", "self-partner")),
    ("ranking year in the future", _rank(year=2031),
     (PARTNERS, "rankings[1].year", "future-date")),
    ("unknown partner", _rank(partner="ZZ"),
     (PARTNERS, "rankings[1].partner", "unknown-country")),
    ("negative trade figure", _rank(total_trade_usd=-1),
     (PARTNERS, "rankings[1].total_trade_usd", "invalid-field")),
]  # fmt: skip


def test_structure_fixture_is_valid(tmp_path: Path) -> None:
    assert problems_of(tmp_path, structure_kb()) == []


@pytest.mark.parametrize(("case", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(
    tmp_path: Path, case: str, change: Callable[[Files], None], expected: tuple[str, str, str]
) -> None:
    files = structure_kb()
    change(files)
    assert expected in problems_of(tmp_path, files), case
