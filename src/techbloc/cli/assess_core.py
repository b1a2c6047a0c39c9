"""`techbloc assess comprehensiveness | cocom-vs-today | shift | pressure`: the first assessment
indicators (docs/methodology.md, "Assessment: …")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from techbloc.cli.assess import assess_app
from techbloc.cli.options import AtOption, DbOption, FocalOption, JsonOption
from techbloc.cli.output import answer, handles_errors, listing, out, table
from techbloc.errors import TechblocError
from techbloc.workspace import Techbloc

T = TypeVar("T")

EngineOption = Annotated[
    str,
    typer.Option(
        "--engine", help="duckdb (the store) or spark (its tables on a local Spark session)."
    ),
]
FromOption = Annotated[int | None, typer.Option("--from", help="First year (default 2018).")]
ToOption = Annotated[int | None, typer.Option("--to", help="Last year (default this year).")]


def _guarded(engine: str, ask: Callable[[Techbloc], T]) -> Callable[[Techbloc], T]:
    """``ask``, with a failure inside Spark shown as an error message rather than a traceback."""

    def run(tb: Techbloc) -> T:
        try:
            return ask(tb)
        except TechblocError:
            raise
        except Exception as exc:
            if engine != "spark":
                raise
            from techbloc.scale.spark_session import spark_failure

            mapped = spark_failure(exc)
            if mapped is None:
                raise
            raise mapped from exc

    return run


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _share(share: dict[str, Any]) -> str:
    if share["share"] is None:
        return "–"
    mark = "*" if share["with_value"] < share["economies"] else ""
    return f"{_pct(share['share'])}{mark} ({share['with_value']}/{share['economies']})"


@assess_app.command("comprehensiveness")
@handles_errors
def comprehensiveness(
    at: AtOption = None,
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="One alliance (id or name).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="blockade, cooperation or mixed.")
    ] = None,
    focal: FocalOption = None,
    engine: EngineOption = "duckdb",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Members, world shares, technology field and stages of each alliance and side on a date."""
    answer(
        db, json,
        _guarded(engine, lambda tb: tb.assess_comprehensiveness(at, alliance, kind, focal, engine)),
        _render_comprehensiveness,
    )  # fmt: skip


def _render_comprehensiveness(data: dict[str, Any]) -> None:
    groups = data["groups"]
    table(
        f"Comprehensiveness on {data['at']} (focal {data['focal']}; * = not every member has a "
        "value: an undercount)",
        ["group", "kind", "status", "members", "GDP share", "R&D share", "high-tech exp. share",
         "domains", "tech scope", "stages"],
        ([g["group_id"], g["kind"], g["status"] or "", g["member_count"], _share(g["gdp"]),
          _share(g["rd"]), _share(g["hightech"]),
          f"{g['domains']['count']}/{g['domains']['of']}", ", ".join(g["tech_scope"]),
          f"{g['stages']['count']}/{g['stages']['of']}"] for g in groups),
    )  # fmt: skip
    for g in groups:
        if g["group_type"] == "side":
            _share_notes(g)


def _share_notes(group: dict[str, Any]) -> None:
    out.print(f"[bold]{group['group_id']}[/]: {listing(group['alliances'], 40)}", highlight=False)
    for key, label in (("gdp", "GDP"), ("rd", "R&D"), ("hightech", "high-tech exports")):
        share = group[key]
        years = "/".join(str(y) for y in share["years"]) or "–"
        basis = share["world_basis"] or ""
        if share["world_year"]:
            basis += f" {share['world_year']}"
        why = f"; {share['reason']}" if share["reason"] else ""
        out.print(f"  {label}: years {years}; world: {basis}{why}", highlight=False)


