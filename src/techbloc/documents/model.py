"""The shapes shared by document extraction, tagging, storage and search.

Offsets are character offsets into the document's clean text (``ExtractedDocument.text``), half-open
``[start, end)``, so ``text[m.start:m.end] == m.surface`` for every mention.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

MentionType = Literal["alliance", "country", "domain", "instrument", "stage", "dimension"]
MENTION_TYPES: tuple[MentionType, ...] = (
    "alliance", "country", "domain", "instrument", "stage", "dimension",
)  # fmt: skip

Language = Literal["zh", "en", "mixed", "und"]
DocumentFormat = Literal["pdf", "html", "docx", "txt", "md", "fr-json", "fr-xml"]


@dataclass(frozen=True)
class Block:
    """A paragraph (or heading) of the clean text."""

    index: int
    start: int
    end: int
    page: int | None = None
    kind: Literal["paragraph", "heading"] = "paragraph"


@dataclass(frozen=True)
class ExtractedDocument:
    """What extraction yields for one file: clean text, its blocks and what is known about it."""

    text: str
    blocks: list[Block]
    title: str | None
    language: Language
    published: dt.date | None
    format: DocumentFormat
    media_type: str
    pages: int | None
    original_sha256: str
    content_sha256: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def doc_id(self) -> str:
        return "doc-" + self.content_sha256[:16]


@dataclass(frozen=True)
class Mention:
    """A knowledge-base concept named in a text, with its span and the sentence around it."""

    type: MentionType
    key: str
    label: str
    surface: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    method: str
    block_index: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Stance:
    """A text's stance towards one alliance, from the cues in the sentences that speak of it."""

    alliance_id: str
    stance: Literal["blockade", "cooperation", "mixed", "neutral"]
    direction: Literal["restrictive", "cooperative", "relaxing"] | None
    restrictive: int
    cooperative: int
    relaxing: int
    evidence: str | None
    evidence_start: int | None


@dataclass(frozen=True)
class EventDate:
    """A date of an event the text reports, as precise as the text gives it."""

    date: dt.date
    precision: Literal["day", "month", "year"]
    surface: str
    start: int
    end: int
    sentence: str


@dataclass
class TagResult:
    """Everything the tagger found in one text."""

    mentions: list[Mention] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    event_dates: list[EventDate] = field(default_factory=list)

    def keys(self, mention_type: MentionType) -> set[str]:
        return {m.key for m in self.mentions if m.type == mention_type}

    def to_json(self) -> dict[str, Any]:
        summary: dict[str, dict[str, int]] = {t: {} for t in MENTION_TYPES}
        for m in self.mentions:
            summary[m.type][m.key] = summary[m.type].get(m.key, 0) + 1
        return {
            "summary": summary,
            "mentions": [asdict(m) for m in self.mentions],
            "stances": [asdict(s) for s in self.stances],
            "event_dates": [{**asdict(d), "date": d.date.isoformat()} for d in self.event_dates],
        }
