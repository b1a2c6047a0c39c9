"""What an importer yields: a normalised listed-entity record, or a rejected row with its reason."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from typing import Any


@dataclass(frozen=True)
class ListedRecord:
    """One entity on one restricted-party list, as the list publishes it."""

    list_id: str
    source_key: str
    name: str
    entity_type: str | None = None
    aliases: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    listing_date: dt.date | None = None
    end_date: dt.date | None = None
    citation: str | None = None
    license_requirement: str | None = None
    license_policy: str | None = None
    remarks: str | None = None
    source_url: str | None = None
    identifiers: tuple[str, ...] = ()
    row: int = 0

    @property
    def entity_id(self) -> str:
        return f"{self.list_id}:{self.source_key}"

    def content(self) -> dict[str, Any]:
        """The published content (without provenance), as JSON-ready values."""
        data = asdict(self)
        data.pop("row")
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}

    @property
    def record_hash(self) -> str:
        text = json.dumps(self.content(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Rejection:
    """A row that could not be read: file row number, field and reason; the raw row is kept."""

    row: int
    reason: str
    field: str | None = None
    raw: dict[str, Any] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class ListInfo:
    """A restricted-party list: id, name, issuer and issuing jurisdiction."""

    list_id: str
    name: str
    issuer: str | None = None
    jurisdiction: str | None = None


@dataclass(frozen=True)
class RelatedParty:
    """An organisation or person that is on no imported list but owns or is owned in an
    ownership link of the file (kept so that ownership chains can name every step)."""

    party_key: str
    name: str
    entity_type: str | None = None
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    row: int = 0


@dataclass(frozen=True)
class OwnershipLink:
    """``owner_key`` owns (part of) ``asset_key``; ``percentage`` is None when the source does
    not say how much, and ``share_text`` keeps what it does say."""

    ownership_key: str
    owner_key: str
    asset_key: str
    percentage: float | None = None
    share_text: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    row: int = 0


@dataclass(frozen=True)
class Withdrawal:
    """An explicit removal read from a change file (an OpenSanctions delta): the entity
    ``source_key`` leaves every active list whose id starts with ``list_prefix`` and is in
    ``lists`` (None: any such list), except the lists in ``keep``. With ``drop_links`` its
    related-party row and the ownership links keyed by it are deleted as well."""

    row: int
    source_key: str
    list_prefix: str
    lists: tuple[str, ...] | None = None
    keep: tuple[str, ...] = ()
    drop_links: bool = False


ImportItem = ListedRecord | Rejection | RelatedParty | OwnershipLink | Withdrawal
"""What a list reader yields."""
