"""Measuring a document tagger on the labelled passages (tests/documents/eval/passages.yaml).

The tagger is any callable from a text to a :class:`~techbloc.documents.model.TagResult`. Per
mention type the figures are micro-averaged over passages on the SET of keys per passage: a key the
passage is labelled with and the tagger found is a true positive, a key found but not labelled a
false positive, a key labelled but not found a false negative (a miss). Dates are scored the same
way on (date, precision) pairs, a month written as '2023-09'. Stance accuracy is the share of
labelled (passage, alliance) pairs for which the tagger gives the labelled stance (and, separately,
the labelled direction); a pair the tagger gives no stance for counts as wrong.

Every miss and false alarm is kept with the passage id and a sentence, so a developer sees what went
wrong: for a false alarm the sentence of the first mention (or date) that produced it, for a miss
the passage's text (labels are per passage, not per span).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from techbloc.documents.model import MENTION_TYPES, EventDate, MentionType, Stance, TagResult
from techbloc.evaluation.tagging_set import (
    LANGUAGES,
    Direction,
    Passage,
    StanceKind,
    load_passages,
    unknown_keys,
)

__all__ = [
    "FIELDS",
    "Counts",
    "Error",
    "EvaluationReport",
    "StanceCounts",
    "StanceError",
    "Tagger",
    "evaluate",
    "load_passages",
    "unknown_keys",
]

Tagger = Callable[[str], TagResult]
Field = MentionType | Literal["date"]
FIELDS: tuple[Field, ...] = (*MENTION_TYPES, "date")


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class StanceCounts:
    pairs: int = 0  # labelled (passage, alliance) pairs
    stance_correct: int = 0
    direction_correct: int = 0
    missing: int = 0  # pairs the tagger gave no stance for

    @property
    def stance_accuracy(self) -> float | None:
        return self.stance_correct / self.pairs if self.pairs else None

    @property
    def direction_accuracy(self) -> float | None:
        return self.direction_correct / self.pairs if self.pairs else None

    def __add__(self, other: StanceCounts) -> StanceCounts:
        return StanceCounts(
            self.pairs + other.pairs,
            self.stance_correct + other.stance_correct,
            self.direction_correct + other.direction_correct,
            self.missing + other.missing,
        )


@dataclass(frozen=True)
class Error:
    """A miss (labelled, not found) or a false alarm (found, not labelled)."""

    passage_id: str
    lang: str
    field: Field
    key: str  # a KB key, or a date as '2023-06-30' / '2023-09' / '2023'
    sentence: str
    surface: str | None = None  # what the tagger matched (false alarms only)


@dataclass(frozen=True)
class StanceError:
    passage_id: str
    lang: str
    alliance: str
    expected: tuple[StanceKind, Direction | None]
    found: tuple[str, str | None] | None  # None: the tagger gave no stance for the alliance
    evidence: str | None


@dataclass
class EvaluationReport:
    passages: int
    by_field: dict[Field, Counts]
    by_language: dict[str, dict[Field, Counts]]
    stance: StanceCounts
    stance_by_language: dict[str, StanceCounts]
    misses: list[Error] = field(default_factory=list)
    false_alarms: list[Error] = field(default_factory=list)
    stance_errors: list[StanceError] = field(default_factory=list)

    def measured(self) -> dict[Field, dict[str, float | None]]:
        """Precision, recall and F1 per field (mention types and 'date')."""
        return {
            name: {"precision": c.precision, "recall": c.recall, "f1": c.f1}
            for name, c in self.by_field.items()
        }


def evaluate(passages: Iterable[Passage], tagger: Tagger) -> EvaluationReport:
    """Run the tagger over every passage and count, per field and language, what it got right."""
    by_language: dict[str, dict[Field, Counts]] = {
        lang: {name: Counts() for name in FIELDS} for lang in LANGUAGES
    }
    stance_by_language: dict[str, StanceCounts] = {lang: StanceCounts() for lang in LANGUAGES}
    misses: list[Error] = []
    false_alarms: list[Error] = []
    stance_errors: list[StanceError] = []
    count = 0
    for passage in passages:
        count += 1
        result = tagger(passage.text)
        counts = by_language[passage.lang]
        for mention_type in MENTION_TYPES:
            found = _found_keys(result, mention_type)
            counts[mention_type] += _compare(
                passage, mention_type, passage.expected[mention_type], found, misses, false_alarms
            )
        expected_dates = {d.value for d in passage.dates}
        found_dates = _found_dates(result.event_dates)
        counts["date"] += _compare(
            passage, "date", expected_dates, found_dates, misses, false_alarms
        )
        stance_by_language[passage.lang] += _judge_stances(passage, result, stance_errors)
    by_field = {name: Counts() for name in FIELDS}
    stance = StanceCounts()
    for lang in LANGUAGES:
        for name in FIELDS:
            by_field[name] += by_language[lang][name]
        stance += stance_by_language[lang]
    return EvaluationReport(
        passages=count,
        by_field=by_field,
        by_language=by_language,
        stance=stance,
        stance_by_language=stance_by_language,
        misses=misses,
        false_alarms=false_alarms,
        stance_errors=stance_errors,
    )


def _found_keys(result: TagResult, mention_type: MentionType) -> dict[str, tuple[str, str]]:
    """Key -> (sentence, surface) of its first mention."""
    found: dict[str, tuple[str, str]] = {}
    for m in result.mentions:
        if m.type == mention_type and m.key not in found:
            found[m.key] = (m.sentence, m.surface)
    return found


def _found_dates(dates: Iterable[EventDate]) -> dict[str, tuple[str, str]]:
    """'2023-06-30' / '2023-09' / '2023' -> (sentence, surface) of the first event date."""
    found: dict[str, tuple[str, str]] = {}
    width = {"day": 10, "month": 7, "year": 4}
    for d in dates:
        found.setdefault(d.date.isoformat()[: width[d.precision]], (d.sentence, d.surface))
    return found


def _compare(
    passage: Passage,
    name: Field,
    expected: Iterable[str],
    found: dict[str, tuple[str, str]],
    misses: list[Error],
    false_alarms: list[Error],
) -> Counts:
    expected_set = set(expected)
    for key in sorted(expected_set - set(found)):
        misses.append(Error(passage.id, passage.lang, name, key, passage.text))
    for key in sorted(set(found) - expected_set):
        sentence, surface = found[key]
        false_alarms.append(Error(passage.id, passage.lang, name, key, sentence, surface))
    tp = len(expected_set & set(found))
    return Counts(tp=tp, fp=len(found) - tp, fn=len(expected_set) - tp)


def _judge_stances(passage: Passage, result: TagResult, errors: list[StanceError]) -> StanceCounts:
    given: dict[str, Stance] = {}
    for s in result.stances:
        given.setdefault(s.alliance_id, s)
    total = StanceCounts()
    for alliance, label in sorted(passage.stances.items()):
        stance = given.get(alliance)
        right_stance = stance is not None and stance.stance == label.stance
        right_direction = stance is not None and stance.direction == label.direction
        total += StanceCounts(1, int(right_stance), int(right_direction), int(stance is None))
        if not (right_stance and right_direction):
            errors.append(
                StanceError(
                    passage.id,
                    passage.lang,
                    alliance,
                    (label.stance, label.direction),
                    None if stance is None else (stance.stance, stance.direction),
                    None if stance is None else stance.evidence,
                )
            )
    return total
