"""The lithium-ion battery rule: conformance, its worked example by hand, the second unit.

The example is an LFP pack plant making its own cells (63 000 t at 175 Wh/kg) and selling
7 000 t of them, so the cell-making burdens are shared by rated energy (8/9 stay with the
packs) while the pack parts stay whole with the packs. Every sum below is written out from
example.yaml and the rule's published defaults, not taken from the engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pcfrules.errors import StudyError
from pcfrules.reports.battery import battery_declaration
from pcfrules.rules import catalog, check
from pcfrules.rules.loader import read_yaml, to_plain, yaml_bytes
from pcfrules.studies import compute, load_input, run_study
from pcfrules.studies.model import ActivityValue, ParameterValue, Study
from pcfrules.studies.result_model import Result

RULE_ID = "lithium-ion-battery"
RULE_DIR = catalog.catalog_dir() / RULE_ID
GRID, PV = 0.6205, 0.0545  # kg CO2e/kWh, 2023 electricity carbon-footprint factors
NG_NCV, NG_EF = 38.931, 56.1  # MJ/Nm3 (GB/T 2589—2020), kg CO2/GJ (IPCC 2006 Vol. 2 Table 1.4)
NG_CH4, NG_N2O = 1.0, 0.1  # kg/TJ, IPCC 2006 Vol. 2 Table 2.3 (manufacturing)
CH4_FOSSIL, N2O = 29.8, 273.0  # AR6 GWP100 (fuel methane is fossil)
HFC134A, HFC32, HFC125 = 1530.0, 771.0, 3740.0  # AR6 GWP100
CO2_PER_C = 3.66406  # IUPAC molar masses 44.009/12.011
C_NMP = 5 * 12.011 / (5 * 12.011 + 9 * 1.008 + 14.007 + 15.999)  # C5H9NO, kg C/kg
C_NMP_RULE = 0.605802  # the rule's parameter: C_NMP to six decimals
PACKS_KWH = 9_800_000.0  # rated energy of the packs made (the reference flow)
LIFETIME = 0.95 * 60 * 8  # usable/rated × FEqC per year (M1) × warranty years = 456
NG = 8_800_000.0  # Nm3
NG_GJ = NG * NG_NCV / 1000
ALUMINIUM = 15_000.0  # kg/t, the example's illustrative aluminium footprint

# The cell-making processes (made_by of the sold-cells co-product), kg over the year.
CELL_MATERIALS = {
    "cam": 24_200 * 8_000,
    "anode": 12_650 * 10_000,
    "auxiliaries": 1_320 * 8_000 + 550 * 4_000,  # conductive carbon and binders + make-up NMP
    "electrolyte": 11_000 * 5_000,
    "separator": 132e6 * 0.15,  # m2 × kg/m2
    "copper_foil": 6_050 * 8_000,
    "aluminium_foil": 3_080 * (ALUMINIUM + 1_500),  # aluminium + rolling
    "cell_aluminium": 4_950 * (ALUMINIUM + 800),  # aluminium + part making
    "cell_other": 550 * 4_000,
    "ng_upstream": NG * 0.35,
}
CELL_MAKING = {
    "electrode_power": 110e6 * GRID,
    "ng_co2": NG_GJ * NG_EF,
    "ng_ch4": NG_GJ / 1000 * NG_CH4 * CH4_FOSSIL,
    "ng_n2o": NG_GJ / 1000 * NG_N2O * N2O,
    "steam": 150_000 * 95,
    "nmp": 220 * 1000 * C_NMP_RULE * CO2_PER_C,  # t NMP burnt × kg C/kg × CO2/C
    "assembly_power": 77e6 * GRID,
    "formation_power": 55e6 * GRID,
    "utilities_power": 66e6 * GRID,
    "rooftop_pv": 20e6 * PV,
    "hfc134a": 2_000 * HFC134A,
    "r410a": 500 * (0.5 * HFC32 + 0.5 * HFC125),  # R-410A = R-32/R-125 50/50 by mass
    "dluc": 1 * 250_000,
}
# The pack parts: borne by the packs alone, kg over the year.
PACK_MATERIALS = {
    "pack_aluminium": 4_410 * (ALUMINIUM + 800),
    "pack_steel": 1_960 * (2_100 + 300),  # crude steel + rolling and part making
    "pack_copper": 490 * 4_500,
    "pack_other": 1_470 * 3_500,
    "bms": 196_000 * 60,  # pieces × kg/piece
    "harness": 392 * 8_000,
    "packaging": 490 * 1_000,
    "transport": 100e6 * 0.05,
    "air_freight": 20_000 * 1.2,
}
PACK_MAKING = {"pack_power": 14.7e6 * GRID}
# Cells in packs 56 000 t and cells sold 7 000 t, both at 175 kWh/t: 9.8 of 11.025 GWh.
SHARE = 56_000 * 175 / (56_000 * 175 + 7_000 * 175)
CELLS = sum(CELL_MATERIALS.values()) + sum(CELL_MAKING.values())
PACKS = sum(PACK_MATERIALS.values()) + sum(PACK_MAKING.values())
TOTAL = (SHARE * CELLS + PACKS) / PACKS_KWH  # kg CO2e per kWh of rated energy


def _example() -> Study:
    study = load_input(RULE_DIR / "example.yaml")
    assert isinstance(study, Study)
    return study


def _run(study: Study) -> Result:
    return run_study(study, catalog.load(RULE_ID))


def _with(study: Study, **values: tuple[float, str]) -> Study:
    activity = dict(study.activity)
    for name, (value, unit) in values.items():
        activity[name] = ActivityValue.model_validate({"value": value, "unit": unit})
    return study.model_copy(update={"activity": activity})


def _ranges() -> dict[str, Any]:
    data: dict[str, Any] = to_plain(read_yaml(RULE_DIR / "range.yaml"))
    return data


def test_rule_conforms_and_declares_its_linked_inputs() -> None:
    """No finding above info; the inputs other rules of the series supply say which rule."""
    rule = catalog.load(RULE_ID)
    findings = check.run(rule)
    assert not check.has_errors(findings)
    assert not [f for f in findings if f.severity == "warning"]
    items, params = rule.items(), rule.parameters()
    linked = {
        "aluminium_footprint": ("electrolytic-aluminium", "kg/t"),
        "steel_footprint": ("crude-steel-bf-bof", "kg/t"),
        "ng_footprint": ("natural-gas", "kg/Nm3"),
        "purchased_cell_footprint": (RULE_ID, "kg/kWh"),  # cells bought: this rule's result
    }
    for name, (upstream, unit) in linked.items():
        assert (items[name].upstream, items[name].unit) == (upstream, unit), name
        assert upstream in catalog.catalog_ids()
    grid = params[rule.inventory.electricity.grid_factor]
    assert (grid.id, grid.value, grid.unit, grid.year, grid.upstream) == (
        "grid_electricity_factor",
        GRID,
        "kg/kWh",
        2023,
        "electricity",
    )
    assert rule.unit.unit == "kWh" and rule.unit.kind == "declared"
    assert rule.product.classification.industry == ["C3841"]
    assert [s.kind for s in rule.boundary.stages] == ["raw_material_acquisition", "production"]


def test_material_footprints_are_supplier_data_without_defaults() -> None:
    """No battery-material footprint was published for China: the study must give them."""
    items = catalog.load(RULE_ID).items()
    for name in ("cam_footprint", "anode_footprint", "electrolyte_footprint"):
        assert items[name].default is None and items[name].mandatory, name
    for name in ("separator_footprint", "copper_foil_footprint", "bms_footprint"):
        assert items[name].default is None, name
    example = _example()
    assert all(
        example.activity[name].source == "illustrative value for the example"
        for name in ("cam_footprint", "anode_footprint", "aluminium_footprint", "bms_footprint")
    )


def test_example_total_by_hand() -> None:
    """Every formula of the example by hand, the cell making shared 8/9 with the packs."""
    result = _run(_example())
    assert result.total.value == pytest.approx(TOTAL, rel=1e-9)
    assert result.total.value == pytest.approx(85.8195, abs=1e-4)
    raw = SHARE * sum(CELL_MATERIALS.values()) + sum(PACK_MATERIALS.values())
    made = SHARE * sum(CELL_MAKING.values()) + sum(PACK_MAKING.values())
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(raw / PACKS_KWH, rel=1e-9)
    assert result.by_stage["production"] == pytest.approx(made / PACKS_KWH, rel=1e-9)
    assert result.by_process["cathode_material_supply"] == pytest.approx(
        SHARE * 24_200 * 8_000 / PACKS_KWH, rel=1e-9
    )
    assert result.by_gas["HFC134a"] == pytest.approx(SHARE * 2_000 * HFC134A / PACKS_KWH)
    assert result.by_origin["aircraft"] == pytest.approx(20_000 * 1.2 / PACKS_KWH, rel=1e-9)
    assert result.by_origin["dluc"] == pytest.approx(SHARE * 250_000 / PACKS_KWH, rel=1e-9)
    assert {"ng_ncv", "ng_ef"} <= set(result.defaults_used or [])


def test_the_footprint_per_kwh_over_the_service_life() -> None:
    """Per kWh of rated energy ÷ the kWh that one kWh of rated energy provides over its life."""
    result = _run(_example())
    [also] = result.also_per or []
    assert (also.unit, also.item) == ("kWh", "lifetime_energy_per_kwh")
    assert also.per_declared_unit == pytest.approx(LIFETIME)
    assert also.value == pytest.approx(TOTAL / 456, rel=1e-9)
    # a bus battery (250 cycles a year, 8 years): same footprint per kWh, a smaller one per kWh
    bus = _run(_with(_example(), lifetime_energy_per_kwh=(0.95 * 250 * 8, "dimensionless")))
    assert bus.total.value == pytest.approx(result.total.value, rel=1e-12)
    [bus_also] = bus.also_per or []
    assert bus_also.value == pytest.approx(TOTAL / 1900, rel=1e-9)
    without = dict(_example().activity)
    del without["lifetime_energy_per_kwh"]
    with pytest.raises(StudyError) as caught:
        _run(_example().model_copy(update={"activity": without}))
    assert caught.value.location.path == "activity.lifetime_energy_per_kwh"


def test_battery_declaration_is_the_footprint_over_the_lifetime_energy() -> None:
    """pcfrules battery: the two stages of this rule, per kWh over life; the others empty."""
    rule = catalog.load(RULE_ID)
    result = _run(_example())
    declared = battery_declaration(result, None, rule)
    assert declared["totalEnergyOverServiceLife"] == {"value": pytest.approx(456.0), "unit": "kWh"}
    assert declared["batteryCarbonFootprint"] == pytest.approx(TOTAL / 456, rel=1e-9)
    stages = {
        s["lifecycleStage"]: s["carbonFootprint"]
        for s in declared["carbonFootprintPerLifecycleStage"]
    }
    raw = SHARE * sum(CELL_MATERIALS.values()) + sum(PACK_MATERIALS.values())
    assert stages["RawMaterialExtraction"] == pytest.approx(raw / PACKS_KWH / 456, rel=1e-9)
    assert stages["Distribution"] == 0 and stages["Recycling"] == 0  # outside this boundary
    assert declared["absoluteCarbonFootprint"]["value"] == pytest.approx(TOTAL, rel=1e-9)


def test_cells_sold_share_the_cell_making_only() -> None:
    """Physical allocation by rated energy, limited to the processes that make cells."""
    result = _run(_example())
    factors = result.allocation["intermediate:cells_sold"]["factors"]
    assert factors["intermediate:cells_sold"] == pytest.approx(8 / 9, rel=1e-12)
    none_sold = _run(_with(_example(), cells_sold=(0, "t")))
    assert none_sold.total.value == pytest.approx((CELLS + PACKS) / PACKS_KWH, rel=1e-9)
    assert none_sold.total.value - result.total.value == pytest.approx(
        (1 - SHARE) * CELLS / PACKS_KWH, rel=1e-9
    )
    # sold cells of a denser format carry more of the cell making: 7 000 t × 200 kWh/t
    dense = _run(_with(_example(), sold_cell_specific_energy=(200, "kWh/t")))
    share = 56_000 * 175 / (56_000 * 175 + 7_000 * 200)
    assert dense.total.value == pytest.approx((share * CELLS + PACKS) / PACKS_KWH, rel=1e-9)


def test_a_pack_maker_buying_its_cells_takes_their_footprint() -> None:
    """No cell making on site: the cells enter at their supplier's footprint under this rule."""
    rule = catalog.load(RULE_ID)
    cell_making = set(rule.allocation.co_products[0].made_by)
    keep = {"cells_used", "cell_specific_energy"}  # the bought cells built into the packs
    study = _example()
    zeroed = {
        name: (0.0, item.unit)
        for name, item in rule.items().items()
        if item.process in cell_making
        and "/" not in item.unit  # amounts, not factors
        and name not in keep
        and name in study.activity
    }
    bought = _with(
        study,
        **zeroed,  # cells_sold among them: nothing to share
        purchased_cells=(PACKS_KWH, "kWh"),
        purchased_cell_footprint=(70, "kg/kWh"),
    )
    result = _run(bought)
    assert result.total.value == pytest.approx((PACKS_KWH * 70 + PACKS) / PACKS_KWH, rel=1e-9)
    assert result.by_process["purchased_cell_supply"] == pytest.approx(70, rel=1e-12)


