"""The lime rule: conformance, its worked example and a dolomitic variant by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, rule_for, run_study
from pcfrules.studies.result_model import Result

CO2_PER_CAO, CO2_PER_MGO = 0.78480, 1.09193  # IUPAC molar masses, as the rule's parameters
CACO3 = 0.43971  # t CO2 / t calcite, IPCC 2006 Vol. 3 Table 2.1 (kiln-dust carbonate default)
LKD_DEFAULT = 1.02  # IPCC 2006 Vol. 3 Ch. 2, 2.3
COAL_EF, COKE_NCV, COKE_EF, GAS_EF = 94.6, 28.2, 107.0, 56.1  # kg/GJ, GJ/t (IPCC 2006 Vol. 2)
SOLID_CH4, SOLID_N2O, GAS_CH4, GAS_N2O = 10.0, 1.5, 1.0, 0.1  # kg/TJ, Table 2.3 manufacturing
CH4, N2O = 29.8, 273.0  # AR6 GWP100; combustion methane is fossil: CH4-fossil, AR6 WGI Table 7.15
GRID = 0.6205  # kg CO2e/kWh, 2023 national electricity carbon-footprint factor
RULE_DIR = catalog.catalog_dir() / "lime"
LIME = 300_000.0  # t of quicklime dispatched in the example


def _run(path: Path) -> Result:
    study = load_input(path)
    return Result.model_validate(run_study(study, rule_for(study, RULE_DIR / "example.yaml")))


def _example() -> Result:
    return _run(RULE_DIR / "example.yaml")


def _variant(tmp_path: Path, name: str, **activity: dict[str, Any]) -> Result:
    """The example with some activity replaced (a value of None drops the item)."""
    data = yaml.safe_load((RULE_DIR / "example.yaml").read_text(encoding="utf-8"))
    for item, value in activity.items():
        if value is None:
            data["activity"].pop(item, None)
        else:
            data["activity"][item] = value
    changed = tmp_path / f"{name}.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return _run(changed)


def _example_parts() -> dict[str, dict[str, float]]:
    """Every formula of the example's plant in kg over the year, by gas, from its numbers."""
    ef_lime = 0.92 * CO2_PER_CAO + 0.015 * CO2_PER_MGO  # t CO2 / t quicklime
    coal_gj = 44_000 * 24.5  # measured NCV; CO2 factor and oxidation (1) are the defaults
    gas_gj = 500_000 * 0.0359
    return {
        "calcination": {"CO2": LIME * ef_lime * 1000},
        "lkd": {"CO2": 6_000 * 0.5 * 0.4 * CACO3 * 1000},  # measured kiln dust, calcite default
        "coal": {
            "CO2": coal_gj * COAL_EF,
            "CH4": coal_gj / 1000 * SOLID_CH4,
            "N2O": coal_gj / 1000 * SOLID_N2O,
        },
        "gas": {
            "CO2": gas_gj * GAS_EF,
            "CH4": gas_gj / 1000 * GAS_CH4,
            "N2O": gas_gj / 1000 * GAS_N2O,
        },
        "kiln_power": {"CO2e": 11.4e6 * GRID},
        "processing_power": {"CO2e": 3.0e6 * GRID},
        "limestone": {"CO2e": 520_000 * 3},
        "fuel_upstream": {"CO2e": 44_000 * 150 + 500_000 * 0.35},
        "transport": {"CO2e": 22e6 * 0.05},
    }


def _co2e(gases: dict[str, float]) -> float:
    return sum(mass * {"CH4": CH4, "N2O": N2O}.get(gas, 1.0) for gas, mass in gases.items())


def test_rule_conforms() -> None:
    findings = check.run(catalog.load("lime"))
    assert not check.has_errors(findings)
    assert not [f for f in findings if f.severity == "warning"]


