"""The gazetteer: every term of the vocabulary compiled into one pattern per script, the checks a
match must pass, and longest-match resolution.

English terms match on word boundaries with the case rules of :mod:`entries`; spaces and hyphens in
a term match any run of spaces, hyphens and line breaks ("export-control", "export\\ncontrols").
Chinese terms match as substrings of the simplified text, and the short ones must fit jieba's
segmentation (:mod:`segmentation`). Chinese one-character abbreviations (美, 日, 荷) match only in
runs of two or more different ones (中美, 美日荷) or after 对/访/赴/驻… (对美); each character of a
run is a mention of its own country. Phrases known to contain a term without naming anything of its
type (not-mentions: "US dollar", 北京时间) block the shorter matches they overlap. Then the
longest match wins over every match it overlaps (四方安全对话 over 安全); a span can name several
concepts at once (export control: an instrument and the trade/export stage).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from techbloc.documents.tagging.entries import (
    Entry,
    case_fits,
    case_of,
    english_key,
    is_chinese,
    variants,
)
from techbloc.documents.tagging.rules import Rules
from techbloc.documents.tagging.segmentation import exact_word, fit
from techbloc.documents.tagging.trie import trie_pattern
from techbloc.documents.tagging.vocabulary import Vocabulary

_SEP_ATOM = r"[\s\-]*"
_ALNUM = "A-Za-z0-9"
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][A-Za-z.]*)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+$")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Candidate:
    """A match and the entries it stands for; ``parts`` gives each entry's own span (a run such as
    美日荷 names three countries, one per character)."""

    start: int
    end: int
    entries: tuple[Entry, ...]
    parts: tuple[tuple[int, int], ...] = ()

    @property
    def length(self) -> int:
        return self.end - self.start

    def span_of(self, index: int) -> tuple[int, int]:
        return self.parts[index] if self.parts else (self.start, self.end)


class Gazetteer:
    def __init__(self, vocabulary: Vocabulary, rules: Rules) -> None:
        self.rules = rules
        self._english: dict[str, list[Entry]] = {}
        self._chinese: dict[str, list[Entry]] = {}
        for vt in vocabulary.terms:
            label = vocabulary.labels.get((vt.type, vt.key), vt.key)
            support = vt.type == "alliance" and vt.term in rules.aliases_need_support
            if is_chinese(vt.term):
                entry = Entry(vt.type, vt.key, label, vt.term, vt.source, "exact", support)
                self._chinese.setdefault(vt.term, []).append(entry)
                continue
            case = case_of(vt.term)
            for form in variants(vt.term, case):
                entry = Entry(vt.type, vt.key, label, form, vt.source, case, support)
                self._english.setdefault(english_key(form), []).append(entry)
        self._abbreviations = dict(vocabulary.abbreviations)
        self._labels = dict(vocabulary.labels)
        self._en = _english_patterns({e.term for es in self._english.values() for e in es})
        self._zh = _chinese_pattern(self._chinese)
        letters = "".join(sorted(self._abbreviations))
        self._runs = re.compile(f"[{letters}]{{2,}}") if letters else None
        prefixes = "".join(sorted(rules.zh_abbreviation_prefixes))
        after = "".join(sorted(set(letters) - rules.zh_abbreviations_not_prefixed))
        self._prefixed = re.compile(f"[{prefixes}][{after}]+") if prefixes and after else None

    # -- finding ---------------------------------------------------------------------------
    def find(self, text: str) -> list[Candidate]:
        """Every match in ``text`` (prepared by :func:`textprep.matching_text`) that passes its
        checks, overlapping ones included; :func:`resolve` picks among them."""
        found = list(self._find_english(text))
        found += self._find_chinese(text)
        found += self._find_abbreviations(text)
        return found

    def _find_english(self, text: str) -> list[Candidate]:
        lowered = text.translate(_ASCII_LOWER)
        spans = [span for pattern in self._en for span in _all_starts(pattern, lowered)]
        found = []
        for start, end in spans:
            c = self._english_candidate(text, start, end)
            if c is not None:
                found.append(c)
                if all(e.is_blocker or e.needs_support for e in c.entries):  # EU in EU-India TTC
                    found += self._at(text, lowered, 0, start, end - 1, english=True)
        return found

    def _english_candidate(self, text: str, start: int, end: int) -> Candidate | None:
        surface = text[start:end]
        entries = [
            e
            for e in self._english.get(english_key(surface), ())
            if case_fits(e, surface) and (e.source != "seat" or self._seat_en_ok(text, start, end))
        ]
        return Candidate(start, end, tuple(entries)) if entries else None

    def _at(
        self, text: str, subject: str, base: int, pos: int, limit: int, english: bool
    ) -> list[Candidate]:
        """Every match that starts at ``pos`` and ends by ``limit``, longest first. ``subject`` is
        the text (lower-cased for English) from offset ``base``."""
        patterns = self._en if english else [p for p in (self._zh,) if p is not None]
        make = self._english_candidate if english else self._chinese_candidate
        found = []
        for pattern in patterns:
            end = limit - base
            while (
                m := pattern.match(subject, pos - base, end)
            ) is not None and m.end() > m.start():
                end = m.end() - 1
                a, b = m.start() + base, m.end() + base
                nxt = text[b : b + 1]
                if english and nxt.isascii() and nxt.isalnum() and m[0][-1:].isalnum():
                    continue  # the pattern saw the limit, not a word boundary
                if (c := make(text, a, b)) is not None:
                    found.append(c)
        return found

    def find_within(self, text: str, start: int, end: int) -> list[Candidate]:
        """Every match inside ``text[start:end]`` except the whole span, shorter matches at the
        same start included (the countries in "EU-US TTC")."""
        base = max(0, start - 1)  # the character before the span, for the word-boundary check
        original = text[base:end]
        lowered = original.translate(_ASCII_LOWER)
        found = []
        for pos in range(start, end):
            if not _ascii_alnum_before(text, pos):
                found += self._at(text, lowered, base, pos, end, english=True)
            found += self._at(text, original, base, pos, end, english=False)
        return [c for c in found if (c.start, c.end) != (start, end)]

    def _seat_en_ok(self, text: str, start: int, end: int) -> bool:
        """Washington Post, Tokyo Electron, Paris Agreement: a seat followed by a capitalised word
        is part of a longer proper name; "met in Paris" names a place."""
        before = _WORD_BEFORE.search(text, max(0, start - 12), start)
        if before and before[1].lower() in self.rules.seat_not_after_en:
            return False
        nxt = _NEXT_WORD.match(text, end)
        return nxt is None or nxt[1] in self.rules.seat_followers_allowed_en

    def _find_chinese(self, text: str) -> list[Candidate]:
        found = []
        for start, end in _all_starts(self._zh, text):
            c = self._chinese_candidate(text, start, end)
            if c is not None:
                found.append(c)
                if all(e.is_blocker or e.needs_support for e in c.entries):  # 中国 in 中国委员会
                    found += self._at(text, text, 0, start, end - 1, english=False)
        return found

    def _chinese_candidate(self, text: str, start: int, end: int) -> Candidate | None:
        surface = text[start:end]
        if surface[0].isascii() and surface[0].isalnum() and _ascii_alnum_before(text, start):
            return None
        entries = [e for e in self._chinese[surface] if self._fits_chinese(e, text, start, end)]
        return Candidate(start, end, tuple(entries)) if entries else None

    def _fits_chinese(self, entry: Entry, text: str, start: int, end: int) -> bool:
        n = end - start
        if entry.is_blocker:
            return True
        if entry.source == "seat":
            following = text[end : end + 6]
            if following.startswith(self.rules.seat_not_followed_by_zh) or text[
                max(0, start - 1) : start
            ].endswith(self.rules.seat_not_after_zh):
                return False
            return self._compound_ok(text, start, end)
        if entry.source in ("form", "joint"):
            return n >= 3 or self._compound_ok(text, start, end)
        if n == 1:  # 核 (nuclear) is not 核心 (core), 审核 (review)
            return exact_word(text, start, end)
        if n == 2 and entry.type == "country":  # 加纳 (Ghana) is not in 增加纳税
            return not fit(text, start, end).cuts
        return True

    def _compound_ok(self, text: str, start: int, end: int) -> bool:
        """Not cutting a word, and if it begins a longer word, the rest is an allowed ending."""
        found = fit(text, start, end)
        return not found.cuts and (
            found.word_after == "" or found.word_after in self.rules.zh_word_endings_allowed
        )

    def _find_abbreviations(self, text: str) -> list[Candidate]:
        found = []
        for pattern, skip in ((self._runs, 0), (self._prefixed, 1)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                letters = m[0][skip:]
                if len(set(letters)) != len(letters) or not self._compound_ok(
                    text, m.start(), m.end()
                ):
                    continue
                entries, parts = [], []
                for i, letter in enumerate(letters):
                    code = self._abbreviations[letter]
                    at = m.start() + skip + i
                    label = self._labels.get(("country", code), code)
                    entries.append(Entry("country", code, label, letter, "abbreviation", "exact"))
                    parts.append((m.start() if i == 0 else at, at + 1))
                found.append(Candidate(m.start(), m.end(), tuple(entries), tuple(parts)))
        return found


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Not-mentions block what they overlap (of their type, when not longer), then the longest
    match wins; ties go to the earlier start. Blocking not-mentions are not returned."""
    merged: dict[tuple[int, int], Candidate] = {}
    for c in candidates:
        same = merged.get((c.start, c.end))
        if same is None or same.parts or c.parts:
            merged.setdefault((c.start, c.end), c)
        else:
            merged[(c.start, c.end)] = Candidate(c.start, c.end, same.entries + c.entries)
    blockers = sorted(
        (c for c in merged.values() if any(e.is_blocker for e in c.entries)),
        key=lambda c: c.start,
    )
    blocker_starts = [b.start for b in blockers]
    longest = max((b.length for b in blockers), default=0)
    kept: list[Candidate] = []
    for c in merged.values():
        entries = [e for e in c.entries if not e.is_blocker]
        lo = bisect.bisect_left(blocker_starts, c.start - longest)
        hi = bisect.bisect_left(blocker_starts, c.end)
        for b in blockers[lo:hi]:
            if b.start < c.end and c.start < b.end and c.length <= b.length:
                blocked = {e.type for e in b.entries if e.is_blocker}
                entries = [e for e in entries if e.type not in blocked]
        if entries:
            kept.append(Candidate(c.start, c.end, tuple(entries), c.parts))
    chosen: list[Candidate] = []
    taken = bytearray(max((c.end for c in kept), default=0))  # 1 where a chosen span lies
    for c in sorted(kept, key=lambda c: (c.start - c.end, c.start, -len(c.entries))):
        if 1 in taken[c.start : c.end]:
            continue
        taken[c.start : c.end] = b"\x01" * c.length
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _all_starts(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """The longest match at every position where one starts (overlapping matches included)."""
    spans: list[tuple[int, int]] = []
    if pattern is None:
        return spans
    pos = 0
    search = pattern.search
    while (m := search(text, pos)) is not None:
        spans.append(m.span())
        pos = m.start() + 1
    return spans


def _ascii_alnum_before(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()


def _english_patterns(terms: Iterable[str]) -> list[re.Pattern[str]]:
    """Two patterns over ASCII-lower-cased text: terms ending in a letter or digit, which must end
    on a word boundary, and the others ("U.S.", "US$"), which need not. Matching them apart keeps
    the boundary check out of the trie's leaves and each pattern quick to compile."""
    bounded: list[tuple[list[str], str]] = []
    open_ended: list[tuple[list[str], str]] = []
    for term in terms:
        atoms: list[str] = []
        for ch in term:
            if ch.isspace() or ch == "-":
                if not atoms or atoms[-1] != _SEP_ATOM:
                    atoms.append(_SEP_ATOM)
            else:
                atoms.append(re.escape(ch.translate(_ASCII_LOWER)))
        ends_alnum = term[-1].isascii() and term[-1].isalnum()
        (bounded if ends_alnum else open_ended).append((atoms, ""))
    patterns = []
    for words, tail in ((bounded, f"(?![{_ALNUM}])"), (open_ended, "")):
        if words:
            patterns.append(re.compile(f"(?<![{_ALNUM}])(?:{trie_pattern(words)}){tail}"))
    return patterns


def _chinese_pattern(terms: dict[str, list[Entry]]) -> re.Pattern[str] | None:
    words = []
    for term in terms:
        tail = f"(?![{_ALNUM}])" if term[-1].isascii() and term[-1].isalnum() else ""
        words.append(([re.escape(ch) for ch in term], tail))
    return re.compile(trie_pattern(words)) if words else None
