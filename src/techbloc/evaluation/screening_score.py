"""Running the labelled set through a matcher and counting hits, misses and false hits.

Each query is screened once at the lowest threshold of interest; counting at a higher threshold
keeps only the hits scoring at or above it (the same as screening again, since hits come best
first and the limit applies to both). Per case:

* a positive is a true positive when one of its expected entries is hit, else a miss (FN);
* every hit on an entry that is neither expected nor in 'also' is a false positive (FP), on
  positives (a wrong entry) and negatives alike.

Precision is TP / (TP + FP) and recall TP / positives, as in benchmarks/screening_cn_list.py. For
negatives the clean rate is the share of negative queries with no hit at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from techbloc.evaluation.screening_set import EvalCase, ListEntry
from techbloc.ingest.csl import list_for_source
from techbloc.matching.bridge import NameBridge
from techbloc.matching.index import ScreeningIndex
from techbloc.matching.screen import Query, screen


@dataclass(frozen=True)
class Found:
    """One hit: the list id and name of the entry, and the matcher's score on a 0–1 scale."""

    list_id: str
    name: str
    score: float


Matcher = Callable[[EvalCase], list[Found]]


@dataclass(frozen=True)
class CaseResult:
    case: EvalCase
    hits: tuple[Found, ...]  # at the lowest threshold screened, best first


def list_id(abbreviation: str) -> str:
    """The store's list id of a CSL list abbreviation (EL → us-bis-entity-list)."""
    return list_for_source(f"({abbreviation})").list_id


def _keys(entries: Iterable[ListEntry]) -> set[tuple[str, str]]:
    return {(list_id(e.list), e.name) for e in entries}


def techbloc_matcher(
    index: ScreeningIndex, bridge: NameBridge | None, threshold: float, limit: int
) -> Matcher:
    """The product's screening (screen.screen), with or without the name bridge."""

    def match(case: EvalCase) -> list[Found]:
        hits = screen(index, Query(case.query, case.country), threshold, limit, bridge)
        return [Found(h.list_id, h.name.strip(), h.score) for h in hits]

    return match


def wratio_matcher(names: list[tuple[str, str, str]], threshold: float, limit: int) -> Matcher:
    """Baseline: rapidfuzz WRatio of the query against every name and alias (brute force).

    ``names`` holds (name or alias, list id, entry name). The best alias per entry counts; the
    entries are those of the ``limit`` best-scoring entries at or above ``threshold`` (0–1).
    """
    choices = [alias for alias, _, _ in names]

    def match(case: EvalCase) -> list[Found]:
        scored = process.extract(
            case.query,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=threshold * 100,
            limit=limit * 5,
        )
        best: dict[tuple[str, str], float] = {}
        for _, score, position in scored:
            _, entry_list, entry_name = names[position]
            key = (entry_list, entry_name)
            best[key] = max(best.get(key, 0.0), score / 100)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [Found(key[0], key[1], score) for key, score in ranked]

    return match


def run(cases: list[EvalCase], matcher: Matcher) -> list[CaseResult]:
    return [CaseResult(case, tuple(matcher(case))) for case in cases]


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    negatives: int = 0
    clean: int = 0  # negatives without any hit

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def clean_rate(self) -> float | None:
        return self.clean / self.negatives if self.negatives else None

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.negatives + other.negatives,
            self.clean + other.clean,
        )


@dataclass(frozen=True)
class Judged:
    """One case at one threshold: found or missed, and the hits that are wrong."""

    result: CaseResult
    found: bool
    wrong: tuple[Found, ...]

    @property
    def counts(self) -> Counts:
        case = self.result.case
        if case.positive:
            return Counts(tp=int(self.found), fn=int(not self.found), fp=len(self.wrong))
        return Counts(fp=len(self.wrong), negatives=1, clean=int(not self.wrong))


def judge(result: CaseResult, threshold: float) -> Judged:
    hits = [h for h in result.hits if h.score >= threshold]
    expected, also = _keys(result.case.expected), _keys(result.case.also)
    keys = {(h.list_id, h.name) for h in hits}
    wrong = tuple(h for h in hits if (h.list_id, h.name) not in expected | also)
    return Judged(result, bool(keys & expected), wrong)


def count(results: Iterable[CaseResult], threshold: float) -> Counts:
    total = Counts()
    for result in results:
        total = total + judge(result, threshold).counts
    return total
