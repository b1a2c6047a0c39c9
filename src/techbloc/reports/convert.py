"""The core's answers (plain dicts, as the CLI's --json) turned into the report's typed records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from techbloc.reports.model import (
    Backup,
    Bilingual,
    ChokePoint,
    DomainPressure,
    ExposureGroup,
    GroupProfile,
    MeasureRef,
    PressureData,
    PriorityData,
    PriorityRow,
    Share,
    ShiftYear,
)
from techbloc.reports.provenance import supply_source_id

Row = dict[str, Any]


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def share(raw: Row) -> Share:
    return Share(
        share=raw["share"], years=tuple(raw["years"] or ()), with_value=int(raw["with_value"]),
        economies=int(raw["economies"]), missing=tuple(raw["missing"] or ()),
        world_basis=str(raw["world_basis"] or ""), world_year=raw["world_year"],
        world_economies=raw["world_economies"],
    )  # fmt: skip


def group_profile(raw: Row, sources: dict[str, tuple[str, ...]]) -> GroupProfile:
    alliances = tuple(raw["alliances"] or ())
    own = sources.get(raw["group_id"], ()) if raw["group_type"] == "alliance" else ()
    return GroupProfile(
        group_id=raw["group_id"], group_type=raw["group_type"], kind=raw["kind"],
        status=raw["status"], date=_day(raw["at"]), alliance_ids=alliances,
        member_count=int(raw["member_count"]), gdp=share(raw["gdp"]), rd=share(raw["rd"]),
        hightech=share(raw["hightech"]), domain_count=int(raw["domains"]["count"]),
        domain_of=int(raw["domains"]["of"]), stage_count=int(raw["stages"]["count"]),
        stage_of=int(raw["stages"]["of"]), tech_scope=tuple(raw["tech_scope"] or ()),
        source_ids=own,
    )  # fmt: skip


def shift_years(cells: list[Row]) -> tuple[ShiftYear, ...]:
    years: dict[int, list[Row]] = {}
    for cell in cells:
        years.setdefault(int(cell["year"]), []).append(cell)
    return tuple(
        ShiftYear(
            year=year, until=_day(rows[0]["until"]), measures=int(rows[0]["year_measures"]),
            counts={r["category"]: int(r["measures"]) for r in rows},
            shares={r["category"]: float(r["measure_share"] or 0.0) for r in rows},
        )
        for year, rows in sorted(years.items())
    )  # fmt: skip


def pressure_data(raw: Row, measures: dict[str, MeasureRef]) -> PressureData:
    params = raw["parameters"]

    def ref(top: Row) -> MeasureRef:
        known = measures.get(top["measure_id"])
        return MeasureRef(
            top["measure_id"], known.date if known else None,
            known.title if known else _untitled(top["measure_id"]),
            float(top["contribution"]), known.source_ids if known else (),
        )  # fmt: skip

    points = tuple(
        DomainPressure(
            domain_id=r["domain_id"], date=_day(r["at_date"]), total=float(r["total"]),
            measures_component=float(r["measures_component"]),
            measure_count=int(r["measure_count"]), listings=int(r["listings"]),
            documents=int(r["documents"]),
            top_measures=tuple(ref(t) for t in r["top_measures"]),
        )
        for r in raw["rows"]
    )  # fmt: skip
    return PressureData(
        dates=tuple(_day(d) for d in params["dates"]),
        half_life_years=float(params["half_life_years"]), window_days=int(params["window_days"]),
        weights={k: float(v) for k, v in params["weights"].items()}, points=points,
    )  # fmt: skip


def _untitled(measure_id: str) -> Bilingual:
    return Bilingual(measure_id, measure_id)


def chokepoint(raw: Row) -> ChokePoint:
    return ChokePoint(
        rank=int(raw["rank"]), input_id=str(raw["input_id"]),
        input_name=str(raw["input_name"] or raw["input_id"]), domain_id=raw["domain_id"],
        stage_ids=tuple(raw["stage_ids"] or ()), data_year=raw["data_year"],
        coalition_share_pct=raw["coalition_share_pct"], focal_share_pct=raw["focal_share_pct"],
        outside_share_pct=raw["outside_share_pct"], hhi=raw["hhi"],
        score=raw["chokepoint_score"], top_supplier=raw["top_supplier"],
        top_supplier_share_pct=raw["top_supplier_share_pct"],
        backups=tuple(Backup(str(b["level"]), str(b["supplier"]), b.get("actor_code"),
                             b.get("share_pct"))
                      for b in raw.get("backups") or ()),
        source_id=supply_source_id(int(raw["import_id"]), raw["source"])
        if raw.get("import_id") is not None else None,
    )  # fmt: skip


def exposure_group(raw: Row) -> ExposureGroup:
    return ExposureGroup(
        group=str(raw["group"]), name=raw["group_name"], inputs=int(raw["inputs"]),
        mean_score=raw["mean_chokepoint_score"], weighted_score=raw["weighted_chokepoint_score"],
        max_score=raw["max_chokepoint_score"], top_input=raw["top_input_name"],
    )  # fmt: skip


def priority_data(raw: Row) -> PriorityData:
    sens = raw.get("sensitivity") or {}
    by_domain = {d["domain_id"]: d for d in sens.get("domains", [])}
    params = sens.get("parameters", {})
    tau = sens.get("random_kendall_tau") or {}
    rows = []
    for r in raw["rows"]:
        s = by_domain.get(r["domain_id"], {})
        evidence = r["evidence"]
        rows.append(PriorityRow(
            rank=int(r["rank"]), domain_id=r["domain_id"], score=r["score"],
            criteria=dict(r["criteria"]),
            contributions={k: float(v or 0.0) for k, v in r["contributions"].items()},
            top_measure_ids=tuple(str(m) for m in evidence.get("top_measures") or ()),
            on_cet_list=bool(evidence.get("cet_categories")),
            step_rank_min=s.get("step_rank_min"), step_rank_max=s.get("step_rank_max"),
            step_top_k=s.get("step_top_k"), random_top_k_share=s.get("random_top_k_share"),
            random_rank_min=s.get("random_rank_min"), random_rank_max=s.get("random_rank_max"),
            random_rank_median=s.get("random_rank_median"),
        ))  # fmt: skip
    p = raw["parameters"]
    return PriorityData(
        coalition=str(p["coalition"]), weights=dict(p["weights"]), rows=tuple(rows),
        missing={k: tuple(v) for k, v in raw["missing"].items()},
        top_k=int(params.get("top_k", 5)), steps=len(sens.get("steps", [])),
        samples=int(params.get("samples", 0)), seed=int(params.get("seed", 0)),
        tau_mean=tau.get("mean"), tau_p05=tau.get("p05"),
    )  # fmt: skip
