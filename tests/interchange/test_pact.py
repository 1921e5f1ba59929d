"""PACT v3 and v2 exports validated against the official JSON Schemas; PACT files read in."""

from __future__ import annotations

import json
import math
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from pcfrules.errors import StudyError
from pcfrules.interchange import dataset_from_pact, product_footprint, read_footprint
from pcfrules.interchange.pact import UNITS, decimal, declared_unit
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from pcfrules.studies import Result, load_input, rule_for, run_raw, run_study
from pcfrules.studies.model import RawSystem
from pcfrules.units import same_dimension
from tests.examples import catalogue_example, pact_exportable, raw_result
from tests.oracles import PACT

# The official PACT specification files (OpenAPI with the ProductFootprint schema, examples).
PACT_SCHEMAS = PACT


def product_footprint_validator(version: str) -> jsonschema.Draft202012Validator:
    """The ProductFootprint schema of the official PACT OpenAPI file ``v<version>``."""
    openapi = PACT_SCHEMAS / f"v{version}" / "openapi.yaml"
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
    return product_footprint_validator("3")


@pytest.fixture(scope="module")
def validator_v2() -> jsonschema.Draft202012Validator:
    return product_footprint_validator("2")


_RESULTS: dict[str, Result] = {}


def _result(rule_id: str) -> Result:
    """The result of a catalogue example, computed once per test session."""
    if rule_id not in _RESULTS:
        _RESULTS[rule_id] = run_study(*catalogue_example(rule_id))
    return _RESULTS[rule_id]


def test_validator_accepts_the_official_example(validator: jsonschema.Draft202012Validator) -> None:
    example = json.loads((PACT_SCHEMAS / "v3" / "examples" / "example-1.json").read_text("utf-8"))
    assert not list(validator.iter_errors(example))
    broken = dict(example, pcf=dict(example["pcf"], pcfExcludingBiogenicUptake=12.5))
    assert list(validator.iter_errors(broken))  # numbers must be Decimal strings


@pytest.mark.parametrize("rule_id", catalog.catalog_ids())
def test_every_catalogue_example_exports_valid_pact(
    rule_id: str, validator: jsonschema.Draft202012Validator
) -> None:
    result = _result(rule_id)
    unit = catalog.load(rule_id).unit
    if not any(same_dimension(unit.unit, ours) for ours, _ in UNITS):
        with pytest.raises(StudyError, match="has no PACT declared unit"):
            product_footprint(result)  # a power (a PV module per kWp): PACT has no such unit
        return
    other = not same_dimension(unit.unit, "kg") and not same_dimension(unit.unit, "kWh")
    if other and not unit.mass_item:
        with pytest.raises(StudyError, match="product mass per unit"):
            product_footprint(result)  # a volume (Nm3) or a piece needs a mass PACT can use
        return
    footprint = product_footprint(result)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(footprint)]
    assert not errors
    pcf = footprint["pcf"]
    assert footprint["specVersion"] == "3.0.0"
    name, amount = declared_unit(unit.quantity, unit.unit)
    assert pcf["declaredUnitOfMeasurement"] == name and float(pcf["declaredUnitAmount"]) == amount
    mass = 0.0 if name == "kilowatt hour" else amount  # PACT: 0 for an energy
    if other:  # a piece: the mass the study gave for the rule's mass item (a car's curb mass)
        study = result.study or {}
        given = study["activity"][unit.mass_item]
        assert given["unit"] in ("kg/piece", "kg")
        mass = given["value"] * unit.quantity
    assert float(pcf["productMassPerDeclaredUnit"]) == mass
    assert float(pcf["pcfExcludingBiogenicUptake"]) == pytest.approx(result.total.value, abs=1e-6)
    assert rule_id in pcf["productOrSectorSpecificRules"][0]["ruleNames"][0]
    assert pcf["ipccCharacterizationFactors"] == ["AR6"]


def test_company_name_given_overrides_the_enterprise() -> None:
    assert product_footprint(_result("cement"), company="Buyer Ltd")["companyName"] == "Buyer Ltd"


def test_dqi_written_as_they_are_on_pacts_1_to_5_scale() -> None:
    path = catalog.catalog_dir() / "electrolytic-aluminium" / "example.yaml"
    study = load_input(path)
    result = run_study(study, rule_for(study, path))
    assert result.dqi is not None
    dqi = product_footprint(result)["pcf"]["dqi"]
    for pact_name, ours in [("technologicalDQR", "technology"), ("temporalDQR", "time")]:
        assert float(dqi[pact_name]) == pytest.approx(result.dqi[ours], abs=1e-3)
        assert 1 <= float(dqi[pact_name]) <= 5


