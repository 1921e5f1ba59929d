"""A result stated in a second unit whose size the study gives (``unit.also_per``).

The EAF steel rule, taken here with a second unit added, is stated per t of crude steel and
also per t of hot-rolled product: one t of crude steel yields ``rolling_yield`` t of it.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pcfrules.errors import StudyError
from pcfrules.reports.report import report_html
from pcfrules.rules import catalog, check
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.render import render
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import ActivityValue, Study

RULE_ID = "crude-steel-eaf"
YIELD = {
    "id": "rolling_yield",
    "process": "eaf",
    "name": {"zh": "热轧成材率", "en": "hot-rolling yield"},
    "unit": "dimensionless",
    "data_type": "primary",
    "mandatory": False,
    "measurement": {"zh": "热轧材产量除以粗钢产量", "en": "hot-rolled output over crude steel"},
}
ALSO = {
    "unit": "t",
    "name": {"zh": "每吨热轧材", "en": "per t of hot-rolled product"},
    "item": "rolling_yield",
}


def _data(item: dict[str, Any] = YIELD, also: dict[str, Any] = ALSO) -> dict[str, Any]:
    data = copy.deepcopy(to_plain(read_yaml(catalog.rule_file(RULE_ID))))
    data["data_collection"]["items"].append(dict(item))
    data["unit"]["also_per"] = [dict(also)]
    return data


def _rule(**changes: Any) -> RuleStandard:
    return validate_rule(_data(**changes), f"{RULE_ID} (test)")


def _study(rolling_yield: float | None = 0.96) -> Study:
    study = load_input(catalog.catalog_dir() / RULE_ID / "example.yaml")
    assert isinstance(study, Study)
    activity = dict(study.activity)
    if rolling_yield is not None:
        activity["rolling_yield"] = ActivityValue(value=rolling_yield, unit="dimensionless")
    return study.model_copy(update={"activity": activity})


def _codes(rule: RuleStandard) -> set[str]:
    return {f.code for f in check.run(rule) if f.severity == "error"}


def test_the_footprint_per_second_unit_is_per_declared_unit_over_the_studys_amount() -> None:
    rule = _rule()
    assert "PCR-FU-006" not in _codes(rule)
    result = run_study(_study(0.96), rule)
    per_crude = result.total.value / rule.unit.quantity
    [also] = result.also_per or []
    assert (also.unit, also.item, also.per_declared_unit) == ("t", "rolling_yield", 0.96)
    assert also.value == pytest.approx(per_crude / 0.96, rel=1e-12)
    assert also.value > per_crude  # a t of product needs more than a t of crude steel


def test_an_amount_given_in_the_second_unit_itself_is_read_as_per_declared_unit() -> None:
    """An item in kg (the product per declared unit) is converted: 960 kg per t is 0.96 t."""
    rule = _rule(item={**YIELD, "unit": "kg"})
    study = _study(None)
    activity = {**study.activity, "rolling_yield": ActivityValue(value=960, unit="kg")}
    result = run_study(study.model_copy(update={"activity": activity}), rule)
    [also] = result.also_per or []
    assert also.per_declared_unit == pytest.approx(0.96)


def test_the_check_refuses_an_item_that_does_not_size_the_second_unit() -> None:
    assert "PCR-FU-006" in _codes(_rule(also={**ALSO, "item": "no_such_item"}))
    assert "PCR-FU-006" in _codes(_rule(also={**ALSO, "unit": "kWh"}))  # t·1 does not give kWh
    assert "PCR-FU-006" in _codes(_rule(also={**ALSO, "unit": "furlongs_of_steel"}))


def test_a_study_without_the_amount_is_refused_in_both_languages() -> None:
    for bad in (None, 0.0):
        with pytest.raises(StudyError) as caught:
            run_study(_study(bad), _rule())
        assert caught.value.location.path == "activity.rolling_yield"
        assert "每吨热轧材" in caught.value.zh and "per t of hot-rolled product" in caught.value.en


def test_rules_without_a_second_unit_keep_their_fingerprint_and_results_their_form() -> None:
    rule = catalog.load(RULE_ID)
    assert "also_per" not in rule.canonical_json()
    assert "also_per" in _rule().canonical_json() and _rule().fingerprint() != rule.fingerprint()
    assert "also_per" not in run_study(_study(None), rule).to_json_dict()


def test_the_report_and_the_standard_text_state_the_second_unit() -> None:
    rule = _rule()
    result = run_study(_study(0.96), rule)
    [also] = result.also_per or []
    for lang, words in (("zh", "每吨热轧材"), ("en", "per t of hot-rolled product")):
        html = report_html(result, rule, lang)
        assert words in html and "0.96" in html
        text = render(rule, lang, "md").decode("utf-8")
        assert words in text and ("热轧成材率" if lang == "zh" else "hot-rolling yield") in text
    value = f"{also.value:,.0f}".replace(",", "\u2009")
    assert value in report_html(result, rule, "en")


def test_a_functional_unit_is_called_so_and_a_life_cycle_ends_after_end_of_life() -> None:
    """The car is stated per functional unit (cradle to grave), not per declared unit."""
    rule = catalog.load("bev-passenger-car")
    study = load_input(catalog.catalog_dir() / "bev-passenger-car" / "example.yaml")
    assert isinstance(study, Study) and rule.unit.kind == "functional"
    result = run_study(study, rule)
    english, chinese = report_html(result, rule, "en"), report_html(result, rule, "zh")
    assert "one functional unit provides" in english and "Functional unit:" in english
    assert "declared unit" not in english.lower()
    assert "每功能单位提供" in chinese and "out of the system after end of life" in english
    text = render(rule, "en", "md").decode("utf-8")
    assert "the result per functional unit divided by" in text
