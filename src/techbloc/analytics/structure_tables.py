"""The store tables the structure indicators (trajectory, cohesion, network, partners) read —
what a Spark engine must export for them."""

from __future__ import annotations

STRUCTURE_TABLES = (
    "alliances", "alliance_status", "alliance_dimensions", "memberships", "measures", "domains",
    "actors", "country_attributes", "country_attribute_gaps", "trade_agreements",
    "trade_agreement_parties", "trade_partner_ranks", "trade_tie_gaps",
)  # fmt: skip
