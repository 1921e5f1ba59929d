"""The calcium-carbide rule: conformance, its worked example by hand, and the carbon balance."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pcfrules.rules import catalog, check
from pcfrules.studies import compute
from pcfrules.studies.result_model import Result

C_TO_CO2 = 3.66406  # IUPAC molar masses, as the rule's co2_per_c
CO2_PER_CAO, CO2_PER_MGO = 0.78480, 1.09193
CH4, N2O = 29.8, 273.0  # AR6 GWP100; methane here is fossil: CH4-fossil, AR6 WGI Table 7.15
RULE_DIR = catalog.catalog_dir() / "calcium-carbide"
CARBIDE = 300_000.0  # t
PURCHASED_LIME = 15_000.0  # t, its footprint supplied by the lime rule's worked example


def _result() -> Result:
    """The example through the public path: its purchased lime is the lime example, computed."""
    return Result.model_validate(compute(RULE_DIR / "example.yaml"))


def _lime() -> float:
    """The lime example's footprint per t of quicklime (checked by hand in test_lime.py)."""
    return compute(catalog.catalog_dir() / "lime" / "example.yaml").total.value


def _furnace_co2() -> float:
    """Kg CO2 of the furnace carbon balance; coke carbon is the IPCC default 0.83."""
    carbon_in = 90_000 * 0.83 + 80_000 * 0.80 + 7_500 * 0.85  # t C: coke, semi-coke, paste
    carbon_out = CARBIDE * 0.30  # t C held in the carbide
    return (carbon_in - carbon_out) * 1000 * C_TO_CO2


def test_rule_conforms() -> None:
    findings = check.run(catalog.load("calcium-carbide"))
    assert not check.has_errors(findings)
    assert not [f for f in findings if f.severity == "warning"]


def test_example_total_by_hand() -> None:
    calcination = 270_000e3 * (0.92 * CO2_PER_CAO + 0.01 * CO2_PER_MGO) * 1.02
    coal_gj = 27_000 * 20.908  # GB/T 2589 NCV default
    coal = coal_gj * 94.6 + CH4 * coal_gj / 1000 * 10 + N2O * coal_gj / 1000 * 1.5
    power = (960e6 + 45e6) * 0.6205
    upstream = (
        480_000 * 3  # limestone
        + PURCHASED_LIME * _lime()  # kg/t × t: the lime example's footprint per t quicklime
        + 90_000 * 400
        + 80_000 * 300  # coke, semi-coke
        + 7_500 * 1500  # electrode paste
        + 27_000 * 150  # coal
        + 60e6 * 0.05  # transport
    )
    expected = (_furnace_co2() + calcination + coal + power + upstream) / CARBIDE
    result = _result()
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(upstream / CARBIDE)
    assert result.by_gas["CO2"] == pytest.approx(
        (_furnace_co2() + calcination + coal_gj * 94.6) / CARBIDE, rel=1e-9
    )
    assert result.defaults_used == ["coal_ef", "coal_ncv", "coke_carbon"]
    assert result.fossil_carbon_content == {"value": pytest.approx(300.0), "unit": "kg C"}
    assert result.allocation == {}  # furnace gas sent out is cut off, nothing is allocated
    linked = result.input_sources["lime_footprint"]  # the lime example, per t of quicklime
    assert (linked["kind"], linked["unit"], linked["rule"]["id"]) == ("study", "kg/t", "lime")
    assert linked["value"] == pytest.approx(_lime(), rel=1e-12)


def test_exported_furnace_gas_leaves_the_carbon_balance(tmp_path: Path) -> None:
    """Carbon sent out in furnace gas is deducted: the user of the gas counts its CO2."""
    data = yaml.safe_load((RULE_DIR / "example.yaml").read_text(encoding="utf-8"))
    data["activity"]["furnace_gas_exported_carbon"] = {"value": 10_000, "unit": "t"}
    lime = catalog.catalog_dir() / "lime" / "example.yaml"
    data["supplied"]["lime_footprint"] = {"study": str(lime)}  # the copy lives elsewhere
    changed = tmp_path / "exported_gas.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = Result.model_validate(compute(changed))
    drop = 10_000e3 * C_TO_CO2 / CARBIDE
    assert _result().total.value - result.total.value == pytest.approx(drop, rel=1e-9)


def test_furnace_carbon_balance_below_the_ipcc_tier1_default() -> None:
    """The published anchor (range.yaml) is IPCC's direct Tier 1 process figure."""
    ranges = yaml.safe_load((RULE_DIR / "range.yaml").read_text(encoding="utf-8"))
    assert ranges["example"] is None  # no cradle-to-gate footprint published; see not_found
    anchor = {r["id"]: r for r in ranges["ranges"]}["ipcc-tier1-direct"]
    process = _furnace_co2() / CARBIDE
    assert 0.5 * anchor["high"] < process < anchor["high"]
    assert _result().by_process["carbide_furnace"] == pytest.approx(
        process + (960e6 + 45e6) * 0.6205 / CARBIDE, rel=1e-9
    )


def test_the_ecoinvent_figure_is_recorded_but_judges_no_example() -> None:
    """The one cradle-to-gate figure read (ecoinvent v3.11, 4.1287543 t CO2e/t, unstated
    geography) is kept as read; being one non-Chinese point it is not the example's range."""
    ranges = yaml.safe_load((RULE_DIR / "range.yaml").read_text(encoding="utf-8"))
    published = {r["id"]: r for r in ranges["ranges"]}["ecoinvent-3-11"]
    assert published["low"] == published["high"] == pytest.approx(4.1287543e3, rel=1e-12)
    assert "ecoinvent v3.11" in published["sources"][0]
    assert ranges["example"] is None and "searched" in ranges["not_found"]["en"]


def test_linked_inputs_are_declared() -> None:
    rule = catalog.load("calcium-carbide")
    items = rule.items()
    assert (items["lime_footprint"].upstream, items["lime_footprint"].unit) == ("lime", "kg/t")
    lime = catalog.load("lime").unit  # the lime footprint is per 1 t of quicklime: units match
    assert (lime.quantity, lime.unit) == (1, "t")
    assert items["coal_footprint"].upstream == "coal"
    assert items["own_power_factor"].upstream == "electricity"
    grid = rule.parameters()[rule.inventory.electricity.grid_factor]
    assert (grid.value, grid.unit, grid.upstream) == (0.6205, "kg/kWh", "electricity")
