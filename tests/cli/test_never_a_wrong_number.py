"""Never a wrong number, as a user meets it: NaN, infinity and 1e999 are refused by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.rules import catalog
from tests.oracles import PACT_V3_EXAMPLES
from tests.output import assert_shows

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
SYSTEM = ROOT / "docs" / "examples" / "system.yaml"
runner = CliRunner()


def _replace(source: Path, old: str, new: str, target: Path) -> Path:
    text = source.read_text("utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize("bad", [".nan", ".inf", "-.inf", "1e999"])
def test_a_non_finite_activity_is_refused_naming_the_field(tmp_path: Path, bad: str) -> None:
    study = _replace(
        EXAMPLE,
        "coal_consumed: {value: 110000",
        f"coal_consumed: {{value: {bad}",
        tmp_path / "s.yaml",
    )
    out = runner.invoke(app, ["calc", str(study), "-o", str(tmp_path / "r.json")])
    assert out.exit_code == 2, out.output
    assert_shows(out.output, "activity.coal_consumed.value", "finite number")
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("bad", [".nan", "1e999"])
def test_a_non_finite_raw_amount_is_refused_naming_the_field(tmp_path: Path, bad: str) -> None:
    system = _replace(
        SYSTEM, "amount: 1.5, unit: t", f"amount: {bad}, unit: t", tmp_path / "s.yaml"
    )
    out = runner.invoke(app, ["calc", str(system)])
    assert out.exit_code == 2, out.output
    assert_shows(out.output, "processes[0].emissions[0].amount", "finite number")


def test_a_non_finite_parameter_in_json_is_refused(tmp_path: Path) -> None:
    """JSON reads NaN and 1e999 too (Python's json does): refused the same way."""
    study = {
        "format": "pcfrules.study/1",
        "rule": {"id": "cement", "version": "1.0.0"},
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "parameters": {"coal_ef": {"value": 1e999, "unit": "kg/GJ", "source": "x", "year": 2024}},
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(study), encoding="utf-8")  # writes Infinity
    out = runner.invoke(app, ["calc", str(path)])
    assert out.exit_code == 2
    assert_shows(out.output, "parameters.coal_ef.value", "finite number")


@pytest.fixture
def result_file(tmp_path: Path) -> Path:
    path = tmp_path / "result.json"
    assert runner.invoke(app, ["calc", str(EXAMPLE), "-o", str(path)]).exit_code == 0
    return path


def _tampered(result_file: Path, change: str) -> Path:
    data = json.loads(result_file.read_text("utf-8"))
    if change == "total":
        data["total"]["value"] = float("nan")
    elif change == "origin":
        data["by_origin"]["fossil"] = float("inf")
    else:
        data["contribution_tree"]["children"][0]["direct"] = float("nan")
    result_file.write_text(json.dumps(data), encoding="utf-8")
    return result_file


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("total", "total.value"),
        ("origin", "by_origin.fossil"),
        ("tree", "children[0].direct"),
    ],
)
@pytest.mark.parametrize("command", ["label", "pact", "report"])
def test_a_result_with_nan_makes_no_label_pact_or_report(
    result_file: Path, tmp_path: Path, change: str, field: str, command: str
) -> None:
    out_file = (
        tmp_path / {"label": "label.svg", "pact": "pact.json", "report": "report.html"}[command]
    )
    out = runner.invoke(app, [command, str(_tampered(result_file, change)), "-o", str(out_file)])
    assert out.exit_code == 2, out.output
    assert_shows(out.output, field, "finite number")
    assert not out_file.exists()


@pytest.mark.parametrize(
    ("allocation", "shown"),
    [
        ("{method: economic}", "gives no prices"),
        ("{method: explicit, factors: {steel: 0.7, slag: 0.2}}", "add up to 0.9, not 1"),
    ],
)
def test_allocation_is_applied_as_written_or_refused(
    tmp_path: Path, allocation: str, shown: str
) -> None:
    system = _replace(
        SYSTEM, "allocation: {method: physical}", f"allocation: {allocation}", tmp_path / "s.yaml"
    )
    out = runner.invoke(app, ["calc", str(system)])
    assert out.exit_code != 0
    assert_shows(out.output, "steelmaking", shown)


def test_a_pact_file_with_a_nan_total_is_refused(tmp_path: Path) -> None:
    """Today's failure: a NaN total became a dataset of zero emissions."""
    data = json.loads((PACT_V3_EXAMPLES / "example-1.json").read_text("utf-8"))
    data["pcf"]["pcfExcludingBiogenicUptake"] = "NaN"
    supplier = tmp_path / "supplier.json"
    supplier.write_text(json.dumps(data), encoding="utf-8")
    out = runner.invoke(
        app, ["pact-import", str(supplier), "--flow", "x", "-o", str(tmp_path / "d")]
    )
    assert out.exit_code != 0
    assert_shows(out.output, "pcf.pcfExcludingBiogenicUptake")
    assert not (tmp_path / "d").exists()