def test_decimals_and_units() -> None:
    assert decimal(1873.6069871234) == "1873.606987"
    assert decimal(1e-9) == "0" and decimal(-0.0) == "0" and decimal(2.5e7) == "25000000"
    assert declared_unit(1, "t") == ("kilogram", 1000.0)
    assert declared_unit(1, "MWh") == ("kilowatt hour", 1000.0)
    with pytest.raises(StudyError):
        declared_unit(1, "kg*km/s")


@pytest.mark.parametrize("spec", ["3", "2"])
def test_raw_results_are_refused(spec: str) -> None:
    with pytest.raises(StudyError, match="study under a rule") as err:
        product_footprint(raw_result(), spec=spec, cpc="test-cpc")
    assert "依据规则" in err.value.zh and err.value.location.path == "rule"


@pytest.mark.parametrize("spec", ["1", "3.0", "", "v3"])
def test_unknown_spec_is_refused(spec: str) -> None:
    with pytest.raises(StudyError, match="2 or 3") as err:
        product_footprint(_result("cement"), spec=spec)
    assert "版本" in err.value.zh and err.value.location.path == "--spec"


@pytest.mark.parametrize("cpc", ["", "  "])
def test_v2_without_cpc_is_refused(cpc: str) -> None:
    with pytest.raises(StudyError, match="CPC") as err:
        product_footprint(_result("cement"), spec="2", cpc=cpc)
    assert "CPC" in err.value.zh and err.value.location.path == "--cpc"


@pytest.mark.parametrize("rule_id", pact_exportable())
def test_v2_on_request_is_valid(
    rule_id: str, validator_v2: jsonschema.Draft202012Validator
) -> None:
    footprint = product_footprint(_result(rule_id), spec="2", cpc="test-cpc")
    errors = [f"{list(e.path)}: {e.message}" for e in validator_v2.iter_errors(footprint)]
    assert not errors
    assert footprint["specVersion"] == "2.2.0" and footprint["productCategoryCpc"] == "test-cpc"
    assert footprint["pcf"]["characterizationFactors"] == "AR6"


