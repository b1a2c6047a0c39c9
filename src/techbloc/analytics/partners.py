"""Partner opportunities: countries ranked per technology domain for widening the circle of friends.

For domain d, day D and focal country F (docs/methodology.md, "Assessment: partner
opportunities"), every country or territory other than F that has at least one capability figure
is scored on three parts, each in [0, 1]:

* ``capability`` — mean of the available normalised proxies: R&D spending in US$
  (GDP × GERD % / 100) and high-technology exports in US$, each scaled on a log axis between the
  smallest and the largest positive value among the candidates ((ln v − ln min) / (ln max −
  ln min); 1 when all are equal) — figures spanning four orders of magnitude would otherwise put
  every country but the largest near 0. The figure of the latest year up to D's year is used,
  else the earliest later one (the year used is in the row). The knowledge base holds no
  per-country, per-domain capability figure, so capability does not vary by domain;
* ``weak_binding`` = 1 − binding, binding = ½ × (blockade alliances covering d the country takes
  part in / the largest such count) + ½ × (severity of its restrictive measures against F in d up
  to D / the largest such sum) — how little the country is bound into denial in that domain;
* ``ties`` = tie_count / (F's partnerships + 2) (capped at 1): existing links with F
  (:mod:`techbloc.analytics.focal_ties`).

``partner_score`` = w_capability × capability + w_weak_binding × weak_binding + w_ties × ties
with the weights of :class:`PartnerWeights` (0.4, 0.4, 0.2 by default: capability and openness
count alike, existing ties less; they must sum to 1). The
inputs are an Ibis expression; normalising and ranking a few dozen rows is done in Python.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from techbloc.analytics.domain_family import family_of
from techbloc.analytics.engine import AnalyticsEngine
from techbloc.analytics.focal_ties import (
    TOP_TRADE_PARTNERS,
    focal_partnerships,
    focal_ties,
    participants_at,
)
from techbloc.analytics.membership import existing_alliances
from techbloc.analytics.year_series import yearly
from techbloc.errors import InvalidArgument

Row = dict[str, Any]
CAPABILITY_INDICATORS = ("gdp_usd", "rd_expenditure_pct_gdp", "hightech_exports_usd")


@dataclass(frozen=True)
class PartnerWeights:
    """Weights of the partner score; visible in every result and settable from the CLI."""

    capability: float = 0.4
    weak_binding: float = 0.4
    ties: float = 0.2

    def __post_init__(self) -> None:
        values = (self.capability, self.weak_binding, self.ties)
        if any(v < 0 for v in values) or abs(sum(values) - 1.0) > 1e-9:
            raise InvalidArgument(
                f"partner weights must be ≥ 0 and sum to 1 (got {', '.join(map(str, values))})",
                hint="e.g. --weights capability=0.4,weak_binding=0.4,ties=0.2",
            )

    @classmethod
    def parse(cls, text: str | None) -> PartnerWeights:
        """'capability=0.6,weak_binding=0.2,ties=0.2' (names not given keep their default)."""
        if not text:
            return cls()
        values: dict[str, float] = {}
        for part in text.split(","):
            name, _, number = part.partition("=")
            name = name.strip()
            if name not in {"capability", "weak_binding", "ties"}:
                raise InvalidArgument(
                    f"unknown partner weight '{name}'",
                    hint="use capability, weak_binding and ties, e.g. capability=0.4",
                )
            try:
                values[name] = float(number)
            except ValueError:
                raise InvalidArgument(f"weight {name} is not a number: '{number}'") from None
        return cls(**values)


def attribute_at(engine: AnalyticsEngine, indicator: str, year: int) -> ir.Table:
    """actor_code, value, year: the value of the latest year ≤ ``year``, else the earliest after."""
    a = engine.table("country_attributes")
    a = a.filter(a.indicator == indicator)
    a = a.mutate(
        not_after=(a.year <= year).ifelse(1, 0),
        distance=(a.year - year).abs(),
    )
    best = a.group_by("actor_code").aggregate(
        value=a.value.argmax(a.not_after * 100_000 - a.distance),
        year=a.year.argmax(a.not_after * 100_000 - a.distance),
    )
    return best


def partner_inputs(
    engine: AnalyticsEngine,
    at: dt.date,
    domain: str,
    focal: str,
    top_n: int = TOP_TRADE_PARTNERS,
) -> ir.Table:
    """One row per candidate country: capability figures, binding in ``domain``, ties."""
    family = family_of(engine, domain)
    actors = engine.table("actors")
    actors = actors.filter(
        actors.actor_code != focal,
        actors.actor_kind != "supranational",
        actors.ended_date.isnull() | (actors.ended_date > ibis.literal(at)),
    ).select("actor_code", "name_en", "name_zh")
    gdp = attribute_at(engine, "gdp_usd", at.year)
    rd = attribute_at(engine, "rd_expenditure_pct_gdp", at.year)
    hx = attribute_at(engine, "hightech_exports_usd", at.year)
    t = actors.left_join(gdp, "actor_code").select(actors, gdp_usd=gdp.value, gdp_year=gdp.year)
    t2 = t.left_join(rd, "actor_code").select(t, rd_pct_gdp=rd.value, rd_year=rd.year)
    t3 = t2.left_join(hx, "actor_code").select(
        t2, hightech_exports_usd=hx.value, hightech_year=hx.year
    )
    t3 = t3.mutate(rd_usd=t3.gdp_usd * t3.rd_pct_gdp / 100)
    t3 = t3.filter(t3.rd_usd.notnull() | t3.hightech_exports_usd.notnull())
    binding = domain_binding(engine, at, family, focal)
    t4 = t3.left_join(binding, "actor_code").select(
        t3, *[binding[c] for c in binding.columns if c != "actor_code"]
    )
    ties = focal_ties(engine, at, focal, top_n)
    t5 = t4.left_join(ties, "actor_code").select(
        t4, ties.tie_count, ties.partnership_ids, ties.fta_ids, ties.trade_rank
    )
    return t5.mutate(
        blockade_count=t5.blockade_count.fill_null(0),
        restrictive_severity=t5.restrictive_severity.fill_null(0),
        tie_count=t5.tie_count.fill_null(0),
    )


def domain_binding(engine: AnalyticsEngine, at: dt.date, family: list[str], focal: str) -> ir.Table:
    """actor_code, blockade_count, blockade_ids, restrictive_severity, restrictive_measure_ids:
    blockade alliances covering the domain family a country takes part in on ``at``, and its
    restrictive measures against the focal country in that family up to ``at``."""
    a = existing_alliances(engine, at, ("blockade",))
    ad = a.select("alliance_id", domain_id=a.domains.unnest())
    covering = ad.filter(ad.domain_id.isin(family)).select("alliance_id").distinct()
    p = participants_at(engine, at, ("blockade",)).join(covering, "alliance_id")
    p = p.select("alliance_id", "actor_code")
    b = p.group_by("actor_code").aggregate(
        blockade_count=p.alliance_id.nunique(),
        blockade_ids=p.alliance_id.collect().unique().sort(),
    )
    m = engine.table("measures")
    m = m.filter(
        m.measure_date <= ibis.literal(at),
        m.direction == "restrictive",
        m.target_codes.notnull() & m.target_codes.contains(focal),
    )
    md = m.select("measure_id", "actor_code", "severity_score", domain_id=m.domains.unnest())
    md = md.filter(md.domain_id.isin(family)).select("measure_id", "actor_code",
                                                     "severity_score").distinct()  # fmt: skip
    r = md.group_by("actor_code").aggregate(
        restrictive_severity=md.severity_score.sum(),
        restrictive_measure_ids=md.measure_id.collect().unique().sort(),
    )
    keys = (
        b.select(actor_code=b.actor_code.cast("string"))
        .union(r.select(actor_code=r.actor_code.cast("string")))
        .distinct()
    )
    j = keys.left_join(b, "actor_code").select(keys, b.blockade_count, b.blockade_ids)
    return j.left_join(r, "actor_code").select(j, r.restrictive_severity, r.restrictive_measure_ids)


def log_scale(values: list[float]) -> tuple[float, float] | None:
    """(ln min, ln max) of the positive values, or None when there are none."""
    positive = [v for v in values if v > 0]
    if not positive:
        return None
    return math.log(min(positive)), math.log(max(positive))


def scaled(value: float | None, bounds: tuple[float, float] | None) -> float | None:
    """A value on the log axis between the candidates' smallest and largest (0..1)."""
    if value is None or bounds is None:
        return None
    if value <= 0:
        return 0.0
    low, high = bounds
    return 1.0 if high == low else (math.log(value) - low) / (high - low)


