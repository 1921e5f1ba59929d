"""The portable-computer rule: conformance, its worked example by hand, the use scenario, the
cradle-to-gate part, component footprints without defaults, and the published ranges."""

from __future__ import annotations

import pytest

from pcfrules.errors import StudyError
from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import ActivityValue, ParameterValue, Study
from pcfrules.studies.result_model import Result

RULE_ID = "laptop"
GRID = 0.6205  # kg CO2e/kWh, 2023 national electricity carbon-footprint factor (the default)
PV = 0.0545  # kg CO2e/kWh, PV factor of the same announcement
LIFE = 4.0  # a, the rule's use scenario (Dell and HP PAIA footprints)
UNITS = 200_000.0  # laptops of the example's model in the year

# The example's laptop, per unit, kg CO2e, from example.yaml and the rule's defaults. The
# suppliers' and the use stage's electricity factors are not given, so both are GRID.
IC_DIE = 3.0 * 15  # 3.0 cm² of logic die × 15 kg/cm²
IC_MASS = 0.010 * 400  # 10 g of small-package ICs × 400 kg/kg
DRAM = 16 * 1.5  # 16 GB × 1.5 kg/GB
SSD = 512 * 0.08  # 512 GB × 0.08 kg/GB
PCB = 0.030 * 200  # 0.030 m² of boards × 200 kg/m²
PASSIVES = 0.050 * 60
SMT = 1.5 * GRID  # board assembly, 1.5 kWh at the suppliers' (default) factor
DISPLAY = 0.0568 * 700  # 14-inch 16:10 active area × 700 kg/m²
BATTERY = 0.057 * 150  # 57 Wh × 150 kg/kWh (upstream: lithium-ion-battery)
ADAPTER = 4.5
ALUMINIUM = 0.90 * 12_000 / 1000  # 0.90 kg in × 12 000 kg/t (upstream: electrolytic-aluminium)
PLASTICS = 0.12 * 3.5
CASING_POWER = 8.0 * GRID  # CNC machining and anodising at the suppliers' factor
KEYBOARD = 2.5
OTHER_PARTS = 0.25 * 15
PACKAGING = 0.60 * 1.2
INBOUND = 3.0 * 0.05
INBOUND_AIR = 0.45 * 1.2  # aircraft, reported apart
COMPONENTS = IC_DIE + IC_MASS + DRAM + SSD + PCB + PASSIVES + SMT + DISPLAY + BATTERY + ADAPTER
COMPONENTS += ALUMINIUM + PLASTICS + CASING_POWER + KEYBOARD + OTHER_PARTS + PACKAGING
RAW_MATERIALS = COMPONENTS + INBOUND + INBOUND_AIR
ASSEMBLY = 5.0 * GRID + 1.0 * PV  # grid power and rooftop PV of final assembly and test
DISTRIBUTION = 3.5 * 0.08 + 0.9 * 1.2  # road and rail, and the air freight (aircraft)
USE = 20 * LIFE * GRID  # TEC 20 kWh/a × 4 a × the national factor
END_OF_LIFE = 1.40 * 0.5 + 0.60 * 0.3 + 0.42 * 0.05  # laptop, packaging, collection transport
CRADLE_TO_GATE = RAW_MATERIALS + ASSEMBLY
TOTAL = CRADLE_TO_GATE + DISTRIBUTION + USE + END_OF_LIFE


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
    activity = {k: v for k, v in study.activity.items() if k not in names}
    return study.model_copy(update={"activity": activity})


def _ranges() -> catalog.Plausibility:
    ranges = catalog.plausibility(RULE_ID)
    assert ranges is not None
    return ranges


def test_rule_conforms_and_declares_its_linked_inputs() -> None:
    """No error or warning; battery, aluminium and every electricity factor name their rule."""
    rule = catalog.load(RULE_ID)
    findings = check.run(rule)
    assert not check.has_errors(findings)
    assert not [f for f in findings if f.severity == "warning"]
    items, params = rule.items(), rule.parameters()
    assert (items["battery_footprint"].upstream, items["battery_footprint"].unit) == (
        "lithium-ion-battery",
        "kg/kWh",
    )
    assert (items["aluminium_footprint"].upstream, items["aluminium_footprint"].unit) == (
        "electrolytic-aluminium",
        "kg/t",
    )
    for factor in ("use_electricity_factor", "supplier_grid_factor"):
        assert items[factor].upstream == "electricity"
        assert items[factor].default == "grid_electricity_factor"
    grid = params[rule.inventory.electricity.grid_factor]
    assert (grid.value, grid.unit, grid.year, grid.upstream) == (
        GRID,
        "kg/kWh",
        2023,
        "electricity",
    )
    assert rule.unit.unit == "piece" and rule.product.classification.industry == ["C3911"]


