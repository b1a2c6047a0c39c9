"""Technology domains of a listed entity, from the keywords of the knowledge base's domains.

An entity's names, aliases and remarks are searched for the English and Chinese keywords of every
domain (English on word boundaries, case-insensitive except for short acronyms; Chinese as
substrings of the simplified text). Keywords that name a policy or a regime rather than what an
organisation does ("human rights", "Australia Group", "data") are not used on entity names: they
would tag every entity whose remarks mention a programme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from techbloc.text.normalize import to_simplified

NOT_FOR_ENTITIES = frozenset(
    {
        "human rights", "data", "network", "materials", "monitoring", "australia group",
        "chemical weapons convention", "nuclear suppliers group", "mtcr", "high-risk vendor",
        "arms embargo", "arms sales", "military end use", "biotechnology company of concern",
        "bulk data", "sensitive data", "personal data", "scanner", "inspection", "refining",
        "separation technology", "automation", "guidance", "swarm", "constellation", "cloud",
        "internet", "connectivity", "fusion", "accelerator", "server", "sme", "fab",
        "design tools", "data transfer", "computing power", "interception", "biological",
        "chemical", "manufacturing",
    }
)  # fmt: skip
"""Keywords left out for entity names: policy vocabulary, or words too common in names
("network", "server", "fab") to say anything about an organisation's technology."""

ACRONYM_MAX = 4
"""Keywords of this length or shorter in capitals (AI, GPU, EDA, UAV) match case-sensitively."""


@dataclass(frozen=True)
class DomainHit:
    domain_id: str
    keyword: str
    text: str


class DomainKeywords:
    """All keywords of all domains, compiled into three alternations (case-insensitive words,
    case-sensitive acronyms, Chinese substrings); the longest keyword wins at each position."""

    def __init__(self, rows: Iterable[tuple[str, list[str] | None, list[str] | None]]) -> None:
        self._domains: dict[str, set[str]] = {}  # matched key -> domains
        words, acronyms, chinese = set(), set(), set()
        for domain_id, english, zh in rows:
            for word in english or []:
                if word.casefold() in NOT_FOR_ENTITIES:
                    continue
                if len(word) <= ACRONYM_MAX and word.isupper():
                    acronyms.add(word)
                    self._domains.setdefault(word, set()).add(domain_id)
                else:
                    words.add(word.casefold())
                    self._domains.setdefault(word.casefold(), set()).add(domain_id)
            for word in zh or []:
                if word.isascii():
                    continue  # ASCII entries of the Chinese list repeat English ones
                key = to_simplified(word)
                chinese.add(key)
                self._domains.setdefault(key, set()).add(domain_id)
        self._patterns = [
            (_alternation(words, bounded=True, flags=re.IGNORECASE), str.casefold),
            (_alternation(acronyms, bounded=True, flags=0), _same),
            (_alternation(chinese, bounded=False, flags=0), _same),
        ]

    def hits(self, texts: Iterable[str]) -> list[DomainHit]:
        """Every (domain, keyword) found in the texts, once each, with the text it came from."""
        found: dict[tuple[str, str], DomainHit] = {}
        for text in texts:
            simplified = to_simplified(text)
            for pattern, key_of in self._patterns:
                if pattern is None:
                    continue
                for match in pattern.finditer(simplified):
                    key = key_of(match[1])
                    for domain_id in self._domains.get(key, ()):
                        found.setdefault((domain_id, key), DomainHit(domain_id, key, text))
        return list(found.values())


def _same(text: str) -> str:
    return text


def _alternation(words: set[str], bounded: bool, flags: int) -> re.Pattern[str] | None:
    if not words:
        return None
    body = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    if bounded:
        return re.compile(rf"(?<![\w-])({body})(?:s|es)?(?![\w-])", flags)  # plurals too
    return re.compile(f"({body})", flags)


def most_specific(domain_ids: set[str], parents: dict[str, str | None]) -> set[str]:
    """Drop a parent domain when one of its children is also present."""
    covered = {parents.get(d) for d in domain_ids}
    return {d for d in domain_ids if d not in covered}
