"""Linked inputs: a study's input supplied by a study under the upstream rule or a PACT file.

The downstream rule (``linked/rule.yaml``, a cast part made of electrolytic aluminium) links
its aluminium footprint to the catalogue's aluminium rule and its grid factor to
``electricity``. Each expected total is computed by hand from the upstream's own result.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from pcfrules.errors import RuleValidationError, StudyError
from pcfrules.interchange import product_footprint
from pcfrules.interchange.pact import PACT_FOOTPRINTS
from pcfrules.rules import catalog
from pcfrules.rules.loader import load_rule
from pcfrules.studies import compute, load_input, run_study
from pcfrules.studies.model import Study
from pcfrules.studies.result_model import Result

HERE = Path(__file__).parent / "linked"
OUTPUT, METAL, POWER, GRID = 1000.0, 1050.0, 800_000.0, 0.6205


def _folder(tmp_path: Path, supplied: dict[str, Any], **extra: Any) -> Path:
    """The downstream rule, the aluminium example and a downstream study, side by side."""
    shutil.copy(HERE / "rule.yaml", tmp_path / "rule.yaml")
    shutil.copy(
        catalog.catalog_dir() / "electrolytic-aluminium" / "example.yaml", tmp_path / "al.yaml"
    )
    study = {
        "format": "pcfrules.study/1",
        "rule": {"id": "cast-part", "version": "1.0.0"},
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "activity": {
            "parts_output": {"value": OUTPUT, "unit": "t"},
            "metal_used": {"value": METAL, "unit": "t"},
            "power": {"value": POWER, "unit": "kWh"},
            **extra.get("activity", {}),
        },
        "parameters": extra.get("parameters", {}),
        "supplied": supplied,
    }
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(study, allow_unicode=True), "utf-8")
    return path


def _aluminium(tmp_path: Path) -> Result:
    return compute(tmp_path / "al.yaml")


def test_an_input_supplied_by_a_study_under_the_upstream_rule(tmp_path: Path) -> None:
    path = _folder(tmp_path, {"metal_footprint": {"study": "al.yaml"}})
    result = compute(path)
    aluminium = _aluminium(tmp_path).total.value  # kg CO2e per t, computed on its own
    expected = (METAL * aluminium + POWER * GRID) / OUTPUT
    assert result.total.value == pytest.approx(expected, rel=1e-12)
    source = (result.input_sources or {})["metal_footprint"]
    assert source["kind"] == "study" and source["file"] == "al.yaml"
    assert source["rule"]["id"] == "electrolytic-aluminium"
    assert source["value"] == pytest.approx(aluminium, rel=1e-12) and source["unit"] == "kg/t"
    assert (result.input_sources or {})["grid_factor"]["kind"] == "default"
    Result.model_validate_json(result.to_json())  # the sources survive the result file


def test_an_input_supplied_by_a_suppliers_pact_footprint(tmp_path: Path) -> None:
    path = _folder(tmp_path, {"metal_footprint": {"pact": "supplier.json"}})
    pact = product_footprint(_aluminium(tmp_path))
    (tmp_path / "supplier.json").write_text(json.dumps(pact), "utf-8")
    result = compute(path, footprints=PACT_FOOTPRINTS)
    pcf = pact["pcf"]
    per_kg = float(pcf["pcfExcludingBiogenicUptake"]) / float(pcf["declaredUnitAmount"])
    expected = (METAL * 1000 * per_kg + POWER * GRID) / OUTPUT
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    source = (result.input_sources or {})["metal_footprint"]
    assert source["kind"] == "pact" and pact["id"] in source["label"]
    assert source["unit"] == "kg/kg" and source["value"] == pytest.approx(per_kg, rel=1e-12)


def test_a_pact_file_without_a_reader_is_refused_by_name(tmp_path: Path) -> None:
    path = _folder(tmp_path, {"metal_footprint": {"pact": "supplier.json"}})
    with pytest.raises(StudyError, match="PACT") as caught:
        compute(path)
    assert caught.value.location.path == "supplied.metal_footprint"


def test_a_parameter_supplied_by_a_study_and_a_given_value_is_its_own_source(
    tmp_path: Path,
) -> None:
    given = {"metal_footprint": {"value": 12000, "unit": "kg/t", "source": "supplier letter 2025"}}
    path = _folder(tmp_path, {"grid_factor": {"study": "al.yaml"}}, activity=given)
    with pytest.raises(StudyError, match="electricity") as caught:
        compute(path)  # the grid factor must come from a study under the electricity rule
    assert "electrolytic-aluminium" in caught.value.en
    path = _folder(tmp_path, {}, activity=given)
    result = compute(path)
    assert (result.input_sources or {})["metal_footprint"] == {
        "kind": "given",
        "upstream": "electrolytic-aluminium",
        "value": 12000,
        "unit": "kg/t",
        "label": "supplier letter 2025",
    }
    assert result.total.value == pytest.approx((METAL * 12000 + POWER * GRID) / OUTPUT)


def test_studies_that_supply_each_other_are_refused_as_a_loop(tmp_path: Path) -> None:
    rule = (
        (HERE / "rule.yaml")
        .read_text("utf-8")
        .replace("upstream: electrolytic-aluminium", "upstream: cast-part")
    )
    path = _folder(tmp_path, {"metal_footprint": {"study": "other.yaml"}})
    (tmp_path / "rule.yaml").write_text(rule, "utf-8")
    other = yaml.safe_load(path.read_text("utf-8"))
    other["supplied"] = {"metal_footprint": {"study": "study.yaml"}}
    (tmp_path / "other.yaml").write_text(yaml.safe_dump(other), "utf-8")
    with pytest.raises(StudyError, match="loop") as caught:
        compute(path)
    assert "study.yaml → other.yaml → study.yaml" in caught.value.en
    assert "循环" in caught.value.zh


@pytest.mark.parametrize(
    ("supplied", "activity", "words"),
    [
        ({"power": {"study": "al.yaml"}}, {}, "not an input the rule links"),
        (
            {"metal_footprint": {"study": "al.yaml"}},
            {"metal_footprint": {"value": 1, "unit": "kg/t"}},
            "both supplied and given",
        ),
        ({"metal_footprint": {"study": "missing.yaml"}}, {}, "does not exist"),
    ],
)
def test_a_supply_that_cannot_be_followed_is_refused_naming_it(
    tmp_path: Path, supplied: dict[str, Any], activity: dict[str, Any], words: str
) -> None:
    path = _folder(tmp_path, supplied, activity=activity)
    with pytest.raises(StudyError, match=words):
        compute(path)


def test_a_supply_names_exactly_one_footprint(tmp_path: Path) -> None:
    path = _folder(tmp_path, {"metal_footprint": {"study": "al.yaml", "pact": "x.json"}})
    with pytest.raises(RuleValidationError, match="exactly one") as caught:
        compute(path)  # named where it is written
    assert caught.value.location.line == 20 and "supplied.metal_footprint" in str(caught.value)


def test_a_study_held_without_its_folder_cannot_follow_files(tmp_path: Path) -> None:
    path = _folder(tmp_path, {"metal_footprint": {"study": "al.yaml"}})
    study = load_input(path)
    assert isinstance(study, Study)
    with pytest.raises(StudyError, match="on disk"):
        run_study(study, load_rule(tmp_path / "rule.yaml"))  # e.g. an upload kept on a server


def test_a_linked_factor_left_out_is_never_a_silent_zero(tmp_path: Path) -> None:
    path = _folder(tmp_path, {})
    rule = (tmp_path / "rule.yaml").read_text("utf-8")
    optional = "upstream: electrolytic-aluminium, mandatory: false}"
    (tmp_path / "rule.yaml").write_text(rule.replace("upstream: electrolytic-aluminium}", optional))
    result = compute(path)  # the aluminium burnt counts as zero, and the result says so
    warned = [f for f in result.findings or [] if f["code"] == "STUDY-ITEM-004"]
    assert [f["path"] for f in warned] == ["activity.metal_footprint"]
    assert warned[0]["severity"] == "warning" and "metal_used" not in warned[0]["path"]
    assert result.total.value == pytest.approx(POWER * GRID / OUTPUT)
    study = yaml.safe_load(path.read_text("utf-8"))
    study["activity"]["metal_used"]["value"] = 0  # nothing it multiplies: zero is honest
    path.write_text(yaml.safe_dump(study), "utf-8")
    assert not [f for f in compute(path).findings or [] if f["code"] == "STUDY-ITEM-004"]
