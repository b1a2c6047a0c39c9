"""Small readers of a TagResult for the tagging tests."""

from __future__ import annotations

from techbloc.documents.model import MentionType, TagResult


def found(result: TagResult, mention_type: MentionType) -> list[tuple[str, str]]:
    """(key, surface) of every mention of one type, in text order."""
    return [(m.key, m.surface) for m in result.mentions if m.type == mention_type]


def keys(result: TagResult, mention_type: MentionType) -> set[str]:
    return result.keys(mention_type)
