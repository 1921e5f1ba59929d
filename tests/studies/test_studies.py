"""Studies under the cement rule: totals by hand, the study check, Monte Carlo, comparison."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from pcfrules.errors import ComparisonError, StudyError
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_as
from pcfrules.studies import compare, run_study
from pcfrules.studies.model import Study

# AR6 GWP100: the coal's CH4 is fossil (Table 7.15 CH4-fossil 29.8, not the generic 27.9)
CH4, N2O = 29.8, 273.0
EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"


@pytest.fixture
def example() -> dict[str, Any]:
    return copy.deepcopy(to_plain(read_yaml(EXAMPLE)))


def _run(data: dict[str, Any], samples: int = 0, seed: int = 0) -> dict[str, Any]:
    return run_study(validate_as(Study, data, "example"), catalog.load("cement"), samples, seed)


def test_cement_example_matches_hand_calculation(example: dict[str, Any]) -> None:
    t = 1000.0  # kg per t
    co2_fossil = (
        750000 * ((0.655 - 0.005) * 0.78480 + 0.02 * 1.09193) * 1.02 * t  # calcination
        + 1170000 * 0.002 * 3.66406 * t  # raw-meal TOC
        + 110000 * 22.0 * 94.6  # coal (IPCC default EF)
        + 150 * 43.0 * 74.1
        + 600 * 43.0 * 74.1  # diesel
        + 20000 * 15.0 * 85.0 * 0.6  # fossil part of AF
    )
    co2_biogenic = 20000 * 15.0 * 85.0 * 0.4
    ch4 = 110000 * 22.0 * 10 / 1000
    n2o = 110000 * 22.0 * 1.5 / 1000
    co2e = (
        (16e6 + 22.5e6 + 33e6) * 0.6205
        + 40000 * 5.0
        + 210000 * 20.0
        + 110000 * 150.0
        + 750 * 600.0
        + 30e6 * 0.08
    )
    expected = (co2_fossil + co2_biogenic + CH4 * ch4 + N2O * n2o + co2e) / 1e6
    result = _run(example)
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    assert result.by_origin["biogenic"] == pytest.approx(co2_biogenic / 1e6, rel=1e-9)
    assert result.inventory["fossil"]["CH4"] == pytest.approx(ch4 / 1e6, rel=1e-9)
    assert result.rule.fingerprint == catalog.load("cement").fingerprint()
    assert result.defaults_used == ["coal_ef"]
    assert set(result.by_stage) == {"raw_material_acquisition", "production"}


def test_units_of_given_data_are_converted(example: dict[str, Any]) -> None:
    reference = _run(example).total.value
    example["activity"]["coal_consumed"] = {"value": 110000000, "unit": "kg"}
    example["activity"]["grinding_electricity"] = {"value": 33000, "unit": "MWh"}
    assert _run(example).total.value == pytest.approx(reference, rel=1e-12)


def test_missing_mandatory_item_is_named(example: dict[str, Any]) -> None:
    del example["activity"]["clinker_output"]
    with pytest.raises(StudyError, match="clinker_output"):
        _run(example)


def test_unit_that_does_not_convert_is_named(example: dict[str, Any]) -> None:
    example["activity"]["coal_consumed"] = {"value": 1, "unit": "kWh"}
    with pytest.raises(StudyError, match="kWh"):
        _run(example)


def test_optional_item_left_out_counts_zero(example: dict[str, Any]) -> None:
    for key in ("af_consumed", "af_ncv", "af_ef", "af_biogenic_fraction"):
        del example["activity"][key]
    result = _run(example)
    assert result.by_origin["biogenic"] == 0.0


def _codes(result: dict[str, Any]) -> set[str]:
    return {f["code"] for f in result.findings}


def test_cut_off_findings(example: dict[str, Any]) -> None:
    example["exclusions"] = [
        {"item": {"zh": "润滑油", "en": "lubricants"}, "estimated_share_percent": 0.4},
        {"item": {"zh": "耐火材料", "en": "refractories"}, "estimated_share_percent": 1.5},
    ]
    result = _run(example)
    per_item = [f for f in result.findings if f["code"] == "STUDY-CUT-001"]
    assert [f["path"] for f in per_item] == ["exclusions[1]"]
    assert "5.4" in per_item[0]["clause"]
    assert any(
        "1.9 %" in f["message"]["en"] for f in result.findings if f["code"] == "STUDY-CUT-002"
    )


def test_short_period_and_wrong_version(example: dict[str, Any]) -> None:
    example["period"] = {"start": "2025-01-01", "end": "2025-06-30"}
    example["rule"]["version"] = "0.9.0"
    assert {"STUDY-PERIOD-001", "STUDY-RULE-001"} <= _codes(_run(example))


def test_data_quality_threshold(example: dict[str, Any]) -> None:
    poor = {"time": 5, "geography": 5, "technology": 4, "precision": 5}
    for item in ("clinker_output", "coal_consumed", "grinding_electricity"):
        example["activity"][item]["dqr"] = poor
    result = _run(example)
    assert result.dqr == pytest.approx(4.75)
    assert "STUDY-DQ-001" in _codes(result)


def test_monte_carlo_on_activity_uncertainty(example: dict[str, Any]) -> None:
    example["activity"]["clinker_output"]["uncertainty"] = {"distribution": "normal", "sd": 7500}
    deterministic = _run(example).total.value
    result = _run(example, samples=4000, seed=11)
    u = result.uncertainty
    calcination_per_t = result.by_process["clinker_burning"]  # includes fuels
    assert u.mean == pytest.approx(deterministic, rel=2e-3)
    assert u.sd > 0 and u.percentiles.p2_5 < deterministic < u.percentiles.p97_5
    assert next(iter(u.sensitivity.rank_correlation)) == "calcination_co2"
    assert calcination_per_t > 0
    again = _run(example, samples=4000, seed=11).uncertainty
    assert again == u


def test_compare_same_rule(example: dict[str, Any]) -> None:
    a = _run(example)
    example["activity"]["grinding_electricity"]["value"] = 30000000
    diff = compare(a, _run(example))
    assert diff["total"]["difference"] == pytest.approx(-3e6 * 0.6205 / 1e6)


def test_compare_refuses_other_rule_or_gwp(example: dict[str, Any]) -> None:
    a = _run(example)
    b = copy.deepcopy(a)
    b.rule.fingerprint = "0" * 64
    with pytest.raises(ComparisonError, match="different rules"):
        compare(a, b)
    c = copy.deepcopy(a)
    c.gwp_set = "AR5-GWP100"
    with pytest.raises(ComparisonError, match="GWP"):
        compare(a, c)


def test_user_supplied_parameter_required(tmp_path: Path, example: dict[str, Any]) -> None:
    rule_data = to_plain(read_yaml(catalog.rule_file("cement")))
    rule_data["inventory"]["parameters"][3]["value"] = None  # ckd_correction
    rule_data["inventory"]["parameters"][3]["user_supplied"] = True
    from pcfrules.rules.loader import validate_rule

    rule = validate_rule(rule_data)
    study = validate_as(Study, example, "example")
    with pytest.raises(StudyError, match="ckd_correction"):
        run_study(study, rule)
    example["parameters"] = {
        "ckd_correction": {
            "value": 1.0,
            "unit": "dimensionless",
            "source": "plant CKD balance 2025",
            "year": 2025,
        }
    }
    result = run_study(validate_as(Study, example, "example"), rule)
    assert result.total.value < _run(to_plain(read_yaml(EXAMPLE))).total.value


def test_biogenic_carbon_content_from_the_rule(example: dict[str, Any]) -> None:
    from pcfrules.rules.loader import validate_rule

    rule_data = to_plain(read_yaml(catalog.rule_file("cement")))
    rule_data["unit"]["biogenic_carbon_item"] = "bio_c"
    rule_data["inventory"]["parameters"].append(
        {
            "id": "bio_c",
            "name": {"zh": "生物碳", "en": "biogenic carbon"},
            "value": 0.002,
            "unit": "dimensionless",
            "source": "test value",
            "year": 2025,
        }
    )
    result = run_study(validate_as(Study, example, "example"), validate_rule(rule_data))
    assert result.biogenic_carbon_content == {"value": pytest.approx(2.0), "unit": "kg C"}


def test_indicators_weighted_by_contribution(example: dict[str, Any]) -> None:
    example["activity"]["clinker_output"]["dqr"] = {
        "time": 1,
        "geography": 1,
        "technology": 2,
        "precision": 1,
    }
    example["activity"]["transport_factor"]["dqr"] = {
        "time": 5,
        "geography": 5,
        "technology": 5,
        "precision": 5,
    }
    result = _run(example)
    per_t = 1e6
    calcination = 750000 * ((0.655 - 0.005) * 0.78480 + 0.02 * 1.09193) * 1.02 * 1000 / per_t
    transport = 30e6 * 0.08 / per_t
    weight = calcination + transport
    assert result.dqi["time"] == pytest.approx((calcination + 5 * transport) / weight)
    assert result.dqi["technology"] == pytest.approx((2 * calcination + 5 * transport) / weight)
