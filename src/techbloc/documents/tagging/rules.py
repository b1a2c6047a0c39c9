"""The gazetteer's matching rules (rules.yaml): what of the knowledge base is not used on running
text, which acronyms need support, how seats and Chinese abbreviations are checked."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from techbloc.documents.model import MENTION_TYPES, MentionType


@dataclass(frozen=True)
class Rules:
    keywords_not_used: dict[str, frozenset[str]]  # mention type -> casefolded keywords
    names_not_used: frozenset[str]
    not_mentions: dict[MentionType, tuple[str, ...]]  # mention type -> phrases
    aliases_need_support: frozenset[str]
    seat_followers_allowed_en: frozenset[str]
    seat_not_followed_by_zh: tuple[str, ...]
    seat_not_after_en: frozenset[str]
    seat_not_after_zh: tuple[str, ...]
    zh_abbreviation_prefixes: frozenset[str]
    zh_abbreviations_not_prefixed: frozenset[str]
    zh_word_endings_allowed: frozenset[str]


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The rules shipped with the package."""
    text = resources.files(__package__).joinpath("rules.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return Rules(
        keywords_not_used={
            kind: frozenset(w.casefold() for lang in ("en", "zh") for w in words.get(lang) or [])
            for kind, words in raw["keywords_not_used"].items()
        },
        names_not_used=frozenset(
            w for lang in ("en", "zh") for w in raw["names_not_used"].get(lang) or []
        ),
        not_mentions={
            _mention_type(kind): tuple(w for lang in ("en", "zh") for w in words.get(lang) or [])
            for kind, words in raw["not_mentions"].items()
        },
        aliases_need_support=frozenset(raw["aliases_need_support"]),
        seat_followers_allowed_en=frozenset(raw["seat_followers_allowed_en"]),
        seat_not_followed_by_zh=tuple(raw["seat_not_followed_by_zh"]),
        seat_not_after_en=frozenset(w.lower() for w in raw["seat_not_after"]["en"]),
        seat_not_after_zh=tuple(raw["seat_not_after"]["zh"]),
        zh_abbreviation_prefixes=frozenset(raw["zh_abbreviation_prefixes"]),
        zh_abbreviations_not_prefixed=frozenset(raw["zh_abbreviations_not_prefixed"]),
        zh_word_endings_allowed=frozenset(raw["zh_word_endings_allowed"]),
    )


def _mention_type(name: str) -> MentionType:
    for mention_type in MENTION_TYPES:
        if mention_type == name:
            return mention_type
    raise ValueError(f"rules.yaml: unknown mention type {name!r}")
