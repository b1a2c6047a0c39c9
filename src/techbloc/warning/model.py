"""Alerts, their levels and their evidence (the shapes every detector, store and notifier share)."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from dataclasses import dataclass, field
from typing import Any


class Level(enum.IntEnum):
    """Alert levels, lowest first: blue (note), yellow (watch), orange (warning), red (alarm)."""

    BLUE = 1
    YELLOW = 2
    ORANGE = 3
    RED = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def label_zh(self) -> str:
        return {1: "蓝", 2: "黄", 3: "橙", 4: "红"}[self.value]

    @classmethod
    def parse(cls, text: str) -> Level:
        """A level from its English or Chinese name ('orange', '橙', '橙色')."""
        key = text.strip().lower().removesuffix("色")
        for level in cls:
            if key in (level.label, level.label_zh):
                return level
        raise ValueError(f"unknown alert level {text!r}: use blue, yellow, orange or red")


STATES = ("new", "acknowledged", "closed")
SCOPE_TYPES = ("domain", "alliance", "country", "organisation", "system")
EVIDENCE_KINDS = ("measure", "listing", "document", "news_event", "membership", "alliance")


@dataclass(frozen=True)
class Evidence:
    """One fact an alert rests on, by its id in the store."""

    kind: str
    id: str
    date: dt.date | None = None
    label: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "date": self.date.isoformat() if self.date else None,
            "label": self.label,
            "url": self.url,
        }


@dataclass
class Alert:
    """A detector's finding for one scope and period."""

    detector: str
    scope_type: str
    scope_key: str
    period_start: dt.date
    period_end: dt.date
    level: Level
    statistic: str
    value: float | None
    threshold: float | None
    title_en: str
    title_zh: str
    evidence: list[Evidence] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def alert_id(self) -> str:
        """Stable id from detector, scope and period: the same finding keeps the same id."""
        key = "|".join(
            (self.detector, self.scope_type, self.scope_key, self.period_start.isoformat(),
             self.period_end.isoformat())
        )  # fmt: skip
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The alert as plain JSON-ready values (dates as ISO text), with its id and level names."""
        return {
            "alert_id": self.alert_id,
            "level": self.level.label,
            "level_zh": self.level.label_zh,
            "detector": self.detector,
            "scope_type": self.scope_type,
            "scope_key": self.scope_key,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "statistic": self.statistic,
            "value": self.value,
            "threshold": self.threshold,
            "title_en": self.title_en,
            "title_zh": self.title_zh,
            "evidence": [e.to_dict() for e in self.evidence],
            "detail": self.detail,
        }