def test_production_scrap_is_cut_off_and_its_materials_stay_with_the_good_output() -> None:
    """Scrap sent to recycling takes no burden and earns no credit; what it consumed counts."""
    base = _run(_example())
    more_scrap = _run(_with(_example(), production_scrap=(3_000, "t")))
    assert more_scrap.total.value == pytest.approx(base.total.value, rel=1e-12)
    assert set(base.allocation) == {"intermediate:cells_sold"}  # scrap is not allocated to
    # 2 % more cathode material lost to scrap for the same output: all of it on the good cells
    lossy = _run(_with(_example(), cam_consumed=(24_200 * 1.02, "t")))
    assert lossy.total.value - base.total.value == pytest.approx(
        SHARE * 24_200 * 0.02 * 8_000 / PACKS_KWH, rel=1e-9
    )


def test_a_route_switch_to_nmc_by_hand() -> None:
    """NMC811: less cathode material per kWh but a heavier one; lands in the NMC range."""
    nmc = _run(_with(_example(), cam_consumed=(15_950, "t"), cam_footprint=(20_000, "kg/t")))
    moved = SHARE * (15_950 * 20_000 - 24_200 * 8_000) / PACKS_KWH
    assert nmc.total.value == pytest.approx(TOTAL + moved, rel=1e-9)
    by_id = {r["id"]: r for r in _ranges()["ranges"]}
    assert by_id["nmc"]["low"] <= nmc.total.value <= by_id["nmc"]["high"]


