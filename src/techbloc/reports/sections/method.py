"""Section: method and limits — for each indicator what it measures, and the section of
docs/methodology.md that gives its formula, parameters, data and limits."""

from __future__ import annotations

import re

from techbloc.reports.sections.context import Context
from techbloc.reports.view import Block, Bullets, Heading, Paragraph, Section

METHODOLOGY = "docs/methodology.md"
METHODS = (
    ("comprehensiveness", "Assessment: comprehensiveness"),
    ("shift", "Assessment: shift"),
    ("pressure", "Assessment: containment pressure"),
    ("severity", "Severity of measures (rubric)"),
    ("supply", "Assessment: choke points and exposure"),
    ("priorities", "Assessment: priorities"),
    ("report", "Reports: the assessment report"),
)
"""Each method the report uses, with the heading of its section in docs/methodology.md."""

LIMITS = ("register", "severity", "world", "supply", "weights", "activity")


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: 'Assessment: choke points' → 'assessment-choke-points'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def citation(heading: str) -> str:
    return f"{METHODOLOGY}#{anchor(heading)} (§ {heading})"


def method_section(ctx: Context) -> Section:
    w = ctx.w
    blocks: list[Block] = [Paragraph(w("method.intro"))]
    for key, heading in METHODS:
        blocks.append(Heading(w(f"method.{key}.name")))
        blocks.append(Paragraph(w(f"method.{key}.text")))
        blocks.append(Paragraph(w("method.see", where=citation(heading)), css="cite"))
    blocks.append(Heading(w("method.limits_heading")))
    blocks.append(Bullets([w(f"method.limit.{key}") for key in LIMITS]))
    return Section("sec-method", w("method.title"), blocks)
