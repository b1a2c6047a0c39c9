"""Partner opportunities on the structure fixture, against hand-computed values.

Semiconductors on 2023-12-31, focal CN. R&D spending (GDP × GERD %): US 8.1e11, JP 1.2e11,
KR 8.5e10, NO 1e10, DE 4e9 (NL has no figure: not a candidate); log scale from DE to US.
Binding: regime (semiconductors) holds US, NL, JP, KR; restrictive severity against CN in the
family: US 5, JP 4. Ties (T = 1 partnership + 2): KR 2, NO 1, JP 1, DE 1, US 0.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.partners import PartnerWeights, partner_scores, partners
from techbloc.errors import InvalidArgument

AT = dt.date(2023, 12, 31)
SPAN = math.log(8.1e11 / 4e9)
EXPECTED = {
    "US": 0.4 * 1 + 0.4 * 0 + 0.2 * 0,
    "JP": 0.4 * math.log(30) / SPAN + 0.4 * (1 - (0.5 + 0.5 * 4 / 5)) + 0.2 / 3,
    "KR": 0.4 * math.log(21.25) / SPAN + 0.4 * 0.5 + 0.2 * 2 / 3,
    "NO": 0.4 * math.log(2.5) / SPAN + 0.4 * 1 + 0.2 / 3,
    "DE": 0.4 * 0 + 0.4 * 1 + 0.2 / 3,
}


def test_scores_and_order(engine: AnalyticsEngine) -> None:
    rows = partners(engine, AT, "semiconductors", "CN")
    scores = {r["actor_code"]: r["partner_score"] for r in rows}
    assert scores == pytest.approx(EXPECTED)
    assert [r["actor_code"] for r in rows] == ["KR", "NO", "DE", "US", "JP"]
    kr = rows[0]
    assert (kr["rank"], kr["rd_year"], kr["gdp_year"]) == (1, 2022, 2022)
    assert kr["weights"] == {"capability": 0.4, "weak_binding": 0.4, "ties": 0.2}
    assert (kr["blockade_ids"], kr["fta_ids"], kr["tie_total"]) == (["regime"], ["cn-kr"], 3)


def test_binding_depends_on_the_domain(engine: AnalyticsEngine) -> None:
    quantum = {r["actor_code"]: r for r in partners(engine, AT, "quantum", "CN")}
    assert quantum["US"]["blockade_count"] == 0  # regime does not cover quantum
    assert quantum["KR"]["restrictive_measure_ids"] == ["kr-2021-note"]
    assert quantum["KR"]["weak_binding"] == pytest.approx(0.5)  # only KR acted: 0.5 × 2/2
    equipment = {r["actor_code"]: r for r in partners(engine, AT, "semiconductor-equipment", "CN")}
    assert equipment["JP"]["restrictive_severity"] == 4  # a child domain is in the family


def test_weights_are_parameters(engine: AnalyticsEngine) -> None:
    w = PartnerWeights.parse("capability=1,weak_binding=0,ties=0")
    rows = partners(engine, AT, "semiconductors", "CN", w)
    assert [r["actor_code"] for r in rows] == ["US", "JP", "KR", "NO", "DE"]
    assert rows[0]["weights"] == {"capability": 1.0, "weak_binding": 0.0, "ties": 0.0}


@pytest.mark.parametrize(
    "text", ["capability=0.5", "speed=1", "ties=x", "capability=-0.2,ties=0.8"]
)
def test_bad_weights_are_clear_errors(text: str) -> None:
    with pytest.raises(InvalidArgument):
        PartnerWeights.parse(text)


def test_scoring_edge_cases() -> None:
    rows = [
        {"actor_code": "A", "rd_usd": None, "hightech_exports_usd": 5.0, "blockade_count": 0,
         "restrictive_severity": 0, "tie_count": 0},
        {"actor_code": "B", "rd_usd": 7.0, "hightech_exports_usd": None, "blockade_count": 0,
         "restrictive_severity": 0, "tie_count": 9},
    ]  # fmt: skip
    scored = {r["actor_code"]: r for r in partner_scores(rows, tie_total=2)}
    assert scored["A"]["capability"] == 1.0 and scored["B"]["capability"] == 1.0  # one value each
    assert scored["B"]["ties"] == 1.0  # capped
    assert scored["A"]["binding"] == 0.0