def test_the_grid_factor_and_the_aluminium_footprint_move_it_as_linked_inputs() -> None:
    """What the worked chain supplies (power company, smelter) enters where the rule says."""
    study = _example()
    greener = study.model_copy(
        update={
            "parameters": {
                "grid_electricity_factor": ParameterValue(
                    value=0.5, unit="kg/kWh", source="test value", year=2025
                )
            }
        }
    )
    cell_kwh, pack_kwh = 110e6 + 77e6 + 55e6 + 66e6, 14.7e6
    assert _run(greener).total.value == pytest.approx(
        TOTAL - (GRID - 0.5) * (SHARE * cell_kwh + pack_kwh) / PACKS_KWH, rel=1e-9
    )
    hydro = _run(_with(study, aluminium_footprint=(4_000, "kg/t")))
    tonnes = SHARE * (3_080 + 4_950) + 4_410  # foil and cell cans shared, pack parts not
    assert hydro.total.value == pytest.approx(
        TOTAL - (ALUMINIUM - 4_000) * tonnes / PACKS_KWH, rel=1e-9
    )


def test_linked_studies_supply_the_aluminium_and_the_power(tmp_path: Path) -> None:
    """The aluminium and electricity rules' examples supply this study, as the chain does."""
    aluminium = catalog.catalog_dir() / "electrolytic-aluminium" / "example.yaml"
    power = catalog.catalog_dir() / "electricity" / "example.yaml"
    data: dict[str, Any] = to_plain(read_yaml(RULE_DIR / "example.yaml"))
    del data["activity"]["aluminium_footprint"]
    data["supplied"] = {
        "aluminium_footprint": {"study": str(aluminium)},
        "grid_electricity_factor": {"study": str(power)},
    }
    linked = tmp_path / "battery.yaml"
    linked.write_bytes(yaml_bytes(data))
    result = compute(linked)
    assert result.input_sources is not None
    assert result.input_sources["aluminium_footprint"]["kind"] == "study"
    assert result.input_sources["grid_electricity_factor"]["kind"] == "study"
    al = compute(aluminium).total.value  # kg CO2e per t of aluminium (its declared unit)
    grid = compute(power).total.value  # kg/kWh
    cell_kwh, pack_kwh = 110e6 + 77e6 + 55e6 + 66e6, 14.7e6
    tonnes = SHARE * (3_080 + 4_950) + 4_410
    expected = (
        TOTAL
        + (al - ALUMINIUM) * tonnes / PACKS_KWH
        + (grid - GRID) * (SHARE * cell_kwh + pack_kwh) / PACKS_KWH
    )
    assert result.total.value == pytest.approx(expected, rel=1e-9)


def test_nmp_carbon_is_its_stoichiometry() -> None:
    """The NMP burnt is counted by its carbon: C5H9NO from the IUPAC atomic weights."""
    param = catalog.load(RULE_ID).parameters()["c_nmp"]
    assert param.value == C_NMP_RULE == pytest.approx(C_NMP, abs=5e-7)
    assert "C5H9NO" in param.source


def test_example_inside_the_published_range_of_its_route() -> None:
    """The LFP example lies in the published LFP band; both routes carry sources."""
    ranges = _ranges()
    assert ranges["unit"] == "kg CO2e/kWh" and ranges["example"] == "lfp"
    by_id = {r["id"]: r for r in ranges["ranges"]}
    assert {"lfp", "nmc"} <= set(by_id)
    for published in by_id.values():
        assert published["sources"] and published["low"] <= published["high"]
    lfp = by_id["lfp"]
    assert lfp["low"] <= _run(_example()).total.value <= lfp["high"]
