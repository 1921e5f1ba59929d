"""``pcfrules calc``, ``compare`` and ``schema`` as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.rules import catalog
from pcfrules.studies.result_model import Result
from pcfrules.studies.schema import result_schema, study_schema, system_schema
from tests.output import assert_shows

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
SYSTEM = ROOT / "docs" / "examples" / "system.yaml"
runner = CliRunner()


def _calc(*args: str) -> dict:
    result = runner.invoke(app, ["calc", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_calc_study_json_carries_rule_and_validates() -> None:
    result = _calc(str(EXAMPLE))
    Result.model_validate(result)
    assert result["rule"]["id"] == "cement"
    assert result["total"]["unit"] == "kg CO2e"
    assert set(result["by_origin"]) == {"fossil", "biogenic", "dluc", "aircraft"}


def test_calc_raw_system_with_samples_validates() -> None:
    result = _calc(str(SYSTEM), "--samples", "200", "--seed", "4")
    Result.model_validate(result)
    assert result["rule"] is None and len(result["system_fingerprint"]) == 64
    assert result["uncertainty"]["samples"] == 200
    assert result["allocation"]["steelmaking"]["method"] == "physical"


def test_calc_table_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["calc", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0
    assert_shows(result.output, "kg CO2e", "clinker_burning")
    assert json.loads(out.read_text("utf-8"))["rule"]["id"] == "cement"


def test_calc_bad_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text("format: pcfrules.study/1\nrule: {id: cement}\n", encoding="utf-8")
    result = runner.invoke(app, ["calc", str(bad)])
    assert result.exit_code == 2
    assert_shows(result.output, "rule.version", "period")


def test_calc_unknown_format_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text("format: other\n", encoding="utf-8")
    result = runner.invoke(app, ["calc", str(bad)])
    assert result.exit_code == 2
    assert_shows(result.output, "pcfrules.study/1")


def test_compare_cli(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path in (a, b):
        assert runner.invoke(app, ["calc", str(EXAMPLE), "-o", str(path)]).exit_code == 0
    same = runner.invoke(app, ["compare", str(a), str(b)])
    assert same.exit_code == 0 and json.loads(same.output)["total"]["difference"] == 0
    data = json.loads(b.read_text("utf-8"))
    data["gwp_set"] = "AR5-GWP100"
    b.write_text(json.dumps(data), encoding="utf-8")
    refused = runner.invoke(app, ["compare", str(a), str(b)])
    assert refused.exit_code == 1
    assert_shows(refused.output, "GWP")


@pytest.mark.parametrize(
    ("name", "generate"),
    [("study", study_schema), ("system", system_schema), ("result", result_schema)],
)
def test_committed_schemas_are_generated(name: str, generate: Callable[[], dict]) -> None:
    committed = json.loads((ROOT / "docs" / "schema" / f"{name}.schema.json").read_text("utf-8"))
    assert committed == generate()
    printed = runner.invoke(app, ["schema", name])
    assert json.loads(printed.output) == committed


def test_missing_item_names_file_and_field(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    study = tmp_path / "study.yaml"
    study.write_text(
        "\n".join(line for line in text.splitlines() if "clinker_output" not in line),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["calc", str(study)])
    assert result.exit_code == 2
    assert_shows(result.output, "study.yaml", "clinker_output")
