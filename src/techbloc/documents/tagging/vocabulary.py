"""What the tagger knows, read from the knowledge base or from a store: every term with the
concept it names, the labels, the parents of domains and the one-character abbreviations.

Both readers yield the same vocabulary for the same knowledge base (a test holds them to it). Codes
are never terms: a store keeps an actor's code and ISO alpha-3 code among its names, so names equal
to either are dropped on both paths (the country terms list those that should tag, such as US).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import duckdb

from techbloc.documents.model import MentionType
from techbloc.documents.tagging.rules import Rules, load_rules
from techbloc.errors import StoreError
from techbloc.kb.loader import KnowledgeBase
from techbloc.model import Instrument, Term

TermSource = Literal[
    "name", "demonym", "seat", "form", "joint", "abbreviation", "keyword", "not_mention"
]


@dataclass(frozen=True, order=True)
class VocabularyTerm:
    """A term and what it names. For a not-mention, ``type`` is the type it blocks and ``key`` is
    empty."""

    type: MentionType
    key: str
    term: str
    source: TermSource


@dataclass
class Vocabulary:
    terms: list[VocabularyTerm] = field(default_factory=list)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    domain_parents: dict[str, str | None] = field(default_factory=dict)
    abbreviations: dict[str, str] = field(default_factory=dict)  # 美 -> US

    def add(
        self,
        type_: MentionType,
        key: str,
        words: Iterable[str | None],
        source: TermSource,
        rules: Rules,
    ) -> None:
        skipped = rules.keywords_not_used.get(type_, frozenset())
        for word in words:
            if not word or not word.strip():
                continue
            if source == "keyword" and word.casefold() in skipped:
                continue
            if source == "name" and type_ == "country" and word in rules.names_not_used:
                continue
            self.terms.append(VocabularyTerm(type_, key, word.strip(), source))

    def finish(self, rules: Rules) -> Vocabulary:
        for type_, phrases in rules.not_mentions.items():
            for phrase in phrases:
                self.terms.append(VocabularyTerm(type_, "", phrase, "not_mention"))
        self.terms = sorted(set(self.terms))
        return self


def vocabulary_from_kb(kb: KnowledgeBase, rules: Rules | None = None) -> Vocabulary:
    rules = rules or load_rules()
    voc = Vocabulary()
    for a in kb.alliances.values():
        short = a.short_name
        names = [a.name.en, a.name.zh, short.en if short else None, short.zh if short else None]
        voc.add("alliance", a.id, [n for n in [*names, *a.aliases] if n != a.id], "name", rules)
        voc.labels[("alliance", a.id)] = (
            (short.en if short and short.en else None) or a.name.en or a.id
        )
    for actor in kb.actors.values():
        names = [actor.name.en, actor.name.zh, *actor.aliases]
        codes = {actor.code, actor.iso3}
        voc.add("country", actor.code, [n for n in names if n not in codes], "name", rules)
        voc.labels[("country", actor.code)] = actor.name.en or actor.code
    for code, t in kb.country_terms.items():
        voc.add("country", code, t.demonyms, "demonym", rules)
        voc.add("country", code, [*t.seats.en, *t.seats.zh], "seat", rules)
        voc.add("country", code, [*t.forms.en, *t.forms.zh], "form", rules)
        voc.add("country", "", [*t.not_mentions.en, *t.not_mentions.zh], "not_mention", rules)
        if t.zh_abbreviation:
            voc.abbreviations[t.zh_abbreviation] = code
    for joint in kb.joint_forms:
        for code in joint.codes:
            voc.add("country", code, [joint.term], "joint", rules)
    for d in kb.domains.values():
        voc.add("domain", d.id, [*d.keywords.en, *d.keywords.zh], "keyword", rules)
        voc.labels[("domain", d.id)] = d.name.en or d.id
        voc.domain_parents[d.id] = d.parent
    terms: tuple[tuple[MentionType, dict[str, Instrument] | dict[str, Term]], ...] = (
        ("instrument", kb.instruments),
        ("stage", kb.stages),
        ("dimension", kb.dimensions),
    )
    for type_, table in terms:
        for term in table.values():
            voc.add(type_, term.id, [*term.keywords.en, *term.keywords.zh], "keyword", rules)
            voc.labels[(type_, term.id)] = term.name.en or term.id
    return voc.finish(rules)


def vocabulary_from_store(con: duckdb.DuckDBPyConnection, rules: Rules | None = None) -> Vocabulary:
    """The same vocabulary from the knowledge-base tables of a store (read-only is enough)."""
    rules = rules or load_rules()
    voc = Vocabulary()
    try:
        _read_store(con, voc, rules)
    except duckdb.CatalogException as exc:
        raise StoreError(
            f"the store lacks the knowledge-base tables document tagging reads: {exc}",
            hint="run 'techbloc init' to build or migrate the store",
        ) from exc
    return voc.finish(rules)


def _read_store(con: duckdb.DuckDBPyConnection, voc: Vocabulary, rules: Rules) -> None:
    for aid, name_en, short_en in con.execute(
        "SELECT alliance_id, name_en, short_name_en FROM alliances"
    ).fetchall():
        voc.labels[("alliance", aid)] = short_en or name_en or aid
    for aid, name in con.execute(
        "SELECT alliance_id, name FROM alliance_names WHERE name <> alliance_id"
    ).fetchall():
        voc.add("alliance", aid, [name], "name", rules)
    for code, name_en in con.execute("SELECT actor_code, name_en FROM actors").fetchall():
        voc.labels[("country", code)] = name_en or code
    for code, name in con.execute(
        "SELECT n.actor_code, n.name FROM actor_names n JOIN actors a USING (actor_code) "
        "WHERE n.name <> a.actor_code AND n.name IS DISTINCT FROM a.iso3"
    ).fetchall():
        voc.add("country", code, [name], "name", rules)
    kinds: dict[str, TermSource] = {
        "demonym": "demonym", "seat": "seat", "form": "form", "joint_form": "joint",
        "not_mention": "not_mention",
    }  # fmt: skip
    for code, kind, term in con.execute(
        "SELECT actor_code, term_kind, term FROM country_terms"
    ).fetchall():
        if kind == "abbreviation":
            voc.abbreviations[term] = code
        else:
            voc.add("country", "" if kind == "not_mention" else code, [term], kinds[kind], rules)
    for did, parent, name_en, en, zh in con.execute(
        "SELECT domain_id, parent_id, name_en, keywords_en, keywords_zh FROM domains"
    ).fetchall():
        voc.add("domain", did, [*(en or []), *(zh or [])], "keyword", rules)
        voc.labels[("domain", did)] = name_en or did
        voc.domain_parents[did] = parent
    for type_, table, column in (
        ("instrument", "instruments", "instrument_id"),
        ("stage", "stages", "stage_id"),
        ("dimension", "dimensions", "dimension_id"),
    ):
        rows = con.execute(
            f"SELECT {column}, name_en, keywords_en, keywords_zh FROM {table}"  # names from code
        ).fetchall()
        for key, name_en, en, zh in rows:
            voc.add(type_, key, [*(en or []), *(zh or [])], "keyword", rules)  # type: ignore[arg-type]
            voc.labels[(type_, key)] = name_en or key
