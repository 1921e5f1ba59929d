"""The ammonia rule: conformance, and its worked example against an independent hand calculation."""

from __future__ import annotations

import pytest

from pcfrules.rules import catalog, check
from pcfrules.rules.loader import read_yaml, to_plain
from pcfrules.studies import Study, load_input, rule_for, run_study
from pcfrules.studies.result_model import Result

C_TO_CO2 = 3.66406  # 44.009/12.011, as the rule states it
GWP_CH4, GWP_N2O = 29.8, 273.0  # AR6 GWP100; methane here is fossil: CH4-fossil, AR6 WGI Table 7.15
GRID, WIND = 0.6205, 0.0336  # kg CO2e/kWh, 2023 electricity carbon-footprint factors


def _result() -> Result:
    path = catalog.catalog_dir() / "ammonia" / "example.yaml"
    study = load_input(path)
    assert isinstance(study, Study)
    result = run_study(study, rule_for(study, path))
    Result.model_validate(result)
    return result


def _by_hand() -> dict[str, float]:
    """Every figure recomputed from the example's numbers and the IPCC defaults (kg/period)."""
    feedstock_c = 405000 * 24.5 * 25.8 - 45000 * 1000 * 0.08  # kg C; IPCC 25.8 kg C/GJ
    boiler_tj = 140000 * 22.0 / 1000
    power = (25 + 5 + 45 + 65 + 20 + 100) * 1e6 * GRID
    return {
        "feedstock": feedstock_c * C_TO_CO2,
        "boiler_co2": 140000 * 22.0 * 94.6,
        "boiler_ch4": boiler_tj * 10 * GWP_CH4,
        "boiler_n2o": boiler_tj * 1.5 * GWP_N2O,
        "power": power + 30e6 * WIND,
        "coal_upstream": (405000 + 140000) * 150.0,
        "hydrogen": 1500 * 1000 * 3.0,
        "co2_to_urea": -190000 * 1000.0,
        "steam_credit": -500000 * 110.0,
    }


def test_the_rule_conforms() -> None:
    assert not check.has_errors(check.run(catalog.load("ammonia")))


def test_the_rule_declares_its_linked_inputs() -> None:
    rule = catalog.load("ammonia")
    items, params = rule.items(), rule.parameters()
    assert items["coal_footprint"].upstream == "coal"
    assert items["gas_footprint"].upstream == "natural-gas"
    assert items["hydrogen_footprint"].upstream == "hydrogen"
    assert items["hydrogen_footprint"].unit == "kg/kg"
    assert rule.inventory.electricity.grid_factor == "grid_electricity_factor"
    grid = params["grid_electricity_factor"]
    assert (grid.value, grid.unit, grid.upstream, grid.year) == (
        0.6205,
        "kg/kWh",
        "electricity",
        2023,
    )
    assert all(p.source and p.year for p in params.values() if not p.user_supplied)


def test_example_total_by_hand() -> None:
    parts = _by_hand()
    expected = sum(parts.values()) / 300000
    result = _result()
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_gas["CH4"] == pytest.approx(parts["boiler_ch4"] / 300000, rel=1e-9)
    assert result.by_gas["N2O"] == pytest.approx(parts["boiler_n2o"] / 300000, rel=1e-9)


def test_co2_recovered_for_urea_is_subtracted_and_reported_apart() -> None:
    result = _result()
    assert result.by_process["co2_recovery"] == pytest.approx(-190000 * 1000 / 300000, rel=1e-9)
    gross = sum(v for k, v in _by_hand().items() if k != "co2_to_urea") / 300000
    assert result.total.value - result.by_process["co2_recovery"] == pytest.approx(gross, rel=1e-9)


def test_exported_steam_is_credited_by_substitution() -> None:
    result = _result()
    assert result.allocation["site"]["method"] == "substitution"
    assert result.by_stage["co_product_credits"] == pytest.approx(-500000 * 110 / 300000, rel=1e-9)


def test_example_falls_in_its_published_range() -> None:
    ranges = to_plain(read_yaml(catalog.catalog_dir() / "ammonia" / "range.yaml"))
    chosen = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    assert chosen["id"] == "coal-based" and chosen["sources"]
    assert chosen["low"] <= _result().total.value <= chosen["high"]
