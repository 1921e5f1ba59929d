"""The EU Battery Regulation (EU) 2023/1542 carbon-footprint declaration of a battery study.

Annex II: the functional unit is one kWh of the total energy the battery provides over its
expected service life; the footprint is declared for the life-cycle stages raw-material
acquisition and pre-processing, main product production, distribution, and end of life and
recycling (the use stage is not declared). Stage names follow the Battery Pass data model.
"""

from __future__ import annotations

import math
from typing import Any

from pcfrules.errors import Location, StudyError
from pcfrules.reports.report import study_of
from pcfrules.rules.model import RuleStandard
from pcfrules.studies import Result
from pcfrules.units import conversion_factor, same_dimension

STAGES = {
    "raw_material_acquisition": "RawMaterialExtraction",
    "production": "MainProduction",
    "distribution": "Distribution",
    "end_of_life": "Recycling",
}


def battery_declaration(
    result: Result, energy_kwh: float | None, rule: RuleStandard
) -> dict[str, Any]:
    """Declare ``result`` per kWh of ``energy_kwh`` delivered over the service life.

    ``rule`` is the rule the result names (the caller finds it); its stage kinds say which
    of the Regulation's stages each of the result's stages belongs to. Without
    ``energy_kwh``, the energy is the one the study gave for a rule that states its result
    per kWh over the service life too (``unit.also_per`` in kWh).
    """
    if energy_kwh is None:
        energy_kwh = _energy_of(result)
    _check_energy(energy_kwh)
    study_of(result, rule)
    kinds = {s.id: s.kind for s in rule.boundary.stages}
    per_stage: dict[str, float] = dict.fromkeys(STAGES.values(), 0.0)
    for stage, value in result.by_stage.items():
        kind = kinds.get(stage)
        if kind not in STAGES:
            if abs(value) > 0:
                raise StudyError(
                    zh=f"阶段“{stage}”无法对应电池法规的生命周期阶段",
                    en=f"stage '{stage}' "
                    "does not map to a stage of the Battery Regulation (only raw material, "
                    "production, distribution and end of life are declared)",
                    location=Location(path=f"by_stage.{stage}"),
                )
            continue
        per_stage[STAGES[kind]] += value
    total = sum(per_stage.values())
    outside = [STAGES[k] for k in STAGES if k not in kinds.values()]
    return {
        "format": "pcfrules.battery-declaration/1",
        "regulation": "Regulation (EU) 2023/1542, Article 7 and Annex II",
        "rule": result.model_dump(mode="json", include={"rule"}, exclude_unset=True)["rule"],
        "functionalUnit": "kg CO2e per kWh of total energy provided over the expected service life",
        "totalEnergyOverServiceLife": {"value": energy_kwh, "unit": "kWh"},
        "batteryCarbonFootprint": total / energy_kwh,
        "carbonFootprintPerLifecycleStage": [
            {"lifecycleStage": name, "carbonFootprint": value / energy_kwh}
            for name, value in per_stage.items()
        ],
        "absoluteCarbonFootprint": {"value": total, "unit": "kg CO2e"},
        # a stage the rule's boundary leaves out is not a zero: the declaration says so
        "stagesOutsideTheRuleBoundary": outside,
        **({"note": _incomplete(outside)} if outside else {}),
    }


def _incomplete(outside: list[str]) -> dict[str, str]:
    """Why the declaration is not complete: the stages the rule's boundary does not hold."""
    names = ", ".join(outside)
    return {
        "zh": f"依据的规则边界不含以下阶段，其碳足迹未量化（表中记为 0，不是零排放）：{names}；"
        "按法规声明前须另行量化。",
        "en": f"the rule's boundary does not hold these stages, whose footprint was not "
        f"quantified (listed as 0, which is not zero emissions): {names}; they must be "
        "quantified before a declaration under the Regulation.",
    }


def _energy_of(result: Result) -> float:
    """The energy over the service life per functional unit, from the result's second unit."""
    for also in result.also_per or []:
        if same_dimension(also.unit, "kWh"):
            amount = also.per_declared_unit * conversion_factor(also.unit, "kWh")
            return amount * float(result.functional_unit["quantity"])
    raise StudyError(
        zh="须给出使用寿命内提供的总能量（kWh）：结果未按使用寿命内的能量表述",
        en="give the total energy provided over the service life (kWh): the result is not "
        "stated per kWh over the service life",
        location=Location(path="energy_kwh"),
    )


def _check_energy(energy_kwh: float) -> None:
    """Every figure is divided by the energy: it must be a finite number above zero."""
    if not (math.isfinite(energy_kwh) and energy_kwh > 0):
        raise StudyError(
            zh="须给出使用寿命内提供的总能量（kWh，有限且大于 0）",
            en="the total energy provided over the service life (kWh, finite and > 0) is needed",
            location=Location(path="energy_kwh"),
        )
