"""Watchlists: which alerts a user wants delivered (every alert is stored either way).

A watchlist is a YAML file (example: examples/watchlist.yaml)::

    min_level: orange            # blue | yellow | orange | red, or 蓝 | 黄 | 橙 | 红 (default blue)
    domains: [semiconductors, 人工智能]      # ids or names; a domain covers its sub-domains
    alliances: [wassenaar, Chip 4]           # ids, names or aliases (瓦森纳)
    countries: [NL, 日本]                    # codes or names
    organisations:                           # names (any script) or ids of listed entities
      - 华为技术有限公司
      - {name: Hikvision, country: CN}
      - {id: "us-bis-entity-list:…"}
    system: false                # alerts about the whole alliance system (default: false)
    organisation_threshold: 0.9  # screening score a name match needs (default 0.9)

An alert is delivered when its level is at least ``min_level`` and it is about something the list
follows: its scope is a followed domain (or one above or below it in the domain tree), alliance,
country or organisation, or one of its listings is of a followed organisation. A watchlist that
follows nothing (only ``min_level``) follows everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml

from techbloc.errors import InvalidArgument, TechblocError
from techbloc.kb.yaml_io import read_yaml
from techbloc.query.alliances import expand_domain
from techbloc.query.resolve import resolve_actor, resolve_alliance, resolve_term
from techbloc.warning.model import Level
from techbloc.warning.watch_organisations import FollowedOrganisation, OrganisationMatcher

KEYS = (
    "min_level", "domains", "alliances", "countries", "organisations", "system",
    "organisation_threshold",
)  # fmt: skip
DEFAULT_ORGANISATION_THRESHOLD = 0.9


@dataclass
class Watchlist:
    """A validated watchlist: followed ids (domains with their tree) and the minimum level."""

    min_level: Level = Level.BLUE
    domains: dict[str, str] = field(default_factory=dict)  # domain id → the followed one
    alliances: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    organisations: list[FollowedOrganisation] = field(default_factory=list)
    system: bool = False
    organisation_threshold: float = DEFAULT_ORGANISATION_THRESHOLD
    source: str | None = None  # the file it came from

    @property
    def follows_everything(self) -> bool:
        return not (
            self.domains or self.alliances or self.countries or self.organisations or self.system
        )

    def match(
        self, con: duckdb.DuckDBPyConnection, alert: dict[str, Any], matcher: OrganisationMatcher
    ) -> str | None:
        """Why the alert (a row of ``alert_detail``) is delivered, or None when it is not."""
        level = Level.parse(str(alert["level"]))
        if level < self.min_level:
            return None
        if self.follows_everything:
            return f"level {level.label} ≥ {self.min_level.label}"
        kind, key = str(alert["scope_type"]), str(alert["scope_key"])
        if kind == "domain" and key in self.domains:
            followed = self.domains[key]
            return f"domain {key}" + ("" if followed == key else f" (follows {followed})")
        if kind == "alliance" and key in self.alliances:
            return f"alliance {key}"
        if kind == "country" and key in self.countries:
            return f"country {key}"
        if kind == "system" and self.system:
            return "system"
        if self.organisations:
            listings = [str(e["id"]) for e in alert.get("evidence", []) if e["kind"] == "listing"]
            scope = key if kind == "organisation" else None
            return matcher.match(con, self.organisations, scope, listings)
        return None


def load_watchlist(path: Path, con: duckdb.DuckDBPyConnection) -> Watchlist:
    """Read and validate a watchlist, resolving names against the store. Every problem is
    reported at once, each as ``file: entry: field: message``."""
    if not path.is_file():
        raise InvalidArgument(f"no watchlist file at {path}")
    try:
        data = read_yaml(path)
    except yaml.YAMLError as exc:
        raise InvalidArgument(f"{path}: not valid YAML: {exc}") from None
    problems: list[str] = []
    watchlist = parse_watchlist(data, con, problems)
    if problems:
        raise InvalidArgument(
            f"the watchlist {path} has {len(problems)} problem(s):\n"
            + "\n".join(f"  {path}: {p}" for p in problems),
            hint="see examples/watchlist.yaml for the format",
        )
    watchlist.source = str(path)
    return watchlist


def parse_watchlist(data: Any, con: duckdb.DuckDBPyConnection, problems: list[str]) -> Watchlist:
    """A watchlist from parsed YAML; problems are appended as ``entry: field: message``."""
    watchlist = Watchlist()
    if data is None:
        return watchlist
    if not isinstance(data, dict):
        problems.append(f"(top): a mapping of {', '.join(KEYS)} is expected")
        return watchlist
    for key in data:
        if key not in KEYS:
            problems.append(f"{key}: unknown field (fields: {', '.join(KEYS)})")
    if "min_level" in data:
        try:
            watchlist.min_level = Level.parse(str(data["min_level"]))
        except ValueError as exc:
            problems.append(f"min_level: {exc}")
    if "system" in data:
        if isinstance(data["system"], bool):
            watchlist.system = data["system"]
        else:
            problems.append("system: true or false is expected")
    if "organisation_threshold" in data:
        value = data["organisation_threshold"]
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1:
            watchlist.organisation_threshold = float(value)
        else:
            problems.append("organisation_threshold: a number above 0 and at most 1 is expected")
    for i, typed in enumerate(_entries(data, "domains", problems)):
        domain = _resolve(problems, f"domains[{i}]", typed,
                          lambda t: resolve_term(con, "domains", "domain_id", t))  # fmt: skip
        if domain:
            for covered in expand_domain(con, domain):
                watchlist.domains.setdefault(covered, domain)
            watchlist.domains[domain] = domain
    for i, typed in enumerate(_entries(data, "alliances", problems)):
        if alliance := _resolve(problems, f"alliances[{i}]", typed,
                                lambda t: resolve_alliance(con, t)):  # fmt: skip
            watchlist.alliances.add(alliance)
    for i, typed in enumerate(_entries(data, "countries", problems)):
        if country := _resolve(problems, f"countries[{i}]", typed, lambda t: resolve_actor(con, t)):
            watchlist.countries.add(country)
    for i, entry in enumerate(_entries(data, "organisations", problems, mappings=True)):
        org = FollowedOrganisation.parse(entry, f"organisations[{i}]", con, problems)
        if org:
            watchlist.organisations.append(org)
    return watchlist


def _entries(
    data: dict[str, Any], key: str, problems: list[str], mappings: bool = False
) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(f"{key}: a list is expected")
        return []
    entries: list[Any] = []
    for i, entry in enumerate(value):
        if isinstance(entry, str | int) and not isinstance(entry, bool) and str(entry).strip():
            entries.append(str(entry).strip())
        elif mappings and isinstance(entry, dict):
            entries.append(entry)
        else:
            what = "a name or a mapping" if mappings else "a name or id"
            problems.append(f"{key}[{i}]: {what} is expected, not {entry!r}")
    return entries


def _resolve(
    problems: list[str], where: str, typed: str, resolver: Callable[[str], str]
) -> str | None:
    try:
        return resolver(typed)
    except TechblocError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        problems.append(f"{where}: '{typed}': {exc.message}{hint}")
        return None