def test_a_life_cycle_with_a_functional_unit_per_laptop() -> None:
    """Cradle to grave with all five stages, a functional unit of one laptop, no second unit."""
    rule = catalog.load(RULE_ID)
    assert rule.boundary.type == "cradle-to-grave" and rule.goal.study_type == "cfp"
    assert rule.unit.kind == "functional" and rule.unit.quantity == 1
    assert [s.kind for s in rule.boundary.stages] == [
        "raw_material_acquisition",
        "production",
        "distribution",
        "use",
        "end_of_life",
    ]
    assert rule.unit.also_per == []  # no per-year-of-use practice was found published
    life = rule.parameters()["service_life"]
    assert (life.value, life.unit) == (LIFE, "a") and life.source and life.year


def test_component_footprints_have_no_default() -> None:
    """Every footprint of a component or material is the study's to supply, none invented.

    The rule's only defaults are the electricity factors of one announcement family and the
    use scenario; each component footprint is an item without a default.
    """
    rule = catalog.load(RULE_ID)
    footprints = [i for i in rule.data_collection.items if i.id.endswith("_footprint")]
    assert len(footprints) >= 15
    assert all(i.default is None and i.data_type == "secondary" for i in footprints)
    for needed in ("ic_area_footprint", "dram_footprint", "ssd_footprint", "display_footprint"):
        assert rule.items()[needed].mandatory
    params = rule.parameters()
    assert {p.unit for p in params.values()} == {"kg/kWh", "a"}
    assert all(p.source and p.year for p in params.values())
    with pytest.raises(StudyError, match="ic_area_footprint"):
        _run(_without(_example(), "ic_area_footprint"))


def test_example_total_by_hand() -> None:
    result = _run(_example())
    assert result.total.value == pytest.approx(TOTAL, rel=1e-9)
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(RAW_MATERIALS, rel=1e-9)
    assert result.by_stage["production"] == pytest.approx(ASSEMBLY, rel=1e-9)
    assert result.by_stage["distribution"] == pytest.approx(DISTRIBUTION, rel=1e-9)
    assert result.by_stage["use"] == pytest.approx(USE, rel=1e-9)
    assert result.by_stage["end_of_life"] == pytest.approx(END_OF_LIFE, rel=1e-9)
    assert result.by_origin["aircraft"] == pytest.approx(0.45 * 1.2 + 0.9 * 1.2, rel=1e-9)
    assert result.by_process["integrated_circuits"] == pytest.approx(IC_DIE + IC_MASS, rel=1e-9)
    assert result.by_process["memory_storage"] == pytest.approx(DRAM + SSD, rel=1e-9)
    assert result.by_process["casing"] == pytest.approx(
        ALUMINIUM + PLASTICS + CASING_POWER, rel=1e-9
    )
    assert result.by_process["power_adapter"] == pytest.approx(ADAPTER, rel=1e-9)
    assert {"supplier_grid_factor", "use_electricity_factor"} <= set(result.defaults_used or [])
    assert result.allocation == {}  # the machining chips are cut off: nothing is allocated
    formulas = result.formula_results
    assert formulas is not None  # period totals, kg: per laptop × the year's units
    assert formulas["aluminium_ghg"] == pytest.approx(ALUMINIUM * UNITS, rel=1e-9)
    assert formulas["use_power"] == pytest.approx(USE * UNITS, rel=1e-9)


def test_cradle_to_gate_part_lies_in_the_published_manufacturing_range() -> None:
    """The declared cradle-to-gate part is the raw-material and production stages together."""
    result = _run(_example())
    part = result.by_stage["raw_material_acquisition"] + result.by_stage["production"]
    assert part == pytest.approx(CRADLE_TO_GATE, rel=1e-9)
    manufacturing = {r.id: r for r in _ranges().ranges}["manufacturing-14in"]
    assert manufacturing.holds(part)
    assert 0.15 < USE / TOTAL < 0.25  # China's grid: the use stage weighs more than in PAIA EU


