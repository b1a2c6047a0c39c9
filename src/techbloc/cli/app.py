"""The `techbloc` command: one small module per command group."""

from __future__ import annotations

import typer

from techbloc import __version__
from techbloc.cli.alerts import alerts_app
from techbloc.cli.alignment import alignment
from techbloc.cli.alliances import alliance, alliances
from techbloc.cli.assess import assess_app
from techbloc.cli.backtest import backtest
from techbloc.cli.backup import export, restore
from techbloc.cli.bulk import screen_bulk
from techbloc.cli.countries import country
from techbloc.cli.detect import detect
from techbloc.cli.docs_search import docs_index, docs_list, docs_search, docs_show
from techbloc.cli.docs_tag import docs_tag
from techbloc.cli.imports import import_app
from techbloc.cli.kb import init, kb_app, stats
from techbloc.cli.listings import listed, listing_history, listings
from techbloc.cli.measures import measures
from techbloc.cli.news import news_app
from techbloc.cli.ownership import derived
from techbloc.cli.report import report
from techbloc.cli.scenario import scenario_app
from techbloc.cli.screening import screen
from techbloc.cli.serve import serve
from techbloc.cli.tokens import token_app
from techbloc.cli.tour import tour
from techbloc.cli.watch import watch

docs_app = typer.Typer(
    help="Policy documents: search, list, show, tag, index.", no_args_is_help=True
)
docs_app.command("search")(docs_search)
docs_app.command("list")(docs_list)
docs_app.command("show")(docs_show)
docs_app.command("index")(docs_index)
docs_app.command("tag")(docs_tag)

app = typer.Typer(
    name="techbloc",
    help="Monitoring, assessment and early warning for the technology alliance system "
    "(科技联盟监测预警系统).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"techbloc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """techbloc: time-aware, sourced questions about technology alliances."""


app.command()(init)
app.command()(stats)
app.command()(alliances)
app.command()(alliance)
app.command()(country)
app.command()(measures)
app.command()(listings)
app.command()(listed)
app.command("listing-history")(listing_history)
app.command()(alignment)
app.command()(derived)
app.command()(screen)
app.command("screen-bulk")(screen_bulk)
app.command()(tour)
app.command()(report)
app.command()(detect)
app.command()(backtest)
app.command()(watch)
app.command()(serve)
app.command()(export)
app.command()(restore)
app.add_typer(kb_app, name="kb")
app.add_typer(import_app, name="import")
app.add_typer(assess_app, name="assess")
app.add_typer(docs_app, name="docs")
app.add_typer(scenario_app, name="scenario")
app.add_typer(alerts_app, name="alerts")
app.add_typer(news_app, name="news")
app.add_typer(token_app, name="token")


def main() -> None:
    app()
