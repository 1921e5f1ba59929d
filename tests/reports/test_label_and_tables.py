"""The carbon label and the tabular exports, checked against the result they come from."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
import segno
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import StudyError
from pcfrules.reports import export_table, label_data, label_svg, result_fingerprint
from pcfrules.reports.label import qr_payload
from pcfrules.rules import catalog
from pcfrules.studies import load_input, rule_for, run_study

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def result() -> dict:
    study = load_input(EXAMPLE)
    return run_study(study, rule_for(study), samples=50, seed=3)


def test_label_data_traces_to_result_and_rule(result: dict) -> None:
    label = label_data(result, validity_years=3)
    assert label["footprint"]["value"] == pytest.approx(result["total"]["value"], abs=5e-4)
    assert label["rule"]["fingerprint"] == catalog.load("cement").fingerprint()
    assert label["valid_until"] == "2028-12-31"
    assert label["result_fingerprint"] == result_fingerprint(result)
    changed = json.loads(json.dumps(result))
    changed["total"]["value"] += 1
    assert result_fingerprint(changed) != label["result_fingerprint"]


def test_svg_label_carries_a_qr_of_the_fingerprints(result: dict) -> None:
    label = label_data(result)
    svg = label_svg(label)
    assert svg.startswith("<svg") and "产品碳足迹" in svg and "kg CO2e" in svg
    payload = qr_payload(label)
    assert label["result_fingerprint"] in payload and label["rule"]["fingerprint"] in payload
    expected = segno.make(payload, error="m")
    dark = sum(sum(row) for row in expected.matrix)
    assert len(re.findall(r"M[\d.]+,[\d.]+h", svg)) == dark  # one square per dark module


def test_label_needs_a_rule(result: dict) -> None:
    raw = dict(result, rule=None)
    with pytest.raises(StudyError, match="rule standard"):
        label_data(raw)


def test_csv_and_xlsx_hold_every_figure(result: dict, tmp_path: Path) -> None:
    csv_path = export_table(result, tmp_path / "r.csv")
    with csv_path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    by_table = {}
    for row in rows:
        by_table.setdefault(row["table"], []).append(row)
    assert float(by_table["total"][0]["value"]) == pytest.approx(result["total"]["value"])
    assert len(by_table["draw"]) == 50
    stages = {r["key"]: float(r["value"]) for r in by_table["by_stage"]}
    assert stages == pytest.approx(result["by_stage"])
    book = openpyxl.load_workbook(export_table(result, tmp_path / "r.xlsx"))
    assert {"summary", "by_stage", "by_process", "inventory", "draws"} <= set(book.sheetnames)
    assert book["draws"].max_row == 51
    with pytest.raises(StudyError, match=r"\.csv or \.xlsx"):
        export_table(result, tmp_path / "r.pdf")


def test_cli(tmp_path: Path) -> None:
    result_file = tmp_path / "r.json"
    assert (
        runner.invoke(app, ["calc", str(EXAMPLE), "-o", str(result_file), "-n", "20"]).exit_code
        == 0
    )
    svg, data = tmp_path / "label.svg", tmp_path / "label.json"
    outcome = runner.invoke(app, ["label", str(result_file), "-o", str(svg), "--json", str(data)])
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(data.read_text("utf-8"))["rule"]["id"] == "cement"
    assert (
        runner.invoke(app, ["export", str(result_file), "-o", str(tmp_path / "r.xlsx")]).exit_code
        == 0
    )
