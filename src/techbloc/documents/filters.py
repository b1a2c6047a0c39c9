"""Filters on documents shared by search and listing: domain (with its child domains), alliance
(by id, name or alias), date and language.

A document's date is ``published`` when the document gives one, else the day it was imported;
every result says which (``date_basis``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, get_args

import duckdb

from techbloc.documents.model import Language
from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.resolve import parse_date, resolve_alliance, resolve_term, suggest

LANGUAGES: tuple[str, ...] = get_args(Language)

DOCUMENT_DATE = "coalesce(d.published, CAST(d.imported_at AS DATE))"
DATE_BASIS = "CASE WHEN d.published IS NULL THEN 'imported' ELSE 'published' END"


@dataclass
class DocumentFilter:
    """SQL conditions on the documents table (aliased ``d``) with their parameters."""

    conditions: list[str] = field(default_factory=lambda: ["TRUE"])
    params: dict[str, Any] = field(default_factory=dict)
    applied: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return " AND ".join(self.conditions)


def child_domains(con: duckdb.DuckDBPyConnection, domain_id: str) -> list[str]:
    """A domain and every domain below it (semiconductors → semiconductor-equipment, …)."""
    rows = con.execute(
        """WITH RECURSIVE down(id) AS (
               SELECT domain_id FROM domains WHERE domain_id = $d
               UNION SELECT c.domain_id FROM domains c JOIN down ON c.parent_id = down.id)
           SELECT id FROM down ORDER BY id""",
        {"d": domain_id},
    ).fetchall()
    return [str(r[0]) for r in rows]


def resolve_alliance_id(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    """An alliance id from its id, name or alias (瓦森纳 → wassenaar); an unknown one names the
    closest alliance ids."""
    try:
        return resolve_alliance(con, typed)
    except NotFound as exc:
        if "several" in exc.message:
            raise
        rows = con.execute("SELECT alliance_id, name FROM alliance_names").fetchall()
        labels = {str(name): str(ident) for ident, name in rows}
        options = suggest(typed, labels)
        hint = f"closest alliance ids: {', '.join(options)}" if options else None
        raise NotFound(
            f"no alliance '{typed}'", hint=hint or "'techbloc alliances' lists them"
        ) from None


def parse_language(typed: str) -> str:
    value = typed.strip().lower()
    if value not in LANGUAGES:
        raise InvalidArgument(
            f"unknown language '{typed}'", hint=f"choose one of: {', '.join(LANGUAGES)}"
        )
    return value


def document_filter(
    con: duckdb.DuckDBPyConnection,
    *,
    domain: str | None = None,
    alliance: str | None = None,
    since: str | dt.date | None = None,
    language: str | None = None,
) -> DocumentFilter:
    """The conditions for the given filters, each resolved (and refused clearly) first."""
    f = DocumentFilter()
    if domain:
        domain_id = resolve_term(con, "domains", "domain_id", domain)
        f.params["domains"] = child_domains(con, domain_id)
        f.applied["domain"] = domain_id
        f.conditions.append(
            "EXISTS (SELECT 1 FROM document_mentions m WHERE m.doc_id = d.doc_id "
            "AND m.mention_type = 'domain' AND list_contains($domains, m.key))"
        )
    if alliance:
        f.params["alliance"] = f.applied["alliance"] = resolve_alliance_id(con, alliance)
        f.conditions.append(
            "EXISTS (SELECT 1 FROM document_mentions m WHERE m.doc_id = d.doc_id "
            "AND m.mention_type = 'alliance' AND m.key = $alliance)"
        )
    start = parse_date(since, "--since")
    if start:
        f.params["since"] = start
        f.applied["since"] = start.isoformat()
        f.conditions.append(f"{DOCUMENT_DATE} >= $since")
    if language:
        f.params["language"] = f.applied["language"] = parse_language(language)
        f.conditions.append("d.language = $language")
    return f
