"""Restrictions derived through ownership: the 50 % rule.

OFAC treats an entity owned 50 % or more, in the aggregate, directly or indirectly, by one or more
blocked persons as blocked itself (revised guidance of 2014, FAQ 401); BIS's Affiliates rule
(90 FR 47201, 2025) extends Entity List and MEU restrictions the same way, and the EU's Best
Practices of 2024 use the same threshold with aggregation. Here the rule is applied, mechanically,
to every imported list: an entity inherits list L, as a *derived* listing, when the parties that
are on L — listed directly or themselves derived — together hold 50 % or more of it through
ownership links in force on the day. A derived entity's own holdings count in full (OFAC's
"indirectly": Entity A, 50 % owned by X, is blocked, so its 50 % of Entity B blocks B).

Links with an unknown percentage never propagate; they are reported as such. Several links
between the same owner and asset (sources that repeat a holding) count once, at their highest
stated share. Each derived listing keeps the links that make it and the chains owner → … → asset,
with each link's percentage and source.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from techbloc.query.listings import resolve_list
from techbloc.query.resolve import parse_date
from techbloc.query.rows import Row

THRESHOLD = 50.0
"""Percent held by listed parties, in the aggregate, from which a listing is inherited."""
MAX_CHAINS = 10
"""Chains of ownership shown per derived listing (the shortest found first)."""
_EPSILON = 1e-9  # 33.3 + 16.7 is 50, whatever binary floating point says


@dataclass(frozen=True)
class Link:
    """One ownership link as stored."""

    ownership_key: str
    owner: str
    asset: str
    percentage: float | None
    share_text: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    source_location: str
    source_row: int

    def in_force(self, day: dt.date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)


def strongest_links(links: Iterable[Link]) -> list[Link]:
    """Links with a known percentage, one per (owner, asset): the highest stated share."""
    best: dict[tuple[str, str], Link] = {}
    for link in links:
        if link.percentage is None or link.owner == link.asset:
            continue
        held = best.get((link.owner, link.asset))
        if held is None or (held.percentage or 0.0) < link.percentage:
            best[(link.owner, link.asset)] = link
    return list(best.values())


def propagate(
    listed: set[str], links: list[Link], threshold: float = THRESHOLD
) -> dict[str, list[Link]]:
    """Entities that parties in ``listed`` own ``threshold`` % or more of, in the aggregate,
    directly or through entities so owned; each with the links (from owners already restricted)
    that took it to the threshold. ``links`` must hold one link per (owner, asset)."""
    by_owner: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        by_owner[link.owner].append(link)
    restricted = set(listed)
    held: dict[str, float] = defaultdict(float)
    towards: dict[str, list[Link]] = defaultdict(list)
    derived: dict[str, list[Link]] = {}
    queue = deque(sorted(listed))
    while queue:
        owner = queue.popleft()
        for link in by_owner.get(owner, ()):
            if link.asset in restricted:
                continue
            held[link.asset] += link.percentage or 0.0
            towards[link.asset].append(link)
            if held[link.asset] >= threshold - _EPSILON:
                restricted.add(link.asset)
                derived[link.asset] = list(towards[link.asset])
                queue.append(link.asset)
    return derived


def derived_listings(
    con: duckdb.DuckDBPyConnection,
    list_id: str | None = None,
    at: str | dt.date | None = None,
    threshold: float = THRESHOLD,
) -> Row:
    """Derived listings of one list (default: every imported list) under the 50 % rule, with the
    ownership links in force on ``at`` (default today) and the entities' current listings; also
    the holdings by listed parties that stay below the threshold and the links of unknown share
    that were not propagated."""
    day = parse_date(at, "--at") or dt.date.today()
    all_links = _links(con)
    in_force = [link for link in all_links if link.in_force(day)]
    known = strongest_links(in_force)
    unknown = [link for link in in_force if link.percentage is None]
    nodes = {key for link in in_force for key in (link.owner, link.asset)}
    listed = _listed(con, nodes, resolve_list(con, list_id) if list_id else None)
    names = _names(con, nodes)
    list_names = dict(con.execute("SELECT list_id, name FROM restricted_lists").fetchall())
    on_lists: dict[str, list[str]] = defaultdict(list)
    for lid, keys in listed.items():
        for key in keys:
            on_lists[key].append(lid)
    into: dict[str, list[Link]] = defaultdict(list)
    for link in known:
        into[link.asset].append(link)
    derived_rows, below_rows, unknown_rows = [], [], []
    for lid in sorted(listed):
        direct = listed[lid]
        derived = propagate(direct, known, threshold)
        restricted = direct | set(derived)
        for asset in derived:
            owners = [link for link in into[asset] if link.owner in restricted]
            derived_rows.append({
                "list_id": lid, "list_name": list_names.get(lid, lid), "basis": "derived",
                "entity_key": asset, **names.get(asset, _unnamed(asset)),
                "listed_on": sorted(on_lists.get(asset, [])),
                "aggregate_percentage": round(sum(link.percentage or 0.0 for link in owners), 4),
                "owners": [_owner(link, names, direct) for link in owners],
                "chains": _chains(asset, derived, direct, names),
            })  # fmt: skip
        below_rows += _below(lid, restricted, into, names)
        unknown_rows += [
            {"list_id": lid, **_step(link, names), "share_text": link.share_text}
            for link in unknown
            if link.owner in restricted and link.asset not in restricted
        ]
    derived_rows.sort(key=lambda r: (r["list_id"], r["name"]))
    return {
        "as_of": day.isoformat(),
        "threshold": threshold,
        "links": {
            "stored": len(all_links),
            "in_force": len(in_force),
            "in_force_known_percentage": len(in_force) - len(unknown),
            "in_force_unknown_percentage": len(unknown),
        },  # fmt: skip
        "lists_in_graph": sorted(listed),  # lists that hold a party of some link
        "derived": derived_rows,
        "below_threshold": below_rows,
        "unknown_percentage": unknown_rows,
    }


def _links(con: duckdb.DuckDBPyConnection) -> list[Link]:
    rows = con.execute(
        """SELECT ownership_key, owner_key, asset_key, percentage, share_text, start_date,
                  end_date, source_location, source_row
           FROM ownerships ORDER BY ownership_key"""
    ).fetchall()
    return [Link(*row) for row in rows]


def _listed(
    con: duckdb.DuckDBPyConnection, nodes: set[str], only: str | None
) -> dict[str, set[str]]:
    """For each list, the entities of the ownership graph that it lists (active entries)."""
    if not nodes:
        return {}
    rows = con.execute(
        """SELECT list_id, source_key FROM listed_entities
           WHERE is_active AND list_contains($nodes, source_key)
             AND ($only IS NULL OR list_id = $only)""",
        {"nodes": sorted(nodes), "only": only},
    ).fetchall()
    listed: dict[str, set[str]] = defaultdict(set)
    for lid, key in rows:
        listed[str(lid)].add(str(key))
    return dict(listed)


def _names(con: duckdb.DuckDBPyConnection, nodes: set[str]) -> dict[str, dict[str, Any]]:
    """Name and type of each entity: from a listed record (active first), else a related party."""
    if not nodes:
        return {}
    rows = con.execute(
        """SELECT key, name, entity_type FROM (
               SELECT source_key AS key, name, entity_type, 0 AS rank_source,
                      CASE WHEN is_active THEN 0 ELSE 1 END AS rank_active
               FROM listed_entities WHERE list_contains($nodes, source_key)
               UNION ALL
               SELECT party_key, name, entity_type, 1, 0 FROM related_parties
               WHERE list_contains($nodes, party_key))
           QUALIFY row_number() OVER (PARTITION BY key
                                      ORDER BY rank_source, rank_active, name) = 1""",
        {"nodes": sorted(nodes)},
    ).fetchall()
    return {str(key): {"name": name, "entity_type": kind} for key, name, kind in rows}


def _unnamed(key: str) -> dict[str, Any]:
    return {"name": key, "entity_type": None}


def _step(link: Link, names: dict[str, dict[str, Any]]) -> Row:
    return {
        "owner_key": link.owner, "owner_name": names.get(link.owner, _unnamed(link.owner))["name"],
        "asset_key": link.asset, "asset_name": names.get(link.asset, _unnamed(link.asset))["name"],
        "percentage": link.percentage, "ownership_key": link.ownership_key,
        "source_location": link.source_location, "source_row": link.source_row,
    }  # fmt: skip


def _owner(link: Link, names: dict[str, dict[str, Any]], direct: set[str]) -> Row:
    step = _step(link, names)
    return {
        "owner_key": step["owner_key"], "owner_name": step["owner_name"],
        "owner_basis": "listed" if link.owner in direct else "derived",
        "percentage": link.percentage, "share_text": link.share_text,
        "start_date": link.start_date.isoformat() if link.start_date else None,
        "end_date": link.end_date.isoformat() if link.end_date else None,
        "ownership_key": link.ownership_key, "source_location": link.source_location,
        "source_row": link.source_row,
    }  # fmt: skip


def _chains(
    asset: str,
    derived: dict[str, list[Link]],
    direct: set[str],
    names: dict[str, dict[str, Any]],
) -> list[list[Row]]:
    """Paths of links from a listed party to ``asset`` through derived entities, shortest first.
    Derivation order makes them acyclic: an entity is derived only through owners that were
    restricted before it."""
    memo: dict[str, list[list[Link]]] = {}

    def paths(node: str) -> list[list[Link]]:
        if node not in memo:
            found: list[list[Link]] = []
            for link in derived[node]:
                if link.owner in direct:
                    found.append([link])
                else:
                    found += [[*path, link] for path in paths(link.owner)]
            memo[node] = sorted(found, key=len)[:MAX_CHAINS]
        return memo[node]

    return [[_step(link, names) for link in path] for path in paths(asset)]


def _below(
    lid: str, restricted: set[str], into: dict[str, list[Link]], names: dict[str, dict[str, Any]]
) -> list[Row]:
    """Entities that parties restricted under ``lid`` hold part of, below the threshold."""
    rows = []
    for asset, links in into.items():
        if asset in restricted:
            continue
        owners = [link for link in links if link.owner in restricted]
        if owners:
            rows.append({
                "list_id": lid, "entity_key": asset, **names.get(asset, _unnamed(asset)),
                "aggregate_percentage": round(sum(link.percentage or 0.0 for link in owners), 4),
                "owners": [_step(link, names) for link in owners],
            })  # fmt: skip
    return sorted(rows, key=lambda r: (-r["aggregate_percentage"], r["name"]))
