"""The c-Si PV module rule: conformance, its worked example by hand, and the product's method.

The example is one year of a hypothetical integrated TOPCon producer (5 GW). Every term below is
written out from the example's numbers and the rule's defaults, in kg over the year, so that a
change in a formula, a default or the engine's handling of a second unit shows here.
"""

from __future__ import annotations

import pytest

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import ActivityValue, Study
from pcfrules.studies.result_model import Result

RULE_ID = "pv-module"
OUTPUT = 5_000_000.0  # kWp of modules in the example (5 GW)
GRID = 0.6205  # kg CO2e/kWh, national 2023 electricity carbon-footprint factor (the default)
PV = 0.0545  # kg CO2e/kWh, PV power factor of the same announcement
NF3, N2O, CH4_FOSSIL = 17_400.0, 273.0, 29.8  # AR6 GWP100 (CH4-fossil: AR6 WGI Table 7.15)
NG_NCV, NG_EF, NG_CH4, NG_N2O = 38.931, 56.1, 1.0, 0.1  # MJ/Nm3 (GB/T 2589), kg/GJ, kg/TJ, kg/TJ
AREA = 4.62  # m2 of module per kWp in the example

# Own polysilicon (6 300 t, Xinjiang): everything times the 97 % left after the by-products'
# 3 % economic share.
POLY_OWN, KEEP = 6_300_000.0, 1 - 0.03
POLY_POWER = POLY_OWN * 57 * 0.85 * KEEP  # 57 kWh/kg at the plant's own 0.85 kg/kWh
POLY_STEAM = POLY_OWN * 9.1 * 280 / 1000 * KEEP  # 9.1 kg steam/kg at 280 kg CO2e per t steam
POLY_INPUTS = POLY_OWN * (1.1 * 11_000 / 1000 + 0.5 * 1.2 + 0.01 * 20) * KEEP  # MG-Si, Cl, H2
BOUGHT_SILICON = 2_700_000 * 37 + 300_000 * 1.5  # granular polysilicon, recycled silicon
INGOT_POWER = 10_800_000 * 24 * GRID  # Yunnan: grid power at the national factor
INGOT_MATERIALS = 10_800_000 * (0.022 * 4.0 + 1.2 * 0.25 + 0.2)  # crucibles, argon, others
WAFER_POWER = 20_500_000 * 3.0 * GRID
WAFER_MATERIALS = 20_500_000 * 0.5
CELLS = 5_050_000.0  # kWp of own cells
CELL_POWER = CELLS * 62 * GRID
CELL_NF3 = CELLS * 0.00005 * NF3
CELL_N2O = CELLS * 0.001 * N2O
SILVER = CELLS * 0.013 * 180
CELL_MATERIALS = CELLS * (0.6 * 1.0 + 3.0)  # chemicals, other consumables (no Al paste)
MODULE_POWER = 57_500_000 * GRID + 10_000_000 * PV  # grid and rooftop PV
GLASS = (115_000 + 115_000) * 1300
FRAME = 21_400 * (15_000 + 1_000)
ENCAPSULANT = 19_400_000 * 3.0
OTHER_MODULE = 8_550_000 * 3.0 + 3_850_000 * 5.0 + 2_990_000 * 3.0 + 10_260_000 * 1.0
NG_TJ = 3_000_000 * NG_NCV / 1e6  # natural gas burnt, TJ
NG_DIRECT = NG_TJ * 1000 * NG_EF + NG_TJ * (NG_CH4 * CH4_FOSSIL + NG_N2O * N2O)
NG_UPSTREAM = 3_000_000 * 0.3
TRANSPORT = 160_000_000 * 0.05
AIR = 20_000 * 1.2

POLYSILICON = POLY_POWER + POLY_STEAM
RAW = (
    POLY_INPUTS
    + BOUGHT_SILICON
    + INGOT_MATERIALS
    + WAFER_MATERIALS
    + SILVER
    + CELL_MATERIALS
    + GLASS
    + FRAME
    + ENCAPSULANT
    + OTHER_MODULE
    + NG_UPSTREAM
    + TRANSPORT
    + AIR
)
PRODUCTION = POLYSILICON + INGOT_POWER + WAFER_POWER + CELL_POWER + CELL_NF3 + CELL_N2O
PRODUCTION += MODULE_POWER + NG_DIRECT
TOTAL = RAW + PRODUCTION


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


