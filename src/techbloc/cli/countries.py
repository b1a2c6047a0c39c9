"""`techbloc country`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from techbloc.cli.options import AtOption, DbOption, JsonOption
from techbloc.cli.output import answer, both, handles_errors, listing, out, table


@handles_errors
def country(
    name: Annotated[str, typer.Argument(help="ISO code (NL, NLD) or name (荷兰, Netherlands).")],
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """A country on a date: its alliances, attributes and the measures it took and faced."""
    answer(db, json, lambda tb: tb.country(name, at=at), render_country)


def render_country(p: dict[str, Any]) -> None:
    out.print(
        f"[bold]{both(p['name_en'], p['name_zh'])}[/]  ({p['actor_code']}, "
        f"{p['actor_kind']}, {p['region'] or 'region unknown'})"
    )
    table(
        f"Alliances on {p['at']}",
        ["alliance", "kind", "role", "status", "joined"],
        (
            [
                both(m["name_en"], m["name_zh"]),
                m["kind"],
                m["role"],
                m["status"],
                m["joined"] or "?",
            ]
            for m in p["alliances_at"]
        ),
    )
    table(
        f"Attributes (latest year up to {str(p['at'])[:4]})",
        ["indicator", "year", "value", "source"],
        (
            [a["indicator"], a["year"], f"{a['value']:,.4g}", listing(a["source_ids"], 1)]
            for a in p["attributes"]
        ),
    )
    for gap in p["attribute_gaps"]:
        out.print(f"  [dim]not known: {gap['indicator']} — {gap['reason']}[/]", highlight=False)
    for key, label in (("measures_issued", "issued"), ("measures_targeting", "targeting it")):
        summary = p[key]
        counts = ", ".join(f"{k} {v}" for k, v in summary["by_direction"].items()) or "none"
        table(
            f"Measures {label} up to {p['at']}: {counts} (latest 5)",
            ["date", "measure", "instrument", "direction", "severity"],
            (
                [
                    m["date"],
                    both(m["title_en"], m["title_zh"]),
                    m["instrument_id"],
                    m["direction"],
                    m["severity_score"],
                ]
                for m in summary["latest"]
            ),
        )
