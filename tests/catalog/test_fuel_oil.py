"""The fuel-oil rule: conformance, its worked example by hand, and energy allocation."""

from __future__ import annotations

from typing import Any

import pytest

from pcfrules.rules import catalog, check
from pcfrules.rules.loader import read_yaml, to_plain
from pcfrules.studies import load_input, rule_for, run_study

CH4_GWP = 29.8  # AR6 GWP100; methane here is fossil: CH4-fossil, AR6 WGI Table 7.15
C_TO_CO2 = 3.66406
GRID = 0.6205
# Output t and NCV GJ/t of every product (GB/T 2589—2020 defaults, or the example's values).
PRODUCTS = {
    "fuel-oil": (800000, 41.816),
    "gasoline_output": (2500000, 43.070),
    "diesel_output": (3000000, 42.652),
    "kerosene_output": (1000000, 43.070),
    "lpg_output": (500000, 50.179),
    "naphtha_output": (1000000, 44.0),
    "petcoke_output": (500000, 32.0),
    "other_products_output": (300000, 40.0),
}


def _result() -> Any:
    path = catalog.catalog_dir() / "fuel-oil" / "example.yaml"
    study = load_input(path)
    return run_study(study, rule_for(study, path))


def _energy_share(name: str) -> float:
    energy = {k: t * ncv for k, (t, ncv) in PRODUCTS.items()}
    return energy[name] / sum(energy.values())


def _by_hand() -> dict[str, float]:
    """Kg over the year, from the example's numbers and the rule's defaults only."""
    fuel_gas = 400000 * 46.055 * 18.2 * 0.98 * C_TO_CO2
    fuel_oil = 20000 * 41.816 * 21.1 * 0.98 * C_TO_CO2
    gas = 100e6 * 0.038931 * 15.3 * 0.99 * C_TO_CO2
    coke = 100000 * 1000 * 0.93 * C_TO_CO2
    flare = 10000 * 1000 * 0.8 * C_TO_CO2
    hydrogen = 250e6 * 0.6 * C_TO_CO2
    return {
        "CO2": fuel_gas + fuel_oil + gas + coke + flare + hydrogen,
        "CH4": 70000 * CH4_GWP,
        "upstream": 10e6 * 180 + 1e11 * 0.003 + 350e6 * 0.37,
        "power": (800e6 + 30e6) * GRID,
    }


def test_rule_conforms_and_declares_its_upstream_links() -> None:
    rule = catalog.load("fuel-oil")
    assert not check.has_errors(check.run(rule))
    items, params = rule.items(), rule.parameters()
    assert items["natural_gas_footprint"].upstream == "natural-gas"
    assert items["hydrogen_footprint"].upstream == "hydrogen"
    assert params["grid_electricity_factor"].upstream == "electricity"
    assert all(p.user_supplied or (p.source and p.year) for p in params.values())
    assert {c.method for c in rule.allocation.co_products if c.item} == {"physical_energy"}


def test_example_total_by_hand() -> None:
    hand = _by_hand()
    share = _energy_share("fuel-oil")
    expected = sum(hand.values()) * share / 800000
    result = _result()
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_gas["CO2"] == pytest.approx(hand["CO2"] * share / 800000, rel=1e-9)
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(
        hand["upstream"] * share / 800000, rel=1e-9
    )
    assert result.fossil_carbon_content == {"value": pytest.approx(860.0), "unit": "kg C"}


def test_allocation_splits_by_energy_content() -> None:
    factors = _result().allocation["site"]["factors"]
    assert factors["product:fuel-oil"] == pytest.approx(_energy_share("fuel-oil"), rel=1e-12)
    for name in PRODUCTS.keys() - {"fuel-oil"}:
        assert factors[f"co-product:{name}"] == pytest.approx(_energy_share(name), rel=1e-12)
    assert sum(factors.values()) == pytest.approx(1.0, rel=1e-12)


def test_example_falls_in_the_published_range() -> None:
    ranges = to_plain(read_yaml(catalog.catalog_dir() / "fuel-oil" / "range.yaml"))
    band = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    assert ranges["unit"] == "kg CO2e/t"
    assert band["low"] <= _result().total.value <= band["high"]
