"""The methanol rule: its worked example against a hand calculation, and LNG co-product split."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, rule_for, run_study
from pcfrules.studies.result_model import Result

C_TO_CO2 = 3.66406  # 44.009 / 12.011
C_METHANOL = 0.37485  # 12.011 / 32.042
GRID = 0.6205  # kg CO2e/kWh, 2023 national electricity footprint factor
COAL_NCV, COAL_EF = 25.8, 94.6  # GJ/t and kg CO2/GJ, IPCC 2006 other bituminous coal


def _run(path: Path) -> Result:
    study = load_input(path)
    result = run_study(study, rule_for(study, path))
    return Result.model_validate(result)


def _example() -> Path:
    return catalog.catalog_dir() / "methanol" / "example.yaml"


def test_methanol_rule_conforms() -> None:
    assert not check.has_errors(check.run(catalog.load("methanol")))


def test_methanol_example_by_hand() -> None:
    t = 600000.0
    carbon = 834000 * 0.62 - t * C_METHANOL - 2400 * 0.55 - 90000 * 0.05  # t C
    conversion = carbon * C_TO_CO2 * 1000
    boiler = 360000 * COAL_NCV * COAL_EF  # default NCV, oxidation factor 1
    power = (90e6 + 198e6 + 72e6 + 15e6 + 48e6) * GRID
    upstream = (834000 + 360000) * 120 + 3000 * 1500 + 179.1e6 * 0.03
    expected = (conversion + boiler + power + upstream) / t
    result = _run(_example())
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.total.value == pytest.approx(3905.79, abs=0.01)
    assert result.by_gas["CO2"] == pytest.approx((conversion + boiler) / t, rel=1e-9)
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(upstream / t, rel=1e-9)
    assert result.fossil_carbon_content == {"value": pytest.approx(374.85), "unit": "kg C"}


def test_methanol_example_falls_in_its_published_range() -> None:
    ranges = yaml.safe_load((catalog.catalog_dir() / "methanol" / "range.yaml").read_text())
    band = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    assert band["low"] <= _run(_example()).total.value <= band["high"]


def test_coke_oven_gas_methanol_with_lng_and_purchased_hydrogen(tmp_path: Path) -> None:
    """Shared burdens split by mass with LNG; distillation and bought hydrogen count wholly."""
    meoh, lng = 200000.0, 50000.0  # t
    study = {
        "format": "pcfrules.study/1",
        "rule": {"id": "methanol", "version": "1.0.0"},
        "enterprise": {"zh": "示例焦化（虚构）", "en": "Example coking (fictitious)"},
        "product": {"zh": "焦炉煤气制甲醇", "en": "coke-oven-gas methanol"},
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "activity": {
            "methanol_output": {"value": meoh, "unit": "t"},
            "lng_output": {"value": lng, "unit": "t"},
            "c_lng": {"value": 0.74, "unit": "dimensionless"},
            "cog_feed": {"value": 5.0e8, "unit": "Nm3"},
            "c_cog": {"value": 0.20, "unit": "kg/Nm3"},
            "cog_footprint": {
                "value": 0.1,
                "unit": "kg/Nm3",
                "source": "illustrative value for the test",
                "data_type": "secondary",
            },
            "synthesis_electricity": {"value": 2.0e7, "unit": "kWh"},
            "distillation_electricity": {"value": 4.0e6, "unit": "kWh"},
            "hydrogen_purchased": {"value": 1.0e6, "unit": "kg"},
            "hydrogen_footprint": {
                "value": 2.0,
                "unit": "kg/kg",
                "source": "illustrative value for the test",
                "data_type": "secondary",
            },
        },
    }
    path = tmp_path / "cog-methanol.yaml"
    path.write_text(yaml.safe_dump(study, allow_unicode=True), encoding="utf-8")
    share = meoh / (meoh + lng)
    carbon_t = (5.0e8 * 0.20 / 1000) - meoh * C_METHANOL - lng * 0.74
    shared = carbon_t * C_TO_CO2 * 1000 + 5.0e8 * 0.1
    whole = (2.0e7 + 4.0e6) * GRID + 1.0e6 * 2.0
    expected = (shared * share + whole) / meoh
    result = _run(path)
    assert share == pytest.approx(0.8)
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_process["hydrogen_supply"] == pytest.approx(2.0e6 / meoh, rel=1e-9)
