"""The electricity rule: its worked example against an independent hand calculation."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pcfrules.rules import catalog, check
from pcfrules.studies import Study, compute, rule_for, run_study

CH4, N2O = 29.8, 273.0  # AR6 GWP100; methane here is fossil: CH4-fossil, AR6 WGI Table 7.15
C_TO_CO2 = 3.66406  # the rule's parameter (44.009/12.011, rounded)
CACO3_TO_CO2 = 0.43971  # 44.009/100.086, rounded
GRID = 0.6205  # kg CO2e/kWh, MEE/NBS/NEA 2023 national average


def _result() -> Any:
    """The example through the public path: its coal is the coal example, computed with it."""
    return compute(catalog.catalog_dir() / "electricity" / "example.yaml")


def _coal() -> float:
    """The coal example's footprint per t (checked by hand in test_coal.py)."""
    return compute(catalog.catalog_dir() / "coal" / "example.yaml").total.value


def _hand() -> dict[str, float]:
    """The example's footprint from its own numbers and the rule's published defaults."""
    return _hand_with_coal(_coal())


def _hand_with_coal(coal: float) -> dict[str, float]:
    """The example by hand, with ``coal`` kg CO2e per t of coal burnt."""
    coal_gj = 2_550_000 * 21.5  # t × GJ/t
    coal_co2 = coal_gj * 25.9 * 0.98 * C_TO_CO2  # kg C/GJ × oxidation × 44/12
    coal_ch4 = coal_gj * 1.0 / 1000  # IPCC 2006 Table 2.2: 1 kg CH4/TJ
    coal_n2o = coal_gj * 1.5 / 1000  # 1.5 kg N2O/TJ
    limestone = 55_000 * 1000 * 0.92 * CACO3_TO_CO2
    diesel = 600 * 43.0 * 74.1  # t × GJ/t × kg CO2/GJ
    grid_import = 4_000_000 * GRID
    upstream = 2_550_000 * coal + 1_657_500_000 * 0.01
    network = 6_685_000_000 * (1 - 0.045) * 0.002
    total = (
        coal_co2
        + CH4 * coal_ch4
        + N2O * coal_n2o
        + limestone
        + diesel
        + grid_import
        + upstream
        + network
    )
    delivered = 6_384_175_000.0
    power_energy = delivered * 0.0036  # GJ at 3.6 MJ/kWh
    share = power_energy / (power_energy + 2_000_000)  # heat supplied, GJ
    return {
        "share": share,
        "total": total * share / delivered,
        "co2": (coal_co2 + limestone + diesel) * share / delivered,
        "generation": (
            coal_co2 + CH4 * coal_ch4 + N2O * coal_n2o + limestone + diesel + grid_import
        )
        * share
        / delivered,
    }


def test_rule_conforms() -> None:
    assert not check.has_errors(check.run(catalog.load("electricity")))


def test_example_total_by_hand() -> None:
    hand, result = _hand(), _result()
    assert result.total.value == pytest.approx(hand["total"], rel=1e-9)
    assert result.by_gas["CO2"] == pytest.approx(hand["co2"], rel=1e-9)
    assert result.by_stage["generation"] == pytest.approx(hand["generation"], rel=1e-9)


def test_chp_allocation_splits_by_energy() -> None:
    factors = _result().allocation["site"]["factors"]
    share = _hand()["share"]
    assert factors["product:electricity"] == pytest.approx(share, rel=1e-12)
    assert factors["co-product:heat_supplied"] == pytest.approx(1 - share, rel=1e-12)
    assert 0.9 < share < 0.95  # heat takes about 8 % of the burden


def test_example_falls_in_the_published_range() -> None:
    ranges = yaml.safe_load((catalog.catalog_dir() / "electricity" / "range.yaml").read_text())
    chosen = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    assert ranges["unit"] == "kg CO2e/kWh"
    assert chosen["low"] <= _result().total.value <= chosen["high"]


def test_grid_factor_is_the_published_footprint_factor_and_links_upstream() -> None:
    rule = catalog.load("electricity")
    grid = rule.parameters()[rule.inventory.electricity.grid_factor]
    assert (grid.value, grid.unit, grid.year, grid.upstream) == (
        0.6205,
        "kg/kWh",
        2023,
        "electricity",
    )
    upstream = {i.id: i.upstream for i in rule.data_collection.items if i.upstream}
    assert upstream == {"coal_footprint": "coal", "gas_footprint": "natural-gas"}
    assert rule.unit.unit == "kWh" and rule.unit.quantity == 1


def test_a_plant_that_supplies_no_heat_charges_everything_to_electricity() -> None:
    path = catalog.catalog_dir() / "electricity" / "example.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["activity"]["heat_supplied"]["value"] = 0  # no heat customers this year
    data["supplied"] = {}
    data["activity"]["coal_footprint"] = {"value": 340, "unit": "kg/t", "source": "test"}
    study = Study.model_validate(data)
    result = run_study(study, rule_for(study, path))
    hand = _hand_with_coal(340.0)
    assert result.total.value == pytest.approx(hand["total"] / hand["share"], rel=1e-9)
