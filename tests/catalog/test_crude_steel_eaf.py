"""The EAF crude-steel rule: conformance, its worked example by hand, and the carbon balance."""

from __future__ import annotations

import pytest
import yaml

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import ActivityValue, Study
from pcfrules.studies.result_model import Result

C_TO_CO2 = 3.66406  # IUPAC molar masses, as the rule's co2_per_c
GRID = 0.6205  # kg CO2e/kWh, the 2023 national factor both steel rules use
STEEL = 1_000_000.0  # t of crude steel in the example
RULE_ID = "crude-steel-eaf"


def _example() -> Study:
    study = load_input(catalog.catalog_dir() / RULE_ID / "example.yaml")
    assert isinstance(study, Study)
    return study


def _run(study: Study) -> Result:
    return Result.model_validate(run_study(study, catalog.load(RULE_ID)))


def _with(study: Study, **values: tuple[float, str]) -> Study:
    activity = dict(study.activity)
    for name, (value, unit) in values.items():
        activity[name] = ActivityValue.model_validate({"value": value, "unit": unit})
    return study.model_copy(update={"activity": activity})


# The example's terms, in kg over the year. Carbon contents not in the example are the rule's
# IPCC 2006 Vol. 3 Ch. 4 Table 4.3 defaults: pig iron 0.04, electrodes 0.82, charge carbon
# 0.83, coal 0.67; scrap (0.003) and steel (0.002) are given as measured.
ELECTRODE_CO2 = 1_500 * 0.82 * C_TO_CO2 * 1000
CHARGE_CO2 = (6_000 * 0.83 + 2_000 * 0.67) * C_TO_CO2 * 1000
METALLIC_CO2 = (
    (972_000 * 0.003 + 108_000 * 0.04 + 7_000 * 0.06 - STEEL * 0.002 - 100_000 * 0.002)
    * C_TO_CO2
    * 1000
)
FLUX_CO2 = 3_000 * 0.13 * C_TO_CO2 * 1000
BALANCE_CO2 = ELECTRODE_CO2 + CHARGE_CO2 + METALLIC_CO2 + FLUX_CO2  # the steelmaking balance
GAS_CO2 = 8e6 * 0.75 * 0.73 * C_TO_CO2
POWER = (340e6 + 30e6 + 35e6) * GRID
UPSTREAM = (
    900_000 * 8  # scrap preparation (purchased scrap only)
    + 108_000 * 1500  # pig iron
    + 1_500 * 4500  # electrode production
    + 6_000 * 400  # charge carbon production
    + 2_000 * 150  # injection coal
    + 30_000 * 1100  # purchased lime
    + 3_000 * 5  # raw dolomite quarrying
    + 7_000 * 5000  # ferroalloys
    + 8e6 * 0.3  # natural gas upstream
    + 35e6 * 0.3  # purchased oxygen
    + 6_000 * 800  # refractories
    + 150e6 * 0.05  # road and rail transport
    + 50_000 * 1.2  # air freight (aircraft, reported apart)
)
DLUC = 0.5 * 250_000


def test_rule_conforms_and_declares_its_linked_inputs() -> None:
    rule = catalog.load(RULE_ID)
    findings = check.run(rule)
    assert not check.has_errors(findings)
    assert not [f for f in findings if f.severity == "warning"]
    items = rule.items()
    assert items["lime_footprint"].upstream == "lime"
    assert items["ng_footprint"].upstream == "natural-gas"
    assert items["coal_footprint"].upstream == "coal"
    for needed in ("electrodes", "dri_charged", "pig_iron_charged", "ferroalloys", "refractories"):
        assert needed in items
    assert rule.unit.unit == "t" and rule.product.classification.industry == ["C3120"]


def test_defaults_are_one_family_shared_with_the_bf_bof_rule() -> None:
    """Carbon contents all from IPCC 2006 Table 4.3; grid factor exactly as the BF-BOF rule."""
    eaf, bof = catalog.load(RULE_ID).parameters(), catalog.load("crude-steel-bf-bof").parameters()
    sources = {p.source.split(",")[0] for p in eaf.values() if p.id.startswith("c_")}
    assert sources == {"2006 IPCC Guidelines"}
    shared = {"co2_per_c", "grid_electricity_factor"} | {p for p in eaf if p.startswith("c_")}
    for pid in shared & set(bof):
        assert eaf[pid].model_dump(exclude={"name"}) == bof[pid].model_dump(exclude={"name"}), pid
    grid = eaf[catalog.load(RULE_ID).inventory.electricity.grid_factor]
    assert (grid.value, grid.unit, grid.year, grid.upstream) == (
        GRID,
        "kg/kWh",
        2023,
        "electricity",
    )
    assert {eaf[p].value for p in ("c_electrode", "c_charge_carbon", "c_dri")} == {0.82, 0.83, 0.02}


