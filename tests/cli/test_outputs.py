"""The commands that make outputs from a result: report, label, export, battery, PACT, CBAM.

Moved here from ``tests/reports`` and ``tests/interchange`` so that those rooms' tests call
the rooms only; these check the commands end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.rules import catalog
from tests.interchange.test_pact import product_footprint_validator
from tests.output import assert_shows
from tests.reports.test_cbam_template import TEMPLATE

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
runner = CliRunner()


@pytest.fixture
def result_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.json"
    outcome = runner.invoke(app, ["calc", str(EXAMPLE), "-o", str(path), "-n", "20"])
    assert outcome.exit_code == 0, outcome.output
    return path


def test_report_from_study_and_format_refusal(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    outcome = runner.invoke(app, ["report", str(EXAMPLE), "--lang", "en", "-o", str(out)])
    assert outcome.exit_code == 0, outcome.output
    assert "Carbon-footprint study report" in out.read_text("utf-8")
    refused = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(tmp_path / "r.doc")])
    assert refused.exit_code == 2
    assert_shows(refused.output, ".pdf")


def test_label_and_export(result_file: Path, tmp_path: Path) -> None:
    svg, data = tmp_path / "label.svg", tmp_path / "label.json"
    outcome = runner.invoke(app, ["label", str(result_file), "-o", str(svg), "--json", str(data)])
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(data.read_text("utf-8"))["rule"]["id"] == "cement"
    outcome = runner.invoke(app, ["export", str(result_file), "-o", str(tmp_path / "r.xlsx")])
    assert outcome.exit_code == 0, outcome.output


def test_battery(result_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "battery.json"
    outcome = runner.invoke(
        app, ["battery", str(result_file), "--energy-kwh", "1000", "-o", str(out)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(out.read_text("utf-8"))["totalEnergyOverServiceLife"]["value"] == 1000


def test_pact_v3_and_v2(result_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "pf.json"
    assert runner.invoke(app, ["pact", str(result_file), "-o", str(out)]).exit_code == 0
    assert not list(product_footprint_validator("3").iter_errors(json.loads(out.read_text())))
    args = ["pact", str(result_file), "-o", str(out), "--spec", "2", "--cpc", "test-cpc"]
    outcome = runner.invoke(app, args)
    assert outcome.exit_code == 0, outcome.output
    assert not list(product_footprint_validator("2").iter_errors(json.loads(out.read_text())))
    refused = runner.invoke(app, ["pact", str(result_file), "-o", str(out), "--spec", "2"])
    assert refused.exit_code == 2
    assert_shows(refused.output, "CPC")


def test_pact_import(result_file: Path, tmp_path: Path) -> None:
    pf, out = tmp_path / "pf.json", tmp_path / "dataset.yaml"
    assert runner.invoke(app, ["pact", str(result_file), "-o", str(pf)]).exit_code == 0
    outcome = runner.invoke(app, ["pact-import", str(pf), "--flow", "cement", "-o", str(out)])
    assert outcome.exit_code == 0, outcome.output
    data = YAML(typ="safe").load(out.read_text("utf-8"))
    assert data["datasets"][0]["flow"] == "cement" and "PACT" in data["datasets"][0]["source"]


@pytest.mark.skipif(not TEMPLATE.exists(), reason="no CBAM template")
@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on the template's extensions
def test_cbam_writes_json_and_template(tmp_path: Path) -> None:
    study = catalog.catalog_dir() / "crude-steel-bf-bof" / "example.yaml"
    out, xlsx = tmp_path / "cbam.json", tmp_path / "cbam.xlsx"
    args = ["cbam", str(study), "-o", str(out), "--template", str(TEMPLATE), "--xlsx", str(xlsx)]
    run = runner.invoke(app, args)
    assert run.exit_code == 0, run.output
    data = json.loads(out.read_text("utf-8"))
    assert data["format"] == "pcfrules.cbam/1" and data["good"]["route"] == (
        "Basic oxygen steelmaking"
    )
    assert openpyxl.load_workbook(xlsx)["A_InstData"]["I62"].value == "Basic oxygen steelmaking"
    half = runner.invoke(app, ["cbam", str(study), "-o", str(out), "--xlsx", str(xlsx)])
    assert half.exit_code == 2
    assert_shows(half.output, "--template")
