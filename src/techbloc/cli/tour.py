"""`techbloc tour`: the questions the README walks through, answered from the store."""

from __future__ import annotations

from techbloc.cli.alliances import render_alliance, render_alliances
from techbloc.cli.countries import render_country
from techbloc.cli.measures import render_measures
from techbloc.cli.options import DbOption
from techbloc.cli.output import handles_errors, notices, out
from techbloc.workspace import Techbloc


def _step(command: str) -> None:
    out.rule(f"[bold cyan]$ {command}[/]", align="left")


@handles_errors
def tour(db: DbOption = None) -> None:
    """A guided tour of the knowledge base: the same answers the commands give."""
    with Techbloc.open(db) as tb:
        notices(tb.notices)
        stats = tb.stats()
        _step("techbloc stats")
        out.print(
            f"{stats['alliances']} alliances, {stats['memberships']} memberships, "
            f"{stats['measures']} measures, {stats['leaf_domains']} leaf technology domains, "
            f"{stats['sources']} sources",
            highlight=False,
        )
        for at in ("1990-01-01", "2025-01-01"):
            _step(f"techbloc alliances --at {at} --kind blockade")
            render_alliances(tb.alliances(at=at, kind="blockade"), f"Blockade alliances on {at}")
        _step("techbloc alliances --at 2023-09-01 --domain semiconductors")
        render_alliances(
            tb.alliances(at="2023-09-01", domain="semiconductors"),
            "Alliances covering semiconductors on 2023-09-01",
        )
        _step("techbloc alliance 瓦森纳")
        render_alliance(tb.alliance("瓦森纳"))
        _step("techbloc country NL --at 2023-09-01")
        render_country(tb.country("NL", at="2023-09-01"))
        _step(
            "techbloc measures --since 2022-10-01 --until 2023-12-31 "
            "--domain semiconductor-equipment"
        )
        render_measures(
            tb.measures(since="2022-10-01", until="2023-12-31", domain="semiconductor-equipment"),
            "Measures on semiconductor equipment, 2022-10 .. 2023-12",
        )
    out.print("\nEvery command takes --json; see `techbloc --help` and docs/cli.md.")
