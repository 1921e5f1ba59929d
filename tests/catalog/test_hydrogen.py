"""The hydrogen rule: its worked example against a hand calculation, and chlor-alkali allocation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, rule_for, run_study
from pcfrules.studies.result_model import Result

C_TO_CO2 = 3.66406  # 44.009 / 12.011
GRID = 0.6205  # kg CO2e/kWh, 2023 national electricity footprint factor
COAL_NCV, COAL_EF = 25.8, 94.6  # GJ/t and kg CO2/GJ, IPCC 2006 other bituminous coal


def _run(path: Path) -> Result:
    study = load_input(path)
    result = run_study(study, rule_for(study, path))
    return Result.model_validate(result)


def test_hydrogen_rule_conforms() -> None:
    assert not check.has_errors(check.run(catalog.load("hydrogen")))


def test_hydrogen_example_by_hand() -> None:
    kg_h2 = 100000 * 1000.0
    conversion = (590000 * 0.62 - 60000 * 0.05) * C_TO_CO2 * 1000 - 100000 * 1000
    boiler = 100000 * COAL_NCV * COAL_EF  # default NCV, oxidation factor 1
    power = (300e6 + 60e6 + 15e6 + 50e6) * GRID
    upstream = (590000 + 100000) * 120 + 2000 * 1000 + 69e6 * 0.03
    expected = (conversion + boiler + power + upstream) / kg_h2
    result = _run(catalog.catalog_dir() / "hydrogen" / "example.yaml")
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.total.value == pytest.approx(18.24, abs=0.01)
    assert result.by_gas["CO2"] == pytest.approx((conversion + boiler) / kg_h2, rel=1e-9)
    assert result.by_stage["raw_material_acquisition"] == pytest.approx(upstream / kg_h2, rel=1e-9)
    assert result.defaults_used == ["boiler_coal_ncv"]


def test_hydrogen_example_falls_in_its_published_range() -> None:
    ranges = yaml.safe_load((catalog.catalog_dir() / "hydrogen" / "range.yaml").read_text())
    band = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    total = _run(catalog.catalog_dir() / "hydrogen" / "example.yaml").total.value
    assert band["low"] <= total <= band["high"]


def test_chlor_alkali_hydrogen_bears_its_mass_share(tmp_path: Path) -> None:
    """Shared chlor-alkali burdens are split by mass; compression counts to hydrogen alone."""
    h2, cl2, naoh = 9940.0, 350000.0, 394800.0  # t
    study = {
        "format": "pcfrules.study/1",
        "rule": {"id": "hydrogen", "version": "1.0.0"},
        "enterprise": {"zh": "示例氯碱（虚构）", "en": "Example chlor-alkali (fictitious)"},
        "product": {"zh": "氯碱副产氢", "en": "chlor-alkali hydrogen"},
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "activity": {
            "h2_output": {"value": h2, "unit": "t"},
            "cl2_output": {"value": cl2, "unit": "t"},
            "naoh_output": {"value": naoh, "unit": "t"},
            "electrolysis_grid_electricity": {"value": 9.0e8, "unit": "kWh"},
            "compression_electricity": {"value": 5.0e6, "unit": "kWh"},
            "auxiliary_materials": {"value": 600000, "unit": "t"},
            "auxiliary_footprint": {
                "value": 50,
                "unit": "kg/t",
                "source": "illustrative value for the test",
                "data_type": "secondary",
            },
        },
    }
    path = tmp_path / "chlor-alkali.yaml"
    path.write_text(yaml.safe_dump(study, allow_unicode=True), encoding="utf-8")
    share = h2 / (h2 + cl2 + naoh)
    shared = 9.0e8 * GRID + 600000 * 50
    expected = (shared * share + 5.0e6 * GRID) / (h2 * 1000)
    result = _run(path)
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert 0.01 < share < 0.02  # hydrogen is about 1.3 % of the mass of the three products
    unallocated = (shared + 5.0e6 * GRID) / (h2 * 1000)
    assert result.total.value < unallocated / 10