def test_supplier_pact_becomes_a_dataset(tmp_path: Path) -> None:
    steel = _result("crude-steel-bf-bof")
    file = tmp_path / "pf.json"
    file.write_text(json.dumps(product_footprint(steel)), encoding="utf-8")
    dataset = dataset_from_pact(read_footprint(file), "steel")
    assert dataset["unit"] == "kg" and "PACT" in dataset["source"]
    assert sum(e["amount"] for e in dataset["emissions"]) == pytest.approx(
        steel.total.value / 1000, rel=1e-9
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
    assert run_raw(system).total.value == pytest.approx(2 * steel.total.value, rel=1e-9)


def test_bad_pact_content_is_named() -> None:
    with pytest.raises(StudyError, match="PACT v3") as err:
        dataset_from_pact({"pcf": {"declaredUnitOfMeasurement": "furlong"}}, "x")
    assert "pcf.declaredUnitOfMeasurement" in err.value.en


@pytest.mark.parametrize(
    ("content", "en", "field"),
    [
        (None, "file not found", None),
        ("{not json", "not valid JSON", None),
        ("[1, 2]", "not a ProductFootprint", None),
        ('{"specVersion": "3.0.0", "pcf": {}}', "id: Field required", "id"),
        ('{"id": "x", "pcf": {}}', "specVersion: Field required", "id"),
        ('{"id": "x", "specVersion": "2.2.0"}', "pcfrules imports PACT v3", "specVersion"),
        ('{"id": "x", "specVersion": "3.0.0", "pcf": 12}', "pcf: Input should be", "id"),
    ],
)
def test_read_footprint_names_the_file(
    tmp_path: Path, content: str | None, en: str, field: str | None
) -> None:
    file = tmp_path / "supplier.json"
    if content is not None:
        file.write_text(content, encoding="utf-8")
    with pytest.raises(StudyError, match=en) as err:
        read_footprint(file)
    assert "PACT 文件" in err.value.zh
    assert err.value.location.file == str(file) and err.value.location.path == field


def test_export_refuses_a_non_finite_figure_naming_the_pact_field() -> None:
    result = _result("cement")
    broken = result.model_copy(update={"by_origin": {**result.by_origin, "aircraft": math.nan}})
    with pytest.raises(StudyError, match="not a finite number") as err:
        product_footprint(broken)
    assert err.value.location.path == "pcf.aircraftGhgEmissions"


def test_export_refuses_a_negative_part_pact_keeps_non_negative() -> None:
    """A negative fossil part (credits larger than the emissions) is refused, never clipped to 0."""
    result = _result("cement")
    broken = result.model_copy(update={"by_origin": {**result.by_origin, "fossil": -5.0}})
    with pytest.raises(StudyError, match="zero or more") as err:
        product_footprint(broken)
    assert err.value.location.path == "pcf.fossilGhgEmissions"
    noise = result.model_copy(update={"by_origin": {**result.by_origin, "dluc": -1e-12}})
    assert product_footprint(noise)["pcf"]["landUseChangeGhgEmissions"] == "0"


def test_decimals_of_any_finite_size_are_plain() -> None:
    assert decimal(1e30) == "1" + "0" * 30
    with pytest.raises(StudyError, match="not a finite number"):
        decimal(math.inf, field="pcf.x")


def test_v2_refuses_a_negative_total_v2_does_not_allow() -> None:
    result = _result("cement")
    negative = result.model_copy(update={"total": result.total.model_copy(update={"value": -3.0})})
    negative = negative.model_copy(update={"by_origin": {**result.by_origin, "fossil": 0.0}})
    assert product_footprint(negative)["pcf"]["pcfExcludingBiogenicUptake"] == "-3"
    with pytest.raises(StudyError, match="pCfExcludingBiogenic") as err:
        product_footprint(negative, spec="2", cpc="test-cpc")
    assert err.value.location.path == "pcf.pCfExcludingBiogenic"


def _cement_with_biogenic_methane() -> Result:
    """The cement example under its rule plus a biogenic CH4 formula (as much CH4 as the coal's)."""
    data = to_plain(read_yaml(catalog.rule_file("cement")))
    data["inventory"]["formulas"].append(
        {
            "id": "af_ch4",
            "process": "clinker_burning",
            "gas": "CH4",
            "origin": "biogenic",
            "expression": "coal_consumed * coal_ncv * coal_ch4_ef",
            "description": {"zh": "替代燃料燃烧 CH4（测试）", "en": "CH4 from AF (test)"},
        }
    )
    study, _ = catalogue_example("cement")
    return run_study(study, validate_rule(data, "cement+af_ch4"))


def test_v2_excludes_biogenic_co2_but_keeps_biogenic_methane(
    validator_v2: jsonschema.Draft202012Validator,
) -> None:
    """PACT v2: pCfExcludingBiogenic leaves out biogenic CO2, keeps biogenic CH4 (by hand)."""
    result = _cement_with_biogenic_methane()
    total = result.total.value
    biogenic_co2 = 20000 * 15.0 * 85.0 * 0.4 / 1e6  # AF: t x GJ/t x kg/GJ x biogenic share, per t
    biogenic_ch4 = 110000 * 22.0 * 10 / 1000 / 1e6  # kg CH4 per t of cement
    assert result.inventory["biogenic"]["CO2"] == pytest.approx(biogenic_co2, rel=1e-9)
    footprint = product_footprint(result, spec="2", cpc="test-cpc")
    assert not [e.message for e in validator_v2.iter_errors(footprint)]
    pcf = footprint["pcf"]
    assert float(pcf["pCfExcludingBiogenic"]) == pytest.approx(total - biogenic_co2, abs=1e-6)
    assert float(pcf["pCfIncludingBiogenic"]) == pytest.approx(total, abs=1e-6)
    # the biogenic CH4 stays in pCfExcludingBiogenic: fossil + biogenic CH4 at 27.0 is all of it
    assert float(pcf["pCfExcludingBiogenic"]) == pytest.approx(
        result.by_origin["fossil"] + biogenic_ch4 * 27.0, abs=1e-6
    )
    v3 = product_footprint(result)["pcf"]
    assert float(v3["pcfExcludingBiogenicUptake"]) == pytest.approx(total, abs=1e-6)
    assert float(v3["biogenicNonCO2Emissions"]) == pytest.approx(biogenic_ch4 * 27.0, abs=1e-6)
