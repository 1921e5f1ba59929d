"""A rule that is not in the catalogue goes end to end, the way the README tells a user.

The rule is written in a temporary folder outside the package (a company's own cement
draft, ``plant-cement``), found by path, by the search path ``PCFRULES_RULES_PATH`` and as
a registry version ``id@version``; its workbook is filled where its labels say, imported,
computed from another working folder, reported, labelled, exported to PACT and CBAM; and
a result is refused once the rule text under it has changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain
from tests.examples import fill_with_cement_example

RULE_ID = "plant-cement"
runner = CliRunner()


@pytest.fixture()
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of the user's own rules, on the search path; the tests run from elsewhere."""
    folder = tmp_path / "drafts"
    (folder / RULE_ID).mkdir(parents=True)
    text = catalog.rule_file("cement").read_text(encoding="utf-8")
    text = text.replace("  id: cement\n", f"  id: {RULE_ID}\n", 1)
    (folder / RULE_ID / "rule.yaml").write_text(text, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("PCFRULES_RULES_PATH", str(folder))
    monkeypatch.setenv("COLUMNS", "80")
    return folder


def _run(*args: str, code: int = 0) -> str:
    done = runner.invoke(app, list(args))
    assert done.exit_code == code, (args, done.output, done.exception)
    return done.stdout


def _fill(workbook: Path) -> None:
    """Fill the workbook where its labels say, with the cement worked example's data."""
    book = openpyxl.load_workbook(workbook)
    fill_with_cement_example(book)
    book.save(workbook)


def _add_cbam_block(study: Path) -> None:
    """The study's cbam block, as the user writes it (the worked example's installation)."""
    example = to_plain(read_yaml(catalog.catalog_dir() / "cement" / "example.yaml"))
    data = to_plain(read_yaml(study))
    data["cbam"] = example["cbam"]
    study.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_new_rule_goes_from_check_to_registry(drafts: Path, tmp_path: Path) -> None:
    rule_file = drafts / RULE_ID / "rule.yaml"
    check = json.loads(_run("rules", "check", str(rule_file), "--format", "json"))
    assert check["conforms"] and check["rule"]["id"] == RULE_ID
    assert check["rule"]["source"] == {"kind": "file", "location": str(rule_file.resolve())}
    by_id = json.loads(_run("rules", "check", RULE_ID, "--format", "json"))
    assert by_id["rule"]["source"]["kind"] == "search-path"
    assert by_id["rule"]["fingerprint"] == check["rule"]["fingerprint"]

    _run("rules", "render", RULE_ID, "--lang", "zh", "--format", "html", "-o", "text.zh.html")
    assert "温室气体 产品碳足迹量化方法与要求 水泥" in Path("text.zh.html").read_text("utf-8")

    _run("workbook", RULE_ID, "-o", "data.xlsx")
    _fill(Path("data.xlsx"))
    _run("study", "import", "data.xlsx", "-o", "study.yaml")
    study = to_plain(read_yaml(Path("study.yaml")))
    assert study["rule"]["source"] == {"kind": "search-path", "location": RULE_ID}
    assert study["rule"]["fingerprint"] == check["rule"]["fingerprint"]

    (tmp_path / "elsewhere").mkdir()
    study_path = Path("study.yaml").resolve()
    result = json.loads(_run("calc", str(study_path), "-o", "result.json", "--format", "json"))
    catalogue = json.loads(
        _run("calc", str(catalog.catalog_dir() / "cement" / "example.yaml"), "--format", "json")
    )
    assert result["rule"]["id"] == RULE_ID
    assert result["total"]["value"] == pytest.approx(catalogue["total"]["value"], rel=1e-12)

    _run("report", "result.json", "--lang", "en", "-o", "report.en.html")
    assert "Example Cement Co." in Path("report.en.html").read_text("utf-8")
    _run("label", "result.json", "-o", "label.svg", "--json", "label.json")
    assert json.loads(Path("label.json").read_text("utf-8"))["rule"]["id"] == RULE_ID
    _run("pact", "result.json", "-o", "pact.json")
    pact = json.loads(Path("pact.json").read_text("utf-8"))
    assert pact["pcf"]["declaredUnitOfMeasurement"]
    _add_cbam_block(study_path)  # the installation data CBAM needs beyond the workbook's
    _run("cbam", str(study_path), "-o", "cbam.json")
    assert json.loads(Path("cbam.json").read_text("utf-8"))["see"]["total"] > 0

    db = f"sqlite:///{tmp_path / 'registry.db'}"
    _run("registry", "--db", db, "init")
    _run("registry", "--db", db, "person", "Sec", "CBMF secretariat", "producer")
    _run("registry", "--db", db, "--as", "Sec", "association", "CBMF", "中国建筑材料联合会", "CBMF")
    _run("registry", "--db", db, "person", "Drafter", "Plant", "producer")
    _run("registry", "--db", db, "--as", "Sec", "grant", "Drafter", "CBMF", "drafter")
    _run("registry", "--db", db, "--as", "Drafter", "propose", str(rule_file), "--association",
         "CBMF", "--sector", "建材", "--drafter", "Drafter")  # fmt: skip
    spec = f"{RULE_ID}@1.0.0"
    from_registry = json.loads(_run("rules", "check", spec, "--db", db, "--format", "json"))
    assert from_registry["rule"]["source"] == {"kind": "registry", "location": spec}
    assert from_registry["rule"]["fingerprint"] == check["rule"]["fingerprint"]
    _run("calc", str(study_path), "--rule", spec, "--db", db, "-o", "registry-result.json")
    stamp = json.loads(Path("registry-result.json").read_text("utf-8"))["rule"]
    assert stamp["source"] == {"kind": "registry", "location": spec}
    _run("report", "registry-result.json", "--db", db, "-o", "registry-report.zh.html")

    changed = rule_file.read_text("utf-8").replace('en: "Cement"}', 'en: "Portland cement"}', 1)
    assert changed != rule_file.read_text("utf-8")
    rule_file.write_text(changed, encoding="utf-8")
    refused = runner.invoke(app, ["report", "result.json", "-o", "stale.html"])
    assert refused.exit_code == 1
    assert "fingerprint" in refused.output and not Path("stale.html").exists()
    _run("report", "registry-result.json", "--db", db, "-o", "still-fine.html")


def test_a_folder_named_like_a_rule_is_not_a_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cement").mkdir()  # as make demo's out/cement
    done = runner.invoke(app, ["rules", "check", "cement", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert '"kind": "catalogue"' in done.output
    missing = runner.invoke(app, ["rules", "check", "./cement"])
    assert missing.exit_code == 2 and "rule.yaml" in missing.output


def test_the_search_path_shadowing_the_catalogue_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cement").mkdir()
    (tmp_path / "cement" / "rule.yaml").write_text(
        catalog.rule_file("cement").read_text("utf-8"), encoding="utf-8"
    )
    monkeypatch.setenv("PCFRULES_RULES_PATH", str(tmp_path))
    done = runner.invoke(app, ["rules", "check", "cement", "--format", "json"])
    assert done.exit_code == 0
    assert "not the catalogue rule" in done.output
    assert '"kind": "search-path"' in done.output


def test_a_registry_version_without_a_registry_is_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PCFRULES_DATABASE_URL", raising=False)
    done = runner.invoke(app, ["rules", "check", "cement@1.0.0"])
    assert done.exit_code == 2
    assert "does not exist" in done.output and "不存在" in done.output
    assert not list(tmp_path.iterdir())  # reading a registry never creates one
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert runner.invoke(app, ["registry", "--db", db, "init"]).exit_code == 0
    missing = runner.invoke(app, ["rules", "check", "cement@9.9.9", "--db", db])
    assert missing.exit_code == 2 and "cement" in missing.output


def test_a_catalogue_example_keeps_its_catalogue_rule_under_a_shadowing_search_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cement").mkdir()
    text = catalog.rule_file("cement").read_text("utf-8")
    changed = text.replace('en: "Cement"}', 'en: "Portland cement"}', 1)
    (tmp_path / "cement" / "rule.yaml").write_text(changed, encoding="utf-8")
    monkeypatch.setenv("PCFRULES_RULES_PATH", str(tmp_path))
    example = catalog.catalog_dir() / "cement" / "example.yaml"
    result = json.loads(runner.invoke(app, ["calc", str(example), "--format", "json"]).stdout)
    assert result["rule"]["source"] == {"kind": "catalogue", "location": "cement"}
    assert result["rule"]["fingerprint"] == catalog.load("cement").fingerprint()
    shadowed = runner.invoke(app, ["calc", str(example), "--rule", "cement", "--format", "json"])
    assert json.loads(shadowed.stdout)["rule"]["source"]["kind"] == "search-path"
