"""The tagging rules and cue lists stay in step with the knowledge base they refer to."""

from __future__ import annotations

from techbloc.documents.tagging import DocumentTagger
from techbloc.documents.tagging.rules import load_rules
from techbloc.documents.tagging.stance import load_cues
from techbloc.kb.loader import load_kb

KB = load_kb()
RULES = load_rules()


def test_every_left_out_domain_keyword_is_a_domain_keyword() -> None:
    keywords = {w.casefold() for d in KB.domains.values() for w in [*d.keywords.en, *d.keywords.zh]}
    assert RULES.keywords_not_used["domain"] - keywords == set()


def test_every_alias_needing_support_is_an_alliance_name() -> None:
    names = {n for a in KB.alliances.values() for n in a.aliases}
    names |= {
        n for a in KB.alliances.values() for t in (a.name, a.short_name) if t for n in (t.en, t.zh)
    }
    assert RULES.aliases_need_support - names == set()


def test_every_name_left_out_is_a_country_name() -> None:
    names = {n for a in KB.actors.values() for n in (a.name.en, a.name.zh, *a.aliases)}
    assert RULES.names_not_used - names == set()


def test_every_not_mention_contains_or_overlaps_a_term_of_its_type(tagger: DocumentTagger) -> None:
    """A not-mention that no term of its type could overlap would block nothing."""
    voc = tagger.vocabulary
    useless = []
    for vt in voc.terms:
        if vt.source != "not_mention":
            continue
        terms = [t.term for t in voc.terms if t.type == vt.type and t.source != "not_mention"]
        if vt.type == "country":
            terms += list(voc.abbreviations)
        phrase = vt.term.casefold()
        inside = any(term.casefold() in phrase for term in terms)
        before = any(  # 对华 overlaps 华为 (对华为: against Huawei)
            term.casefold().endswith(phrase[:k]) for term in terms for k in range(1, len(phrase))
        )
        if not inside and not before:
            useless.append((vt.type, vt.term))
    assert useless == []


def test_the_cues_are_read_in_both_languages() -> None:
    text = "It restricts cooperation; 放宽，合作；限制"
    kinds = [(c.kind, text[c.start : c.end]) for c in load_cues().cues(text, 0, len(text), [])]
    assert kinds == [
        ("restrictive", "restricts"),
        ("cooperative", "cooperation"),
        ("relaxing", "放宽"),
        ("cooperative", "合作"),
        ("restrictive", "限制"),
    ]
