"""Which techbloc technology domain a supply-chain input belongs to, where that is clear.

Declared as rules over the input's chain stage and type (the first rule that fits wins); an input
no rule fits keeps no domain. The ids are those of ``kb/data/taxonomy/domains.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DomainRule:
    domain_id: str
    stage_ids: frozenset[str] = frozenset()
    """The rule fits an input serving one of these stages (any stage when empty)."""
    input_types: frozenset[str] = frozenset()
    """The rule fits an input of one of these types (any type when empty)."""
    reason: str = ""


DESIGN_STAGE = "S1"

RULES: tuple[DomainRule, ...] = (
    DomainRule(
        "semiconductor-design",
        stage_ids=frozenset({DESIGN_STAGE}),
        reason="everything the design stage uses: EDA software, core IP, chip design",
    ),
    DomainRule(
        "semiconductor-design",
        input_types=frozenset({"design_resource"}),
        reason="chip designs (CPUs, GPUs, FPGAs, ASICs)",
    ),
    DomainRule(
        "semiconductor-equipment",
        input_types=frozenset({"tool_resource"}),
        reason="tools of fabrication and of assembly, test and packaging",
    ),
    DomainRule(
        "semiconductor-materials",
        input_types=frozenset({"material_resource"}),
        reason="wafers, photoresists, gases, chemicals, masks, packaging materials",
    ),
    DomainRule(
        "semiconductor-manufacturing",
        input_types=frozenset({"process", "stage", "ultimate_output"}),
        reason="fabrication and ATP processes and stages, the finished chip",
    ),
)


def input_domain(input_type: str | None, stage_ids: tuple[str, ...]) -> str | None:
    """The domain of an input of this type serving these stages; None when no rule fits."""
    for rule in RULES:
        if rule.stage_ids and not rule.stage_ids & set(stage_ids):
            continue
        if rule.input_types and input_type not in rule.input_types:
            continue
        return rule.domain_id
    return None
