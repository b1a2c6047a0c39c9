"""Sentences of a text, Chinese and English alike: the evidence of a mention is its sentence.

A sentence ends at 。！？；, at a line break (except a single line break inside an English
sentence: the next line starts in lower case), and at . ? ! followed by a space and a capital, a
digit, a quote or Chinese — unless the word before the period is an abbreviation (U.S., Inc., No.,
e.g., Art., Oct.) or an initial.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

ABBREVIATIONS = frozenset([
    "u.s", "u.k", "u.n", "e.u", "p.r", "u.s.a", "d.c", "inc", "ltd", "co", "corp", "llc", "plc",
    "no", "nos", "e.g", "i.e", "etc", "vs", "cf", "al", "mr", "ms", "mrs", "dr", "st", "jr", "sr",
    "prof", "gen", "sen", "rep", "gov", "dept", "art", "arts", "sec", "secs", "para", "paras",
    "fig", "figs", "vol", "vols", "p", "pp", "ch", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "approx", "est", "reg", "regs", "n.v", "b.v", "s.a", "ag",
    "pty", "ref", "nr", "sub", "cl",
])  # fmt: skip

_CLOSERS = "\"'”’)）」』】》"
_BOUNDARY = re.compile(
    r"[。！？；]+[" + _CLOSERS + r"]*"  # Chinese ends
    r"|[.!?]+[" + _CLOSERS + r"]*(?=\s|$|[\u3400-\u9fff])"  # Latin ends, checked below
    r"|\n"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_START = re.compile(r"\s*([\"'“‘(（]?)(.)?", re.S)


@dataclass(frozen=True)
class Sentences:
    text: str
    starts: list[int]
    ends: list[int]
    _cache: dict[int, str] = field(default_factory=dict, compare=False, repr=False)

    def index_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def span(self, index: int) -> tuple[int, int]:
        return self.starts[index], self.ends[index]

    def sentence(self, index: int) -> str:
        found = self._cache.get(index)
        if found is None:
            found = self._cache[index] = self.text[self.starts[index] : self.ends[index]]
        return found

    def __len__(self) -> int:
        return len(self.starts)


def split_sentences(text: str) -> Sentences:
    """Sentence spans of ``text``, without leading and trailing whitespace."""
    cuts = [0]
    for m in _BOUNDARY.finditer(text):
        if m[0] == "\n":
            if _line_continues(text, m.start()):
                continue
        elif m[0][0] in ".!?" and not _ends_latin_sentence(text, m.start(), m.end()):
            continue
        cuts.append(m.end())
    cuts.append(len(text))
    starts, ends = [], []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            starts.append(a)
            ends.append(b)
    if not starts:
        starts, ends = [0], [len(text)]
    return Sentences(text, starts, ends)


def _line_continues(text: str, at: int) -> bool:
    """A single line break inside an English sentence (hard-wrapped text)."""
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    return before.isascii() and (before.isalnum() or before in ",;:-") and after.islower()


def _ends_latin_sentence(text: str, start: int, end: int) -> bool:
    if text[start] == ".":
        word = _WORD_BEFORE.search(text, max(0, start - 20), start + 1)
        if word:
            token = word[1].lower()
            if token in ABBREVIATIONS or len(token) == 1:
                return False
        if (
            start > 0
            and text[start - 1].isdigit()
            and start + 1 < len(text)
            and (text[start + 1].isdigit())
        ):
            return False
    nxt = _NEXT_START.match(text, end)
    char = nxt[2] if nxt else None
    if char is None:
        return True
    return char.isupper() or char.isdigit() or bool(nxt and nxt[1]) or "\u3400" <= char <= "\u9fff"
