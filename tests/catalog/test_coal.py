"""The coal rule: its worked example against an independent hand calculation."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, rule_for, run_study

CH4 = 29.8  # AR6 GWP100; methane here is fossil: CH4-fossil, AR6 WGI Table 7.15
C_TO_CO2 = 3.66406  # the rule's parameter (44.009/12.011, rounded)
CH4_TO_CO2 = 2.74319  # 44.009/16.043, rounded
CH4_DENSITY = 0.67  # kg/m3 at 20 °C, 1 atm (IPCC 2006 Vol. 2 Ch. 4)
GRID = 0.6205


def _result() -> Any:
    path = catalog.catalog_dir() / "coal" / "example.yaml"
    study = load_input(path)
    return run_study(study, rule_for(study, path))


def _hand() -> dict[str, float]:
    """The example's footprint from its own numbers and the rule's published defaults."""
    destroyed = 15e6 * 0.98  # m3 CH4 used or flared × destruction efficiency
    ch4_m3 = 35e6 + 20e6 + 4e6 * 1.5 - destroyed  # ventilation + drainage + post-mining
    methane = ch4_m3 * CH4_DENSITY * CH4
    flare_co2 = destroyed * CH4_DENSITY * CH4_TO_CO2
    power = (120e6 + 20e6) * GRID
    diesel = 2000 * 43.0 * 74.1
    boiler = 20000 * 20.0 * 25.8 * 1.0 * C_TO_CO2  # IPCC carbon content and oxidation defaults
    materials = 500 * 2000 + 2000 * 600
    transport = 40e6 * 0.1
    total = methane + flare_co2 + power + diesel + boiler + materials + transport
    energy = {"coal": 2.6e6 * 25.0, "middlings": 0.6e6 * 14.0, "slime": 0.2e6 * 10.0}
    share = energy["coal"] / sum(energy.values())
    return {
        "share": share,
        "total": total * share / 2.6e6,
        "ch4": methane * share / 2.6e6,
        "mining": (methane + flare_co2 + 120e6 * GRID + diesel + boiler) * share / 2.6e6,
    }


def test_rule_conforms() -> None:
    assert not check.has_errors(check.run(catalog.load("coal")))


def test_example_total_by_hand() -> None:
    hand, result = _hand(), _result()
    assert result.total.value == pytest.approx(hand["total"], rel=1e-9)
    assert result.by_gas["CH4"] == pytest.approx(hand["ch4"], rel=1e-9)
    assert result.by_stage["mining"] == pytest.approx(hand["mining"], rel=1e-9)
    assert result.inventory["fossil"]["CH4"] == pytest.approx(
        hand["ch4"] / CH4, rel=1e-9
    )  # the methane is fossil
    assert result.defaults_used == ["boiler_coal_cc", "boiler_oxidation", "surface_ch4_ef"]


def test_washing_co_products_share_by_energy() -> None:
    factors = _result().allocation["site"]["factors"]
    total = 2.6e6 * 25.0 + 0.6e6 * 14.0 + 0.2e6 * 10.0
    assert factors["product:coal"] == pytest.approx(_hand()["share"], rel=1e-12)
    assert factors["co-product:middlings"] == pytest.approx(0.6e6 * 14.0 / total, rel=1e-12)
    assert factors["co-product:slime"] == pytest.approx(0.2e6 * 10.0 / total, rel=1e-12)


def test_example_falls_in_the_published_range() -> None:
    ranges = yaml.safe_load((catalog.catalog_dir() / "coal" / "range.yaml").read_text())
    chosen = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    assert ranges["unit"] == "kg CO2e/t"
    assert chosen["low"] <= _result().total.value <= chosen["high"]


def test_declared_unit_is_one_tonne_and_grid_power_links_upstream() -> None:
    rule = catalog.load("coal")
    assert (rule.unit.quantity, rule.unit.unit) == (1, "t")
    grid = rule.parameters()[rule.inventory.electricity.grid_factor]
    assert (grid.value, grid.upstream) == (0.6205, "electricity")
    electricity = catalog.load("electricity")
    coal_item = next(i for i in electricity.data_collection.items if i.id == "coal_footprint")
    assert (coal_item.upstream, coal_item.unit) == ("coal", "kg/t")
