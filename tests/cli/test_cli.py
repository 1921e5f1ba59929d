"""The command line as a user drives it: exit codes, formats, files written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.rules import catalog
from tests.output import assert_shows

runner = CliRunner()


def _broken_rule(tmp_path: Path) -> Path:
    text = catalog.rule_file("cement").read_text(encoding="utf-8")
    path = tmp_path / "broken.yaml"
    path.write_text(
        text.replace("GB/T 24067—2024", "GB/T 24068—2024").replace("  ccs: Z04", "  ccs: Z4"),
        encoding="utf-8",
    )
    return path


def test_check_conforming_rule_exits_0() -> None:
    result = runner.invoke(app, ["rules", "check", "cement"])
    assert result.exit_code == 0, result.output
    assert_shows(result.output, "conforms / 符合")


def test_check_json_of_broken_rule_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rules", "check", str(_broken_rule(tmp_path)), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    codes = {f["code"] for f in report["findings"] if f["severity"] == "error"}
    assert codes == {"PCR-REF-001", "PCR-ID-004"}
    assert report["conforms"] is False and report["counts"]["error"] == 2


def test_check_unreadable_rule_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("identity: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["rules", "check", str(bad)])
    assert result.exit_code == 2
    assert_shows(result.output, "bad.yaml:", "YAML")


def test_check_unknown_id_exits_2() -> None:
    result = runner.invoke(app, ["rules", "check", "unobtainium"])
    assert result.exit_code == 2
    assert_shows(result.output, "cement")


def test_model_error_lists_field_and_line(tmp_path: Path) -> None:
    text = catalog.rule_file("cement").read_text(encoding="utf-8")
    path = tmp_path / "typo.yaml"
    path.write_text(text.replace("  gwp_set: AR6-GWP100", "  gwp_sett: AR6-GWP100"), "utf-8")
    result = runner.invoke(app, ["rules", "check", str(path)])
    assert result.exit_code == 2
    assert_shows(result.output, "inventory.gwp_sett", "typo.yaml:")


def test_list_shows_catalogue() -> None:
    result = runner.invoke(app, ["rules", "list"])
    assert result.exit_code == 0
    assert_shows(result.output, "cement", "cradle-to-gate")


@pytest.mark.parametrize(
    ("lang", "fmt", "needle"),
    [
        ("zh", "html", "温室气体 产品碳足迹量化方法与要求 水泥"),
        ("en", "md", "Quantification methods and requirements — Cement"),
    ],
)
def test_render_writes_file(tmp_path: Path, lang: str, fmt: str, needle: str) -> None:
    out = tmp_path / f"cement.{fmt}"
    result = runner.invoke(
        app, ["rules", "render", "cement", "--lang", lang, "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert needle in out.read_text(encoding="utf-8")


def test_render_docx(tmp_path: Path) -> None:
    out = tmp_path / "cement.docx"
    result = runner.invoke(app, ["rules", "render", "cement", "-f", "docx", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_render_refuses_unknown_language() -> None:
    result = runner.invoke(app, ["rules", "render", "cement", "--lang", "fr"])
    assert result.exit_code == 2


def test_schema_is_json_schema() -> None:
    result = runner.invoke(app, ["rules", "schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "RuleStandard" and "$schema" in schema


def test_checks_md_is_committed_docs() -> None:
    result = runner.invoke(app, ["rules", "checks", "--format", "md"])
    committed = (Path(__file__).resolve().parents[2] / "docs" / "checks.md").read_text("utf-8")
    assert result.output == committed


def test_demo_writes_texts_and_example_results(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    assert "$ pcfrules demo --out out\n" in readme  # the documented command, run here
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for rule_id in catalog.catalog_ids():
        names = {p.name for p in (tmp_path / rule_id).iterdir()}
        texts = {
            f"{rule_id}.{lang}.{fmt}" for lang in ("zh", "en") for fmt in ("html", "md", "docx")
        }
        has_example = (catalog.catalog_dir() / rule_id / "example.yaml").is_file()
        computed = {
            f"{rule_id}.result.json",
            f"{rule_id}.report.zh.html",
            f"{rule_id}.report.en.html",
        }
        if catalog.load(rule_id).cbam is not None:
            computed.add(f"{rule_id}.cbam.json")
        assert names == texts | (computed if has_example else set())
        if has_example:
            data = json.loads((tmp_path / rule_id / f"{rule_id}.result.json").read_text("utf-8"))
            assert data["rule"]["id"] == rule_id and data["total"]["value"] > 0
        if has_example and catalog.load(rule_id).cbam is not None:  # CBAM goods only
            cbam = json.loads((tmp_path / rule_id / f"{rule_id}.cbam.json").read_text("utf-8"))
            assert cbam["rule"]["fingerprint"] == data["rule"]["fingerprint"]
            assert 0 < cbam["see"]["direct"] * 1000 < data["total"]["value"]
    assert_shows(result.output, "cement", "kg CO₂e", "published", "in · 是", "T/PCFR 3—2026")
    assert "0.8789" in result.output  # four significant figures, not "0.9"
    assert "out · 否" not in result.output  # every example lies in its published range
    assert "kg CO2e" not in result.output and not re.search(r"\d,\d{3}", result.output)
    assert catalog.chains() and "where each footprint arises" in result.output
    for name, files in catalog.chains().items():  # each worked chain, computed at once
        summary = json.loads((tmp_path / "chains" / name / "chain.json").read_text("utf-8"))
        assert [s["study"] for s in summary["studies"]] == [f.stem for f in files]
        for study in summary["studies"]:
            parts = sum(p["kg_co2e_per_unit"] for p in study["arising"])
            assert parts == pytest.approx(study["kg_co2e_per_unit"], rel=1e-9)
    board = json.loads((tmp_path / "dashboard.json").read_text("utf-8"))
    assert board["progress_2027"]["published"] == len(catalog.catalog_ids())
    ethylene = json.loads((tmp_path / "ethylene" / "ethylene.result.json").read_text("utf-8"))
    grid = ethylene["input_sources"]["grid_electricity_factor"]
    assert (grid["kind"], grid["dataset"]["database"]) == ("dataset", "tiangong")
    listed = runner.invoke(
        app, ["data", "list", "--db", f"sqlite:///{tmp_path / 'registry.db'}", "--format", "json"]
    )
    assert [r["name"] for r in json.loads(listed.stdout)] == ["tiangong"]
