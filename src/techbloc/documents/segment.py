"""Words for full-text search, the same for the index and for queries, in Chinese and English.

DuckDB's full-text index splits text on a regular expression, which cannot find word boundaries in
Chinese. So text is cut into words here, and the index reads them as space-separated tokens:

- the text is folded character by character: width and compatibility forms (NFKC), case, accents
  (``Règlement`` → ``reglement``), then traditional → simplified Chinese (OpenCC, as in
  :mod:`techbloc.text.normalize`), so 出口管製 and 出口管制 give the same words;
- runs of Han characters are cut by jieba in search mode (``出口管制`` → 出口, 管制;
  ``美国商务部`` → 美国, 商务, 商务部, 美国商务部), and every pair of adjacent characters is added
  as a token of its own kind (:data:`HAN_BIGRAMS`), so a word that jieba cuts one way in the text
  and another in the query still meets (美日荷 is cut 美日 | 荷; the query 日荷 finds it through
  the pair ``bi日荷``) without counting as that word;
- runs of other letters and digits are words as they stand (``3A090``, ``5g``, ``export``);
  English stemming (porter) is left to the index, which stems query and text alike;
- Chinese function words (:data:`ZH_STOPWORDS`) are dropped; English ones are dropped by the index.

:func:`token_spans` gives each word with its span in the original text (for marking snippets);
:func:`tokenize` gives the words only. Both run the same code.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import jieba

from techbloc.text.normalize import to_simplified

BigramMode = Literal["off", "shared", "separate"]

HAN_BIGRAMS: BigramMode = "separate"
"""Pairs of adjacent Han characters added to jieba's words: ``separate`` writes every pair as a
token of its own kind (``bi`` + the pair: 日荷 → ``bi日荷``), so a pair never counts as the word
it spells and a text with the word ranks above one where the two characters only meet across a
word boundary (化学生物 holds 学生 only as a pair). ``shared`` writes the pairs jieba did not give
as words as plain words; ``off`` adds none. Measured: docs/methodology.md, "Documents: search"."""
BIGRAM_PREFIX = "bi"

_ZH_STOPWORDS = """
的 了 和 与 及 或 在 是 将 被 对 把 向 从 为 以 于 等 之 其 该 也 都 而 并 这 那 此 由 即 则 但 又
所 着 过 以及 或者 并且 但是 因为 所以 如果 这个 这些 那些 已经 关于 有关 我们 他们"""
ZH_STOPWORDS = frozenset(_ZH_STOPWORDS.split())
"""Chinese function words that say nothing about a text's subject (dropped as jieba words;
character pairs that contain them are kept: 和平 is not 和)."""

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
_RUN = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<word>[^\W_{_HAN}]+)")


@dataclass(frozen=True)
class Token:
    """A word and its span ``[start, end)`` in the text it came from."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    """jieba's dictionary, loaded once per process on first use (about half a second). A private
    tokenizer, so words other code adds to jieba's shared one never change what search sees."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset of the character of ``text``
    it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        out = ch.lower() if ch.isascii() else _fold_char(ch)
        chars.append(out)
        origin.extend([i] * len(out))
    folded = "".join(chars)
    simplified = to_simplified(folded)
    if len(simplified) != len(folded):  # a phrase conversion changed the length: go char by char
        simplified = "".join(c if len(s := to_simplified(c)) != 1 else s for c in folded)
    return simplified, origin


def _pairs(run: str, offset: int, mode: BigramMode, words: list[Token]) -> list[Token]:
    if mode == "off":
        return []
    pairs = [Token(run[i : i + 2], offset + i, offset + i + 2) for i in range(len(run) - 1)]
    if mode == "separate":
        return [Token(BIGRAM_PREFIX + t.text, t.start, t.end) for t in pairs]
    seen = {(t.start, t.end) for t in words}
    return [t for t in pairs if (t.start, t.end) not in seen]


def _han_tokens(run: str, offset: int, bigrams: BigramMode) -> list[Token]:
    words = [
        Token(word, offset + start, offset + end)
        for word, start, end in _jieba().tokenize(run, mode="search")
        if word not in ZH_STOPWORDS
    ]
    words += _pairs(run, offset, bigrams, words)
    return sorted(words, key=lambda t: (t.start, t.end))


def _folded_tokens(folded: str, bigrams: BigramMode) -> list[Token]:
    tokens: list[Token] = []
    for match in _RUN.finditer(folded):
        if match["han"]:
            tokens += _han_tokens(match["han"], match.start(), bigrams)
        else:
            tokens.append(Token(match[0], match.start(), match.end()))
    return tokens


def token_spans(text: str, bigrams: BigramMode | None = None) -> list[Token]:
    """The words of ``text`` (folded), each with its span in ``text`` itself."""
    folded, origin = fold(text)
    use_bigrams = HAN_BIGRAMS if bigrams is None else bigrams
    return [
        Token(t.text, origin[t.start], origin[t.end - 1] + 1)
        for t in _folded_tokens(folded, use_bigrams)
    ]


def tokenize(text: str, bigrams: BigramMode | None = None) -> list[str]:
    """The words of ``text``, folded, in order (overlapping search-mode words included)."""
    folded, _ = fold(text)
    use_bigrams = HAN_BIGRAMS if bigrams is None else bigrams
    return [t.text for t in _folded_tokens(folded, use_bigrams)]


def tokens_text(text: str, bigrams: BigramMode | None = None) -> str:
    """The words of ``text`` joined by spaces: what the index stores and what a query sends."""
    return " ".join(tokenize(text, bigrams))
