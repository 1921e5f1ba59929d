"""A datum's DQR is the rule's rating formula over exactly the rule's criteria."""

from __future__ import annotations

import copy
from typing import Any, get_args

import pytest

from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from pcfrules.rules.model import DQIndicator, RuleStandard
from pcfrules.studies import run_study, values
from pcfrules.studies.model import DataQualityScores, Study

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
SCORES = {"time": 1.0, "geography": 2.0, "technology": 3.0, "precision": 5.0}
WEIGHTED = "0.4 * time + 0.3 * geography + 0.2 * technology + 0.1 * precision"


def _rule(formula: str | None = None, criteria: list[str] | None = None) -> RuleStandard:
    data = copy.deepcopy(to_plain(read_yaml(catalog.rule_file("cement"))))
    if formula is not None:
        data["data_quality"]["rating"]["formula"] = formula
    if criteria is not None:
        data["data_quality"]["rating"]["criteria"] = criteria
    return validate_rule(data, "cement (test)")


def _study(scores: dict[str, float] = SCORES) -> Study:
    data = to_plain(read_yaml(EXAMPLE))
    for entry in data["activity"].values():
        entry["dqr"] = dict(scores)
    return Study.model_validate(data)


def test_scores_cover_every_indicator_of_the_rule_model() -> None:
    assert list(DataQualityScores.model_fields) == list(get_args(DQIndicator))


def test_weighted_formula_by_hand() -> None:
    """Same scores, two rules: the mean gives 2.75, the weighted formula 2.1 (by hand)."""
    mean = (1 + 2 + 3 + 5) / 4
    weighted = 0.4 * 1 + 0.3 * 2 + 0.2 * 3 + 0.1 * 5
    assert (mean, weighted) == pytest.approx((2.75, 2.1))
    study = _study()
    resolved, problems = values.resolve(_rule(WEIGHTED), study)
    assert not [p for p in problems if p.code.startswith("STUDY-DQ")]
    measured = [v for v in resolved.values() if v.origin == "measured"]
    assert measured and all(v.dqr == pytest.approx(weighted) for v in measured)
    # every datum has the same DQR, so the contribution-weighted result is that DQR
    assert run_study(study, _rule(WEIGHTED)).dqr == pytest.approx(weighted, rel=1e-12)
    assert run_study(study, catalog.load("cement")).dqr == pytest.approx(mean, rel=1e-12)


def test_rule_with_other_criteria_is_followed() -> None:
    """A rule rating time and completeness by their worst score takes exactly those scores."""
    rule = _rule("max(time, completeness)", ["time", "completeness"])
    study = _study({"time": 2.0, "completeness": 4.0})
    result = run_study(study, rule)
    assert result.dqr == pytest.approx(4.0)
    assert result.dqi == pytest.approx({"time": 2.0, "completeness": 4.0})
    codes = [f["code"] for f in result.findings or [] if f["code"].startswith("STUDY-DQ")]
    assert codes == ["STUDY-DQ-001"]  # 4 is above the rule's threshold 3: the formula's value


def _dq_findings(rule: RuleStandard, study: Study) -> dict[str, set[str]]:
    result = run_study(study, rule)
    out: dict[str, set[str]] = {}
    for f in result.findings or []:
        if f["code"].startswith("STUDY-DQ-00") and f["code"] != "STUDY-DQ-001":
            out.setdefault(f["code"], set()).add(f["path"])
            assert f["message"]["zh"].strip() and f["message"]["en"].strip()
    return out


def test_unknown_and_missing_criteria_are_named() -> None:
    study = _study({"time": 1.0, "geography": 2.0, "technology": 3.0, "completeness": 2.0})
    found = _dq_findings(catalog.load("cement"), study)
    assert "activity.clinker_output.dqr.completeness" in found["STUDY-DQ-002"]  # not a criterion
    assert "activity.clinker_output.dqr.precision" in found["STUDY-DQ-003"]  # criterion missing
    resolved, _ = values.resolve(catalog.load("cement"), study)
    assert resolved["clinker_output"].dqr is None  # not rated rather than rated wrongly


def test_scores_outside_the_rules_scale_are_named() -> None:
    found = _dq_findings(catalog.load("cement"), _study({**SCORES, "precision": 7.0}))
    assert "activity.clinker_output.dqr.precision" in found["STUDY-DQ-004"]


def test_study_without_scores_has_no_rating() -> None:
    data: dict[str, Any] = to_plain(read_yaml(EXAMPLE))
    assert run_study(Study.model_validate(data), catalog.load("cement")).dqr is None