def test_example_total_by_hand() -> None:
    result = _run(_example())
    total = BALANCE_CO2 + GAS_CO2 + POWER + UPSTREAM + DLUC
    assert result.total.value == pytest.approx(total / STEEL, rel=1e-9)
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(UPSTREAM / STEEL, rel=1e-9)
    assert result.by_stage["production"] == pytest.approx(
        (BALANCE_CO2 + GAS_CO2 + POWER + DLUC) / STEEL, rel=1e-9
    )
    assert result.by_gas["CO2"] == pytest.approx((BALANCE_CO2 + GAS_CO2 + DLUC) / STEEL, rel=1e-9)
    assert result.by_gas["CO2e"] == pytest.approx((POWER + UPSTREAM) / STEEL, rel=1e-9)
    assert result.by_origin["aircraft"] == pytest.approx(50_000 * 1.2 / STEEL, rel=1e-9)
    assert result.by_origin["dluc"] == pytest.approx(DLUC / STEEL, rel=1e-9)
    assert result.by_process["eaf"] == pytest.approx((BALANCE_CO2 + 340e6 * GRID) / STEEL)
    assert {"electrode_carbon", "pig_iron_carbon", "charge_carbon_content", "coal_carbon"} <= set(
        result.defaults_used
    )
    assert result.fossil_carbon_content == {"value": pytest.approx(2.0), "unit": "kg C"}
    assert result.allocation == {}  # slag is cut off: nothing is allocated


def test_carbon_balance_terms() -> None:
    formulas = _run(_example()).formula_results
    assert formulas is not None
    assert formulas["electrode_co2"] == pytest.approx(ELECTRODE_CO2, rel=1e-9)
    assert formulas["charge_carbon_co2"] == pytest.approx(CHARGE_CO2, rel=1e-9)
    assert formulas["metallic_carbon_co2"] == pytest.approx(METALLIC_CO2, rel=1e-9)
    assert formulas["flux_co2"] == pytest.approx(FLUX_CO2, rel=1e-9)
    assert formulas["purchased_fuel_co2"] == pytest.approx(GAS_CO2, rel=1e-9)


def test_a_dri_charge_by_hand() -> None:
    """The pig iron replaced by DRI: its carbon (IPCC 0.02) and its own footprint instead."""
    base = _run(_example())
    dri = _with(
        _example(),
        pig_iron_charged=(0, "t"),
        dri_charged=(108_000, "t"),
        dri_footprint=(1000, "kg/t"),
    )
    result = _run(dri)
    pig_iron = 108_000 * (0.04 * C_TO_CO2 * 1000 + 1500)
    dri_burden = 108_000 * (0.02 * C_TO_CO2 * 1000 + 1000)
    assert result.total.value == pytest.approx(
        base.total.value + (dri_burden - pig_iron) / STEEL, rel=1e-9
    )
    assert result.by_process["iron_supply"] == pytest.approx(108_000 * 1000 / STEEL, rel=1e-9)
    assert "dri_carbon" in result.defaults_used


def test_scrap_enters_burden_free_but_for_its_preparation() -> None:
    """Cut-off: more home scrap changes only the carbon balance; purchased scrap adds prep."""
    base = _run(_example())
    assert base.by_process["scrap_supply"] == pytest.approx(900_000 * 8 / STEEL, rel=1e-9)
    more_purchased = _run(_with(_example(), purchased_scrap=(972_000, "t")))
    assert more_purchased.total.value - base.total.value == pytest.approx(
        72_000 * 8 / STEEL, rel=1e-9
    )


def test_example_inside_the_published_range_and_balance_below_ipcc_tier1() -> None:
    ranges = yaml.safe_load(
        (catalog.catalog_dir() / RULE_ID / "range.yaml").read_text(encoding="utf-8")
    )
    assert ranges["unit"] == "kg CO2e/t"
    by_id = {r["id"]: r for r in ranges["ranges"]}
    chosen = by_id[ranges["example"]]
    assert chosen["sources"] and chosen["low"] < chosen["high"]
    assert chosen["low"] <= _run(_example()).total.value <= chosen["high"]
    tier1 = by_id["ipcc-tier1-direct"]["high"]  # kg CO2/t steel, direct process CO2 only
    assert 0.25 * tier1 < BALANCE_CO2 / STEEL < tier1
