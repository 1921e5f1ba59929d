"""The natural-gas rule: conformance, its worked example by hand, and energy allocation."""

from __future__ import annotations

from typing import Any

import pytest

from pcfrules.rules import catalog, check
from pcfrules.rules.loader import read_yaml, to_plain
from pcfrules.studies import load_input, rule_for, run_study

CH4_GWP = 29.8  # AR6 GWP100; methane here is fossil: CH4-fossil, AR6 WGI Table 7.15
C_TO_CO2 = 3.66406
CH4_DENSITY, CO2_DENSITY = 0.71576, 1.96346  # kg/Nm3 at 0 °C, 101.325 kPa
NCV = 0.038931  # GJ/Nm3, GB/T 2589—2020 Annex A
GAS_CO2 = NCV * 15.3 * 0.99 * C_TO_CO2  # kg CO2 per Nm3 of own gas burnt
DIESEL_CO2 = 42.652 * 20.2 * 0.98 * C_TO_CO2  # kg CO2 per t of diesel
GRID = 0.6205


def _result() -> Any:
    path = catalog.catalog_dir() / "natural-gas" / "example.yaml"
    study = load_input(path)
    return run_study(study, rule_for(study, path))


def _by_hand() -> dict[str, float]:
    """Kg over the year, from the example's numbers and the rule's defaults only."""
    own_gas = (25e6 + 45e6 + 35e6) * GAS_CO2
    diesel = 6000 * DIESEL_CO2
    flare_co2 = 12e6 * (0.58 * 0.98 * C_TO_CO2 + 0.02 * CO2_DENSITY)
    acid_gas = 70e6 * 0.92 * CO2_DENSITY
    ch4 = 2.5e6 + 3.0e6 + 0.6e6 + 0.5e6 + 1.8e6 + 12e6 * 0.88 * (1 - 0.98) * CH4_DENSITY
    power = (90e6 + 110e6 + 40e6) * GRID
    upstream = 6000 * 600
    gas_energy = 2e9 * NCV
    share = gas_energy / (gas_energy + 80000 * 43.5 + 40000 * 50.179)
    return {
        "CO2": own_gas + diesel + flare_co2 + acid_gas,
        "CH4": ch4 * CH4_GWP,
        "CO2e": power + upstream,
        "share": share,
    }


def test_rule_conforms_and_declares_its_upstream_links() -> None:
    rule = catalog.load("natural-gas")
    assert not check.has_errors(check.run(rule))
    params = rule.parameters()
    assert params["grid_electricity_factor"].upstream == "electricity"
    assert rule.inventory.electricity.grid_factor == "grid_electricity_factor"
    assert rule.items()["fuel_oil_footprint"].upstream == "fuel-oil"
    assert all(p.user_supplied or (p.source and p.year) for p in params.values())


def test_example_total_by_hand() -> None:
    hand = _by_hand()
    expected = (hand["CO2"] + hand["CH4"] + hand["CO2e"]) * hand["share"] / 2e9
    result = _result()
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_gas["CH4"] == pytest.approx(hand["CH4"] * hand["share"] / 2e9, rel=1e-9)
    assert result.by_gas["CO2"] == pytest.approx(hand["CO2"] * hand["share"] / 2e9, rel=1e-9)
    assert result.defaults_used == ["gas_ncv", "lpg_ncv"]


def test_allocation_splits_by_energy() -> None:
    factors = _result().allocation["site"]["factors"]
    hand = _by_hand()
    assert factors["product:natural-gas"] == pytest.approx(hand["share"], rel=1e-12)
    assert factors["co-product:lpg_output"] == pytest.approx(
        40000 * 50.179 / (2e9 * NCV + 80000 * 43.5 + 40000 * 50.179), rel=1e-12
    )


def test_example_falls_in_the_published_range() -> None:
    ranges = to_plain(read_yaml(catalog.catalog_dir() / "natural-gas" / "range.yaml"))
    band = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    assert ranges["unit"] == "kg CO2e/Nm3"
    assert band["low"] <= _result().total.value <= band["high"]
