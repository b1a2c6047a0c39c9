"""What a supply-chain reader yields: inputs, supplier shares, edges between inputs, rejected rows.

Shares are carried in percent of world supply (0–100) whatever the file wrote; a reader of a file
in fractions converts them. Every item names the file (inside a folder source) and the row it
comes from, so every stored number traces back to its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from techbloc.text.normalize import normalize_name

Relation = Literal["goes_into", "is_type_of"]
ShareScale = Literal["percent", "fraction"]


@dataclass(frozen=True)
class SupplyInput:
    """A technology input, or a whole stage of the chain (``input_type`` 'stage')."""

    input_id: str
    input_name: str
    source_file: str
    row: int
    input_type: str | None = None
    stage_ids: tuple[str, ...] = ()
    stage_names: tuple[str, ...] = ()
    domain_id: str | None = None
    description: str | None = None
    market_size_text: str | None = None
    market_size_usd_m: float | None = None
    market_size_year: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class SupplyShare:
    """One supplier's share of an input in a year. ``organisation`` None: a country-level share;
    ``actor_code`` None: the source names no single country (its label is ``provider_name``);
    ``share_pct`` None: named as a supplier without a published share."""

    input_id: str
    year: int
    provider_name: str
    share_pct: float | None
    source_file: str
    row: int
    actor_code: str | None = None
    organisation: str | None = None
    provider_id: str | None = None
    source: str | None = None

    @property
    def supplier_key(self) -> str:
        """What tells two suppliers of one input and year apart."""
        if self.organisation is not None:
            return f"org:{self.provider_id or normalize_name(self.organisation)}"
        return f"country:{self.actor_code or normalize_name(self.provider_name)}"

    @property
    def share_key(self) -> str:
        return f"{self.input_id}|{self.year}|{self.supplier_key}"


@dataclass(frozen=True)
class SupplyEdge:
    """``input_id`` goes into, or is a type of, ``related_id``."""

    input_id: str
    related_id: str
    relation: Relation
    source_file: str
    row: int


@dataclass(frozen=True)
class SupplyRejection:
    """A row that could not be read: file, row number, field and reason; the raw row is kept."""

    source_file: str
    row: int
    reason: str
    field: str | None = None
    raw: dict[str, Any] = dataclass_field(default_factory=dict)


SupplyItem = SupplyInput | SupplyShare | SupplyEdge | SupplyRejection


@dataclass
class SupplyFile:
    """What a reader made of a file or folder: its items, and how it read shares."""

    items: list[SupplyItem]
    share_scale: ShareScale
    scale_reason: str
    rows_read: int = 0
