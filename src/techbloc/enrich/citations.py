"""Federal Register citations: read them from list cells and link them to knowledge-base measures.

A list entry cites the page where it appears ("85 FR 83799", "87 F.R. 52741 8/29/2022"), which
lies inside the rule that added it, while the knowledge base records a rule by its first page
("85 FR 83793"). A citation is linked to the measure whose first page is the closest one at or
before the cited page in the same volume, provided the page is within ``MAX_RULE_PAGES`` of it and,
where both dates are known, the listing date lies within ``MAX_DAY_GAP`` days of the measure's date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

CITATION = re.compile(r"\b(\d{1,3})\s*F\.?\s*R\.?\s*(\d{1,6})\b")
MAX_RULE_PAGES = 120
"""A BIS rule rarely runs past 120 pages; a cited page further on is not taken as inside it."""
MAX_DAY_GAP = 45
"""Listing dates on the lists are the publication or effective date; either lies within weeks."""


@dataclass(frozen=True, order=True)
class Citation:
    volume: int
    page: int

    def __str__(self) -> str:
        return f"{self.volume} FR {self.page}"


def parse_citations(text: str | None) -> list[Citation]:
    """Every 'VV FR PPPPP' (or 'F.R.') citation in a cell, in order, without repeats."""
    found = [Citation(int(v), int(p)) for v, p in CITATION.findall(text or "")]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class MeasureCitation:
    measure_id: str
    citation: Citation
    date: dt.date


@dataclass(frozen=True)
class CitationLink:
    measure_id: str
    citation: Citation
    rule: str
    day_gap: int | None


class CitationIndex:
    """The knowledge-base measures by Federal Register volume, sorted by first page."""

    def __init__(self, measures: list[MeasureCitation]) -> None:
        by_volume: dict[int, list[MeasureCitation]] = defaultdict(list)
        for measure in measures:
            by_volume[measure.citation.volume].append(measure)
        self._volumes = {
            v: sorted(ms, key=lambda m: m.citation.page) for v, ms in by_volume.items()
        }
        self._pages = {v: [m.citation.page for m in ms] for v, ms in self._volumes.items()}

    def link(self, cited: Citation, listing_date: dt.date | None) -> CitationLink | None:
        """The measure whose rule contains the cited page, or None."""
        pages = self._pages.get(cited.volume)
        if not pages:
            return None
        at = bisect.bisect_right(pages, cited.page) - 1
        if at < 0:
            return None
        start = pages[at]
        # several measures may start on the same page (one rule, several facets): take them all
        # in turn, nearest date first
        same = [m for m in self._volumes[cited.volume] if m.citation.page == start]
        if cited.page - start > MAX_RULE_PAGES:
            return None
        best: CitationLink | None = None
        for measure in same:
            gap = abs((listing_date - measure.date).days) if listing_date else None
            if gap is not None and gap > MAX_DAY_GAP:
                continue
            rule = "first page" if cited.page == start else f"page {cited.page - start} of rule"
            link = CitationLink(measure.measure_id, cited, rule, gap)
            if best is None or (gap or 0) < (best.day_gap or 0):
                best = link
        return best