def test_example_total_by_hand() -> None:
    parts = _example_parts()
    expected = sum(_co2e(p) for p in parts.values()) / LIME
    result = _example()
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.total.value == pytest.approx(1147.219, abs=1e-3)
    assert result.defaults_used == [
        "coal_ef",
        "coal_oxidation",
        "coke_ef",
        "coke_ncv",
        "coke_oxidation",
        "gas_ef",
        "gas_oxidation",
        "lkd_carbonate_co2",
        "producer_gas_oxidation",
    ]
    assert result.allocation == {}  # nothing hydrated on site: the quicklime bears it all


def test_example_by_gas_and_by_stage() -> None:
    parts = _example_parts()
    result = _example()
    for gas in ("CO2", "CH4", "N2O", "CO2e"):
        mass = sum(p.get(gas, 0.0) for p in parts.values())
        weight = {"CH4": CH4, "N2O": N2O}.get(gas, 1.0)
        assert result.by_gas[gas] == pytest.approx(mass * weight / LIME, rel=1e-9), gas
    upstream = ("limestone", "fuel_upstream", "transport")
    raw = sum(_co2e(parts[k]) for k in upstream) / LIME
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(raw, rel=1e-9)
    production = sum(_co2e(p) for k, p in parts.items() if k not in upstream) / LIME
    assert result.by_stage["production"] == pytest.approx(production, rel=1e-9)
    kiln = sum(_co2e(parts[k]) for k in ("calcination", "lkd", "coal", "gas", "kiln_power"))
    assert result.by_process["lime_kiln"] == pytest.approx(kiln / LIME, rel=1e-9)
    assert result.by_process["lime_processing"] == pytest.approx(3.0e6 * GRID / LIME)
    calcination = (parts["calcination"]["CO2"] + parts["lkd"]["CO2"]) / LIME
    assert 0.6 < calcination / result.total.value < 0.7  # about two thirds of the footprint


def test_dolomitic_lime_by_hand(tmp_path: Path) -> None:
    """A dolomitic-lime plant: coke and producer gas, kiln dust by the default factor 1.02."""
    result = _variant(
        tmp_path,
        "dolomitic",
        lime_output={"value": 200_000, "unit": "t"},
        cao_content={"value": 0.57, "unit": "dimensionless"},
        mgo_content={"value": 0.38, "unit": "dimensionless"},
        lkd_measured=None,  # not weighed: the IPCC default correction applies
        lkd_lost=None,
        lkd_carbonate_fraction=None,
        lkd_calcination=None,
        kiln_coal=None,
        coal_ncv=None,
        kiln_gas=None,
        gas_ncv=None,
        gas_footprint=None,
        kiln_coke={"value": 12_000, "unit": "t"},
        producer_gas={"value": 60_000_000, "unit": "Nm3"},
        producer_gas_ncv={"value": 0.0061, "unit": "GJ/Nm3"},
        producer_gas_ef={"value": 116.0, "unit": "kg/GJ"},
        gasifier_coal={"value": 18_000, "unit": "t"},
        coke_footprint={"value": 400, "unit": "kg/t", "source": "illustrative"},
        kiln_electricity={"value": 8_000_000, "unit": "kWh"},
        processing_electricity={"value": 2_000_000, "unit": "kWh"},
        limestone_consumed={"value": 400_000, "unit": "t"},
        inbound_tkm={"value": 9_000_000, "unit": "tkm"},
    )
    lime = 200_000.0
    ef_lime = 0.57 * CO2_PER_CAO + 0.38 * CO2_PER_MGO
    calcination = lime * ef_lime * 1000 * LKD_DEFAULT  # decomposition plus default kiln dust
    coke_gj = 12_000 * COKE_NCV  # default NCV and CO2 factor of coke
    coke = coke_gj * COKE_EF + coke_gj / 1000 * (SOLID_CH4 * CH4 + SOLID_N2O * N2O)
    pg_gj = 60e6 * 0.0061
    producer_gas = pg_gj * 116.0 + pg_gj / 1000 * (GAS_CH4 * CH4 + GAS_N2O * N2O)
    power = (8e6 + 2e6) * GRID
    upstream = 400_000 * 3 + 18_000 * 150 + 12_000 * 400 + 9e6 * 0.05
    expected = (calcination + coke + producer_gas + power + upstream) / lime
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_gas["CO2"] == pytest.approx(
        (calcination + coke_gj * COKE_EF + pg_gj * 116.0) / lime, rel=1e-9
    )
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(upstream / lime)
    assert result.defaults_used == [
        "coal_ef",
        "coal_ncv",
        "coal_oxidation",
        "coke_ef",
        "coke_ncv",
        "coke_oxidation",
        "gas_ef",
        "gas_oxidation",
        "lkd_carbonate_co2",
        "producer_gas_oxidation",
    ]
    assert result.by_process["lime_kiln"] == pytest.approx(
        (calcination + coke + producer_gas + 8e6 * GRID) / lime, rel=1e-9
    )
    # its decomposition CO2 per t lies in IPCC's default band for dolomitic lime (range.yaml)
    band = _ranges()["ipcc-dolomitic-calcination"]
    assert band["low"] <= ef_lime * 1000 <= band["high"]


