"""Link a Federal Register document to the knowledge-base measure it is, if the KB has it.

Two ways, in this order:

1. **Citation page range.** The knowledge base cites a rule by a page ("87 FR 62186",
   ``enrich.citations.parse_citations``). The FR document is a rule that starts on its
   ``start_page``; the page linking of ``enrich.citations.CitationIndex`` (the one that places a
   list entry's cited page inside the rule that listed it) is run with the FR document as the only
   rule, so a measure whose cited page lies in the document's volume, at or after its first page,
   within ``MAX_RULE_PAGES`` of it (and not after its ``end_page`` when that is known), and whose
   date lies within ``MAX_DAY_GAP`` days of the document's publication (or effective) date, is
   the document. Several measures can cite one rule (one rule, several facets): one citing the
   first page goes before one citing a later page, then the nearest date; the others are named in
   the reason.
2. **Document number.** A measure one of whose sources has the FR Doc. number in its URL
   (``federalregister.gov/d/2022-21658``) or its note ("FR Doc. 2022-21658").

GPO's XML has no volume, so its documents link by number only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from techbloc.documents.federal_register import CandidateMeasure
from techbloc.enrich.citations import Citation, CitationIndex, MeasureCitation, parse_citations


@dataclass(frozen=True)
class KbMeasure:
    """What linking needs of a knowledge-base measure."""

    measure_id: str
    date: dt.date
    citations: list[Citation]
    source_urls: list[str]
    source_notes: list[str]


@dataclass(frozen=True)
class MeasureLink:
    measure_id: str
    reason: str


def load_kb_measures(con: duckdb.DuckDBPyConnection) -> list[KbMeasure]:
    rows = con.execute(
        """SELECT m.measure_id, m.measure_date, m.citation,
                  list(s.url) FILTER (WHERE s.url IS NOT NULL),
                  list(s.note) FILTER (WHERE s.note IS NOT NULL)
           FROM measures m LEFT JOIN sources s ON list_contains(m.source_ids, s.source_id)
           GROUP BY ALL ORDER BY m.measure_id"""
    ).fetchall()
    return [
        KbMeasure(measure_id, day, parse_citations(citation), list(urls or []), list(notes or []))
        for measure_id, day, citation, urls, notes in rows
    ]


def link_candidate(candidate: CandidateMeasure, measures: list[KbMeasure]) -> MeasureLink | None:
    """The knowledge-base measure this Federal Register document is, with how it was found."""
    return _by_citation(candidate, measures) or _by_number(candidate, measures)


def _by_citation(candidate: CandidateMeasure, measures: list[KbMeasure]) -> MeasureLink | None:
    volume, start, end = candidate.volume, candidate.start_page, candidate.end_page
    if volume is None or start is None:
        return None
    day = candidate.publication_date or candidate.effective_date
    rule = CitationIndex(
        [MeasureCitation(candidate.document_number, Citation(volume, start), day or dt.date.min)]
    )
    found: list[tuple[bool, int, str, Citation]] = []
    for measure in measures:
        for cited in measure.citations:
            if end is not None and cited.page > end:
                continue
            link = rule.link(cited, measure.date if day else None)
            if link:
                found.append((cited.page != start, link.day_gap or 0, measure.measure_id, cited))
    if not found:
        return None
    found.sort()
    _, _, measure_id, cited = found[0]
    where = (
        "the first page of this document"
        if cited.page == start
        else f"{cited.page - start} page(s) after its first page"
    )
    pages = f"{volume} FR {start}" + (f"-{end}" if end and end != start else "")
    reason = f"citation: the measure cites {cited}, {where} ({pages})"
    others = sorted({m for _, _, m, _ in found[1:] if m != measure_id})
    if others:
        reason += "; also cited by " + ", ".join(others)
    return MeasureLink(measure_id, reason)


def _by_number(candidate: CandidateMeasure, measures: list[KbMeasure]) -> MeasureLink | None:
    number = candidate.document_number
    if not number:
        return None
    token = re.compile(rf"(?<![\w-]){re.escape(number)}(?![\w-])")
    for measure in measures:
        for url in measure.source_urls:
            if token.search(url):
                return MeasureLink(measure.measure_id, f"document number {number} in source {url}")
        for note in measure.source_notes:
            if token.search(note) and "FR Doc" in note:
                return MeasureLink(
                    measure.measure_id, f"document number {number} in a source note: {note!r}"
                )
    return None