def _without(study: Study, *names: str) -> Study:
    """The study with ``names`` left out, so the rule's defaults (or zero) apply."""
    activity = {k: v for k, v in study.activity.items() if k not in names}
    return study.model_copy(update={"activity": activity})


def test_rule_conforms_and_declares_its_linked_inputs() -> None:
    rule = catalog.load(RULE_ID)
    findings = check.run(rule)
    assert not check.has_errors(findings)
    assert not [f for f in findings if f.severity == "warning"]
    items = rule.items()
    assert items["glass_footprint"].upstream == "flat-glass"
    assert items["glass_footprint"].unit == "kg/t"  # per t, the flat-glass declared unit
    assert items["aluminium_footprint"].upstream == "electrolytic-aluminium"
    assert items["aluminium_footprint"].unit == "kg/t"
    assert items["hydrogen_footprint"].upstream == "hydrogen"
    assert items["ng_footprint"].upstream == "natural-gas"
    for step in ("poly", "ingot", "wafer", "cell", "module"):
        factor = items[f"{step}_power_factor"]  # each step's own site factor, default national
        assert (factor.upstream, factor.default, factor.unit) == (
            "electricity",
            "grid_electricity_factor",
            "kg/kWh",
        )
    for bought in ("polysilicon_footprint", "wafer_footprint", "cell_footprint"):
        assert items[bought].default is None  # a bought intermediate: its supplier's figure only
    assert rule.unit.unit == "kWp" and rule.unit.reference_flow.item == "module_output"
    assert rule.product.classification.industry == ["C3825"]
    (second,) = rule.unit.also_per
    assert (second.unit, second.item) == ("m2", "module_area_per_kwp")


def test_electricity_factors_are_those_of_the_other_rules() -> None:
    """National, wind and PV as the ammonia rule; regional CO2 factors as the electricity rule."""
    pv, ammonia = catalog.load(RULE_ID).parameters(), catalog.load("ammonia").parameters()
    for pid in ("grid_electricity_factor", "wind_power_factor", "pv_power_factor"):
        assert (pv[pid].value, pv[pid].year, pv[pid].upstream) == (
            ammonia[pid].value,
            ammonia[pid].year,
            "electricity",
        )
    electricity = catalog.load("electricity").parameters()
    regional = [p for p in pv if p.startswith("grid_co2_2022_")]
    assert len(regional) == 4  # Xinjiang, Inner Mongolia, Sichuan, Yunnan
    for pid in regional:
        assert pv[pid].value == electricity[pid].value and pv[pid].year == 2022
    expressions = " ".join(f.expression for f in catalog.load(RULE_ID).inventory.formulas)
    assert not [p for p in regional if p in expressions]  # CO2-only: sensitivity, never computed


def test_example_total_by_hand() -> None:
    result = _run(_example())
    assert result.total.value == pytest.approx(TOTAL / OUTPUT, rel=1e-9)
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(RAW / OUTPUT, rel=1e-9)
    assert result.by_stage["production"] == pytest.approx(PRODUCTION / OUTPUT, rel=1e-9)
    assert result.by_process["polysilicon"] == pytest.approx(POLYSILICON / OUTPUT, rel=1e-9)
    assert result.by_process["frame_supply"] == pytest.approx(FRAME / OUTPUT, rel=1e-9)
    assert result.by_process["glass_supply"] == pytest.approx(GLASS / OUTPUT, rel=1e-9)
    assert result.by_process["cell_making"] == pytest.approx(
        (CELL_POWER + CELL_NF3 + CELL_N2O) / OUTPUT, rel=1e-9
    )
    assert result.by_gas["NF3"] == pytest.approx(CELL_NF3 / OUTPUT, rel=1e-9)
    assert result.by_origin["aircraft"] == pytest.approx(AIR / OUTPUT, rel=1e-9)
    assert {
        "cell_power_factor",
        "ingot_power_factor",
        "module_power_factor",
        "wafer_power_factor",
        "ng_ncv",
        "ng_ef",
    } == set(result.defaults_used or [])  # the polysilicon plant gave its own factor
    assert result.allocation == {}  # kerf fines cut off; by-products share in the formulas


