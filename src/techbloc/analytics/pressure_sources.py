"""The optional components of containment pressure: listings and documents, counted per leaf domain
in each date's window (window_start, at_date]. Both read tables that imports fill (restricted-party
lists, tagged documents); in a store without such imports they count nothing, and a store without
the tables at all (an engine that was not given them) counts nothing either."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.taxonomy import expand_to_leaves

LISTING_TABLES = ("listed_entities", "restricted_lists", "listing_domains")
DOCUMENT_TABLES = ("documents", "document_stances", "document_mentions")


def _nothing(when: ir.Table) -> ir.Table:
    """at_date, leaf_id, n with no rows (a component without data)."""
    empty = when.select(
        "at_date", leaf_id=ibis.literal("").cast("string"), n=ibis.literal(0).cast("int64")
    )
    return empty.filter(ibis.literal(False))


def listing_counts(engine: AnalyticsEngine, when: ir.Table, focal: str) -> ir.Table:
    """at_date, leaf_id, n: entries (entity × list) of the focal country's entities with a listing
    date in the window, on lists not issued by the focal country, by the entities' domains."""
    if not all(engine.has_table(t) for t in LISTING_TABLES):
        return _nothing(when)
    lists = engine.table("restricted_lists")
    lists = lists.filter(lists.jurisdiction.isnull() | (lists.jurisdiction != focal))
    entities = engine.table("listed_entities")
    entities = entities.filter(entities.countries.contains(focal), entities.listing_date.notnull())
    entities = entities.semi_join(lists, "list_id").select("entity_id", "listing_date")
    domains = engine.table("listing_domains").select("entity_id", "domain_id")
    leaves = expand_to_leaves(engine, domains, "entity_id")
    entries = entities.join(leaves, "entity_id")
    dated = when.cross_join(entries)
    dated = dated.filter(
        dated.listing_date > dated.window_start, dated.listing_date <= dated.at_date
    )
    return dated.group_by(["at_date", "leaf_id"]).aggregate(n=dated.entity_id.nunique())


def document_counts(engine: AnalyticsEngine, when: ir.Table, focal: str) -> ir.Table:
    """at_date, leaf_id, n: documents published in the window with a restrictive stance towards an
    alliance that mention the focal country and the domain."""
    if not all(engine.has_table(t) for t in DOCUMENT_TABLES):
        return _nothing(when)
    stances = engine.table("document_stances")
    restrictive = stances.filter(stances.direction == "restrictive").select("doc_id").distinct()
    mentions = engine.table("document_mentions")
    on_focal = mentions.filter(mentions.mention_type == "country", mentions.key == focal)
    domains = mentions.filter(mentions.mention_type == "domain").select(
        "doc_id", domain_id=mentions.key
    )
    leaves = expand_to_leaves(engine, domains, "doc_id")
    docs = engine.table("documents").select("doc_id", "published")
    docs = docs.filter(docs.published.notnull())
    docs = docs.semi_join(restrictive, "doc_id").semi_join(on_focal.select("doc_id"), "doc_id")
    tagged = docs.join(leaves, "doc_id")
    dated = when.cross_join(tagged)
    dated = dated.filter(dated.published > dated.window_start, dated.published <= dated.at_date)
    return dated.group_by(["at_date", "leaf_id"]).aggregate(n=dated.doc_id.nunique())
