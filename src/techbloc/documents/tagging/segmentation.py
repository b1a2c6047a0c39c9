"""Does a Chinese match cut through a word? jieba (dictionary only, no HMM guesses) segments a
window around the match; its dictionary is loaded once per process, on first use (~0.5 s).

A match [start, end) *cuts* the segmentation when a word begins before ``start`` and runs into the
match (加纳 in 增加纳税), or a word begins inside the match and runs past ``end`` (以方 in 以方便).
A word that begins where the match begins and runs past its end makes the match the start of a
longer word (中美 in 中美洲, 中美关系); :func:`word_after` returns the rest of that word so that the
caller decides.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache

import jieba  # type: ignore[import-untyped]  # jieba ships no type information

WINDOW = 8  # characters of context on each side of the match
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _jieba() -> jieba.Tokenizer:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


@lru_cache(maxsize=65536)
def _bounds(window: str) -> tuple[tuple[int, int], ...]:
    spans = []
    at = 0
    for word in _jieba().cut(window, HMM=False):
        spans.append((at, at + len(word)))
        at += len(word)
    return tuple(spans)


@dataclass(frozen=True)
class Fit:
    """How a match sits in the segmentation: whether it cuts a word, and the rest of the word it
    begins ("" when it ends on a word boundary)."""

    cuts: bool
    word_after: str


def fit(text: str, start: int, end: int) -> Fit:
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    window = text[lo:hi]
    s, e = start - lo, end - lo
    after = ""
    for a, b in _bounds(window):
        if a < s < b:
            return Fit(True, "")
        if s < a < e < b:
            return Fit(True, "")
        if a == s and b > e:
            after = window[e:b]
    return Fit(False, after)


def exact_word(text: str, start: int, end: int) -> bool:
    """The match is one word of the segmentation, neither cut nor the start of a longer word."""
    found = fit(text, start, end)
    return not found.cuts and found.word_after == ""
