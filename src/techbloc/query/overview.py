"""Summaries for charts: measures over time, and alliances against technology domains.

Both are counts over the rows :func:`list_measures` and :func:`list_alliances` give, so they agree
with the register and the alliance list; each cell names the measures it counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Literal

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.query.alliances import expand_domain, list_alliances
from techbloc.query.measures import list_measures
from techbloc.query.resolve import parse_date
from techbloc.query.rows import Row, fetch

Period = Literal["year", "quarter", "month"]
PERIODS = ("year", "quarter", "month")


def _period_of(date_text: str, period: str) -> str:
    year, month = date_text[:4], date_text[5:7]
    if period == "year" or not month:
        return year  # a measure dated only by its year stays in its year
    if period == "quarter":
        return f"{year}-Q{(int(month) - 1) // 3 + 1}"
    return f"{year}-{month}"


def measure_timeline(
    con: duckdb.DuckDBPyConnection,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    period: str = "year",
    domain: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    alliance: str | None = None,
    instrument: str | None = None,
) -> list[Row]:
    """Measures per period and direction: count, summed severity, and their ids, oldest first.
    Filters as for the register of measures."""
    if period not in PERIODS:
        raise InvalidArgument(f"unknown period {period!r}", hint=f"use {', '.join(PERIODS)}")
    rows = list_measures(
        con, since=since, until=until, domain=domain, instrument=instrument, actor=actor,
        target=target, alliance=alliance,
    )  # fmt: skip
    cells: dict[tuple[str, str], Row] = {}
    for m in sorted(rows, key=lambda r: (r["date"], r["measure_id"])):
        key = (_period_of(m["date"], period), m["direction"])
        cell = cells.setdefault(
            key,
            {"period": key[0], "direction": key[1], "measures": 0, "severity_sum": 0,
             "measure_ids": []},
        )  # fmt: skip
        cell["measures"] += 1
        cell["severity_sum"] += m["severity_score"]
        cell["measure_ids"].append(m["measure_id"])
    return [cells[k] for k in sorted(cells)]


def domain_alliance_matrix(
    con: duckdb.DuckDBPyConnection,
    at: str | dt.date | None = None,
    kind: str | None = None,
    level: str = "top",
) -> Row:
    """For each alliance that exists on ``at`` and each technology domain (top-level, or every
    domain with ``level='all'``): whether the alliance's declared scope covers the domain (a parent
    or child of a declared domain counts, as in the alliance filter) and the measures taken within
    the alliance on or before ``at`` that concern the domain."""
    if level not in ("top", "all"):
        raise InvalidArgument(f"unknown level {level!r}", hint="use top or all")
    day = parse_date(at, "--at") or dt.date.today()
    alliances = list_alliances(con, at=day, kind=kind)
    domains = fetch(
        con,
        "SELECT domain_id, parent_id, name_en, name_zh FROM domains "
        + ("WHERE parent_id IS NULL " if level == "top" else "")
        + "ORDER BY coalesce(parent_id, domain_id), parent_id NULLS FIRST, domain_id",
    )
    related = {d["domain_id"]: set(expand_domain(con, d["domain_id"])) for d in domains}
    by_alliance: dict[str, list[Row]] = defaultdict(list)
    for m in list_measures(con, until=day):
        if m["alliance_id"]:
            by_alliance[m["alliance_id"]].append(m)
    cells: list[Row] = []
    for a in alliances:
        declared = set(a["domains"] or [])
        for d in domains:
            near = related[d["domain_id"]]
            ids = [m["measure_id"] for m in by_alliance[a["alliance_id"]]
                   if near & set(m["domains"] or [])]  # fmt: skip
            covers = bool(declared & near)
            if covers or ids:
                cells.append(
                    {"alliance_id": a["alliance_id"], "domain_id": d["domain_id"],
                     "covers": covers, "measures": len(ids), "measure_ids": ids},
                )  # fmt: skip
    return {
        "at": day.isoformat(),
        "alliances": [
            {k: a[k] for k in ("alliance_id", "short_name_en", "short_name_zh", "kind")}
            for a in alliances
        ],
        "domains": domains,
        "cells": cells,
    }
