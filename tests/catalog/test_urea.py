"""The urea rule: conformance, bound CO2, mass allocation, and the example by hand."""

from __future__ import annotations

import pytest

from pcfrules.rules import catalog, check
from pcfrules.rules.loader import read_yaml, to_plain
from pcfrules.studies import compute
from pcfrules.studies.result_model import Result

CO2_PER_UREA = 0.73280  # 44.009/60.056, as the rule states it
N_PER_UREA = 0.46646  # 28.014/60.056
GRID = 0.6205  # kg CO2e/kWh, 2023 electricity carbon-footprint factor
SOLID, SOLUTION = 240000.0, 15000.0  # t urea in the example


def _result() -> Result:
    """The example through the public path: its ammonia is the ammonia example, computed too."""
    result = compute(catalog.catalog_dir() / "urea" / "example.yaml")
    Result.model_validate(result)
    return result


def _ammonia() -> float:
    """The ammonia example's footprint per t (checked by hand in test_ammonia.py)."""
    return compute(catalog.catalog_dir() / "ammonia" / "example.yaml").total.value


def _by_hand() -> dict[str, float]:
    """Every figure of the example recomputed from its numbers (kg over the period)."""
    urea_in_products = SOLID * 0.462 / N_PER_UREA + SOLUTION  # t of CO(NH2)2
    bound = urea_in_products * CO2_PER_UREA * 1000
    return {
        "ammonia": 145350 * _ammonia(),
        "bound": bound,
        "vent": 190000 * 1000 - bound,
        "steam": (440000 + 60000) * 110.0,
        "power": (20.4e6 + 7.2e6 + 5e6) * GRID,
        "auxiliaries": 960 * 1500.0 + 600 * 2500.0,
    }


def test_the_rule_conforms() -> None:
    assert not check.has_errors(check.run(catalog.load("urea")))


def test_the_ammonia_and_electricity_inputs_are_linked() -> None:
    rule = catalog.load("urea")
    footprint = rule.items()["ammonia_footprint"]
    assert (footprint.upstream, footprint.unit) == ("ammonia", "kg/t")
    grid = rule.parameters()["grid_electricity_factor"]
    assert (grid.value, grid.upstream) == (0.6205, "electricity")
    assert rule.inventory.electricity.grid_factor == "grid_electricity_factor"
    assert all(p.source and p.year for p in rule.parameters().values() if not p.user_supplied)


def test_example_total_by_hand() -> None:
    expected = sum(_by_hand().values()) / (SOLID + SOLUTION)  # mass allocation
    assert _result().total.value == pytest.approx(expected, rel=1e-9)


def test_all_co2_taken_from_the_ammonia_plant_is_counted_and_the_bound_part_apart() -> None:
    result, parts = _result(), _by_hand()
    per_t = SOLID + SOLUTION
    assert result.by_process["bound_co2"] == pytest.approx(parts["bound"] / per_t, rel=1e-9)
    assert result.by_gas["CO2"] == pytest.approx(190000 * 1000 / per_t, rel=1e-9)
    assert 0 < parts["vent"] < 0.05 * 190000 * 1000  # the rule's carbon-balance check
    assert result.fossil_carbon_content == {"value": pytest.approx(200.0), "unit": "kg C"}


def test_urea_solution_shares_the_burden_by_mass() -> None:
    factors = _result().allocation["site"]
    assert factors["method"] == "physical"
    assert factors["factors"]["product:urea"] == pytest.approx(SOLID / (SOLID + SOLUTION))
    assert factors["factors"]["co-product:urea_solution_urea"] == pytest.approx(
        SOLUTION / (SOLID + SOLUTION)
    )


def test_per_tonne_of_nitrogen_conversion() -> None:
    conversion = catalog.load("urea").unit.conversions[0]
    assert (conversion.from_unit, conversion.to_unit) == ("t N", "t")
    assert conversion.factor == pytest.approx(1 / 0.46, rel=1e-5)


def test_example_falls_in_its_published_range() -> None:
    ranges = to_plain(read_yaml(catalog.catalog_dir() / "urea" / "range.yaml"))
    chosen = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    assert chosen["sources"]
    assert chosen["low"] <= _result().total.value <= chosen["high"]