def partner_scores(
    rows: list[Row], tie_total: int, weights: PartnerWeights | None = None
) -> list[Row]:
    """Normalise the inputs over the candidates and score them, best first."""
    w = weights or PartnerWeights()

    def column(name: str) -> list[float]:
        return [float(r[name]) for r in rows if r.get(name) is not None]

    rd_bounds, hx_bounds = log_scale(column("rd_usd")), log_scale(column("hightech_exports_usd"))
    max_bc = max(column("blockade_count"), default=0.0)
    max_sev = max(column("restrictive_severity"), default=0.0)
    scored = []
    for r in rows:
        parts = [
            p
            for p in (scaled(r.get("rd_usd"), rd_bounds),
                      scaled(r.get("hightech_exports_usd"), hx_bounds))
            if p is not None
        ]  # fmt: skip
        capability = sum(parts) / len(parts) if parts else 0.0
        binding = 0.5 * (r["blockade_count"] / max_bc if max_bc else 0.0) + 0.5 * (
            r["restrictive_severity"] / max_sev if max_sev else 0.0
        )
        ties = min(1.0, r["tie_count"] / tie_total) if tie_total else 0.0
        score = w.capability * capability + w.weak_binding * (1 - binding) + w.ties * ties
        scored.append(
            {
                **r,
                "capability": capability,
                "binding": binding,
                "weak_binding": 1 - binding,
                "ties": ties,
                "partner_score": score,
                "weights": asdict(w),
            }
        )
    scored.sort(key=lambda r: (-r["partner_score"], r["actor_code"]))
    for rank, r in enumerate(scored, 1):
        r["rank"] = rank
    return scored


