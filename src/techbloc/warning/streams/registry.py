"""The streams by name: their vocabulary (for validating rules) and their loaders."""

from __future__ import annotations

from techbloc.warning.streams import documents, listings, measures, news, structure
from techbloc.warning.streams.base import StreamSpec

SPECS: dict[str, StreamSpec] = {
    spec.name: spec
    for spec in (
        measures.SPEC,
        structure.MEMBERSHIPS,
        structure.ALLIANCES,
        listings.SPEC,
        documents.SPEC,
        news.SPEC,
    )  # fmt: skip
}
