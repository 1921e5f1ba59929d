"""Values a study cannot hold are refused before anything is computed, naming the field."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pcfrules.errors import ProductSystemError, StudyError
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_as
from pcfrules.studies import run_raw, run_study
from pcfrules.studies.cbam import embedded_emissions
from pcfrules.studies.model import RawSystem, Study
from pcfrules.studies.values import fraction_names


def _example(rule_id: str) -> dict[str, Any]:
    return copy.deepcopy(to_plain(read_yaml(catalog.catalog_dir() / rule_id / "example.yaml")))


def _run(data: dict[str, Any], rule_id: str = "cement", samples: int = 0) -> None:
    run_study(validate_as(Study, data, "study"), catalog.load(rule_id), samples)


@pytest.mark.parametrize(
    ("rule_id", "item", "value", "code", "path"),
    [
        ("cement", "coal_consumed", -5.0, "negative", "activity.coal_consumed"),
        (
            "cement",
            "cement_output",
            0.0,
            "product output 'cement_output' is zero",
            "activity.cement_output",
        ),
        (
            "cement",
            "af_biogenic_fraction",
            1.4,
            "a fraction and must be 0 to 1",
            "activity.af_biogenic_fraction",
        ),
    ],
)
def test_impossible_values_are_refused(
    rule_id: str, item: str, value: float, code: str, path: str
) -> None:
    data = _example(rule_id)
    data["activity"].setdefault(item, {"unit": "dimensionless"})["value"] = value
    with pytest.raises(StudyError, match=code) as err:
        _run(data, rule_id)
    assert err.value.location.path == path


def test_a_negative_parameter_the_study_gives_is_refused() -> None:
    data = _example("cement")
    data["parameters"] = {
        "coal_ef_default": {"value": -94.6, "unit": "kg/GJ", "source": "x", "year": 2024}
    }
    with pytest.raises(StudyError, match="negative") as err:
        _run(data)
    assert err.value.location.path == "parameters.coal_ef_default"


def test_a_carbon_content_parameter_above_one_is_refused() -> None:
    data = _example("crude-steel-bf-bof")
    data["parameters"] = {
        "c_steel": {"value": 1.2, "unit": "dimensionless", "source": "x", "year": 2024}
    }
    with pytest.raises(StudyError, match="a fraction and must be 0 to 1") as err:
        _run(data, "crude-steel-bf-bof")
    assert err.value.location.path == "parameters.c_steel"


def test_the_fractions_are_those_the_rule_uses_as_fractions() -> None:
    assert fraction_names(catalog.load("cement")) == {"af_biogenic_fraction"}
    assert "c_steel" in fraction_names(catalog.load("crude-steel-bf-bof"))


@pytest.mark.parametrize(
    ("spec", "shown"),
    [
        ({"distribution": "lognormal", "sigma": 0.0}, "0 < sigma ≤ 3"),
        ({"distribution": "lognormal", "sigma": 8.0}, "0 < sigma ≤ 3"),
        ({"distribution": "normal", "sd": -1.0}, "sd > 0"),
        ({"distribution": "triangular", "low": 800000.0, "high": 700000.0}, "low < high"),
        ({"distribution": "uniform", "low": 5.0, "high": 5.0}, "low < high"),
    ],
)
def test_a_meaningless_distribution_is_refused_even_without_draws(
    spec: dict[str, Any], shown: str
) -> None:
    data = _example("cement")
    data["activity"]["clinker_output"]["uncertainty"] = spec
    with pytest.raises(ProductSystemError, match=shown) as err:
        _run(data)
    assert err.value.location.path.startswith("activity.clinker_output.uncertainty")


def _raw(**changes: Any) -> RawSystem:
    data: dict[str, Any] = {
        "format": "pcfrules.system/1",
        "reference": {"flow": "board", "amount": 1, "unit": "kg"},
        "processes": [
            {
                "id": "press",
                "outputs": [{"flow": "board", "amount": 1, "unit": "kg"}],
                "emissions": [{"gas": "CO2", "amount": 2, "unit": "kg"}],
            }
        ],
    }
    data.update(changes)
    return RawSystem.model_validate(data)


def test_raw_carbon_content_above_the_product_mass_is_refused() -> None:
    assert run_raw(_raw(biogenic_carbon_content=0.45)).total.value == pytest.approx(2.0)
    with pytest.raises(ProductSystemError, match="a fraction 0 to 1") as err:
        run_raw(_raw(biogenic_carbon_content=1.5))
    assert err.value.location.path == "biogenic_carbon_content"


def test_raw_triangular_with_min_above_max_is_refused_without_draws() -> None:
    triangle = {"distribution": "triangular", "low": 3, "high": 1}
    emission = {"gas": "CO2", "amount": 2, "unit": "kg", "uncertainty": triangle}
    process = {
        "id": "press",
        "outputs": [{"flow": "board", "amount": 1, "unit": "kg"}],
        "emissions": [emission],
    }
    with pytest.raises(ProductSystemError, match="low < high") as err:
        run_raw(_raw(processes=[process]))
    assert "press.emissions[0]" in err.value.en


@pytest.mark.parametrize("amount", [0, -1])
def test_raw_reference_amount_must_be_positive(amount: float) -> None:
    with pytest.raises(ProductSystemError, match="positive") as err:
        run_raw(_raw(reference={"flow": "board", "amount": amount, "unit": "kg"}))
    assert err.value.location.path == "reference.amount"


def test_a_rule_value_that_is_not_finite_never_reaches_a_result() -> None:
    """Defence in depth: a rule's NaN default is refused by the formula, footprint and CBAM."""
    rule = catalog.load("cement").model_copy(deep=True)
    rule.parameters()["co2_per_cao"].value = float("nan")
    study = validate_as(Study, _example("cement"), "study")
    with pytest.raises(StudyError, match="co2_per_cao not finite") as err:
        run_study(study, rule)
    assert err.value.location.path == "inventory.formulas.calcination_co2"
    with pytest.raises(StudyError, match="finite number") as err:
        embedded_emissions(study, rule)
    assert err.value.location.path.startswith("cbam.source_streams")