@assess_app.command("cocom-vs-today")
@handles_errors
def cocom_vs_today(
    then: Annotated[
        str | None, typer.Option("--then", help="COCOM's date (default 1985-12-31).")
    ] = None,
    now: Annotated[str | None, typer.Option("--now", help="Today's date (default today).")] = None,
    focal: FocalOption = None,
    engine: EngineOption = "duckdb",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """COCOM then beside the blockade side, Wassenaar and the whole system now."""
    ask = _guarded(engine, lambda tb: tb.assess_cocom_vs_today(then, now, focal, engine))
    answer(db, json, ask, _render_cocom)


def _render_cocom(data: dict[str, Any]) -> None:
    columns = ["", *(c["label"] for c in data["columns"])]
    table(
        f"COCOM vs today (focal {data['focal']}; figures within {data['max_gap_years']} years "
        "of each date)",
        columns,
        ([row["label"], *(_cocom_cell(row["key"], c) for c in row["cells"])]
         for row in data["rows"]),
    )  # fmt: skip


def _cocom_cell(key: str, cell: dict[str, Any]) -> str:
    value = cell["value"]
    if key == "members":
        return "–" if value is None else str(value)
    if key in ("domains", "stages"):
        if value is None:
            return f"– ({cell['note']})"
        return f"{value}/{cell['of']} ({_pct(cell['share'])})\n{cell['note']}"
    if key == "tech_scope":
        return "–" if value is None else ", ".join(value)
    return f"{_pct(value)}\n{cell['note']}"


@assess_app.command("shift")
@handles_errors
def shift(
    year_from: FromOption = None,
    year_to: ToOption = None,
    by: Annotated[str, typer.Option("--by", help="scope (tech scope) or stage (stage group).")] = (
        "scope"
    ),
    weighted: Annotated[
        bool, typer.Option("--weighted", help="Show severity-weighted shares.")
    ] = False,
    focal: FocalOption = None,
    engine: EngineOption = "duckdb",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Shares of restrictive measures by tech scope or stage group, year by year."""
    answer(
        db, json,
        _guarded(engine, lambda tb: tb.assess_shift(year_from, year_to, by, focal, engine)),
        lambda data: _render_shift(data, weighted),
    )  # fmt: skip


def _render_shift(data: dict[str, Any], weighted: bool) -> None:
    categories = list(dict.fromkeys(c["category"] for c in data["cells"]))
    by_year: dict[int, dict[str, dict[str, Any]]] = {}
    for cell in data["cells"]:
        by_year.setdefault(cell["year"], {})[cell["category"]] = cell
    share = "severity_share" if weighted else "measure_share"
    what = "severity-weighted share" if weighted else "count (share)"
    table(
        f"Restrictive measures pressing on {data['focal']} by {data['by']}: {what}; the "
        "measure ids of each cell are in --json",
        ["year", "measures", *categories],
        ([year, f"{_first(cells)['year_measures']} (sev. {_first(cells)['year_severity']})",
          *(f"{cells[c]['measures']} ({_pct(cells[c][share])})" for c in categories)]
         for year, cells in sorted(by_year.items())),
    )  # fmt: skip


def _first(cells: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return next(iter(cells.values()))


@assess_app.command("pressure")
@handles_errors
def pressure(
    at: AtOption = None,
    year_from: FromOption = None,
    year_to: ToOption = None,
    domain: Annotated[
        str | None, typer.Option("--domain", help="A domain (leaf or parent; id or name).")
    ] = None,
    half_life: Annotated[
        float, typer.Option("--half-life", help="Half-life of a measure's weight, in years.")
    ] = 3.0,
    window_days: Annotated[
        int, typer.Option("--window-days", help="Window for listings and documents, in days.")
    ] = 365,
    weight_listings: Annotated[
        float, typer.Option("--weight-listings", help="Weight of one listed entry in the total.")
    ] = 0.05,
    weight_documents: Annotated[
        float, typer.Option("--weight-documents", help="Weight of one document in the total.")
    ] = 0.1,
    top: Annotated[int, typer.Option("--top", help="Top contributing measures per domain.")] = 3,
    focal: FocalOption = None,
    engine: EngineOption = "duckdb",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Containment pressure per technology domain on a date, or a yearly series (--from/--to)."""
    weights = {"measures": 1.0, "listings": weight_listings, "documents": weight_documents}
    answer(
        db, json,
        _guarded(engine, lambda tb: tb.assess_pressure(
            at, year_from, year_to, domain, half_life, focal, weights, window_days, top, engine)),
        _render_pressure,
    )  # fmt: skip


def _render_pressure(data: dict[str, Any]) -> None:
    params = data["parameters"]
    w = params["weights"]
    heading = (
        f"focal {params['focal']}, half-life {params['half_life_years']} years, window "
        f"{params['window_days']} days; total = {w['measures']}·measures + {w['listings']}·listings"
        f" + {w['documents']}·documents"
    )
    dates = params["dates"]
    if len(dates) == 1:
        table(
            f"Containment pressure on {dates[0]} ({heading})",
            ["domain", "total", "measures (restr. − relax.)", "n", "listings", "documents",
             "top measures (contribution)"],
            ([r["domain_id"], f"{r['total']:.3f}",
              f"{r['measures_component']:.3f} ({r['measures_restrictive']:.3f} − "
              f"{r['measures_relaxing']:.3f})", r["measure_count"], r["listings"], r["documents"],
              "; ".join(f"{t['measure_id']} ({t['contribution']:+.3f})"
                        for t in r["top_measures"])]
             for r in data["rows"]),
        )  # fmt: skip
        return
    totals: dict[str, dict[Any, float]] = {}
    for r in data["rows"]:
        totals.setdefault(r["domain_id"], {})[r["at_date"]] = r["total"]
    latest = dates[-1]
    order = sorted(totals, key=lambda d: (-totals[d].get(latest, 0.0), d))
    table(
        f"Containment pressure by domain and year ({heading}; as of 31 Dec, the current year "
        "to date)",
        ["domain", *(str(d.year) for d in dates)],
        ([d, *(f"{totals[d].get(day, 0.0):.2f}" for day in dates)] for d in order),
    )  # fmt: skip
