"""What every detector is given besides its rows: the as-of date, the focal country, names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from techbloc.warning.labels import Labels
from techbloc.warning.model import Evidence
from techbloc.warning.streams.base import StreamData, StreamRow
from techbloc.warning.streams.store import Taxonomy


@dataclass
class RunContext:
    as_of: dt.date
    focal: str
    labels: Labels
    taxonomy: Taxonomy
    evidence_limit: int
    ended_episode_days: int

    @property
    def focal_names(self) -> tuple[str, str]:
        return self.labels.of("country", self.focal)

    def names(self, scope: str, key: str) -> dict[str, str]:
        """Placeholders for titles: scope_en, scope_zh, focal_en, focal_zh."""
        scope_en, scope_zh = self.labels.of(scope, key)
        focal_en, focal_zh = self.focal_names
        return {"scope_en": scope_en, "scope_zh": scope_zh, "focal_en": focal_en,
                "focal_zh": focal_zh}  # fmt: skip


def evidence_of(
    rows: Iterable[StreamRow], stream: StreamData, limit: int, rank_by: str = "date"
) -> list[Evidence]:
    """The evidence of ``rows``, most relevant first (largest ``rank_by`` value, then newest, then
    id), without duplicates, at most ``limit``; news rows become single events when the store has
    them."""
    chosen = sorted(
        rows, key=lambda r: (-r.value(rank_by) if rank_by != "date" else 0, -r.day.toordinal(),
                             r.row_id),
    )  # fmt: skip
    if stream.expand_evidence is not None:
        expanded = stream.expand_evidence(chosen, limit)
        if expanded:
            return expanded
    found: dict[tuple[str, str], Evidence] = {}
    for row in chosen:
        if row.evidence is not None:
            found.setdefault((row.evidence.kind, row.evidence.id), row.evidence)
        if len(found) >= limit:
            break
    return list(found.values())
