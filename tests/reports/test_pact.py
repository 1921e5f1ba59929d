"""PACT v3 (and v2) exports validated against the official JSON Schemas in tests/oracles."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import StudyError
from pcfrules.reports import product_footprint
from pcfrules.reports.pact import decimal, declared_unit
from pcfrules.rules import catalog
from pcfrules.studies import load_input, rule_for, run_study
from tests.examples import catalogue_example
from tests.oracles import PACT_V2_OPENAPI, PACT_V3_EXAMPLES, PACT_V3_OPENAPI
from tests.output import assert_shows


def _product_footprint_validator(openapi: Path) -> jsonschema.Draft202012Validator:
    """The ProductFootprint schema of an official PACT OpenAPI file, as a validator."""
    spec = YAML(typ="safe").load(openapi.read_text("utf-8"))
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        "$ref": "#/components/schemas/ProductFootprint",
    }
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return _product_footprint_validator(PACT_V3_OPENAPI)


def _result(rule_id: str) -> dict:
    return run_study(*catalogue_example(rule_id))


def test_validator_accepts_the_official_example(validator: jsonschema.Draft202012Validator) -> None:
    example = json.loads((PACT_V3_EXAMPLES / "example-1.json").read_text("utf-8"))
    assert not list(validator.iter_errors(example))
    broken = dict(example, pcf=dict(example["pcf"], pcfExcludingBiogenicUptake=12.5))
    assert list(validator.iter_errors(broken))  # numbers must be Decimal strings


@pytest.mark.parametrize("rule_id", catalog.catalog_ids())
def test_every_catalogue_example_exports_valid_pact(
    rule_id: str, validator: jsonschema.Draft202012Validator
) -> None:
    result = _result(rule_id)
    footprint = product_footprint(result)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(footprint)]
    assert not errors
    pcf = footprint["pcf"]
    assert pcf["declaredUnitOfMeasurement"] == "kilogram" and pcf["declaredUnitAmount"] == "1000"
    assert float(pcf["pcfExcludingBiogenicUptake"]) == pytest.approx(
        result["total"]["value"], abs=1e-6
    )
    assert rule_id in pcf["productOrSectorSpecificRules"][0]["ruleNames"][0]
    assert pcf["ipccCharacterizationFactors"] == ["AR6"]


def test_dqi_rescaled_to_pact_range() -> None:
    path = catalog.catalog_dir() / "electrolytic-aluminium" / "example.yaml"
    study = load_input(path)
    result = run_study(study, rule_for(study, path))
    dqi = product_footprint(result)["pcf"]["dqi"]
    for pact_name, ours in [("technologicalDQR", "technology"), ("temporalDQR", "time")]:
        assert float(dqi[pact_name]) == pytest.approx(1 + (result["dqi"][ours] - 1) / 2, abs=1e-3)
        assert 1 <= float(dqi[pact_name]) <= 3


def test_decimals_and_units() -> None:
    assert decimal(1873.6069871234) == "1873.606987"
    assert decimal(1e-9) == "0" and decimal(-0.0) == "0" and decimal(2.5e7) == "25000000"
    assert declared_unit(1, "t") == ("kilogram", 1000.0)
    assert declared_unit(1, "MWh") == ("kilowatt hour", 1000.0)
    with pytest.raises(StudyError):
        declared_unit(1, "kg*km/s")


def test_raw_results_are_refused() -> None:
    with pytest.raises(StudyError, match="study under a rule"):
        product_footprint({"rule": None, "study": None})


def test_cli(tmp_path: Path, validator: jsonschema.Draft202012Validator) -> None:
    result_file, out = tmp_path / "r.json", tmp_path / "pf.json"
    example = catalog.catalog_dir() / "cement" / "example.yaml"
    assert CliRunner().invoke(app, ["calc", str(example), "-o", str(result_file)]).exit_code == 0
    assert CliRunner().invoke(app, ["pact", str(result_file), "-o", str(out)]).exit_code == 0
    assert not list(validator.iter_errors(json.loads(out.read_text("utf-8"))))


def test_supplier_pact_becomes_a_dataset(tmp_path: Path) -> None:
    from pcfrules.reports import dataset_from_pact
    from pcfrules.studies.model import RawSystem
    from pcfrules.studies.run import run_raw

    steel = _result("crude-steel-bf-bof")
    dataset = dataset_from_pact(product_footprint(steel), "steel")
    assert dataset["unit"] == "kg"
    assert sum(e["amount"] for e in dataset["emissions"]) == pytest.approx(
        steel["total"]["value"] / 1000, rel=1e-9
    )
    system = RawSystem.model_validate(
        {
            "format": "pcfrules.system/1",
            "reference": {"flow": "frame", "amount": 1, "unit": "piece"},
            "processes": [
                {
                    "id": "welding",
                    "outputs": [{"flow": "frame", "amount": 1, "unit": "piece"}],
                    "inputs": [{"flow": "steel", "amount": 2, "unit": "t"}],
                }
            ],
            "datasets": [dataset],
        }
    )
    assert run_raw(system)["total"]["value"] == pytest.approx(2 * steel["total"]["value"], rel=1e-9)


def test_bad_pact_file_is_named() -> None:
    from pcfrules.reports import dataset_from_pact

    with pytest.raises(StudyError, match="PACT v3"):
        dataset_from_pact({"pcf": {"declaredUnitOfMeasurement": "furlong"}}, "x")


def test_pact_import_cli(tmp_path: Path) -> None:
    pf = tmp_path / "pf.json"
    pf.write_text(json.dumps(product_footprint(_result("cement"))), encoding="utf-8")
    out = tmp_path / "dataset.yaml"
    result = CliRunner().invoke(app, ["pact-import", str(pf), "--flow", "cement", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = YAML(typ="safe").load(out.read_text("utf-8"))
    assert data["datasets"][0]["flow"] == "cement" and "PACT" in data["datasets"][0]["source"]


@pytest.fixture(scope="module")
def validator_v2() -> jsonschema.Draft202012Validator:
    return _product_footprint_validator(PACT_V2_OPENAPI)


@pytest.mark.parametrize("rule_id", catalog.catalog_ids())
def test_v2_on_request_is_valid(
    rule_id: str, validator_v2: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    from pcfrules.reports import product_footprint_v2

    footprint = product_footprint_v2(_result(rule_id), cpc="test-cpc")
    errors = [f"{list(e.path)}: {e.message}" for e in validator_v2.iter_errors(footprint)]
    assert not errors
    assert footprint["pcf"]["characterizationFactors"] == "AR6"
    with pytest.raises(StudyError, match="CPC"):
        product_footprint_v2(_result(rule_id), cpc="")


def test_v2_cli(tmp_path: Path, validator_v2: jsonschema.Draft202012Validator) -> None:
    result_file, out = tmp_path / "r.json", tmp_path / "pf2.json"
    example = catalog.catalog_dir() / "cement" / "example.yaml"
    assert CliRunner().invoke(app, ["calc", str(example), "-o", str(result_file)]).exit_code == 0
    outcome = CliRunner().invoke(
        app, ["pact", str(result_file), "-o", str(out), "--spec", "2", "--cpc", "test-cpc"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert not list(validator_v2.iter_errors(json.loads(out.read_text("utf-8"))))
    refused = CliRunner().invoke(app, ["pact", str(result_file), "-o", str(out), "--spec", "2"])
    assert refused.exit_code == 2
    assert_shows(refused.output, "CPC")
