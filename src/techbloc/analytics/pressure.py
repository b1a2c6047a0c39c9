"""Containment pressure on the focal country, per technology domain, on a date.

For a leaf domain d on date t (docs/methodology.md, "Assessment: containment pressure"):

    measures(d, t) = max(0, Σ_restrictive s·b·k − Σ_relaxing s·b·k)
    k = 0.5 ** ((t − date(m)) / half_life)

over the measures dated on or before t that press on the focal country
(:mod:`techbloc.analytics.targeting`) and touch d — a measure on a parent domain touches each of its
leaves in full — with s its severity (1–5) and b its breadth (:mod:`techbloc.analytics.breadth`).
Two optional components count what the store holds besides the knowledge base, in the window
(t − window_days, t]:

* listings(d, t): entries of the focal country's entities (an entry per entity and list) listed
  on lists not issued by the focal country, by listing date, whose domains (``listing_domains``)
  touch d;
* documents(d, t): documents published in the window that take a restrictive stance towards an
  alliance (``document_stances``), mention the focal country and mention d.

    total(d, t) = w_measures·measures + w_listings·listings + w_documents·documents

with the weights of :class:`PressureWeights`. Every row carries its components, the weights, the top
contributing measures and the measures whose breadth could not be measured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from techbloc.analytics.breadth import measure_breadth, pressing_measures
from techbloc.analytics.economy import MAX_YEAR_GAP
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.materialize import materialize
from techbloc.analytics.pressure_sources import document_counts, listing_counts
from techbloc.analytics.taxonomy import expand_to_leaves, leaf_domains
from techbloc.errors import InvalidArgument

HALF_LIFE_YEARS = 3.0
WINDOW_DAYS = 365
TOP_MEASURES = 3
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class PressureWeights:
    """Weights of the components in the total. One unit of the measures component is about one
    severity-4 measure, fresh, by a coalition with a quarter of world GDP; 20 listed entries and
    10 restrictive documents weigh about as much. These are conventions of scale, not estimates:
    read the components for what they count."""

    measures: float = 1.0
    listings: float = 0.05
    documents: float = 0.1


def _f(value: float) -> ir.FloatingScalar:
    return ibis.literal(float(value), type="float64")


def pressure_dates(
    engine: AnalyticsEngine, dates: list[dt.date], window_days: int = WINDOW_DAYS
) -> ir.Table:
    """at_date, window_start: the dates to assess and the (exclusive) start of their windows."""
    rows = [{"at_date": d, "window_start": d - dt.timedelta(days=window_days)} for d in dates]
    return engine.memtable(rows, {"at_date": "date", "window_start": "date"})


def contributions(
    engine: AnalyticsEngine,
    dates: ir.Table,
    focal: str,
    half_life: float = HALF_LIFE_YEARS,
    breadth: ir.Table | None = None,
    max_gap: int = MAX_YEAR_GAP,
) -> ir.Table:
    """at_date, leaf_id, measure_id, direction, severity_score, breadth, breadth_basis, decay,
    contribution (negative for relaxing measures; null when the breadth is unknown), for the
    dates of ``dates`` (column at_date). ``breadth`` is :func:`measure_breadth` (computed when
    not given)."""
    if half_life <= 0:
        raise InvalidArgument(f"the half-life must be positive, not {half_life}")
    m = pressing_measures(engine, focal)
    domains = m.select("measure_id", domain_id=m.domains.unnest())
    leaves = expand_to_leaves(engine, domains, "measure_id")
    if breadth is None:
        breadth = measure_breadth(engine, focal, max_gap)
    breadth = breadth.select("measure_id", "breadth", "breadth_basis")
    base = m.select("measure_id", "measure_date", "direction", "severity_score")
    base = base.left_join(breadth, "measure_id").select(
        "measure_id", "measure_date", "direction", "severity_score", "breadth", "breadth_basis"
    )
    dated = dates.select("at_date").cross_join(base)
    dated = dated.filter(dated.measure_date <= dated.at_date)
    age = dated.at_date.delta(dated.measure_date, unit="day").cast("float64")
    decay = _f(0.5) ** (age / _f(DAYS_PER_YEAR * half_life))
    sign = ibis.cases((dated.direction == "relaxing", _f(-1.0)), else_=_f(1.0))
    dated = dated.mutate(
        decay=decay,
        contribution=sign * dated.severity_score.cast("float64") * dated.breadth * decay,
    )
    joined = dated.join(leaves, "measure_id")
    return joined.select(
        "at_date", "leaf_id", "measure_id", "direction", "severity_score", "breadth",
        "breadth_basis", "decay", "contribution",
    )  # fmt: skip


def _measure_component(parts: ir.Table) -> ir.Table:
    restrictive = parts.direction == "restrictive"
    sums = parts.group_by(["at_date", "leaf_id"]).aggregate(
        restrictive=parts.contribution.sum(where=restrictive),
        relaxing=(-parts.contribution).sum(where=~restrictive),
        measure_count=parts.measure_id.count(where=parts.contribution.notnull()),
        unmeasured=parts.measure_id.collect(where=parts.contribution.isnull()).sort(),
    )
    return sums


def pressure_table(
    engine: AnalyticsEngine,
    when: ir.Table,
    parts: ir.Table,
    focal: str = "CN",
    weights: PressureWeights | None = None,
) -> ir.Table:
    """at_date, domain_id, parent_id, measures_restrictive, measures_relaxing, measures_component,
    measure_count, unmeasured, listings, documents, total: one row per date of ``when`` (see
    :func:`pressure_dates`) and leaf domain, from the contributions ``parts``."""
    weights = weights or PressureWeights()
    measures = _measure_component(parts)
    grid = when.select("at_date").cross_join(leaf_domains(engine).rename(leaf_id="domain_id"))
    grid = grid.left_join(measures, ["at_date", "leaf_id"]).select(
        "at_date", "leaf_id", "parent_id", "restrictive", "relaxing", "measure_count", "unmeasured"
    )
    for name, counts in (
        ("listings", listing_counts(engine, when, focal)),
        ("documents", document_counts(engine, when, focal)),
    ):
        grid = grid.left_join(counts.rename(**{name: "n"}), ["at_date", "leaf_id"])
        grid = grid.drop([c for c in grid.columns if c.endswith("_right")])
    restrictive = grid.restrictive.fill_null(0.0)
    relaxing = grid.relaxing.fill_null(0.0)
    net = ibis.greatest(restrictive - relaxing, _f(0.0))
    listings = grid.listings.fill_null(0)
    documents = grid.documents.fill_null(0)
    total = (
        _f(weights.measures) * net
        + _f(weights.listings) * listings.cast("float64")
        + _f(weights.documents) * documents.cast("float64")
    )
    return grid.select(
        "at_date",
        domain_id=grid.leaf_id,
        parent_id=grid.parent_id,
        measures_restrictive=restrictive,
        measures_relaxing=relaxing,
        measures_component=net,
        measure_count=grid.measure_count.fill_null(0),
        unmeasured=grid.unmeasured,
        listings=listings,
        documents=documents,
        total=total,
    )


def top_contributions(parts: ir.Table, top: int = TOP_MEASURES) -> ir.Table:
    """at_date, leaf_id, rank (0 = largest), measure_id, contribution, breadth, breadth_basis,
    decay: the measures with the largest absolute contributions per date and domain."""
    parts = parts.filter(parts.contribution.notnull())
    order = ibis.window(
        group_by=["at_date", "leaf_id"],
        order_by=[ibis.desc(parts.contribution.abs()), parts.measure_id],
    )
    ranked = parts.mutate(rank=ibis.row_number().over(order))
    ranked = ranked.filter(ranked["rank"] < top)
    return ranked.select(
        "at_date", "leaf_id", "rank", "measure_id", "contribution", "breadth", "breadth_basis",
        "decay",
    )  # fmt: skip


def pressure(
    engine: AnalyticsEngine,
    at: dt.date,
    focal: str = "CN",
    domain: str | None = None,
    half_life: float = HALF_LIFE_YEARS,
    weights: PressureWeights | None = None,
    window_days: int = WINDOW_DAYS,
    top: int = TOP_MEASURES,
) -> dict[str, Any]:
    """Pressure per leaf domain on ``at``: parameters, and one row per domain (highest total
    first) with its components, top measures and unmeasured measures."""
    return pressure_series_rows(engine, [at], focal, domain, half_life, weights, window_days, top)


def pressure_series(
    engine: AnalyticsEngine,
    years: list[int],
    focal: str = "CN",
    domain: str | None = None,
    half_life: float = HALF_LIFE_YEARS,
    weights: PressureWeights | None = None,
    today: dt.date | None = None,
    window_days: int = WINDOW_DAYS,
    top: int = TOP_MEASURES,
) -> dict[str, Any]:
    """:func:`pressure` as of 31 December of each year (``today`` for the current year)."""
    today = today or dt.date.today()
    dates = [today if y == today.year else dt.date(y, 12, 31) for y in years if y <= today.year]
    return pressure_series_rows(engine, dates, focal, domain, half_life, weights, window_days, top)


def pressure_series_rows(
    engine: AnalyticsEngine,
    dates: list[dt.date],
    focal: str,
    domain: str | None,
    half_life: float,
    weights: PressureWeights | None,
    window_days: int,
    top: int,
) -> dict[str, Any]:
    """Run the pressure table and the top contributions for ``dates`` and nest them per row."""
    weights = weights or PressureWeights()
    params = {"focal": focal, "half_life_years": half_life, "window_days": window_days,
              "weights": asdict(weights), "dates": dates}  # fmt: skip
    if not dates:
        return {"parameters": params, "rows": []}
    if window_days < 1 or top < 1:
        raise InvalidArgument("the window and the number of top measures must be at least 1")
    when = pressure_dates(engine, dates, window_days)
    breadth = materialize(engine, measure_breadth(engine, focal))
    parts = materialize(engine, contributions(engine, when, focal, half_life, breadth))
    table = pressure_table(engine, when, parts, focal, weights)
    if domain:
        table = table.filter((table.domain_id == domain) | (table.parent_id == domain))
    rows = engine.rows(table)
    tops = top_contributions(parts, top)
    best: dict[tuple[dt.date, str], list[dict[str, Any]]] = {}
    for row in sorted(engine.rows(tops), key=lambda r: r["rank"]):
        best.setdefault((row["at_date"], row["leaf_id"]), []).append(
            {
                k: row[k]
                for k in ("measure_id", "contribution", "breadth", "breadth_basis", "decay")
            }  # fmt: skip
        )
    for row in rows:
        row["unmeasured"] = list(row["unmeasured"] or [])
        row["top_measures"] = best.get((row["at_date"], row["domain_id"]), [])
    rows.sort(key=lambda r: (r["at_date"], -r["total"], r["domain_id"]))
    return {"parameters": params, "rows": rows}
