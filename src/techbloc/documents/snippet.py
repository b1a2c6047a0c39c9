"""A short window of a passage around the words a query matched, with those words marked «…»."""

from __future__ import annotations

import re
from collections.abc import Iterable

MARK_OPEN, MARK_CLOSE = "«", "»"
SNIPPET_CHARS = 160
LEAD_CHARS = 40
_SPACE = re.compile(r"\s+")


def merge_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that overlap, touch or are apart by spaces only, as one (出口 + 管制 → 出口管制;
    半导 + 导体 → 半导体; export + controls → export controls)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The ``width`` characters that hold the most marked characters, starting a little before
    the first marked span in them (at a word boundary where one is near)."""
    if len(text) <= width:
        return 0, len(text)
    if not spans:
        return 0, width
    best = max(
        range(len(spans)),
        key=lambda i: (
            sum(e - s for s, e in spans[i:] if e <= spans[i][0] + width - LEAD_CHARS),
            -i,
        ),
    )
    start = max(0, spans[best][0] - LEAD_CHARS)
    space = text.find(" ", start, spans[best][0])
    if start > 0 and space != -1 and space - start < LEAD_CHARS // 2:
        start = space + 1
    start = min(start, max(0, len(text) - width))
    return start, min(len(text), start + width)


def mark_snippet(text: str, spans: Iterable[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """The part of ``text`` around the marked ``spans`` (character offsets), at most ``width``
    characters of it, each span in «», whitespace squeezed, cuts shown by …"""
    merged = merge_spans(text, spans)
    lo, hi = _window(text, merged, width)
    parts: list[str] = ["…" if lo > 0 else ""]
    at = lo
    for start, end in merged:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        parts += [text[at:start], MARK_OPEN, text[start:end], MARK_CLOSE]
        at = end
    parts += [text[at:hi], "…" if hi < len(text) else ""]
    return _SPACE.sub(" ", "".join(parts)).strip()
