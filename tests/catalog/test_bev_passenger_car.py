"""The battery-electric passenger-car rule: conformance, its worked example by hand, the per-km
result, the cradle-to-gate subtotal, and the inputs linked to other catalogue rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pcfrules.rules import catalog, check
from pcfrules.rules.loader import read_yaml, to_plain
from pcfrules.studies import compute, load_input, run_study
from pcfrules.studies.links import upstream_inputs
from pcfrules.studies.model import ActivityValue, ParameterValue, Study
from pcfrules.studies.result_model import Result

RULE_ID = "bev-passenger-car"
RULE_DIR = catalog.catalog_dir() / RULE_ID
GRID = 0.6205  # kg CO2e/kWh, 2023 national average electricity carbon-footprint factor
PV = 0.0545  # kg CO2e/kWh, 2023 PV factor of the same announcement
HFC134A = 1530.0  # AR6 GWP100
C_NG, CO2_PER_C = 0.73, 3.66406  # IPCC 2006 Vol. 3 Table 4.3; IUPAC molar masses
VEHICLES = 150_000.0  # vehicles built in the example's year
KM = 200_000.0  # the example's service life, km per vehicle
YEARS = 15.0

# Per vehicle, in kg CO2e, from the example's numbers (masses in t where the footprint is kg/t).
BATTERY = 58 * 75  # rated kWh × kg/kWh
FLAT_STEEL = 0.640 * (1940 / 0.6 + 350)  # t parts × (crude steel ÷ yield + processing)
LONG_STEEL = 0.140 * (590 / 0.7 + 600)
ALUMINIUM = 0.185 * ((0.75 * 11_600 + 0.25 * 600) / 0.8 + 1200)  # primary/recycled mix ÷ yield
POLYMERS = 0.185 * 3200 + 0.025 * 3000
COPPER = 0.032 * 4500
GLAZING = 0.038 * (990 + 800)  # float glass + tempering/laminating
TYRES = 0.036 * 3500
ELECTRONICS = 0.018 * 40_000
OTHER = 0.0016 * 40_000 + 0.030 * 2500  # magnets + other materials and fluids
NG_NM3 = 6_750_000 + 1_500_000  # painting + utilities, Nm3 over the year
NG_UPSTREAM = NG_NM3 * 0.38 / VEHICLES
INBOUND = 1800 * 0.05
AIR = 1.5 * 1.2  # aircraft, reported apart
MATERIALS = BATTERY + FLAT_STEEL + LONG_STEEL + ALUMINIUM + POLYMERS + COPPER + GLAZING + TYRES
RAW = MATERIALS + ELECTRONICS + OTHER + NG_UPSTREAM + INBOUND + AIR
PLANT_KWH = (
    13.5e6 + 21e6 + 39e6 + 16.5e6 + 22.5e6
)  # stamping, welding, painting, assembly, utilities
PLANT_POWER = PLANT_KWH * GRID / VEHICLES
GREEN = 12e6 * PV / VEHICLES  # rooftop PV
WELDING_CO2 = 150_000 / VEHICLES
NG_CO2 = NG_NM3 * 0.75 * C_NG * CO2_PER_C / VEHICLES  # density 0.75 kg/Nm3 measured
DLUC = 0.3 * 250_000 / VEHICLES
PRODUCTION = PLANT_POWER + GREEN + WELDING_CO2 + NG_CO2 + DLUC
DISTRIBUTION = 2040 * 0.04
CHARGING_KWH = KM * 0.125 * (1 + 0.15) / 0.95  # km × kWh/km × (1 + uplift) ÷ charger efficiency
CHARGING = CHARGING_KWH * GRID
MAINTENANCE = 2 * 0.036 * 3500 + 2 * 45 + YEARS * 12  # tyres, 12 V batteries, other
LEAK = 0.45 * 0.04 * YEARS * HFC134A  # kg HFC-134a leaked × GWP
USE = CHARGING + MAINTENANCE + LEAK
EOL_VEHICLE = (1.700 - 0.390) * 60  # t without the battery × kg/t
EOL_BATTERY = 0.390 * 150
EOL_REFRIGERANT = 0.45 * 0.3 * HFC134A
END_OF_LIFE = EOL_VEHICLE + EOL_BATTERY + EOL_REFRIGERANT
TOTAL = RAW + PRODUCTION + DISTRIBUTION + USE + END_OF_LIFE


def _example() -> Study:
    study = load_input(RULE_DIR / "example.yaml")
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


def _ranges() -> dict[str, Any]:
    data = to_plain(read_yaml(RULE_DIR / "range.yaml"))
    assert isinstance(data, dict)
    return data


def test_rule_conforms_and_declares_its_linked_inputs() -> None:
    """The worked chain electricity → steel, aluminium → battery → car needs these exact links."""
    rule = catalog.load(RULE_ID)
    findings = check.run(rule)
    assert not check.has_errors(findings)
    assert not [f for f in findings if f.severity == "warning"]
    items, params = rule.items(), rule.parameters()
    linked = {
        "battery_footprint": ("lithium-ion-battery", "kg/kWh"),
        "flat_steel_footprint": ("crude-steel-bf-bof", "kg/t"),
        "long_steel_footprint": ("crude-steel-eaf", "kg/t"),
        "aluminium_footprint": ("electrolytic-aluminium", "kg/t"),
        "glass_footprint": ("flat-glass", "kg/t"),
        "ng_footprint": ("natural-gas", "kg/Nm3"),
    }
    for name, (upstream, unit) in linked.items():
        assert (items[name].upstream, items[name].unit) == (upstream, unit), name
    for name in ("grid_electricity_factor", "use_electricity_factor"):
        assert (params[name].upstream, params[name].unit) == ("electricity", "kg/kWh")
    # every link names a catalogue rule (lithium-ion-battery is being written by a colleague)
    assert set(upstream_inputs(rule).values()) <= set(catalog.catalog_ids()) | {
        "lithium-ion-battery"
    }
    # yields and the primary share sit beside the metal footprints they scale
    for name in (
        "flat_steel_yield",
        "long_steel_yield",
        "aluminium_yield",
        "primary_aluminium_share",
    ):
        assert items[name].unit == "dimensionless" and items[name].mandatory
    assert rule.unit.kind == "functional" and rule.unit.unit == "piece"
    assert rule.boundary.type == "cradle-to-grave"
    assert rule.product.classification.industry == ["C3612"]
    [also] = rule.unit.also_per
    assert (also.unit, also.item, items[also.item].unit) == ("km", "service_life_km", "km/piece")
    assert items["service_life_km"].mandatory and items["service_life_years"].mandatory


def test_no_default_for_any_material_footprint_or_the_service_life() -> None:
    """Only published factors are defaults: electricity, the IPCC carbon content, CO2/C."""
    rule = catalog.load(RULE_ID)
    params = rule.parameters()
    assert set(params) == {
        "co2_per_c",
        "c_natural_gas",
        "grid_electricity_factor",
        "wind_power_factor",
        "pv_power_factor",
        "use_electricity_factor",
    }
    assert all(p.source and p.year for p in params.values())
    assert not [i.id for i in rule.data_collection.items if i.default]
    eaf = catalog.load("crude-steel-eaf").parameters()
    for pid in ("co2_per_c", "c_natural_gas", "grid_electricity_factor"):
        assert params[pid].model_dump(exclude={"name"}) == eaf[pid].model_dump(exclude={"name"})
    # the use phase starts from the same national factor as the plant, as its own parameter
    use = params["use_electricity_factor"].model_dump(exclude={"id", "name"})
    assert use == params["grid_electricity_factor"].model_dump(exclude={"id", "name"})
    assert (use["value"], use["year"]) == (GRID, 2023)


def test_example_total_by_hand() -> None:
    result = _run(_example())
    assert result.total.value == pytest.approx(TOTAL, rel=1e-9)
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(RAW, rel=1e-9)
    assert result.by_stage["production"] == pytest.approx(PRODUCTION, rel=1e-9)
    assert result.by_stage["distribution"] == pytest.approx(DISTRIBUTION, rel=1e-9)
    assert result.by_stage["use"] == pytest.approx(USE, rel=1e-9)
    assert result.by_stage["end_of_life"] == pytest.approx(END_OF_LIFE, rel=1e-9)
    assert result.by_process["traction_battery"] == pytest.approx(BATTERY, rel=1e-9)
    assert result.by_process["steel_parts"] == pytest.approx(FLAT_STEEL + LONG_STEEL, rel=1e-9)
    assert result.by_process["aluminium_parts"] == pytest.approx(ALUMINIUM, rel=1e-9)
    assert result.by_process["charging"] == pytest.approx(CHARGING, rel=1e-9)
    assert result.by_gas["HFC134a"] == pytest.approx(LEAK + EOL_REFRIGERANT, rel=1e-9)
    assert result.by_gas["CO2"] == pytest.approx(WELDING_CO2 + NG_CO2 + DLUC, rel=1e-9)
    assert result.by_origin["aircraft"] == pytest.approx(AIR, rel=1e-9)
    assert result.by_origin["dluc"] == pytest.approx(DLUC, rel=1e-9)
    assert result.defaults_used == []  # nothing measured is replaced by a default


def test_the_per_km_result_divides_by_the_service_life() -> None:
    [per_km] = _run(_example()).also_per or []
    assert (per_km.unit, per_km.item, per_km.per_declared_unit) == ("km", "service_life_km", KM)
    assert per_km.value == pytest.approx(TOTAL / KM, rel=1e-9)  # kg CO2e per km
    # 159 g/km: between Polestar 2 with wind power (25 t / 200 000 km = 125 g/km) and with the
    # global mix (45 t = 225 g/km), as range.yaml says a compact car on the national grid sits
    assert 25_000 / KM < per_km.value < 45_000 / KM


def test_a_shorter_service_life_by_hand() -> None:
    """150 000 km: less charging, same production, so more per km — the reason both are stated."""
    result = _run(_with(_example(), service_life_km=(150_000, "km/piece")))
    total = TOTAL - CHARGING * (1 - 150_000 / KM)
    assert result.total.value == pytest.approx(total, rel=1e-9)
    [per_km] = result.also_per or []
    assert per_km.value == pytest.approx(total / 150_000, rel=1e-9)
    assert per_km.value > TOTAL / KM


def test_the_cradle_to_gate_subtotal_is_the_first_two_stages() -> None:
    """The production subtotal the declaration states: materials and parts plus the plant."""
    result = _run(_example())
    gate = result.by_stage["raw_material_acquisition"] + result.by_stage["production"]
    assert gate == pytest.approx(RAW + PRODUCTION, rel=1e-9)
    published = {r["id"]: r for r in _ranges()["ranges"]}["cradle-to-gate-production"]
    assert _ranges()["example"] != "cradle-to-gate-production"  # another boundary
    # a 1.7 t LFP compact car stays below the published (larger, NMC) cars leaving the plant
    assert gate < published["high"]
    assert gate / result.total.value == pytest.approx((RAW + PRODUCTION) / TOTAL, rel=1e-9)


def test_battery_footprint_and_a_battery_replacement_by_hand() -> None:
    base = _run(_example())
    cleaner = _run(_with(_example(), battery_footprint=(55, "kg/kWh")))
    assert base.total.value - cleaner.total.value == pytest.approx(58 * (75 - 55), rel=1e-9)
    replaced = _run(_with(_example(), traction_battery_replacements=(1, "dimensionless")))
    extra = BATTERY + EOL_BATTERY  # a second pack made, and handled at its end of life
    assert replaced.total.value - base.total.value == pytest.approx(extra, rel=1e-9)
    assert replaced.by_process["maintenance"] == pytest.approx(MAINTENANCE + BATTERY, rel=1e-9)


def test_primary_aluminium_share_by_hand() -> None:
    """All recycled aluminium: only the recycled footprint, still over the yield."""
    result = _run(_with(_example(), primary_aluminium_share=(0, "dimensionless")))
    recycled = 0.185 * (600 / 0.8 + 1200)
    assert result.by_process["aluminium_parts"] == pytest.approx(recycled, rel=1e-9)
    assert result.total.value == pytest.approx(TOTAL - ALUMINIUM + recycled, rel=1e-9)


def test_charging_losses_and_the_real_world_uplift_by_hand() -> None:
    """Consumption at the mains (GB/T 18386.1) ÷ the charging equipment, × (1 + uplift)."""
    dc_heavy = _run(_with(_example(), charging_efficiency=(0.90, "dimensionless")))
    assert dc_heavy.by_process["charging"] == pytest.approx(CHARGING * 0.95 / 0.90, rel=1e-9)
    no_uplift = _run(_without(_example(), "real_world_uplift"))  # absent counts as 0
    assert no_uplift.by_process["charging"] == pytest.approx(CHARGING / 1.15, rel=1e-9)
    assert no_uplift.total.value == pytest.approx(TOTAL - CHARGING * 0.15 / 1.15, rel=1e-9)


def test_the_use_phase_has_its_own_electricity_factor() -> None:
    """A regional use-phase factor moves the use stage only; the plant keeps its own."""
    study = _example()
    regional = study.model_copy(
        update={
            "parameters": {
                "use_electricity_factor": ParameterValue(
                    value=0.4, unit="kg/kWh", source="illustrative regional factor", year=2023
                )
            }
        }
    )
    result = _run(regional)
    assert result.by_process["charging"] == pytest.approx(CHARGING_KWH * 0.4, rel=1e-9)
    assert result.by_stage["production"] == pytest.approx(PRODUCTION, rel=1e-9)


def test_a_low_gwp_refrigerant_leaves_no_hfc() -> None:
    """With HFO-1234yf the HFC-134a items stay empty: both leak terms vanish, nothing else."""
    result = _run(_without(_example(), "refrigerant_charge"))
    assert result.by_gas.get("HFC134a", 0.0) == 0.0
    assert result.total.value == pytest.approx(TOTAL - LEAK - EOL_REFRIGERANT, rel=1e-9)


def test_linked_studies_supply_the_aluminium_and_the_plant_power(tmp_path: Path) -> None:
    """The chain's links: the smelter's own footprint for aluminium, a power study for the
    plant; the use phase stays on the national factor."""
    data = to_plain(read_yaml(RULE_DIR / "example.yaml"))
    del data["activity"]["aluminium_footprint"]
    here = catalog.catalog_dir()
    data["supplied"] = {
        "aluminium_footprint": {"study": str(here / "electrolytic-aluminium" / "example.yaml")},
        "grid_electricity_factor": {"study": str(here / "electricity" / "example.yaml")},
    }
    path = tmp_path / "car.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    result = compute(path)
    smelter = compute(here / "electrolytic-aluminium" / "example.yaml").total.value  # kg/t
    power = compute(here / "electricity" / "example.yaml").total.value  # kg/kWh
    aluminium = 0.185 * ((0.75 * smelter + 0.25 * 600) / 0.8 + 1200)
    plant = PLANT_KWH * power / VEHICLES
    expected = TOTAL - ALUMINIUM + aluminium - PLANT_POWER + plant
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_stage["use"] == pytest.approx(USE, rel=1e-9)
    sources = result.input_sources or {}
    assert sources["aluminium_footprint"]["upstream"] == "electrolytic-aluminium"


def test_example_inside_the_published_life_cycle_range() -> None:
    ranges = _ranges()
    assert ranges["unit"] == "kg CO2e/piece"
    chosen = {r["id"]: r for r in ranges["ranges"]}[ranges["example"]]
    assert chosen["sources"] and chosen["low"] < chosen["high"]
    assert chosen["low"] <= TOTAL <= chosen["high"]
    assert "200 000 km" in chosen["route"]["en"]  # the service life the published LCAs use