def test_use_stage_is_tec_times_service_life_times_factor() -> None:
    """TEC, the service-life parameter and the market's factor each move only the use stage."""
    base = _run(_example())
    more_tec = _run(_with(_example(), tec=(25, "kWh/(piece*a)")))
    assert more_tec.total.value - base.total.value == pytest.approx(5 * LIFE * GRID, rel=1e-9)
    five_years = _example().model_copy(
        update={
            "parameters": {
                "service_life": ParameterValue(
                    value=5, unit="a", source="sensitivity: five years of use", year=2025
                )
            }
        }
    )
    assert _run(five_years).by_stage["use"] == pytest.approx(20 * 5 * GRID, rel=1e-9)
    abroad = _run(_with(_example(), use_electricity_factor=(0.25, "kg/kWh")))
    assert abroad.by_stage["use"] == pytest.approx(20 * LIFE * 0.25, rel=1e-9)
    assert abroad.by_stage["raw_material_acquisition"] == pytest.approx(RAW_MATERIALS, rel=1e-9)
    assert "use_electricity_factor" not in (abroad.defaults_used or [])


def test_supplier_electricity_factor_moves_board_and_casing_power_only() -> None:
    """Suppliers abroad: their own factor replaces the default for SMT and casing machining."""
    base = _run(_example())
    abroad = _run(_with(_example(), supplier_grid_factor=(0.5, "kg/kWh")))
    expected = (1.5 + 8.0) * (0.5 - GRID)  # 9.5 kWh of supplier power at the other factor
    assert abroad.total.value - base.total.value == pytest.approx(expected, rel=1e-9)
    assert abroad.by_stage["use"] == pytest.approx(USE, rel=1e-9)
    assert abroad.by_stage["production"] == pytest.approx(ASSEMBLY, rel=1e-9)


def test_a_magnesium_casing_by_hand() -> None:
    """The aluminium replaced by magnesium alloy: its own footprint, the machining kept."""
    base = _run(_example())
    magnesium = _run(
        _with(
            _example(),
            casing_aluminium=(0, "kg/piece"),
            casing_scrap=(0, "kg/piece"),
            casing_magnesium=(0.40, "kg/piece"),
            magnesium_footprint=(30, "kg/kg"),
        )
    )
    assert magnesium.total.value - base.total.value == pytest.approx(
        0.40 * 30 - ALUMINIUM, rel=1e-9
    )
    assert magnesium.by_process["casing"] == pytest.approx(
        0.40 * 30 + PLASTICS + CASING_POWER, rel=1e-9
    )


def test_a_bigger_ssd_and_a_larger_die_by_hand() -> None:
    """The configuration attributes drive the footprint: GB of SSD and cm² of logic die."""
    base = _run(_example())
    bigger = _run(
        _with(_example(), ssd_capacity=(1024, "GB/piece"), ic_die_area=(4.0, "cm2/piece"))
    )
    expected = 512 * 0.08 + 1.0 * 15  # a further 512 GB and 1 cm² of die
    assert bigger.total.value - base.total.value == pytest.approx(expected, rel=1e-9)
    kwh = _run(_with(_example(), battery_capacity=(72, "Wh/piece")))  # Wh read as kWh / 1000
    assert kwh.by_process["battery_pack"] == pytest.approx(0.072 * 150, rel=1e-9)


def test_green_power_of_the_assembly_plant_at_the_pv_factor() -> None:
    """Rooftop PV counts at the PV factor; the same kWh from the grid would add the difference."""
    base = _run(_example())
    all_grid = _run(
        _with(
            _example(), assembly_green_pv=(0, "kWh/piece"), assembly_electricity=(6.0, "kWh/piece")
        )
    )
    assert all_grid.by_stage["production"] - base.by_stage["production"] == pytest.approx(
        GRID - PV, rel=1e-9
    )


def test_example_inside_the_published_life_cycle_range() -> None:
    """The total lies in the 14-inch, 4-year range; the comparison ranges have sources too."""
    ranges = _ranges()
    assert ranges.unit == "kg CO2e/piece"
    chosen = ranges.of_example()
    assert chosen is not None and chosen.id == "notebook-14in-4y"
    assert chosen.sources and chosen.low < chosen.high
    assert chosen.holds(_run(_example()).total.value)
    assert all(r.sources for r in ranges.ranges)
    assert {r.id for r in ranges.ranges} >= {"manufacturing-14in", "macbook-13-14in"}
