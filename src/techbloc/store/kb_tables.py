"""The knowledge base as rows of the store's tables (one function per table family)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from techbloc.kb.loader import KnowledgeBase
from techbloc.model import PartialDate, Text
from techbloc.text.normalize import normalize_name

Row = tuple[Any, ...]


def _d(value: PartialDate | None) -> Any:
    return value.start if value else None


def _p(value: PartialDate | None) -> str | None:
    return value.precision if value else None


def _en(text: Text | None) -> str | None:
    return text.en if text else None


def _zh(text: Text | None) -> str | None:
    return text.zh if text else None


def kb_rows(kb: KnowledgeBase) -> dict[str, list[Row]]:
    """Rows per table, in the column order of migrations/0001_knowledge_base.sql (and the columns
    0007_country_terms.sql adds at the end of stages, dimensions and instruments)."""
    return {
        "sources": list(_sources(kb)),
        "actors": [
            (a.code, a.name.en, a.name.zh, a.kind.value, a.iso3, a.region, _d(a.ended), a.note)
            for a in kb.actors.values()
        ],
        "actor_names": list(_actor_names(kb)),
        "domains": [
            (
                d.id,
                d.parent,
                d.name.en,
                d.name.zh,
                _en(d.description),
                _zh(d.description),
                d.keywords.en,
                d.keywords.zh,
                d.cet,
                d.wassenaar,
                d.hs,
            )
            for d in kb.domains.values()
        ],
        "stages": [(*_term(t), *_keywords(t)) for t in kb.stages.values()],
        "dimensions": [(*_term(t), *_keywords(t)) for t in kb.dimensions.values()],
        "instruments": [
            (
                *_term(t),
                t.default_direction.value if t.default_direction else None,
                *_keywords(t),
            )
            for t in kb.instruments.values()
        ],
        "alliances": list(_alliances(kb)),
        "alliance_names": list(_alliance_names(kb)),
        "alliance_status": [
            (a.id, c.status.value, c.since.start, c.since.precision, c.source_ids, c.note)
            for a in kb.alliances.values()
            for c in a.status_history
        ],
        "alliance_dimensions": [
            (a.id, dim, r.level, r.evidence, r.source_ids)
            for a in kb.alliances.values()
            for dim, r in a.dimensions.items()
        ],
        "memberships": [
            (
                a.id,
                m.actor,
                m.role.value,
                _d(m.joined),
                _p(m.joined),
                _d(m.left),
                _p(m.left),
                _d(m.as_of),
                _p(m.as_of),
                _d(m.effective_from),
                m.source_ids,
                m.note,
            )
            for a in kb.alliances.values()
            for m in a.memberships
        ],
        "measures": list(_measures(kb)),
        "country_attributes": [
            (v.actor, v.indicator, v.year, v.value, v.source_ids, v.note) for v in kb.attributes
        ],
        "organisation_names": [
            (o.id, lang, name, o.country, o.source_ids)
            for o in kb.organisations.values()
            for lang, names in (("zh", o.zh), ("en", o.en), ("abbr", o.abbreviations))
            for name in names
        ],
        "country_attribute_gaps": [
            (g.actor, g.indicator, g.year, g.reason) for g in kb.attribute_gaps
        ],
        "country_terms": list(_country_terms(kb)),
        **_trade_ties(kb),
    }


def _trade_ties(kb: KnowledgeBase) -> dict[str, list[Row]]:
    """Rows of migrations/0009_trade_ties.sql."""
    agreements = [
        (
            a.id,
            a.name.en,
            a.name.zh,
            a.kind,
            _d(a.signed),
            _p(a.signed),
            _d(a.in_force),
            _p(a.in_force),
            _d(a.ended),
            _p(a.ended),
            a.source_ids,
            a.note,
            kb.origin("agreement", a.id).file,
        )
        for a in kb.agreements.values()
    ]
    return {
        "trade_agreements": agreements,
        "trade_agreement_parties": [
            (a.id, code) for a in kb.agreements.values() for code in a.parties
        ],
        "trade_partner_ranks": [
            (r.reporter, r.year, r.rank, r.partner, r.total_trade_usd, r.source_ids, r.note)
            for r in kb.trade_ranks
        ],
        "trade_tie_gaps": [(g.name, g.parties, g.reason) for g in kb.tie_gaps],
    }


def _term(term: Any) -> Row:
    return (term.id, term.name.en, term.name.zh, _en(term.description), _zh(term.description))


def _keywords(term: Any) -> Row:
    return (term.keywords.en, term.keywords.zh)


def _country_terms(kb: KnowledgeBase) -> Iterator[Row]:
    """Rows of country_terms (migrations/0007_country_terms.sql)."""
    for t in kb.country_terms.values():
        ids = t.source_ids
        yield from ((t.code, "demonym", "en", w, ids) for w in t.demonyms)
        for kind, words in (("seat", t.seats), ("form", t.forms), ("not_mention", t.not_mentions)):
            yield from ((t.code, kind, "en", w, ids) for w in words.en)
            yield from ((t.code, kind, "zh", w, ids) for w in words.zh)
        if t.zh_abbreviation:
            yield (t.code, "abbreviation", "zh", t.zh_abbreviation, ids)
    for joint in kb.joint_forms:
        lang = "en" if joint.term.isascii() else "zh"
        yield from (
            (code, "joint_form", lang, joint.term, joint.source_ids) for code in joint.codes
        )


def _sources(kb: KnowledgeBase) -> Iterator[Row]:
    for sid, s in kb.sources.items():
        origin = kb.origin("source", sid)
        yield (sid, s.publisher, s.title, _d(s.date), _p(s.date), s.url, s.note, origin.file)


def _names(key_of: str, names: list[str | None]) -> Iterator[Row]:
    seen = set()
    for name in names:
        if not name:
            continue
        key = normalize_name(name)
        if key and (name, key) not in seen:
            seen.add((name, key))
            yield (key_of, name, key)


def _actor_names(kb: KnowledgeBase) -> Iterator[Row]:
    for a in kb.actors.values():
        yield from _names(a.code, [a.code, a.iso3, a.name.en, a.name.zh, *a.aliases])


def _alliance_names(kb: KnowledgeBase) -> Iterator[Row]:
    for a in kb.alliances.values():
        yield from _names(
            a.id,
            [a.id, a.name.en, a.name.zh, _en(a.short_name), _zh(a.short_name), *a.aliases],
        )


def _alliances(kb: KnowledgeBase) -> Iterator[Row]:
    for a in kb.alliances.values():
        origin = kb.origin("alliance", a.id)
        cited = sorted(
            {s for c in a.status_history for s in c.source_ids}
            | {s for m in a.memberships for s in m.source_ids}
            | {s for r in a.dimensions.values() for s in r.source_ids}
        )
        yield (
            a.id,
            a.name.en,
            a.name.zh,
            _en(a.short_name),
            _zh(a.short_name),
            a.kind.value,
            a.form.value,
            [t.value for t in a.tech_scope],
            _d(a.founded),
            _p(a.founded),
            _d(a.ended),
            _p(a.ended),
            a.predecessor,
            _en(a.summary),
            _zh(a.summary),
            a.domains,
            a.stages,
            cited,
            a.note,
            origin.file,
        )


def _measures(kb: KnowledgeBase) -> Iterator[Row]:
    for m in kb.measures.values():
        origin = kb.origin("measure", m.id)
        yield (
            m.id,
            m.date.start,
            m.date.precision,
            m.actor,
            m.issuer,
            m.alliance,
            m.title.en,
            m.title.zh,
            m.instrument,
            m.direction.value,
            m.targets,
            m.target_entities,
            m.domains,
            m.stages,
            m.dimensions,
            m.tech_scope.value if m.tech_scope else None,
            m.severity,
            m.citation,
            m.source_ids,
            _en(m.summary),
            _zh(m.summary),
            m.note,
            origin.file,
        )
