"""Filter values checked against the store: an unknown domain, alliance, instrument or country in
a rule's ``filters`` would silently match nothing, so it is an error naming the rule and the
field. Values under ``exclude`` are not checked: excluding what the store does not hold is
harmless (the built-in rules exclude tariffs, which a small knowledge base may not know)."""

from __future__ import annotations

import difflib

import duckdb

from techbloc.errors import InvalidArgument
from techbloc.warning.config import WarningConfig
from techbloc.warning.config_items import Selection

CLOSED = {
    "direction": ("restrictive", "cooperative", "relaxing"),
    "kind": ("blockade", "cooperation", "mixed"),
    "alliance_kind": ("blockade", "cooperation", "mixed"),
    "event": ("joined", "left"),
    "date_basis": ("joined", "as_of", "left", "published", "latest reported event", "imported"),
    "status": ("proposed", "active", "dormant", "dissolved"),
    "status_change": ("first", "later"),
    "presses_on_focal": ("true", "false"),
    "includes_focal": ("true", "false"),
    "at_founding": ("true", "false"),
}
COUNTRY_FIELDS = ("actor", "target", "actor1", "actor2", "issuer", "country")
STORE_FIELDS = {
    "domain": "SELECT domain_id FROM domains",
    "domain_family": "SELECT domain_id FROM domains WHERE parent_id IS NULL",
    "alliance": "SELECT alliance_id FROM alliances",
    "instrument": "SELECT instrument_id FROM instruments",
    "stage": "SELECT stage_id FROM stages",
    **{f: "SELECT actor_code FROM actors" for f in COUNTRY_FIELDS},
}


def check_vocabulary(con: duckdb.DuckDBPyConnection, config: WarningConfig) -> None:
    known: dict[str, set[str]] = {f: set(v) for f, v in CLOSED.items()}
    for field, sql in STORE_FIELDS.items():
        known[field] = {str(r[0]) for r in con.execute(sql).fetchall()}
    for field in COUNTRY_FIELDS:
        known[field] |= {"focal", ""}
    problems = []
    items: list[tuple[str, Selection]] = [(f"rule '{r.id}'", r.selection) for r in config.rules]
    items += [(f"series '{s.id}'", s.selection) for s in config.series]
    for where, selection in items:
        for field, values in selection.filters.items():
            for value in values:
                if field in known and value not in known[field] and value != "":
                    near = difflib.get_close_matches(value, sorted(known[field]), n=1)
                    hint = f" (did you mean {near[0]}?)" if near else ""
                    problems.append(f"{where}: filters.{field}: unknown value '{value}'{hint}")
    if problems:
        shown = "\n  ".join(problems)
        raise InvalidArgument(
            f"{config.source}: {len(problems)} unknown value(s):\n  {shown}",
            hint="values are ids of the knowledge base (techbloc alliances, techbloc stats)",
        )
