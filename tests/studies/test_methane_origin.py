"""Methane is characterised by its origin: AR6 CH4-fossil 29.8, CH4-non fossil 27.0 (Table 7.15)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pcfrules import datasets
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from pcfrules.studies import run_raw, run_study
from pcfrules.studies.model import RawSystem, Study

CH4_FOSSIL, CH4_NON_FOSSIL = 29.8, 27.0  # AR6 WGI Chapter 7, Table 7.15


def _raw(gwp_set: str) -> RawSystem:
    """1 kg of product: 2 kg fossil CH4, 3 kg biogenic CH4, 0.5 kg aircraft CH4, 1 kg dLUC CH4."""
    return RawSystem.model_validate(
        {
            "format": "pcfrules.system/1",
            "gwp_set": gwp_set,
            "reference": {"flow": "p", "amount": 1, "unit": "kg"},
            "processes": [
                {
                    "id": "make",
                    "outputs": [{"flow": "p", "amount": 1, "unit": "kg"}],
                    "emissions": [
                        {"gas": "CH4", "amount": 2, "origin": "fossil"},
                        {"gas": "CH4", "amount": 3, "origin": "biogenic"},
                        {"gas": "CH4", "amount": 0.5, "origin": "aircraft"},
                        {"gas": "CH4", "amount": 1, "origin": "dluc"},
                        {"gas": "CO2", "amount": 10, "origin": "biogenic"},
                    ],
                }
            ],
        }
    )


@pytest.mark.parametrize(
    ("gwp_set", "fossil", "non_fossil"),
    [
        ("AR6-GWP100", CH4_FOSSIL, CH4_NON_FOSSIL),
        ("AR5-GWP100", 30.0, 28.0),  # AR5 Table 8.7 note: fossil methane +2; no cc feedbacks
        ("AR4-GWP100", 25.0, 25.0),  # AR4 has one CH4 value
    ],
)
def test_raw_system_methane_by_origin(gwp_set: str, fossil: float, non_fossil: float) -> None:
    result = run_raw(_raw(gwp_set))
    by_hand = {
        "fossil": 2 * fossil,
        "aircraft": 0.5 * fossil,
        "biogenic": 3 * non_fossil + 10,
        "dluc": 1 * non_fossil,
    }
    assert result.by_origin == pytest.approx(by_hand, rel=1e-12)
    assert result.by_gas["CH4"] == pytest.approx(2.5 * fossil + 4 * non_fossil, rel=1e-12)
    assert result.total.value == pytest.approx(2.5 * fossil + 4 * non_fossil + 10, rel=1e-12)
    # the inventory keeps the masses, the characterisation says which value was applied
    assert result.inventory["biogenic"]["CH4"] == pytest.approx(3.0)
    assert result.characterisation is not None
    assert result.characterisation["fossil"]["CH4"] == fossil
    assert result.characterisation["aircraft"]["CH4"] == fossil
    assert result.characterisation["biogenic"] == {"CH4": non_fossil, "CO2": 1.0}
    assert result.characterisation["dluc"]["CH4"] == non_fossil


def test_shipped_values_carry_table_and_year() -> None:
    fossil = datasets.gwp_of("AR6-GWP100", "CH4", "fossil")
    biogenic = datasets.gwp_of("AR6-GWP100", "CH4", "biogenic")
    assert (fossil.value, biogenic.value) == (CH4_FOSSIL, CH4_NON_FOSSIL)
    assert "Table 7.15" in fossil.source and "Table 7.15" in biogenic.source
    assert fossil.year == biogenic.year == 2021
    # gases whose GWP does not depend on origin fall back to the generic value
    assert datasets.gwp_of("AR6-GWP100", "N2O", "biogenic").value == 273
    assert datasets.gwp_of("AR6-GWP100", "CH4", "fossil") != datasets.gwp("AR6-GWP100", "CH4")
    assert datasets.gwp_origin_values("AR4-GWP100") == {}


def _cement_with_biogenic_methane() -> Any:
    data = copy.deepcopy(to_plain(read_yaml(catalog.rule_file("cement"))))
    data["inventory"]["formulas"].append(
        {
            "id": "af_ch4",
            "process": "clinker_burning",
            "gas": "CH4",
            "origin": "biogenic",
            # as much CH4 as the coal gives, but of biogenic origin (a test construction)
            "expression": "coal_consumed * coal_ncv * coal_ch4_ef",
            "description": {"zh": "替代燃料燃烧 CH4（测试）", "en": "CH4 from AF (test)"},
        }
    )
    return validate_rule(data, "cement+af_ch4")


def test_study_with_fossil_and_biogenic_methane_by_hand() -> None:
    example = catalog.catalog_dir() / "cement" / "example.yaml"
    study = Study.model_validate(to_plain(read_yaml(example)))
    plain = run_study(study, catalog.load("cement"))
    both = run_study(study, _cement_with_biogenic_methane())
    ch4 = 110000 * 22.0 * 10 / 1000 / 1e6  # kg CH4 per kg cement: coal x NCV x 10 kg/TJ
    assert both.inventory["fossil"]["CH4"] == pytest.approx(ch4, rel=1e-9)
    assert both.inventory["biogenic"]["CH4"] == pytest.approx(ch4, rel=1e-9)
    assert both.by_gas["CH4"] == pytest.approx(ch4 * (29.8 + 27.0), rel=1e-9)
    assert both.total.value - plain.total.value == pytest.approx(ch4 * 27.0, rel=1e-9)
    assert both.by_origin["biogenic"] - plain.by_origin["biogenic"] == pytest.approx(
        ch4 * 27.0, rel=1e-9
    )
    assert both.characterisation is not None
    assert both.characterisation["fossil"]["CH4"] == 29.8
    assert both.characterisation["biogenic"]["CH4"] == 27.0
