"""What an assessment report holds, language-neutral: the results of the core indicators on one
date for one focal country, with the ids of the facts behind them (gathered by
:func:`techbloc.reports.gather.gather_report`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bilingual:
    en: str
    zh: str

    def pick(self, lang: str) -> str:
        return (self.zh or self.en) if lang == "zh" else (self.en or self.zh)


@dataclass(frozen=True)
class SourceRecord:
    """A cited source: a knowledge-base source, or a supply-data source text of an import."""

    source_id: str
    publisher: str
    title: str
    date: str | None
    url: str | None


@dataclass(frozen=True)
class Share:
    """A group's share of a world total, with its coverage (analytics/economy.py)."""

    share: float | None
    years: tuple[int, ...]
    with_value: int
    economies: int
    missing: tuple[str, ...]
    world_basis: str
    world_year: int | None
    world_economies: int | None


@dataclass(frozen=True)
class GroupProfile:
    """Comprehensiveness of one alliance or side on a date (analytics/comprehensiveness.py)."""

    group_id: str
    group_type: str  # alliance | side
    kind: str
    status: str | None
    date: dt.date
    alliance_ids: tuple[str, ...]
    member_count: int
    gdp: Share
    rd: Share
    hightech: Share
    domain_count: int
    domain_of: int
    stage_count: int
    stage_of: int
    tech_scope: tuple[str, ...]
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class ShiftYear:
    """Restrictive measures pressing on the focal country in one year, by tech scope."""

    year: int
    until: dt.date
    measures: int
    counts: dict[str, int]
    shares: dict[str, float]


@dataclass(frozen=True)
class MeasureRef:
    """A measure that contributes to a pressure total, with its title and sources."""

    measure_id: str
    date: dt.date | None
    title: Bilingual
    contribution: float
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class DomainPressure:
    """Containment pressure on one leaf domain on one date (analytics/pressure.py)."""

    domain_id: str
    date: dt.date
    total: float
    measures_component: float
    measure_count: int
    listings: int
    documents: int
    top_measures: tuple[MeasureRef, ...]


@dataclass(frozen=True)
class PressureData:
    dates: tuple[dt.date, ...]
    half_life_years: float
    window_days: int
    weights: dict[str, float]
    points: tuple[DomainPressure, ...]

    def on(self, day: dt.date) -> list[DomainPressure]:
        """The domains on one date of the series, highest total first."""
        rows = [p for p in self.points if p.date == day]
        return sorted(rows, key=lambda p: (-p.total, p.domain_id))

    def totals(self, domain_id: str) -> list[float]:
        by_date = {p.date: p.total for p in self.points if p.domain_id == domain_id}
        return [by_date.get(day, 0.0) for day in self.dates]


@dataclass(frozen=True)
class Backup:
    level: str  # country | organisation
    supplier: str
    actor_code: str | None
    share_pct: float | None


@dataclass(frozen=True)
class ChokePoint:
    """One supply-chain input against the coalition (analytics/exposure.py)."""

    rank: int
    input_id: str
    input_name: str
    domain_id: str | None
    stage_ids: tuple[str, ...]
    data_year: int | None
    coalition_share_pct: float | None
    focal_share_pct: float | None
    outside_share_pct: float | None
    hhi: float | None
    score: float | None
    top_supplier: str | None
    top_supplier_share_pct: float | None
    backups: tuple[Backup, ...]
    source_id: str | None


@dataclass(frozen=True)
class ExposureGroup:
    group: str
    name: str | None
    inputs: int
    mean_score: float | None
    weighted_score: float | None
    max_score: float | None
    top_input: str | None


@dataclass(frozen=True)
class SupplyData:
    coalition: str
    coalition_size: int
    chokepoints: tuple[ChokePoint, ...]
    exposure: tuple[ExposureGroup, ...]
    import_ids: tuple[int, ...]


@dataclass(frozen=True)
class PriorityRow:
    """One leaf domain's R&D priority, with its sensitivity to the weights."""

    rank: int
    domain_id: str
    score: float | None
    criteria: dict[str, float | None]
    contributions: dict[str, float]
    top_measure_ids: tuple[str, ...]
    on_cet_list: bool
    step_rank_min: int | None
    step_rank_max: int | None
    step_top_k: int | None
    random_top_k_share: float | None
    random_rank_min: int | None
    random_rank_max: int | None
    random_rank_median: float | None


@dataclass(frozen=True)
class PriorityData:
    coalition: str
    weights: dict[str, float]
    rows: tuple[PriorityRow, ...]
    missing: dict[str, tuple[str, ...]]
    top_k: int
    steps: int
    samples: int
    seed: int
    tau_mean: float | None
    tau_p05: float | None


@dataclass(frozen=True)
class AlertEvidence:
    kind: str
    evidence_id: str
    date: dt.date | None
    label: str | None
    url: str | None


@dataclass(frozen=True)
class StoredAlert:
    """An alert as the early-warning tables hold it (migration 0012)."""

    alert_id: str
    level: str
    level_rank: int
    detector: str
    scope_type: str
    scope_key: str
    period_start: dt.date
    period_end: dt.date
    statistic: str
    value: float | None
    threshold: float | None
    title: Bilingual
    state: str
    first_seen: dt.date
    last_seen: dt.date
    occurrences: int
    evidence: tuple[AlertEvidence, ...]


@dataclass(frozen=True)
class AlertData:
    tables_present: bool
    open_alerts: tuple[StoredAlert, ...]
    closed_count: int


@dataclass
class ReportData:
    """Everything one report shows, before any wording or layout."""

    at: dt.date
    focal: str
    generated_at: dt.datetime
    store_name: str
    kb_built_at: str | None
    comprehensiveness: tuple[GroupProfile, ...]
    cocom: tuple[GroupProfile, ...]  # COCOM then, blockade side, Wassenaar, system now
    cocom_absent: tuple[str, ...]  # groups of the comparison that do not exist on the date
    cocom_then: dt.date
    shift: tuple[ShiftYear, ...]
    pressure: PressureData
    supply: SupplyData | None
    priorities: PriorityData
    alerts: AlertData
    attribute_sources: dict[str, tuple[str, ...]]
    domain_sources: tuple[str, ...]
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    domain_names: dict[str, Bilingual] = field(default_factory=dict)
    alliance_names: dict[str, Bilingual] = field(default_factory=dict)
    actor_names: dict[str, Bilingual] = field(default_factory=dict)
    measures: dict[str, MeasureRef] = field(default_factory=dict)

    def domain(self, domain_id: str | None, lang: str) -> str:
        if not domain_id:
            return ""
        name = self.domain_names.get(domain_id)
        return name.pick(lang) if name else domain_id

    def alliance(self, alliance_id: str, lang: str) -> str:
        name = self.alliance_names.get(alliance_id)
        return name.pick(lang) if name else alliance_id

    def actor(self, code: str | None, lang: str) -> str:
        if not code:
            return ""
        name = self.actor_names.get(code)
        return name.pick(lang) if name else code