def test_quicklime_hydrated_on_site_leaves_with_its_share_of_the_kiln(tmp_path: Path) -> None:
    """60 kt of the 300 kt burnt is hydrated on site: the kiln's burdens split by mass."""
    result = _variant(
        tmp_path,
        "hydrated",
        lime_output={"value": 240_000, "unit": "t"},
        quicklime_hydrated={"value": 60_000, "unit": "t"},
    )
    parts = _example_parts()
    kiln_side = sum(_co2e(p) for k, p in parts.items() if k != "processing_power")
    expected = (kiln_side * 240 / 300 + _co2e(parts["processing_power"])) / 240_000
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    # per t, the kiln's share is unchanged; only product processing spreads over less lime
    processing = _co2e(parts["processing_power"])
    assert result.total.value - _example().total.value == pytest.approx(
        processing / 240_000 - processing / 300_000, rel=1e-9
    )
    assert result.by_process["lime_processing"] == pytest.approx(processing / 240_000)


def _ranges() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((RULE_DIR / "range.yaml").read_text(encoding="utf-8"))
    assert data["unit"] == "kg CO2e/t"
    return {r["id"]: r for r in data["ranges"]}


def test_example_inside_its_published_range() -> None:
    data = yaml.safe_load((RULE_DIR / "range.yaml").read_text(encoding="utf-8"))
    chosen = _ranges()[data["example"]]
    assert chosen["sources"] and chosen["low"] < chosen["high"]
    total = _example().total.value
    assert chosen["low"] <= total <= chosen["high"]
    # the example's decomposition CO2 per t is close to IPCC's high-calcium default
    anchor = _ranges()["ipcc-high-calcium-calcination"]["high"]
    calcination = 0.92 * CO2_PER_CAO + 0.015 * CO2_PER_MGO
    assert anchor == pytest.approx(0.785 * 0.95 * 1000)
    assert calcination * 1000 == pytest.approx(anchor, rel=0.02)


def test_linked_inputs_are_declared() -> None:
    rule = catalog.load("lime")
    items = rule.items()
    assert items["coal_footprint"].upstream == "coal"
    assert items["gas_footprint"].upstream == "natural-gas"
    grid = rule.parameters()[rule.inventory.electricity.grid_factor]
    assert (grid.value, grid.unit, grid.upstream) == (0.6205, "kg/kWh", "electricity")
    assert (grid.source, grid.year) == (
        catalog.load("calcium-carbide").parameters()["grid_electricity_factor"].source,
        2023,
    )
    hydrated = next(c for c in rule.allocation.co_products if c.item == "quicklime_hydrated")
    assert hydrated.method == "physical_mass" and hydrated.main_item == "lime_output"
    assert "lime_processing" not in hydrated.made_by and "lime_kiln" in hydrated.made_by
