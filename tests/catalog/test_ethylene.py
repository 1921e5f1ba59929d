"""The ethylene rule: conformance, its worked example by hand, and mass allocation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pcfrules.background.sources import SHIPPED
from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, rule_for, run_study
from pcfrules.studies.result_model import Result

C_TO_CO2 = 3.66406  # IUPAC molar masses, as the rule's co2_per_c
CH4, N2O = 29.8, 273.0  # AR6 GWP100; methane here is fossil: CH4-fossil, AR6 WGI Table 7.15
RULE_DIR = catalog.catalog_dir() / "ethylene"
# The example's grid electricity: TianGong's China mix (the shipped extract, tested against its
# datasets in tests/background/test_sources.py), per MJ, times 3.6 MJ/kWh
GRID = (
    SHIPPED.footprint("tiangong:0aa8c769-a04a-4e76-897a-2b1051cb9344", "AR6-GWP100").kg_co2e * 3.6
)

# The example's activity data (kept here so the hand calculation reads on its own).
ETHYLENE = 1_000_000.0  # t
CO_PRODUCTS = {
    "propylene": 500_000.0,
    "c4": 300_000.0,
    "pygas": 650_000.0,
    "hydrogen": 30_000.0,
    "fuel_oil": 100_000.0,
    "fuel_gas_exported": 20_000.0,
}


def _result() -> Result:
    path = RULE_DIR / "example.yaml"
    study = load_input(path)
    return Result.model_validate(run_study(study, rule_for(study, path)))


def _gross_by_hand() -> dict[str, float]:
    """Kg over the year, before allocation, from the example and the rule's defaults."""
    ng_gj = 80e6 * 38.931 / 1000  # Nm3 × MJ/Nm3 (GB/T 2589 default) → GJ
    fuel_tj = (560_000 * 52.0 + ng_gj) / 1000
    return {
        "feed": 3_300_000 * 580.0,
        "ng_upstream": 80e6 * 0.30,
        "co2": 560_000e3 * 0.70 * C_TO_CO2  # cracker fuel gas
        + ng_gj * 56.1  # natural gas
        + 2_000e3 * C_TO_CO2  # decoking
        + 8_000e3 * 0.80 * C_TO_CO2,  # flaring
        "ch4": fuel_tj * 1.0 + 1_000e3,  # kg CH4: combustion + vented/fugitive
        "n2o": fuel_tj * 0.1,
        "power": 400e6 * GRID,
        "steam": 3e6 * 90.0,
    }


def test_rule_conforms() -> None:
    findings = check.run(catalog.load("ethylene"))
    assert not check.has_errors(findings)
    assert not [f for f in findings if f.severity == "warning"]


def test_example_total_by_hand_with_mass_allocation() -> None:
    gross = _gross_by_hand()
    share = ETHYLENE / (ETHYLENE + sum(CO_PRODUCTS.values()))
    co2e = (
        gross["feed"]
        + gross["ng_upstream"]
        + gross["co2"]
        + CH4 * gross["ch4"]
        + N2O * gross["n2o"]
        + gross["power"]
        + gross["steam"]
    )
    result = _result()
    assert result.total.value == pytest.approx(co2e * share / ETHYLENE, rel=1e-9)
    assert result.by_gas["CH4"] == pytest.approx(CH4 * gross["ch4"] * share / ETHYLENE, rel=1e-9)
    upstream = (gross["feed"] + gross["ng_upstream"]) * share / ETHYLENE
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(upstream, rel=1e-9)
    assert result.defaults_used == ["ng_ncv"]
    assert result.fossil_carbon_content == {"value": pytest.approx(856.28), "unit": "kg C"}


def test_allocation_splits_by_mass_over_every_product_sold() -> None:
    factors = _result().allocation["site"]["factors"]
    total = ETHYLENE + sum(CO_PRODUCTS.values())
    assert _result().allocation["site"]["method"] == "physical"
    assert factors["product:ethylene"] == pytest.approx(ETHYLENE / total)
    assert factors["co-product:propylene_output"] == pytest.approx(500_000 / total)
    assert sum(factors.values()) == pytest.approx(1.0)
    assert "co-product:fuel_gas_burnt" not in factors  # fuel gas burnt on site is no co-product


def _ranges() -> dict:
    return yaml.safe_load(Path(RULE_DIR / "range.yaml").read_text(encoding="utf-8"))


def test_example_total_within_the_published_cradle_to_gate_range() -> None:
    """The example range (range.yaml) is a published cradle-to-gate footprint."""
    ranges = _ranges()
    example = {r["id"]: r for r in ranges["ranges"]}[ranges["example"]]
    assert ranges["unit"] == "kg CO2e/t"
    assert example["low"] <= _result().total.value <= example["high"]
    assert all(r["sources"] for r in ranges["ranges"])


def test_unallocated_direct_emissions_below_the_ipcc_tier1_naphtha_default() -> None:
    """IPCC's Tier 1 figure (range.yaml, labelled entry) is direct and unallocated."""
    gross = _gross_by_hand()
    direct = (gross["co2"] + CH4 * gross["ch4"] + N2O * gross["n2o"]) / ETHYLENE
    anchor = {r["id"]: r for r in _ranges()["ranges"]}["ipcc-tier1-naphtha-direct"]
    assert 0.6 * anchor["high"] < direct < anchor["high"]  # a modern cracker, below Tier 1


def test_upstream_inputs_are_declared() -> None:
    rule = catalog.load("ethylene")
    assert rule.items()["ng_footprint"].upstream == "natural-gas"
    assert rule.items()["direct_green_power_factor"].upstream == "electricity"
    grid = rule.parameters()[rule.inventory.electricity.grid_factor]
    assert (grid.value, grid.unit, grid.upstream) == (0.6205, "kg/kWh", "electricity")
