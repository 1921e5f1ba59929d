"""The aluminium and steel worked examples against independent hand calculations."""

from __future__ import annotations

import pytest

from pcfrules.rules import catalog, check
from pcfrules.studies import compute, load_input, run_study
from pcfrules.studies.result_model import Result

CF4, C2F6 = 7380.0, 12400.0  # AR6 GWP100
C_TO_CO2 = 3.66406


def _result(rule_id: str) -> dict:
    path = catalog.catalog_dir() / rule_id / "example.yaml"
    result = compute(path)  # the public path: inputs linked to other examples computed too
    Result.model_validate(result)
    return result


@pytest.mark.parametrize("rule_id", catalog.catalog_ids())
def test_every_catalogue_rule_conforms_and_its_example_computes(rule_id: str) -> None:
    assert not check.has_errors(check.run(catalog.load(rule_id)))
    assert _result(rule_id).total.value > 0


def test_aluminium_example_by_hand() -> None:
    output = 500000.0
    anode_co2 = 210000 * (1 - 0.02 - 0.004) * C_TO_CO2 * 1000
    hvae_cf4 = 0.143 * 0.05 * output  # kg: slope × AE-min/cell-day × t
    lvae_cf4 = 0.01 * output  # kg: the example's LVAE factor × t
    c2f6 = hvae_cf4 * 0.121  # LVAE adds no C2F6 in the rule
    power = (6.75e9 + 40e6) * 0.6205
    gas = 12e6 * 38.931 / 1000 * 15.3 * 0.99 * C_TO_CO2  # national NCV × CC × OF × 44/12
    upstream = 960000 * 600 + 250000 * 400 + 8000 * 1500 + 1.5e9 * 0.03 + 12e6 * 0.4
    aircraft, dluc = 200000 * 1.2, 0.5 * 250000
    cf4 = hvae_cf4 + lvae_cf4
    expected = (
        anode_co2 + CF4 * cf4 + C2F6 * c2f6 + power + gas + upstream + aircraft + dluc
    ) / output
    result = _result("electrolytic-aluminium")
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_gas["CF4"] == pytest.approx(CF4 * cf4 / output, rel=1e-9)
    assert result.inventory["fossil"]["C2F6"] == pytest.approx(c2f6 / output, rel=1e-9)
    assert result.by_origin["aircraft"] == pytest.approx(aircraft / output, rel=1e-9)
    assert result.by_origin["dluc"] == pytest.approx(dluc / output, rel=1e-9)
    assert result.defaults_used == ["ng_ncv", "pfc_ratio_c2f6", "pfc_slope_cf4"]
    assert result.dqr is not None and 1 <= result.dqr <= 3


GAS_CREDIT = 0.35 * 0.6205 / 3.6 * 1000  # kg/GJ: efficiency × grid factor ÷ 3.6 MJ/kWh
SLAG_CREDIT = 0.9 * 850 - 40  # kg/t: displacement × displaced clinker − slag processing
CREDITS = 4e6 * GAS_CREDIT + 280000 * SLAG_CREDIT


def _steel_gross() -> float:
    """The steel example before its co-product credits, kg CO2e over the year, by hand."""
    carbon = (
        (520000 * 0.73 - 395000 * 0.83 - 20000 * 0.62)  # coking
        + (55000 * 0.83 + 120000 * 0.12 + 40000 * 0.13)  # sintering
        + (80000 * 0.12 - 45000 * 0.005)  # lime kiln
        + (340000 * 0.83 + 150000 * 0.67 + 10000 * 0.12 - 920000 * 0.04)  # ironmaking
        + (920000 * 0.04 + 150000 * 0.04 + 15000 * 0.13 + 12000 * 0.06 - 1e6 * 0.01)  # BOF
        + (20e6 * 0.75 / 1000 * 0.73 + 2000 * 0.86)  # purchased natural gas (t) and fuel oil
    )
    power = (30e6 + 40e6 + 80e6 + 30e6 + 50e6 + 3e6) * 0.6205
    upstream = (
        1.2e6 * 15
        + 300000 * 120  # ore and pellets
        + (520000 + 150000) * 150  # coal
        + (185000 + 80000) * 5  # fluxes incl. lime-kiln limestone
        + 50000 * 400
        + 12000 * 6000
        + 10000 * 1100  # coke, ferroalloys, lime
        + 20e6 * 0.3
        + 2000 * 400  # natural gas and fuel oil
        + 5e6 * 0.4
        + 15000 * 800  # oxygen, refractories
        + 3e9 * 0.03
        + 100000 * 1.2
        + 1.0 * 250000  # transport, air freight, dLUC
    )
    return carbon * C_TO_CO2 * 1000 + power + upstream


def test_steel_example_by_hand_with_substitution_credits() -> None:
    expected = (_steel_gross() - CREDITS) / 1e6
    result = _result("crude-steel-bf-bof")
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_stage["co_product_credits"] == pytest.approx(-CREDITS / 1e6, rel=1e-9)
    assert result.by_process["dataset:co-product:bf_slag"] == pytest.approx(
        -280000 * SLAG_CREDIT / 1e6, rel=1e-9
    )
    assert result.by_origin["aircraft"] == pytest.approx(0.12, rel=1e-9)
    assert result.by_origin["dluc"] == pytest.approx(0.25, rel=1e-9)
    assert result.allocation["site"]["method"] == "substitution"
    assert result.fossil_carbon_content == {"value": pytest.approx(10.0), "unit": "kg C"}


def test_steel_with_economic_allocation_instead() -> None:
    """The rule's sensitivity asks for economic allocation in place of system expansion."""
    from pcfrules.rules.loader import read_yaml, to_plain, validate_rule

    data = to_plain(read_yaml(catalog.rule_file("crude-steel-bf-bof")))
    for co in data["allocation"]["co_products"]:
        co["method"] = "economic"
        co["property"] = "price_" + co["item"]
    data["allocation"]["main_property"] = "price_steel"
    for pid, price in [
        ("price_exported_gas_energy", 20.0),
        ("price_bf_slag", 50.0),
        ("price_steel", 3500.0),
    ]:
        data["inventory"]["parameters"].append(
            {
                "id": pid,
                "name": {"zh": "价格", "en": "price"},
                "value": price,
                "unit": "dimensionless",
                "source": "illustrative price for the test",
                "year": 2025,
            }
        )
    rule = validate_rule(data)
    assert not check.has_errors(check.run(rule))
    study = load_input(catalog.catalog_dir() / "crude-steel-bf-bof" / "example.yaml")
    result = run_study(study, rule)
    value = {"steel": 1e6 * 3500.0, "gas": 4e6 * 20.0, "slag": 280000 * 50.0}
    share = value["steel"] / sum(value.values())
    gross = _steel_gross() / 1e6
    assert result.total.value == pytest.approx(gross * share, rel=1e-9)
    assert result.allocation["site"]["method"] == "economic"