def test_the_result_per_m2_and_per_w() -> None:
    """Per m² = per kWp ÷ the m² one kWp provides; the area changes nothing per kWp."""
    result = _run(_example())
    (per_m2,) = result.also_per or []
    assert per_m2.unit == "m2" and per_m2.per_declared_unit == pytest.approx(AREA)
    assert per_m2.value == pytest.approx(TOTAL / OUTPUT / AREA, rel=1e-9)
    larger = _run(_with(_example(), module_area_per_kwp=(5.0, "m2/kWp")))
    assert larger.total.value == pytest.approx(result.total.value, rel=1e-12)
    assert (larger.also_per or [])[0].value == pytest.approx(TOTAL / OUTPUT / 5.0, rel=1e-9)
    (per_w,) = catalog.load(RULE_ID).unit.conversions
    assert (per_w.from_unit, per_w.to_unit, per_w.factor) == ("W", "kWp", 0.001)


def test_the_polysilicon_by_products_take_their_economic_share() -> None:
    """Without a by-product share, the own-polysilicon terms are 1/0.97 of the example's."""
    base = _run(_example())
    unshared = _run(_without(_example(), "poly_byproduct_share"))
    own = POLY_POWER + POLY_STEAM + POLY_INPUTS
    assert unshared.total.value - base.total.value == pytest.approx(
        own / KEEP * 0.03 / OUTPUT, rel=1e-9
    )
    assert unshared.by_process["silicon_purchase"] == base.by_process["silicon_purchase"]


def test_a_polysilicon_plant_on_grid_power_takes_the_national_factor() -> None:
    """Leaving out the plant's own (captive-coal) factor falls back to 0.6205 kg/kWh."""
    result = _run(_without(_example(), "poly_power_factor"))
    moved = POLY_OWN * 57 * (GRID - 0.85) * KEEP
    assert result.total.value == pytest.approx((TOTAL + moved) / OUTPUT, rel=1e-9)
    assert "poly_power_factor" in (result.defaults_used or [])


def test_granular_silicon_made_in_house() -> None:
    """The FBR route as a variant of the polysilicon step: only its power intensity changes."""
    result = _run(_with(_example(), poly_electricity_per_kg=(20, "kWh/kg")))
    saved = POLY_OWN * (57 - 20) * 0.85 * KEEP
    assert result.total.value == pytest.approx((TOTAL - saved) / OUTPUT, rel=1e-9)


def test_a_module_maker_buying_its_cells() -> None:
    """Cells bought at their supplier's footprint replace the whole silicon-to-cell chain."""
    bought = _with(
        _example(),
        cells_own=(0, "kWp"),
        wafer_area_own=(0, "m2"),
        ingot_own=(0, "kg"),
        polysilicon_own=(0, "kg"),
        polysilicon_bought=(0, "kg"),
        recycled_silicon_bought=(0, "kg"),
        cells_bought=(CELLS, "kWp"),
        cell_footprint=(250, "kg/kWp"),
    )
    result = _run(bought)
    module_level = MODULE_POWER + GLASS + FRAME + ENCAPSULANT + OTHER_MODULE
    module_level += NG_DIRECT + NG_UPSTREAM + TRANSPORT + AIR
    assert result.total.value == pytest.approx((module_level + CELLS * 250) / OUTPUT, rel=1e-9)
    assert result.by_process["cell_purchase"] == pytest.approx(CELLS * 250 / OUTPUT, rel=1e-9)
    assert result.by_process["polysilicon"] == 0


def test_dedicated_pv_power_counts_at_the_pv_factor() -> None:
    """Moving 10 GWh of the module plant from rooftop PV to the grid costs the factor gap."""
    result = _run(
        _with(_example(), module_electricity=(67_500_000, "kWh"), module_onsite_pv=(0, "kWh"))
    )
    assert result.total.value == pytest.approx(
        (TOTAL + 10_000_000 * (GRID - PV)) / OUTPUT, rel=1e-9
    )


def test_example_inside_the_range_published_with_chinese_grid_factors() -> None:
    ranges = catalog.plausibility(RULE_ID)
    assert ranges is not None and ranges.unit == "kg CO2e/kWp"
    chosen = ranges.of_example()
    assert chosen is not None and chosen.sources and chosen.low < chosen.high
    assert chosen.holds(TOTAL / OUTPUT)
    # the ecoinvent-based LCAs use a more carbon-intensive Chinese grid: they lie above
    by_id = {r.id: r for r in ranges.ranges}
    assert by_id["china-ecoinvent-lca"].low > chosen.high
