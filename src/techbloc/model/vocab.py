"""Closed vocabularies of the domain model (DESIGN §3). Values are the ids used in the files."""

from __future__ import annotations

from enum import StrEnum


class AllianceKind(StrEnum):
    BLOCKADE = "blockade"
    COOPERATION = "cooperation"
    MIXED = "mixed"


class AllianceForm(StrEnum):
    TREATY = "treaty"
    REGIME = "regime"
    DIALOGUE = "dialogue"
    FRAMEWORK = "framework"
    INITIATIVE = "initiative"
    PROPOSAL = "proposal"
    CLAUSE = "clause"
    PARTNERSHIP = "partnership"
    COUNCIL = "council"


class AllianceStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    DORMANT = "dormant"
    DISSOLVED = "dissolved"


class TechScope(StrEnum):
    MILITARY = "military"
    DUAL_USE = "dual_use"
    CIVILIAN_FRONTIER = "civilian_frontier"


class Role(StrEnum):
    FOUNDING = "founding"
    MEMBER = "member"
    PARTNER = "partner"
    OBSERVER = "observer"
    PROPOSED = "proposed"
    ADHERENT = "adherent"


class Direction(StrEnum):
    RESTRICTIVE = "restrictive"
    COOPERATIVE = "cooperative"
    RELAXING = "relaxing"


class ActorKind(StrEnum):
    COUNTRY = "country"
    TERRITORY = "territory"
    SUPRANATIONAL = "supranational"
    AGGREGATE = "aggregate"  # a statistical total (the world), never a party to anything


DIMENSION_IDS = ("development", "application", "sharing", "transformation", "spillover")
"""The five trajectory dimensions of an alliance (DESIGN §1), described in dimensions.yaml."""

ATTRIBUTE_INDICATORS = ("gdp_usd", "rd_expenditure_pct_gdp", "hightech_exports_usd")
"""Country attributes the indicators need; described in docs/kb-format.md."""
