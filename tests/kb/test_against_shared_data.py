"""The knowledge base against independent real data: country-converter's ISO and grouping table."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from techbloc.kb.loader import KnowledgeBase, load_kb
from tests.shared_data import shared_dataset


@pytest.fixture(scope="module")
def table() -> list[dict[str, str]]:
    path = shared_dataset("country-groups", "country_converter_country_data.tsv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:  # a few ISO2 cells are regexes such as '^GB$|^UK$': keep the ISO code
        codes = re.findall(r"[A-Z]{2}", row["ISO2"])
        row["ISO2"] = codes[0] if codes else row["ISO2"]
    return rows


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def members_on(kb: KnowledgeBase, alliance: str, day: dt.date, roles: tuple[str, ...]) -> set[str]:
    return {
        m.actor for m in kb.alliances[alliance].memberships
        if m.role in roles and m.effective_from and m.effective_from.start <= day
        and (m.left is None or m.left.start > day)
    }  # fmt: skip


def test_iso3_codes_agree(kb: KnowledgeBase, table: list[dict[str, str]]) -> None:
    iso3 = {r["ISO2"]: r["ISO3"] for r in table}
    wrong = [
        (a.code, a.iso3, iso3[a.code])
        for a in kb.actors.values()
        if a.code in iso3 and a.iso3 and a.iso3 != iso3[a.code]
    ]
    assert wrong == []
    economies = ("country", "territory")  # not the EU, not the world aggregate XW
    current_states = {a.code for a in kb.actors.values() if not a.ended and a.kind in economies}
    assert current_states - set(iso3) <= {"XK"}  # Kosovo's code is user-assigned


def test_eu_fdi_screening_members_are_the_eu27(
    kb: KnowledgeBase, table: list[dict[str, str]]
) -> None:
    eu27 = {r["ISO2"] for r in table if r["EU27"]}
    assert len(eu27) == 27
    states = members_on(kb, "eu-fdi-screening", dt.date(2024, 1, 1), ("founding", "member"))
    assert states - {"EU"} == eu27


def test_g7_technology_members_are_the_g7(kb: KnowledgeBase, table: list[dict[str, str]]) -> None:
    g7 = {r["ISO2"] for r in table if r["G7"]}
    members = members_on(
        kb, "g7-technology", dt.date(2024, 1, 1), ("founding", "member", "partner")
    )
    assert members - {"EU"} == g7
