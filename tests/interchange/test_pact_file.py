"""A supplier's PACT file is checked as PACT v3 defines it; what PACT does not allow is refused."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from pcfrules.errors import StudyError
from pcfrules.interchange import dataset_from_pact, product_footprint
from pcfrules.interchange.pact_file import checked
from pcfrules.studies import run_study
from tests.examples import catalogue_example, pact_exportable
from tests.oracles import PACT_V3_EXAMPLES

EXAMPLES = ["example-1", "example-2", "example-3", "example-4"]


def _example(name: str = "example-1") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PACT_V3_EXAMPLES / f"{name}.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_official_examples_are_accepted(name: str) -> None:
    assert checked(_example(name)).specVersion.startswith("3.")


@pytest.mark.parametrize("name", ["get-footprint-response", "list-footprints-response"])
def test_the_official_responses_hold_accepted_footprints(name: str) -> None:
    data = json.loads((PACT_V3_EXAMPLES / f"{name}.json").read_text("utf-8"))["data"]
    for footprint in data if isinstance(data, list) else [data]:
        checked(footprint)


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("pcfExcludingBiogenicUptake", "NaN", "not a PACT Decimal"),
        ("pcfExcludingBiogenicUptake", "1e999", "not a PACT Decimal"),
        ("pcfExcludingBiogenicUptake", "Infinity", "not a PACT Decimal"),
        ("pcfExcludingBiogenicUptake", 0.384, "a valid string"),  # a Decimal is a string
        ("fossilGhgEmissions", "-0.35", "is not 0 or more"),
        ("biogenicCO2Uptake", "1.61", "is not 0 or less"),
        ("declaredUnitAmount", "0", "is not above 0"),
        ("exemptedEmissionsPercent", "120", "is not 0 to 100"),
        ("declaredUnitOfMeasurement", "furlong", "Input should be"),
    ],
)
def test_a_figure_pact_does_not_allow_is_refused_by_its_path(
    field: str, value: object, shown: str
) -> None:
    data = _example()
    data["pcf"][field] = value
    with pytest.raises(StudyError, match=shown) as err:
        checked(data, "supplier.json")
    assert err.value.location.path == f"pcf.{field}"
    assert err.value.location.file == "supplier.json" and "PACT" in err.value.zh


def test_a_dqr_outside_1_to_5_is_refused() -> None:
    data = _example()
    data["pcf"]["dqi"]["temporalDQR"] = "6"
    with pytest.raises(StudyError, match="is not 1 to 5") as err:
        checked(data)
    assert err.value.location.path == "pcf.dqi.temporalDQR"


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"pcfIncludingBiogenicUptake": "2"}, "exceeds pcfExcludingBiogenicUptake"),
        ({"pcfIncludingBiogenicUptake": "-3"}, "below pcfExcludingBiogenicUptake \\+ biogenicCO2"),
        (
            {"pcfExcludingBiogenicUptake": "0.2", "pcfIncludingBiogenicUptake": "-1.41"},
            "below the parts it includes",
        ),
        ({"referencePeriodEnd": "2023-01-01T00:00:00Z"}, "before referencePeriodStart"),
    ],
)
def test_totals_that_contradict_each_other_are_refused(changes: dict[str, str], shown: str) -> None:
    data = _example()
    data["pcf"].update(changes)
    with pytest.raises(StudyError, match=shown) as err:
        checked(data)
    assert err.value.location.path == "pcf"


def test_relations_allow_the_rounding_of_pact_decimals() -> None:
    """Example 1: -1.23 for 0.384 - 1.61 = -1.226, within the tolerance of rounded figures."""
    pcf = checked(_example()).pcf
    assert pcf.figure("pcfIncludingBiogenicUptake") < pcf.figure("pcfExcludingBiogenicUptake")


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("specVersion", "2.2.0", "pcfrules imports PACT v3"),
        ("specVersion", "3.0", "String should match pattern"),
        ("companyIds", [], "at least 1 item"),
        ("companyIds", ["company 1"], "String should match pattern"),
        ("status", "Draft", "Input should be"),
        ("created", "2025-04-30T00:00:00", "timezone"),
    ],
)
def test_the_footprint_around_the_figures_is_checked(field: str, value: object, shown: str) -> None:
    data = _example()
    data[field] = value
    with pytest.raises(StudyError, match=shown) as err:
        checked(data)
    assert err.value.location.path.startswith(field)


def test_a_missing_required_figure_is_named() -> None:
    data = _example()
    del data["pcf"]["fossilGhgEmissions"]
    with pytest.raises(StudyError, match="Field required") as err:
        checked(data)
    assert err.value.location.path == "pcf.fossilGhgEmissions"


def test_dataset_from_pact_checks_before_it_computes() -> None:
    """Today's failure: a NaN total became a dataset of zero emissions; now it is refused."""
    data = _example()
    data["pcf"]["pcfExcludingBiogenicUptake"] = "NaN"
    with pytest.raises(StudyError, match=r"pcf\.pcfExcludingBiogenicUptake"):
        dataset_from_pact(data, "ethanol")


def test_dqr_is_read_on_the_same_1_to_5_scale() -> None:
    dataset = dataset_from_pact(copy.deepcopy(_example()), "ethanol")
    assert dataset["dqr"] == pytest.approx((1.5 + 3.2 + 2.4) / 3, abs=1e-3)
    assert sum(e["amount"] for e in dataset["emissions"]) == pytest.approx(0.384)


@pytest.mark.parametrize("rule_id", pact_exportable())
def test_every_export_is_a_footprint_the_import_accepts(rule_id: str) -> None:
    footprint = product_footprint(run_study(*catalogue_example(rule_id)))
    assert checked(footprint).pcf.figure("pcfExcludingBiogenicUptake") > 0
