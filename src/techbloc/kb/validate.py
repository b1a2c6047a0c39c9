"""Cross-record checks of the knowledge base: every problem with its file and field.

`techbloc kb validate` prints these and exits non-zero when any is an error. The checks: unknown
ids (country, domain, stage, instrument, dimension, alliance, source), missing sources, missing
names, dates in the future, members outside the alliance's life or after their state ended,
duplicate ids and memberships, aliases shared by two alliances, country terms that name two
countries or are not simplified Chinese; trade agreements (parties, dates in order) and trade
rankings (no partner or rank twice a year); unused sources are warnings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from techbloc.kb.loader import KnowledgeBase, Origin
from techbloc.kb.problems import Problem
from techbloc.model import (
    ATTRIBUTE_INDICATORS,
    DIMENSION_IDS,
    Alliance,
    Measure,
    PartialDate,
    Text,
    TradeAgreement,
)
from techbloc.text.normalize import normalize_name, to_simplified


def validate_kb(kb: KnowledgeBase, today: dt.date | None = None) -> list[Problem]:
    """All problems of the knowledge base: those found while loading and the cross-record ones."""
    checker = _Checker(kb, today or dt.date.today())
    checker.run()
    return kb.problems + checker.problems


class _Checker:
    def __init__(self, kb: KnowledgeBase, today: dt.date) -> None:
        self.kb = kb
        self.today = today
        self.problems: list[Problem] = []
        self.cited: set[str] = set()

    def run(self) -> None:
        self.check_sources()
        self.check_actors()
        self.check_taxonomy()
        for alliance in self.kb.alliances.values():
            self.check_alliance(alliance, self.kb.origin("alliance", alliance.id))
        self.check_aliases()
        for measure in self.kb.measures.values():
            self.check_measure(measure, self.kb.origin("measure", measure.id))
        self.check_attributes()
        self.check_organisations()
        self.check_country_terms()
        for agreement in self.kb.agreements.values():
            self.check_agreement(agreement, self.kb.origin("agreement", agreement.id))
        self.check_tie_gaps()
        self.check_trade_ranks()
        self.check_unused_sources()

    # -- helpers -------------------------------------------------------------------------
    def add(self, origin: Origin, field: str, code: str, message: str, warn: bool = False) -> None:
        where = f"{origin.path}.{field}" if origin.path else field
        self.problems.append(
            Problem(origin.file, where, code, message, "warning" if warn else "error")
        )

    def names(self, origin: Origin, field: str, text: Text | None) -> None:
        if text is None or not (text.en or "").strip():
            self.add(origin, f"{field}.en", "missing-name", "English name is missing")
        if text is None or not (text.zh or "").strip():
            self.add(origin, f"{field}.zh", "missing-name", "Chinese name is missing")

    def not_future(self, origin: Origin, field: str, value: PartialDate | None) -> None:
        if value is not None and value.start > self.today:
            self.add(origin, field, "future-date", f"date {value} lies in the future")

    def cites(self, origin: Origin, field: str, ids: list[str]) -> None:
        if not ids:
            self.add(origin, field, "missing-source", "no source is cited")
        for sid in ids:
            self.cited.add(sid)
            if sid not in self.kb.sources:
                self.add(origin, field, "unknown-source", f"source '{sid}' is not defined")

    def known(
        self, origin: Origin, field: str, values: Iterable[str], table: dict[str, object], what: str
    ) -> None:
        for i, value in enumerate(values):
            if value not in table:
                self.add(origin, f"{field}[{i}]", f"unknown-{what}", f"unknown {what} '{value}'")

    def actor(self, origin: Origin, field: str, code: str) -> None:
        if code not in self.kb.actors:
            self.add(origin, field, "unknown-country", f"unknown country or party '{code}'")

    # -- records -------------------------------------------------------------------------
    def check_sources(self) -> None:
        for sid, source in self.kb.sources.items():
            origin = self.kb.origin("source", sid)
            self.not_future(origin, "date", source.date)
            if source.url and not source.url.startswith(("http://", "https://")):
                self.add(origin, "url", "bad-url", f"not an http(s) URL: {source.url}")

    def check_actors(self) -> None:
        for code, actor in self.kb.actors.items():
            self.names(self.kb.origin("actor", code), "name", actor.name)

    def check_taxonomy(self) -> None:
        for kind, table in (
            ("domain", self.kb.domains),
            ("stage", self.kb.stages),
            ("dimension", self.kb.dimensions),
            ("instrument", self.kb.instruments),
        ):
            for key, term in table.items():
                self.names(self.kb.origin(kind, key), "name", term.name)
        for key, domain in self.kb.domains.items():
            if domain.parent is not None and domain.parent not in self.kb.domains:
                origin = self.kb.origin("domain", key)
                self.add(origin, "parent", "unknown-domain", f"unknown parent '{domain.parent}'")
        for kind, terms in (
            ("stage", self.kb.stages),
            ("dimension", self.kb.dimensions),
            ("instrument", self.kb.instruments),
        ):
            for key, term in terms.items():
                self.simplified(self.kb.origin(kind, key), "keywords.zh", term.keywords.zh)
        for dim in DIMENSION_IDS:
            if self.kb.dimensions and dim not in self.kb.dimensions:
                self.add(
                    Origin("taxonomy/dimensions.yaml", "dimensions"),
                    dim,
                    "missing-dimension",
                    f"trajectory dimension '{dim}' is not described",
                )

    def check_alliance(self, alliance: Alliance, origin: Origin) -> None:
        kb = self.kb
        self.names(origin, "name", alliance.name)
        if alliance.predecessor is not None and alliance.predecessor not in kb.alliances:
            self.add(
                origin,
                "predecessor",
                "unknown-alliance",
                f"unknown predecessor '{alliance.predecessor}'",
            )
        self.known(origin, "domains", alliance.domains, kb.domains, "domain")  # type: ignore[arg-type]
        self.known(origin, "stages", alliance.stages, kb.stages, "stage")  # type: ignore[arg-type]
        self.not_future(origin, "founded", alliance.founded)
        self.not_future(origin, "ended", alliance.ended)
        if alliance.founded and alliance.ended and alliance.ended < alliance.founded:
            self.add(
                origin,
                "ended",
                "ended-before-founded",
                f"ended {alliance.ended} before it was founded {alliance.founded}",
            )
        if not alliance.status_history:
            self.add(origin, "status_history", "missing-status", "no status history")
        for i, change in enumerate(alliance.status_history):
            field = f"status_history[{i}]"
            self.not_future(origin, f"{field}.since", change.since)
            self.cites(origin, f"{field}.source", change.source_ids)
        for dim in DIMENSION_IDS:
            rating = alliance.dimensions.get(dim)
            if rating is None:
                self.add(
                    origin,
                    f"dimensions.{dim}",
                    "missing-dimension",
                    f"trajectory dimension '{dim}' is not rated",
                )
                continue
            self.cites(origin, f"dimensions.{dim}.source", rating.source_ids)
            if not (rating.evidence or "").strip():
                self.add(
                    origin,
                    f"dimensions.{dim}.evidence",
                    "missing-evidence",
                    "a rating needs its evidence",
                )
        for extra in sorted(set(alliance.dimensions) - set(DIMENSION_IDS)):
            self.add(
                origin, f"dimensions.{extra}", "unknown-dimension", f"unknown dimension '{extra}'"
            )
        self.check_memberships(alliance, origin)

    def check_memberships(self, alliance: Alliance, origin: Origin) -> None:
        seen: dict[str, list[tuple[int, PartialDate | None, PartialDate | None]]] = defaultdict(
            list
        )
        for i, member in enumerate(alliance.memberships):
            field = f"memberships[{i}]"
            self.actor(origin, f"{field}.actor", member.actor)
            self.cites(origin, f"{field}.source", member.source_ids)
            for name in ("joined", "left", "as_of"):
                self.not_future(origin, f"{field}.{name}", getattr(member, name))
            start, left = member.effective_from, member.left
            if start is None:
                self.add(
                    origin,
                    f"{field}.joined",
                    "missing-date",
                    "neither 'joined' nor 'as_of' is given",
                    warn=True,
                )
            if start and left and left.start <= start.start and left.end <= start.end:
                self.add(
                    origin,
                    f"{field}.left",
                    "left-before-joined",
                    f"left {left} is not after joined {start}",
                )
            if member.joined and alliance.founded and member.joined.end < alliance.founded.start:
                self.add(
                    origin,
                    f"{field}.joined",
                    "member-outside-life",
                    f"joined {member.joined} before the alliance was founded {alliance.founded}",
                )
            if start and alliance.ended and start.start >= alliance.ended.end:
                self.add(
                    origin,
                    f"{field}.joined",
                    "member-outside-life",
                    f"joined {start} after the alliance ended {alliance.ended}",
                )
            if left and alliance.ended and left.start > alliance.ended.end:
                self.add(
                    origin,
                    f"{field}.left",
                    "member-outside-life",
                    f"left {left} after the alliance ended {alliance.ended}",
                )
            actor = self.kb.actors.get(member.actor)
            if actor and actor.ended and start and start.start > actor.ended.end:
                self.add(
                    origin,
                    f"{field}.joined",
                    "member-outside-life",
                    f"{member.actor} joined {start} after it ceased to exist {actor.ended}",
                )
            for j, other_start, other_left in seen[member.actor]:
                if _overlaps(start, left, other_start, other_left):
                    self.add(
                        origin,
                        f"{field}.actor",
                        "duplicate-membership",
                        f"{member.actor} is already a member in memberships[{j}] at that time",
                    )
            seen[member.actor].append((i, start, left))

    def check_aliases(self) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        for alliance in self.kb.alliances.values():
            for name in _alliance_names(alliance):
                key = normalize_name(name)
                if key:
                    owners[key].add(alliance.id)
        for alliance in self.kb.alliances.values():
            origin = self.kb.origin("alliance", alliance.id)
            for i, alias in enumerate(alliance.aliases):
                others = owners[normalize_name(alias)] - {alliance.id}
                if others:
                    self.add(
                        origin,
                        f"aliases[{i}]",
                        "shared-alias",
                        f"alias '{alias}' is also a name of {', '.join(sorted(others))}",
                    )

    def check_measure(self, measure: Measure, origin: Origin) -> None:
        kb = self.kb
        self.names(origin, "title", measure.title)
        self.not_future(origin, "date", measure.date)
        self.actor(origin, "actor", measure.actor)
        for i, code in enumerate(measure.targets):
            self.actor(origin, f"targets[{i}]", code)
        if measure.instrument not in kb.instruments:
            self.add(
                origin,
                "instrument",
                "unknown-instrument",
                f"unknown instrument '{measure.instrument}'",
            )
        if measure.alliance is not None and measure.alliance not in kb.alliances:
            self.add(
                origin, "alliance", "unknown-alliance", f"unknown alliance '{measure.alliance}'"
            )
        self.known(origin, "domains", measure.domains, kb.domains, "domain")  # type: ignore[arg-type]
        self.known(origin, "stages", measure.stages, kb.stages, "stage")  # type: ignore[arg-type]
        self.known(origin, "dimensions", measure.dimensions, kb.dimensions, "dimension")  # type: ignore[arg-type]
        if not measure.domains:
            self.add(origin, "domains", "missing-domain", "no technology domain", warn=True)
        self.cites(origin, "sources", measure.source_ids)

    def check_attributes(self) -> None:
        seen: dict[tuple[str, str, int], int] = {}
        for i, (value, origin) in enumerate(
            zip(self.kb.attributes, self.kb.attribute_origins, strict=True)
        ):
            self.actor(origin, "actor", value.actor)
            self.cites(origin, "source", value.source_ids)
            if value.indicator not in ATTRIBUTE_INDICATORS:
                self.add(
                    origin,
                    "indicator",
                    "unknown-indicator",
                    f"unknown indicator '{value.indicator}'",
                )
            if value.year > self.today.year:
                self.add(origin, "year", "future-date", f"year {value.year} lies in the future")
            key = (value.actor, value.indicator, value.year)
            if key in seen:
                self.add(
                    origin,
                    "actor",
                    "duplicate-value",
                    f"{value.indicator} of {value.actor} for {value.year} is given twice "
                    f"(also values[{seen[key]}])",
                )
            seen[key] = i

    def check_organisations(self) -> None:
        owners: dict[str, str] = {}
        for org_id, org in self.kb.organisations.items():
            origin = self.kb.origin("organisation", org_id)
            self.cites(origin, "sources", org.source_ids)
            if org.country:
                self.actor(origin, "country", org.country)
            if not org.zh or not org.en:
                self.add(
                    origin,
                    "zh" if not org.zh else "en",
                    "missing-name",
                    "an organisation needs at least one Chinese and one English name",
                )
            for field in ("zh", "en", "abbreviations"):
                for i, name in enumerate(getattr(org, field)):
                    key = normalize_name(name)
                    owner = owners.setdefault(key, org_id)
                    if owner != org_id:
                        self.add(
                            origin,
                            f"{field}[{i}]",
                            "shared-name",
                            f"'{name}' is also a name of organisation '{owner}'",
                        )

    def simplified(self, origin: Origin, field: str, words: Iterable[str]) -> None:
        """Chinese keywords are matched against simplified text, so they must be simplified."""
        for i, word in enumerate(words):
            if not word.strip():
                self.add(origin, f"{field}[{i}]", "empty-term", "empty keyword")
            elif to_simplified(word) != word:
                self.add(
                    origin,
                    f"{field}[{i}]",
                    "not-simplified",
                    f"'{word}' is not simplified Chinese (write {to_simplified(word)})",
                )

    def check_country_terms(self) -> None:
        """Country terms name their country only: not another country's name, alias or term."""
        owners: dict[str, str] = {}
        for actor in self.kb.actors.values():
            for name in (actor.name.en, actor.name.zh, *actor.aliases):
                if name:
                    owners.setdefault(normalize_name(name), actor.code)
        abbreviations: dict[str, str] = {}
        for code, terms in self.kb.country_terms.items():
            origin = self.kb.origin("country_terms", code)
            self.actor(origin, "code", code)
            self.cites(origin, "sources", terms.source_ids)
            for field, words in (
                ("demonyms", terms.demonyms),
                ("seats.en", terms.seats.en),
                ("seats.zh", terms.seats.zh),
                ("forms.en", terms.forms.en),
                ("forms.zh", terms.forms.zh),
            ):
                self.simplified(origin, field, [w for w in words if not w.isascii()])
                for i, word in enumerate(words):
                    owner = owners.setdefault(normalize_name(word), code)
                    if owner != code:
                        self.add(
                            origin,
                            f"{field}[{i}]",
                            "shared-term",
                            f"'{word}' also names {owner}",
                        )
            self.simplified(origin, "not_mentions.zh", terms.not_mentions.zh)
            letter = terms.zh_abbreviation
            if letter:
                first = abbreviations.setdefault(letter, code)
                if first != code:
                    self.add(
                        origin,
                        "zh_abbreviation",
                        "shared-term",
                        f"abbreviation '{letter}' is also {first}'s",
                    )
        for joint, origin in zip(self.kb.joint_forms, self.kb.joint_form_origins, strict=True):
            self.cites(origin, "sources", joint.source_ids)
            self.simplified(origin, "term", [joint.term])
            for i, code in enumerate(joint.codes):
                self.actor(origin, f"codes[{i}]", code)

    def check_agreement(self, agreement: TradeAgreement, origin: Origin) -> None:
        self.names(origin, "name", agreement.name)
        self.cites(origin, "sources", agreement.source_ids)
        for i, code in enumerate(agreement.parties):
            self.actor(origin, f"parties[{i}]", code)
            if code in agreement.parties[:i]:
                self.add(origin, f"parties[{i}]", "duplicate-party", f"{code} is listed twice")
        for name in ("signed", "in_force", "ended"):
            self.not_future(origin, name, getattr(agreement, name))
        signed, in_force, ended = agreement.signed, agreement.in_force, agreement.ended
        if signed and in_force and in_force.end < signed.start:
            message = f"in force {in_force} before it was signed {signed}"
            self.add(origin, "in_force", "in-force-before-signed", message)
        if ended and (in_force is None or ended.start <= in_force.start):
            message = f"ended {ended} is not after entry into force {in_force}"
            self.add(origin, "ended", "ended-before-in-force", message)

    def check_tie_gaps(self) -> None:
        for gap, origin in zip(self.kb.tie_gaps, self.kb.tie_gap_origins, strict=True):
            for i, code in enumerate(gap.parties):
                self.actor(origin, f"parties[{i}]", code)

    def check_trade_ranks(self) -> None:
        seen: dict[tuple[str, int, str], int] = {}
        for i, (rank, origin) in enumerate(
            zip(self.kb.trade_ranks, self.kb.trade_rank_origins, strict=True)
        ):
            self.actor(origin, "reporter", rank.reporter)
            self.actor(origin, "partner", rank.partner)
            self.cites(origin, "source", rank.source_ids)
            if rank.year > self.today.year:
                self.add(origin, "year", "future-date", f"year {rank.year} lies in the future")
            if rank.partner == rank.reporter:
                self.add(origin, "partner", "self-partner", "a reporter is not its own partner")
            for key in (
                (rank.reporter, rank.year, f"rank {rank.rank}"),
                (rank.reporter, rank.year, rank.partner),
            ):
                if key in seen:
                    message = (
                        f"{key[2]} of {rank.reporter} in {rank.year} is given twice "
                        f"(also rankings[{seen[key]}])"
                    )
                    self.add(origin, "rank", "duplicate-rank", message)
                seen[key] = i

    def check_unused_sources(self) -> None:
        for sid in self.kb.sources:
            # Sources of an alliance, taxonomy or actor file back the file's subject as a whole
            # (founding, scope, names); only measure and attribute facts cite one by one.
            file = self.kb.origin("source", sid).file
            cited_one_by_one = (
                "measures/",
                "actors/attributes",
                "names/",
                "actors/country_terms",
                "ties/",
            )
            if sid not in self.cited and file.startswith(cited_one_by_one):
                self.add(
                    self.kb.origin("source", sid),
                    "id",
                    "unused-source",
                    f"source '{sid}' is defined but no fact cites it",
                    warn=True,
                )


def _alliance_names(alliance: Alliance) -> list[str]:
    names = [alliance.id, *alliance.aliases]
    for text in (alliance.name, alliance.short_name):
        if text is not None:
            names += [n for n in (text.en, text.zh) if n]
    return names


def _overlaps(
    a_start: PartialDate | None,
    a_left: PartialDate | None,
    b_start: PartialDate | None,
    b_left: PartialDate | None,
) -> bool:
    lo_a = a_start.start if a_start else None
    lo_b = b_start.start if b_start else None
    hi_a = a_left.start if a_left else None
    hi_b = b_left.start if b_left else None
    a_before_b = hi_a is not None and lo_b is not None and hi_a <= lo_b
    b_before_a = hi_b is not None and lo_a is not None and hi_b <= lo_a
    return not (a_before_b or b_before_a)
