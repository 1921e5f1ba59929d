"""The EU battery-regulation declaration: per kWh over the service life, by stage."""

from __future__ import annotations

import math

import pytest

from pcfrules.errors import StudyError
from pcfrules.reports.battery import battery_declaration
from pcfrules.rules import catalog
from pcfrules.rules.model import RuleStandard
from pcfrules.studies import Result, load_input, rule_for, run_study
from pcfrules.studies.model import Study
from pcfrules.studies.result_model import AlsoPer

# No battery rule is in the catalogue yet: the mapping is checked on the cement example,
# whose stages are raw-material acquisition and production.
EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"


@pytest.fixture(scope="module")
def rule() -> RuleStandard:
    return catalog.load("cement")


@pytest.fixture(scope="module")
def result() -> Result:
    study = load_input(EXAMPLE)
    assert isinstance(study, Study)
    return run_study(study, rule_for(study, EXAMPLE))


def test_per_kwh_by_stage(result: Result, rule: RuleStandard) -> None:
    declaration = battery_declaration(result, 250.0, rule)
    stages = {
        s["lifecycleStage"]: s["carbonFootprint"]
        for s in declaration["carbonFootprintPerLifecycleStage"]
    }
    assert stages["RawMaterialExtraction"] == pytest.approx(
        result.by_stage["raw_material_acquisition"] / 250
    )
    assert stages["MainProduction"] == pytest.approx(result.by_stage["production"] / 250)
    assert stages["Distribution"] == 0 and stages["Recycling"] == 0
    assert declaration["batteryCarbonFootprint"] == pytest.approx(result.total.value / 250)
    assert sum(stages.values()) == pytest.approx(declaration["batteryCarbonFootprint"])
    assert declaration["rule"] == result.to_json_dict()["rule"]


@pytest.mark.parametrize("energy", [0.0, -250.0, math.nan, math.inf, -math.inf])
def test_energy_must_be_finite_and_positive(
    result: Result, rule: RuleStandard, energy: float
) -> None:
    with pytest.raises(StudyError, match="service life") as err:
        battery_declaration(result, energy, rule)
    assert err.value.location.path == "energy_kwh" and "总能量" in err.value.zh


def test_stage_outside_the_regulation_is_refused(result: Result, rule: RuleStandard) -> None:
    odd = result.model_copy(update={"by_stage": {**result.by_stage, "co_product_credits": -1.0}})
    with pytest.raises(StudyError, match="co_product_credits") as err:
        battery_declaration(odd, 100, rule)
    assert err.value.location.path == "by_stage.co_product_credits" and "阶段" in err.value.zh


def test_a_raw_result_or_another_rule_is_refused(result: Result, rule: RuleStandard) -> None:
    with pytest.raises(StudyError, match="study under a rule"):
        battery_declaration(result.model_copy(update={"rule": None}), 100, rule)
    with pytest.raises(StudyError, match="not the rule text"):
        battery_declaration(result, 100, catalog.load("electrolytic-aluminium"))


def test_without_an_energy_the_studys_lifetime_energy_is_used(
    result: Result, rule: RuleStandard
) -> None:
    """A result stated per kWh over the service life carries the energy; none is refused."""
    with pytest.raises(StudyError, match="not stated per kWh over the service life"):
        battery_declaration(result, None, rule)
    per_life = AlsoPer(
        unit="MWh",
        name={"zh": "寿命内", "en": "over life"},
        item="x",
        per_declared_unit=2.5,
        value=result.total.value / 2500,
    )
    stated = result.model_copy(update={"also_per": [per_life]})
    declared = battery_declaration(stated, None, rule)
    assert declared["totalEnergyOverServiceLife"]["value"] == pytest.approx(2500.0)
    assert declared["batteryCarbonFootprint"] == pytest.approx(result.total.value / 2500)


def test_stages_outside_the_rules_boundary_are_named_not_passed_as_zero(
    result: Result, rule: RuleStandard
) -> None:
    """The cement rule (cradle to gate) holds no distribution or end-of-life stage."""
    declared = battery_declaration(result, 250.0, rule)
    assert declared["stagesOutsideTheRuleBoundary"] == ["Distribution", "Recycling"]
    assert "not zero emissions" in declared["note"]["en"] and "不是零排放" in declared["note"]["zh"]
