"""The text the gazetteer matches: the same length as the original, so every offset holds.

Full-width ASCII becomes half-width, typographic apostrophes and quotes become plain ones, and
traditional Chinese becomes simplified (OpenCC t2s), line by line: a line whose conversion would
change its length (rare: OpenCC maps a few phrases to words of another length) stays unconverted.
"""

from __future__ import annotations

import re

from techbloc.text.normalize import to_simplified

_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x2019: 0x27, 0x2018: 0x27, 0x201C: 0x22, 0x201D: 0x22})
_WIDTH.update({0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D, 0x2013: 0x2D, 0x00A0: 0x20})
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LINES = re.compile(r"[^\n]*\n?")


def matching_text(text: str) -> str:
    """``text`` prepared for matching, character for character (``len`` is unchanged)."""
    folded = text.translate(_WIDTH)
    if not _HAN.search(folded):
        return folded
    parts = []
    for line in _LINES.findall(folded):
        if _HAN.search(line):
            simplified = to_simplified(line)
            parts.append(simplified if len(simplified) == len(line) else line)
        else:
            parts.append(line)
    return "".join(parts)
