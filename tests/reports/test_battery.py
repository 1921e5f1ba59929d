"""The EU battery-regulation declaration: per kWh over the service life, by stage."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import StudyError
from pcfrules.reports.battery import battery_declaration
from pcfrules.rules import catalog
from pcfrules.studies import load_input, rule_for, run_study

# No battery rule is in the catalogue yet: the mapping is checked on the cement example,
# whose stages are raw-material acquisition and production.
EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"


@pytest.fixture(scope="module")
def result() -> dict:
    study = load_input(EXAMPLE)
    return run_study(study, rule_for(study))


def test_per_kwh_by_stage(result: dict) -> None:
    declaration = battery_declaration(result, energy_kwh=250.0)
    stages = {
        s["lifecycleStage"]: s["carbonFootprint"]
        for s in declaration["carbonFootprintPerLifecycleStage"]
    }
    assert stages["RawMaterialExtraction"] == pytest.approx(
        result["by_stage"]["raw_material_acquisition"] / 250
    )
    assert stages["MainProduction"] == pytest.approx(result["by_stage"]["production"] / 250)
    assert stages["Distribution"] == 0 and stages["Recycling"] == 0
    assert declaration["batteryCarbonFootprint"] == pytest.approx(result["total"]["value"] / 250)
    assert sum(stages.values()) == pytest.approx(declaration["batteryCarbonFootprint"])


def test_refusals(result: dict) -> None:
    with pytest.raises(StudyError, match="service life"):
        battery_declaration(result, 0)
    odd = copy.deepcopy(result)
    odd["by_stage"]["co_product_credits"] = -1.0
    with pytest.raises(StudyError, match="co_product_credits"):
        battery_declaration(odd, 100)


def test_cli(tmp_path: Path) -> None:
    result_file, out = tmp_path / "r.json", tmp_path / "battery.json"
    assert CliRunner().invoke(app, ["calc", str(EXAMPLE), "-o", str(result_file)]).exit_code == 0
    outcome = CliRunner().invoke(
        app, ["battery", str(result_file), "--energy-kwh", "1000", "-o", str(out)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(out.read_text("utf-8"))["totalEnergyOverServiceLife"]["value"] == 1000
