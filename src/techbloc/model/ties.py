"""Economic ties of a country outside the alliance files: trade agreements and trade rankings.

A free trade agreement ties its parties from the day it enters into force (inclusive) to the day
it ends (exclusive); a signed agreement not yet in force ties nobody. A trade ranking records a
reporter's largest partners in a year as its source ranks them, with the figure only where it was
confirmed. Agreements whose dates could not be confirmed are kept as :class:`TieGap` records, so
the gap is visible rather than silently missing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from techbloc.model.dates import PartialDate
from techbloc.model.records import Code, Record, Slug, Sourced, Text

AgreementKind = Literal["fta", "framework"]
AGREEMENT_KINDS: tuple[AgreementKind, ...] = ("fta", "framework")


class TradeAgreement(Sourced):
    """A free trade agreement (or framework agreement of the same effect) and its parties."""

    id: Slug
    name: Text
    kind: AgreementKind
    parties: list[Code] = Field(min_length=2)
    signed: PartialDate | None = None
    in_force: PartialDate | None = None
    ended: PartialDate | None = None
    note: str | None = None


class TradePartnerRank(Sourced):
    """One partner's rank among a reporter's trading partners (total goods trade) in a year."""

    reporter: Code
    year: int
    rank: int = Field(ge=1)
    partner: Code
    total_trade_usd: float | None = Field(default=None, ge=0)
    note: str | None = None


class TieGap(Record):
    """An agreement left out because its parties or dates could not be confirmed."""

    name: str
    parties: list[Code] = Field(default_factory=list)
    reason: str
