"""PACT v3's ListFootprints filters: OR within a criterion, AND across, case-insensitive."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pcfrules.interchange.pact_filter import Criteria, matches, validity

FOOTPRINT: dict[str, Any] = {
    "status": "Active",
    "productIds": ["urn:pcfrules:product:cement:p-o-42-5"],
    "companyIds": ["urn:pcfrules:company:example-cement"],
    "productClassifications": ["urn:pact:productclassification:un-cpc:3744"],
    "pcf": {"geographyCountry": "CN", "referencePeriodEnd": "2025-12-31T23:59:59Z"},
}


def test_no_criteria_match_everything_and_say_so() -> None:
    assert not Criteria() and matches(FOOTPRINT, Criteria())
    assert Criteria(geography=("CN",))


def test_values_of_one_criterion_are_ored_and_criteria_anded() -> None:
    product = "URN:PCFRULES:PRODUCT:CEMENT:P-O-42-5"
    assert matches(FOOTPRINT, Criteria(product_ids=("urn:other", product)))
    assert matches(FOOTPRINT, Criteria(product_ids=(product,), geography=("cn", "DE")))
    assert not matches(FOOTPRINT, Criteria(product_ids=(product,), geography=("DE",)))
    assert not matches(FOOTPRINT, Criteria(company_ids=("urn:x",)))
    assert matches(FOOTPRINT, Criteria(classification=(FOOTPRINT["productClassifications"][0],)))
    assert matches(FOOTPRINT, Criteria(status="Active"))
    assert not matches(FOOTPRINT, Criteria(status="Deprecated"))


def test_validity_defaults_to_three_years_after_the_reference_period() -> None:
    start, end = validity(FOOTPRINT)
    assert start == datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert end == datetime(2028, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert matches(FOOTPRINT, Criteria(valid_on=datetime(2027, 1, 1)))  # naive is UTC
    assert not matches(FOOTPRINT, Criteria(valid_on=datetime(2030, 1, 1, tzinfo=UTC)))
    assert matches(FOOTPRINT, Criteria(valid_after=datetime(2025, 1, 1, tzinfo=UTC)))
    assert not matches(FOOTPRINT, Criteria(valid_after=datetime(2026, 1, 1, tzinfo=UTC)))
    assert matches(FOOTPRINT, Criteria(valid_before=datetime(2029, 1, 1, tzinfo=UTC)))
    assert not matches(FOOTPRINT, Criteria(valid_before=datetime(2028, 1, 1, tzinfo=UTC)))
    given = {**FOOTPRINT, "validityPeriodStart": "2026-01-01T00:00:00Z",
             "validityPeriodEnd": "2026-06-30T00:00:00Z"}  # fmt: skip
    assert not matches(given, Criteria(valid_on=datetime(2027, 1, 1, tzinfo=UTC)))
    assert not matches({"pcf": {}}, Criteria(valid_on=datetime(2027, 1, 1, tzinfo=UTC)))