def partners(
    engine: AnalyticsEngine,
    at: dt.date,
    domain: str,
    focal: str,
    weights: PartnerWeights | None = None,
    top_n_trade: int = TOP_TRADE_PARTNERS,
) -> list[Row]:
    """Candidates for ``domain`` on ``at``, scored and ranked (best first)."""
    rows = engine.rows(partner_inputs(engine, at, domain, focal, top_n_trade))
    f = focal_partnerships(engine, at, focal)
    count = engine.rows(f.aggregate(n=f.alliance_id.nunique()))
    tie_total = int(count[0]["n"] or 0) + 2
    return [
        {**r, "domain_id": domain, "tie_total": tie_total}
        for r in partner_scores(rows, tie_total, weights)
    ]


def partners_series(
    engine: AnalyticsEngine,
    years: Iterable[int],
    domain: str,
    focal: str,
    weights: PartnerWeights | None = None,
    today: dt.date | None = None,
) -> list[Row]:
    """The ranking as of each year-end (today for the current year)."""
    return yearly(lambda at: partners(engine, at, domain, focal, weights), years, today)


def capability_gaps(engine: AnalyticsEngine) -> list[Row]:
    """What the capability proxy lacks: indicators with no value at all, and recorded gaps."""
    a = engine.table("country_attributes")
    present = {r["indicator"] for r in engine.rows(a.select("indicator").distinct())}
    missing = [
        {"indicator": i, "reason": "no value in the knowledge base"}
        for i in CAPABILITY_INDICATORS
        if i not in present
    ]
    g = engine.table("country_attribute_gaps")
    counts = g.group_by("indicator").aggregate(gap_count=g.count())
    return missing + sorted(engine.rows(counts), key=lambda r: str(r["indicator"]))
