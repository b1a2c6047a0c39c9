"""Gazetteer entries: one per (term, concept), with how its case is matched and its variants.

Case rules for English terms (Chinese has no case):
* ``fold`` — a term in lower case ("export control", "chip") matches in any case, with its simple
  plural ("export controls", "chips", "subsidies");
* ``exact`` — an acronym or a word with inner capitals ("US", "WA", "CFIUS", "iCET", "U.S.")
  matches exactly as written ("us" is not the United States);
* ``title`` — a name in capitals ("Wassenaar Arrangement", "Quad", "China", "Entity List")
  matches with its first letter as written and the rest in any case ("Wassenaar arrangement",
  "CHINA"), with a plural "s" ("Americans"); "quad-core" and "china" (porcelain) do not match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from techbloc.documents.model import MentionType
from techbloc.documents.tagging.vocabulary import TermSource

Case = Literal["fold", "exact", "title"]
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SEP = re.compile(r"[\s\-]+")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per entry
class Entry:
    type: MentionType
    key: str  # "" for a not-mention
    label: str
    term: str  # the form matched (the knowledge-base term or its plural)
    source: TermSource
    case: Case
    needs_support: bool = False

    @property
    def is_blocker(self) -> bool:
        return self.source == "not_mention"

    @property
    def method(self) -> str:
        return f"{self.type}-{self.source}"


def is_chinese(term: str) -> bool:
    return bool(_HAN.search(term))


def case_of(term: str) -> Case:
    if term == term.lower():
        return "fold"
    if not any(ch.isspace() for ch in term) and any(ch.isupper() for ch in term[1:]):
        return "exact"
    return "title"


def english_key(text: str) -> str:
    """Lookup key of an English surface or term: separators dropped, lower case."""
    return _SEP.sub("", text).lower()


def variants(term: str, case: Case) -> list[str]:
    """The term and its simple plurals (none for exact terms)."""
    if case == "exact" or not term[-1:].isalpha():
        return [term]
    if case == "title":
        return [term, term + "s"] if term[-1].islower() else [term]
    forms = [term, term + "s"]
    if term.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.append(term + "es")
    if len(term) > 2 and term.endswith("y") and term[-2] not in "aeiou":
        forms.append(term[:-1] + "ies")
    return forms


def case_fits(entry: Entry, surface: str) -> bool:
    """Does an English surface (already matched case-insensitively) fit the entry's case rule?"""
    if entry.case == "fold":
        return True
    got, want = _SEP.sub("", surface), _SEP.sub("", entry.term)
    if entry.case == "exact":
        return got == want
    return got[:1] == want[:1] and got[1:].lower() == want[1:].lower()
