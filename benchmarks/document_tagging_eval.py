"""Document tagging quality on the labelled passages, against a naive substring baseline.

The set (tests/documents/eval/passages.yaml, labelling guide at its top) holds short Chinese,
English and mixed passages labelled with the knowledge-base keys they name per mention type, the
stance of each alliance they name and the dates of the events they report. Scoring
(techbloc.evaluation.document_tagging) is micro-averaged over passages on the set of keys per
passage; dates on (date, precision) pairs; stances on labelled (passage, alliance) pairs.

Taggers, in the same run:
  * techbloc: DocumentTagger.from_kb(load_kb()).tag (what users get);
  * baseline: every KB name, alias and domain keyword found as a substring (Latin script: whole
    words, case-insensitive), the longest match winning where matches overlap; no stances, no dates.

Printed: per field TP, FP, FN, precision, recall, F1 (markdown); precision/recall per language;
stance accuracy; then the keys the tagger misses and falsely finds most often, with passages.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/document_tagging_eval.py [--all] [--top N]
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from techbloc.documents.model import Mention, MentionType, TagResult
from techbloc.documents.tagging import DocumentTagger
from techbloc.evaluation.document_tagging import (
    FIELDS,
    Error,
    EvaluationReport,
    Tagger,
    evaluate,
    load_passages,
)
from techbloc.evaluation.tagging_set import LANGUAGES, Passage
from techbloc.kb.loader import KnowledgeBase, load_kb

ROOT = Path(__file__).resolve().parents[1]
SET_FILE = ROOT / "tests" / "documents" / "eval" / "passages.yaml"


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def baseline_tagger(kb: KnowledgeBase) -> Tagger:
    """Substring matches of every KB name, alias and domain keyword; longest match wins.

    Latin-script terms match whole words, case-insensitively, with an optional plural s.
    """
    terms: dict[str, tuple[MentionType, str]] = {}

    def add(mention_type: MentionType, key: str, names: Iterable[str | None]) -> None:
        for name in names:
            if name and len(name) > 1:
                terms.setdefault(name.lower(), (mention_type, key))

    for key, alliance in kb.alliances.items():
        short = alliance.short_name
        add("alliance", key, [alliance.name.en, alliance.name.zh, *alliance.aliases])
        add("alliance", key, [short.en, short.zh] if short else [])
    for key, actor in kb.actors.items():
        add("country", key, [actor.name.en, actor.name.zh, *actor.aliases])
    for key, domain in kb.domains.items():
        keywords = [*domain.keywords.en, *domain.keywords.zh]
        add("domain", key, [domain.name.en, domain.name.zh, *keywords])
    for kind, records in (
        ("instrument", kb.instruments),
        ("stage", kb.stages),
        ("dimension", kb.dimensions),
    ):
        for key, term in records.items():
            add(kind, key, [term.name.en, term.name.zh])  # type: ignore[arg-type]  # a MentionType
    ordered = sorted(terms, key=len, reverse=True)
    pattern = re.compile(
        "|".join(
            rf"(?<![a-z0-9]){re.escape(t)}s?(?![a-z0-9])" if t.isascii() else re.escape(t)
            for t in ordered
        )
    )

    def tag(text: str) -> TagResult:
        mentions = []
        for match in pattern.finditer(text.lower()):
            mention_type, key = terms[_term(match.group(), terms)]
            start, end = match.span()
            mentions.append(
                Mention(mention_type, key, key, text[start:end], start, end, text, 0, "baseline")
            )
        return TagResult(mentions=mentions)

    return tag


def _term(found: str, terms: dict[str, tuple[MentionType, str]]) -> str:
    """The term a match stands for: itself, or itself without the plural 's' the pattern allows."""
    return found if found in terms else found[:-1]


def _table(title: str, report: EvaluationReport) -> None:
    print(f"\n{title}\n")
    print("| field | TP | FP | FN | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|")
    for name in FIELDS:
        c = report.by_field[name]
        print(
            f"| {name} | {c.tp} | {c.fp} | {c.fn} | "
            f"{_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.f1)} |"
        )


def _languages(report: EvaluationReport) -> None:
    print("\nPrecision / recall per language (techbloc)\n")
    print("| field | " + " | ".join(LANGUAGES) + " |")
    print("|---|" + "---|" * len(LANGUAGES))
    for name in FIELDS:
        cells = [
            f"{_fmt(report.by_language[lang][name].precision)} / "
            f"{_fmt(report.by_language[lang][name].recall)}"
            for lang in LANGUAGES
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


def _stances(report: EvaluationReport) -> None:
    print("\nStances (techbloc), labelled (passage, alliance) pairs\n")
    print("| language | pairs | stance accuracy | direction accuracy | no stance given |")
    print("|---|---|---|---|---|")
    rows = [(lang, report.stance_by_language[lang]) for lang in LANGUAGES]
    for label, s in [*rows, ("**all**", report.stance)]:
        print(
            f"| {label} | {s.pairs} | {_fmt(s.stance_accuracy)} | "
            f"{_fmt(s.direction_accuracy)} | {s.missing} |"
        )


def _worst(title: str, errors: list[Error], top: int) -> None:
    counts = Counter((e.field, e.key) for e in errors)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in errors:
        where[(e.field, e.key)].append(e.passage_id)
    print(f"\n{title} (top {top} of {len(counts)} keys, {len(errors)} in all)\n")
    print("| field | key | times | passages |")
    print("|---|---|---|---|")
    for (field, key), times in counts.most_common(top):
        print(f"| {field} | {key} | {times} | {', '.join(where[(field, key)][:8])} |")


def _every_error(report: EvaluationReport) -> None:
    print("\nEvery miss, false alarm and stance error (techbloc)\n")
    for e in report.misses:
        print(f"MISS  {e.passage_id} {e.field}:{e.key} | {e.sentence.strip()[:160]}")
    for e in report.false_alarms:
        print(f"FALSE {e.passage_id} {e.field}:{e.key} [{e.surface}] | {e.sentence.strip()[:160]}")
    for s in report.stance_errors:
        print(f"STANCE {s.passage_id} {s.alliance}: expected {s.expected}, found {s.found}")


def _timed(label: str, passages: list[Passage], tagger: Tagger) -> EvaluationReport:
    start = time.perf_counter()
    report = evaluate(passages, tagger)
    seconds = time.perf_counter() - start
    print(f"{label}: {len(passages)} passages in {seconds:.2f} s")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every error of techbloc")
    parser.add_argument("--top", type=int, default=15, help="how many worst keys to show")
    args = parser.parse_args()
    passages = load_passages(SET_FILE)
    per_language = Counter(p.lang for p in passages)
    print(
        f"{len(passages)} passages ("
        + ", ".join(f"{per_language[lang]} {lang}" for lang in LANGUAGES)
        + f"), {sum(len(p.stances) for p in passages)} labelled stances, "
        f"{sum(len(p.dates) for p in passages)} labelled dates\n"
    )
    kb = load_kb()
    start = time.perf_counter()
    tagger = DocumentTagger.from_kb(kb)
    print(f"techbloc tagger built in {time.perf_counter() - start:.2f} s")
    report = _timed("techbloc", passages, tagger.tag)
    baseline = _timed("baseline", passages, baseline_tagger(kb))
    _table("techbloc (DocumentTagger.from_kb)", report)
    _table("baseline: KB names, aliases and keywords as substrings", baseline)
    _languages(report)
    _stances(report)
    _worst("Most frequent misses (techbloc)", report.misses, args.top)
    _worst("Most frequent false alarms (techbloc)", report.false_alarms, args.top)
    if args.all:
        _every_error(report)


if __name__ == "__main__":
    main()
