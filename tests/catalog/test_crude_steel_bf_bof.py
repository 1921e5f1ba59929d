"""The BF-BOF rule: its added inputs, and co-product credits computed as their bases say."""

from __future__ import annotations

import pytest

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import ActivityValue, Study

C_TO_CO2 = 3.66406


def _example() -> Study:
    study = load_input(catalog.catalog_dir() / "crude-steel-bf-bof" / "example.yaml")
    assert isinstance(study, Study)
    return study


def test_rule_conforms_and_declares_its_linked_inputs() -> None:
    rule = catalog.load("crude-steel-bf-bof")
    assert not check.has_errors(check.run(rule))
    items = rule.items()
    assert items["lime_footprint"].upstream == "lime"
    assert items["ng_footprint"].upstream == "natural-gas"
    assert items["fuel_oil_footprint"].upstream == "fuel-oil"
    assert items["coal_footprint"].upstream == "coal"
    assert rule.parameters()["grid_electricity_factor"].upstream == "electricity"
    for needed in ("ferroalloys", "purchased_coke", "purchased_pellets", "refractories"):
        assert needed in items
    sources = {p.source.split(",")[0] for p in rule.inventory.parameters if p.id.startswith("c_")}
    assert sources == {"2006 IPCC Guidelines"}  # one family of carbon contents


def test_slag_credit_is_displaced_clinker_less_processing() -> None:
    """Raising the slag's processing burden by 10 kg/t lowers the credit by 10 kg per t slag."""
    rule = catalog.load("crude-steel-bf-bof")
    study = _example()
    base = run_study(study, rule)
    activity = dict(study.activity)
    activity["slag_processing_burden"] = ActivityValue.model_validate({"value": 50, "unit": "kg/t"})
    more = run_study(study.model_copy(update={"activity": activity}), rule)
    assert more.total.value - base.total.value == pytest.approx(280000 * 10 / 1e6, rel=1e-9)
    assert base.by_process["dataset:co-product:bf_slag"] == pytest.approx(
        -280000 * (0.9 * 850 - 40) / 1e6, rel=1e-9
    )


def test_gas_credit_follows_the_displaced_power() -> None:
    result = run_study(_example(), catalog.load("crude-steel-bf-bof"))
    per_gj = 0.35 * 0.6205 / 3.6 * 1000  # kg per GJ of gas exported
    assert result.by_process["dataset:co-product:exported_gas_energy"] == pytest.approx(
        -4e6 * per_gj / 1e6, rel=1e-9
    )


def test_purchased_fuels_and_lime_kiln_by_carbon_balance() -> None:
    result = run_study(_example(), catalog.load("crude-steel-bf-bof"))
    assert result.formula_results is not None
    fuels = (20e6 * 0.75 * 0.73 + 2000 * 1000 * 0.86) * C_TO_CO2  # kg
    assert result.formula_results["purchased_fuel_co2"] == pytest.approx(fuels, rel=1e-9)
    kiln = (80000 * 0.12 - 45000 * 0.005) * C_TO_CO2 * 1000
    assert result.formula_results["lime_kiln_co2"] == pytest.approx(kiln, rel=1e-9)
