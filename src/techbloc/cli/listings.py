"""`techbloc listings`, `techbloc listed` and `techbloc listing-history`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from techbloc.cli.options import AtOption, DbOption, JsonOption
from techbloc.cli.output import answer, handles_errors, listing, out, table


@handles_errors
def listings(
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Group by year (of listing), seen (year first imported), list, country, "
            "domain and/or subdomain.",
        ),
    ] = "year",
    country: Annotated[str | None, typer.Option(help="Entities with this country.")] = None,
    list_id: Annotated[str | None, typer.Option("--list", help="One list (id).")] = None,
    domain: Annotated[
        str | None, typer.Option(help="Entities in this technology domain (id or name).")
    ] = None,
    include_removed: Annotated[
        bool, typer.Option("--include-removed", help="Count entities removed since.")
    ] = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """How many entities the imported lists hold, by year of listing, list, country and
    technology domain."""
    groups = [part.strip() for part in by.split(",") if part.strip()]
    answer(
        db, json,
        lambda tb: tb.listings(groups, country, list_id, not include_removed, domain),
        lambda rows: table("Listed entities", [*groups, "entities"],
                           ([_or_unknown(r[g]) for g in groups] + [r["entities"]] for r in rows)),
    )  # fmt: skip


@handles_errors
def listed(
    list_id: Annotated[str, typer.Argument(help="List id, e.g. us-bis-entity-list.")],
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The entities on a list on a date, as the imported snapshots show it."""
    answer(
        db, json,
        lambda tb: tb.listed(list_id, at),
        lambda rows: table(
            f"{list_id} on {at or 'today'}", ["entity", "name", "countries", "listed", "citation"],
            ([r["entity_id"], r["name"], listing(r["countries"]), r["listing_date"],
              r["citation"]] for r in rows),
        ),
    )  # fmt: skip


@handles_errors
def listing_history(
    entity_id: Annotated[str, typer.Argument(help="Entity id as `listed` shows it.")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """One listed entity: its record, provenance and every addition, change and removal."""
    answer(db, json, lambda tb: tb.listing_history(entity_id), render_listing_history)


def render_listing_history(record: dict[str, Any]) -> None:
    out.print(
        f"[bold]{record['name']}[/] ({record['entity_id']}, "
        f"{'active' if record['is_active'] else 'removed'})",
        highlight=False,
    )
    for label in ("aliases", "addresses", "countries", "programs"):
        out.print(f"  [dim]{label:<18}[/] {'; '.join(record[label] or [])}", highlight=False)
    for label in (
        "listing_date",
        "citation",
        "license_requirement",
        "license_policy",
        "source_location",
        "source_row",
    ):
        out.print(f"  [dim]{label:<18}[/] {record[label] or ''}", highlight=False)
    table(
        "History",
        ["event", "date", "import"],
        ([e["event"], e["event_date"], e["import_id"]] for e in record["events"]),
    )


def _or_unknown(value: Any) -> Any:
    return "(none)" if value is None else value
