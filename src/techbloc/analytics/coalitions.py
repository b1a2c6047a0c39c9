"""A blocking coalition: the blockade side, one alliance's members, or a list of countries.

``--coalition blockade`` is the blockade side of the system on the date (the members of every
blockade-kind alliance that exists then, see :mod:`techbloc.analytics.membership`); an alliance
id or any of its names (wassenaar, 瓦森纳, us-japan-netherlands-sme, chip4) is that alliance's
members on the date (none before it exists or after it ends); a comma list (US,JP,NL or
美国,日本,荷兰) is those countries on any date. A single name that is no alliance but a country
is that one country. The focal country is never part of the coalition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import duckdb
import ibis.expr.types as ir

from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.membership import blockade_side, members_at
from techbloc.errors import InvalidArgument, NotFound
from techbloc.query.resolve import resolve_actor, resolve_alliance

BLOCKADE = "blockade"


@dataclass(frozen=True)
class Coalition:
    kind: Literal["blockade", "alliance", "countries"]
    label: str
    alliance_id: str | None = None
    codes: tuple[str, ...] = ()


def resolve_coalition(con: duckdb.DuckDBPyConnection, typed: str | None) -> Coalition:
    """What ``--coalition`` names (default: the blockade side)."""
    text = (typed or BLOCKADE).strip()
    if not text:
        raise InvalidArgument("empty --coalition", hint="blockade, an alliance, or US,JP,NL")
    if text.lower() == BLOCKADE:
        return Coalition("blockade", BLOCKADE)
    parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
    if len(parts) > 1:
        codes = tuple(sorted({resolve_actor(con, part) for part in parts}))
        return Coalition("countries", ",".join(codes), codes=codes)
    try:
        alliance = resolve_alliance(con, text)
    except NotFound as not_alliance:
        try:
            code = resolve_actor(con, text)
        except NotFound:
            raise NotFound(
                f"'{text}' is neither 'blockade', an alliance nor a country",
                hint=not_alliance.hint or "give blockade, an alliance id, or codes like US,JP,NL",
            ) from None
        return Coalition("countries", code, codes=(code,))
    return Coalition("alliance", alliance, alliance_id=alliance)


def coalition_members(
    engine: AnalyticsEngine, coalition: Coalition, at: dt.date, focal: str
) -> ir.Table:
    """actor_code: the coalition's members on ``at``, without the focal country."""
    if coalition.kind == "blockade":
        return blockade_side(engine, at, focal)
    if coalition.kind == "alliance":
        m = members_at(engine, at)
        m = m.filter(m.alliance_id == coalition.alliance_id, m.actor_code != focal)
        return m.select("actor_code").distinct()
    codes = [{"actor_code": c} for c in coalition.codes if c != focal]
    return engine.memtable(codes, {"actor_code": "string"})
