"""Normalisation of names so that the ways people write one name meet.

``normalize_name`` folds width (NFKC), diacritics, traditional to simplified Chinese (OpenCC)
and case, and drops spaces and punctuation: "瓦森納 安排", "瓦森纳安排" and
"Wassenaar  arrangement" meet their stored forms. It is used for lookup keys, never for display.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese; other scripts pass through unchanged."""
    result: str = _t2s().convert(text)
    return result


def normalize_name(text: str) -> str:
    """A lookup key: width and diacritics folded, simplified Chinese, casefolded, '&' read as
    'and', without spaces, punctuation and symbols."""
    folded = to_simplified(unicodedata.normalize("NFKC", text)).casefold().replace("&", "and")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if unicodedata.category(ch)[0] in "LN")
