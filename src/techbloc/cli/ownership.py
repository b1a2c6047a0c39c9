"""`techbloc derived`: entities that inherit a list under the 50 % rule, with their chains."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from techbloc.cli.options import AtOption, DbOption, JsonOption
from techbloc.cli.output import emit_json, handles_errors, listing, notices, out, table
from techbloc.workspace import Techbloc


@handles_errors
def derived(
    list_id: Annotated[
        str | None, typer.Option("--list", help="One list id (default: every imported list).")
    ] = None,
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Derived listings: entities owned 50 % or more (in the aggregate, directly or indirectly)
    by parties on a list, with each chain of ownership and its sources."""
    with Techbloc.open(db) as tb:
        notices(tb.notices)
        result = tb.derived_listings(list_id, at)
    if json:
        emit_json(result)
        return
    _render(result)


def _render(result: dict[str, Any]) -> None:
    links = result["links"]
    out.print(
        f"as of {result['as_of']}: {links['in_force']} of {links['stored']} ownership links in "
        f"force, {links['in_force_unknown_percentage']} of them without a percentage (never "
        f"propagated); {len(result['derived'])} derived listings at ≥ {result['threshold']:g} %",
        highlight=False,
    )
    table(
        "Derived listings (owned ≥ 50 % by parties on the list)",
        ["list", "entity", "held %", "chain of ownership", "also listed on"],
        (
            [row["list_id"], row["name"], f"{row['aggregate_percentage']:g}",
             "\n".join(_chain(chain) for chain in row["chains"]), listing(row["listed_on"], 3)]
            for row in result["derived"]
        ),
    )  # fmt: skip
    below, unknown = result["below_threshold"], result["unknown_percentage"]
    if below or unknown:
        out.print(
            f"not propagated: {len(below)} holding(s) below {result['threshold']:g} % and "
            f"{len(unknown)} link(s) of unknown percentage from restricted owners (see --json)",
            highlight=False,
        )


def _chain(steps: list[dict[str, Any]]) -> str:
    parts = [steps[0]["owner_name"]]
    parts += [f"({step['percentage']:g} %) → {step['asset_name']}" for step in steps]
    return " ".join(parts)
