"""Every conformance check fires on a rule broken for it, and stays quiet on a good rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pcfrules.rules import check
from pcfrules.rules.loader import validate_rule

Data = dict[str, Any]
EMPTY = {"zh": "", "en": ""}


def _set(path: str, value: Any) -> Callable[[Data], None]:
    """A mutation setting ``a.b.0.c`` to ``value``."""

    def mutate(d: Data) -> None:
        *head, last = path.split(".")
        node: Any = d
        for part in head:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return mutate


def _drop_annex(content: str) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d["annexes"] = [a for a in d["annexes"] if a["content"] != content]

    return mutate


def _keep_first(path: str, n: int) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        section, field = path.split(".")
        d[section][field] = d[section][field][:n]

    return mutate


def _add_process(d: Data) -> None:
    d["boundary"]["stages"][1]["processes"].append(
        {"id": "packing", "name": {"zh": "包装", "en": "packing"}}
    )


def _no_quarry_formula(d: Data) -> None:
    d["inventory"]["formulas"] = [
        f for f in d["inventory"]["formulas"] if f["process"] != "quarrying"
    ]


def _drop_gbt24067(d: Data) -> None:
    d["normative_references"] = [
        r for r in d["normative_references"] if not r["code"].startswith("GB/T 24067")
    ]


def _item(item_id: str, field: str, value: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        item = next(i for i in d["data_collection"]["items"] if i["id"] == item_id)
        item[field] = value

    return mutate


def _co_product_without_data(d: Data) -> None:
    d["allocation"]["co_products"][0].update(
        {"item": "cement_output", "method": "substitution", "substitute": "nope"}
    )


def _dates(d: Data) -> None:
    d["identity"]["issue_date"] = "2026-05-01"
    d["identity"]["implementation_date"] = "2026-01-01"


# code → (mutation that must make it fire, path the finding must point at)
BREAKS: dict[str, tuple[Callable[[Data], None], str]] = {
    "PCR-ALLOC-001": (
        _set("allocation.hierarchy", ["economic", "physical"]),
        "allocation.hierarchy",
    ),
    "PCR-ALLOC-002": (_set("allocation.recycling", EMPTY), "allocation.recycling"),
    "PCR-ALLOC-003": (_co_product_without_data, "allocation.co_products[0].substitute"),
    "PCR-ANX-001": (_drop_annex("worked_example"), "annexes"),
    "PCR-ANX-002": (_set("annexes.1.id", "C"), "annexes[1].id"),
    "PCR-ANX-003": (_set("annexes.0.kind", "informative"), "annexes[0].kind"),
    "PCR-BND-001": (_set("boundary.stages.1.kind", "use"), "boundary.stages"),
    "PCR-BND-002": (_set("boundary.stages.0.processes", []), "boundary.stages[0].processes"),
    "PCR-BND-003": (_set("boundary.data_period_months", 6), "boundary.data_period_months"),
    "PCR-BND-004": (_set("boundary.exclusions.0.reason", EMPTY), "boundary.exclusions[0].reason"),
    "PCR-CLS-001": (_set("product.classification.industry", []), "product.classification.industry"),
    "PCR-CLS-002": (
        _set("product.classification.industry", ["3011"]),
        "product.classification.industry[0]",
    ),
    "PCR-CLS-003": (
        _set("product.classification.industry", ["B3011"]),
        "product.classification.industry[0]",
    ),
    "PCR-CLS-004": (
        _set("product.classification.statistical_product", ["123"]),
        "product.classification.statistical_product[0]",
    ),
    "PCR-CUT-001": (
        _set("boundary.cut_off.per_item_percent", None),
        "boundary.cut_off.per_item_percent",
    ),
    "PCR-CUT-002": (_set("boundary.cut_off.cumulative_percent", 0.5), "boundary.cut_off"),
    "PCR-CUT-003": (
        _set("boundary.cut_off.cumulative_percent", 8),
        "boundary.cut_off.cumulative_percent",
    ),
    "PCR-DATA-001": (_add_process, "data_collection.items"),
    "PCR-DATA-002": (
        _set("data_collection.items.0.process", "nowhere"),
        "data_collection.items[0].process",
    ),
    "PCR-DATA-003": (
        _set("data_collection.items.1.unit", "tonnes of stuff"),
        "data_collection.items[1].unit",
    ),
    "PCR-DATA-004": (
        _keep_first("data_collection.source_preference", 1),
        "data_collection.source_preference",
    ),
    "PCR-DATA-005": (_item("cao_content", "default", "nope"), "data_collection.items[3].default"),
    "PCR-DECL-001": (_set("declaration.validity_years", 0), "declaration.validity_years"),
    "PCR-DEF-001": (_set("inventory.parameters.0.source", ""), "inventory.parameters[0].source"),
    "PCR-DEF-002": (_set("inventory.parameters.0.value", None), "inventory.parameters[0]"),
    "PCR-DQ-001": (_keep_first("data_quality.requirements", 8), "data_quality.requirements"),
    "PCR-DQ-002": (_set("data_quality.rating.threshold", 9), "data_quality.rating.threshold"),
    "PCR-ELEC-001": (
        _set("inventory.electricity.grid_factor", "nope"),
        "inventory.electricity.grid_factor",
    ),
    "PCR-FORM-001": (
        _set("inventory.formulas.0.expression", "__import__('os').system('id')"),
        "inventory.formulas[0].expression",
    ),
    "PCR-CBAM-001": (_set("cbam.cn_code", "76011090"), "cbam.cn_code"),
    "PCR-CBAM-002": (_set("cbam.electricity", "kiln_electricity * mystery"), "cbam.electricity"),
    "PCR-FORM-002": (
        _set("inventory.formulas.0.expression", "clinker_output * mystery"),
        "inventory.formulas[0].expression",
    ),
    "PCR-FORM-003": (
        _set("inventory.formulas.0.process", "nowhere"),
        "inventory.formulas[0].process",
    ),
    "PCR-FORM-004": (
        _set("inventory.formulas.2.expression", "coal_consumed * coal_ncv"),
        "inventory.formulas[2].expression",
    ),
    "PCR-FORM-005": (_set("inventory.formulas.0.gas", "XYZ"), "inventory.formulas[0].gas"),
    "PCR-FORM-006": (_no_quarry_formula, "inventory.formulas"),
    "PCR-FU-001": (_set("unit.unit", "tonnez"), "unit.unit"),
    "PCR-FU-002": (_set("unit.reference_flow.unit", "kWh"), "unit.reference_flow.unit"),
    "PCR-FU-003": (_set("unit.reference_flow.item", "nope"), "unit.reference_flow.item"),
    "PCR-FU-004": (_set("unit.kind", "functional"), "unit.kind"),
    "PCR-FU-005": (_set("unit.biogenic_carbon_item", "nope"), "unit.biogenic_carbon_item"),
    "PCR-FU-006": (
        _set(
            "unit.also_per", [{"unit": "km", "name": {"zh": "每公里", "en": "per km"}, "item": "x"}]
        ),
        "unit.also_per[0].item",
    ),
    "PCR-FU-007": (_set("unit.mass_item", "nope"), "unit.mass_item"),
    "PCR-FWD-001": (
        _set(
            "foreword.drafting_rules",
            {"zh": "本文件按照有关规定起草。", "en": "Drafted by the usual rules."},
        ),
        "foreword.drafting_rules",
    ),
    "PCR-FWD-002": (_set("foreword.proposer", EMPTY), "foreword.proposer"),
    "PCR-FWD-003": (_set("foreword.drafting_organisations", []), "foreword.drafting_organisations"),
    "PCR-GOAL-001": (_set("goal.applications", []), "goal.applications"),
    "PCR-GWP-001": (_set("inventory.gwp_set", "AR7-GWP100"), "inventory.gwp_set"),
    "PCR-GWP-002": (_set("inventory.gwp_set", "AR5-GWP100"), "inventory.gwp_set"),
    "PCR-ID-001": (_set("identity.number", "T/cbmf 1-2024"), "identity.number"),
    "PCR-ID-002": (_set("identity.number", ""), "identity.number"),
    "PCR-ID-003": (_set("identity.ics", "13.2"), "identity.ics"),
    "PCR-ID-004": (_set("identity.ccs", "Z4"), "identity.ccs"),
    "PCR-ID-005": (_set("identity.version", "v1"), "identity.version"),
    "PCR-ID-006": (_dates, "identity.implementation_date"),
    "PCR-INT-001": (_set("interpretation.sensitivity", EMPTY), "interpretation.sensitivity"),
    "PCR-INT-002": (_set("interpretation.limitations", []), "interpretation.limitations"),
    "PCR-LANG-001": (_set("scope.en", ""), "scope.en"),
    "PCR-NAME-001": (_set("identity.title.zh", "水泥碳足迹核算规则"), "identity.title.zh"),
    "PCR-NAME-002": (_set("identity.title.en", "Cement PCR"), "identity.title.en"),
    "PCR-PROD-001": (_set("product.included_types", []), "product.included_types"),
    "PCR-REF-001": (_drop_gbt24067, "normative_references"),
    "PCR-DQ-003": (
        _set("data_quality.rating.formula", "(time + geography + technology + completeness) / 4"),
        "data_quality.rating.formula",
    ),
    "PCR-REF-003": (
        _set("normative_references.0.code", "GB/T 24067"),
        "normative_references[0].code",
    ),
    "PCR-REF-002": (
        _set("normative_references.1.code", "ISO-whatever"),
        "normative_references[1].code",
    ),
    "PCR-REP-001": (
        _set("report.separate_reporting", ["fossil", "biogenic"]),
        "report.separate_reporting",
    ),
    "PCR-REP-002": (_keep_first("report.content", 2), "report.content"),
    "PCR-SCOPE-001": (_set("scope", {"zh": "水泥", "en": "Cement"}), "scope"),
    "PCR-TERM-001": (_set("terms", []), "terms"),
}


def test_every_check_has_a_breaking_case() -> None:
    assert {s.code for s in check.specs()} == set(BREAKS)


def test_at_least_thirty_checks() -> None:
    assert len(check.specs()) >= 30


@pytest.mark.parametrize("code", sorted(BREAKS))
def test_check_fires_on_broken_rule(code: str, good_data: Data) -> None:
    mutate, path = BREAKS[code]
    mutate(good_data)
    findings = [f for f in check.run(validate_rule(good_data)) if f.code == code]
    assert findings, f"{code} did not fire"
    assert any(f.path == path for f in findings), [f.path for f in findings]
    spec = next(s for s in check.specs() if s.code == code)
    assert all(f.severity == spec.severity and f.clause == spec.clause for f in findings)
    assert all(f.zh.strip() and f.en.strip() for f in findings)


@pytest.mark.parametrize("code", sorted(BREAKS))
def test_check_quiet_on_good_rule(code: str, good_data: Data) -> None:
    assert not [f for f in check.run(validate_rule(good_data)) if f.code == code]


def test_cement_has_no_error(cement_data: Data) -> None:
    findings = check.run(validate_rule(cement_data))
    assert not check.has_errors(findings)
    assert [f.code for f in findings] == ["PCR-ID-002"]


def test_findings_sorted_errors_first(good_data: Data) -> None:
    good_data["inventory"]["gwp_set"] = "AR5-GWP100"
    good_data["identity"]["ics"] = "x"
    findings = check.run(validate_rule(good_data))
    assert [f.severity for f in findings] == ["error", "warning"]


def test_national_and_industry_numbers(good_data: Data) -> None:
    for level, number in [("national", "GB/T 44905—2024"), ("industry", "JC/T 2800—2026")]:
        good_data["identity"]["level"] = level
        good_data["identity"]["number"] = number
        assert not [f for f in check.run(validate_rule(good_data)) if f.code == "PCR-ID-001"]
    good_data["identity"]["number"] = "GB/T 44905—2024"
    assert [f for f in check.run(validate_rule(good_data)) if f.code == "PCR-ID-001"]


def test_finding_json_shape(good_data: Data) -> None:
    good_data["identity"]["ccs"] = "bad"
    finding = check.run(validate_rule(good_data))[0].to_dict()
    assert set(finding) == {"code", "severity", "path", "message", "clause"}
    assert set(finding["message"]) == {"zh", "en"}


@pytest.mark.parametrize("code", ["GB/T 24067", "GB/T 24067—2015", "GB/T24067-2023"])
def test_gbt24067_must_be_the_2024_edition(code: str, good_data: Data) -> None:
    good_data["normative_references"][0]["code"] = code
    findings = check.run(validate_rule(good_data))
    edition = [f for f in findings if f.code == "PCR-REF-003"]
    assert [f.path for f in edition] == ["normative_references[0].code"]
    assert edition[0].severity == "error" and "GB/T 24067—2024" in edition[0].en
    assert "GB/T 24067—2024" in edition[0].zh
    assert not [f for f in findings if f.code == "PCR-REF-001"]  # it is cited, just undated


def test_gbt24067_2024_cited_or_missing_is_not_ref003(good_data: Data) -> None:
    assert good_data["normative_references"][0]["code"] == "GB/T 24067—2024"
    assert not [f for f in check.run(validate_rule(good_data)) if f.code == "PCR-REF-003"]
    _drop_gbt24067(good_data)  # missing altogether: PCR-REF-001 says so, once
    codes = [f.code for f in check.run(validate_rule(good_data))]
    assert "PCR-REF-001" in codes and "PCR-REF-003" not in codes


@pytest.mark.parametrize(
    ("formula", "says"),
    [
        ("(time + geography + technology + completeness) / 4", "completeness"),  # undeclared
        ("(time + geography + technology + precision) / 4 +", "does not parse"),
        ("time + geography + technology + precision", "outside the scale"),  # 4 … 20
        ("(time + geography + technology + precision) / (time - 1)", "bounds"),  # 0 at time=1
        ("", "rating formula"),
    ],
)
def test_rating_formula_refused(formula: str, says: str, good_data: Data) -> None:
    good_data["data_quality"]["rating"]["formula"] = formula
    found = [f for f in check.run(validate_rule(good_data)) if f.code == "PCR-DQ-003"]
    assert len(found) == 1 and found[0].path == "data_quality.rating.formula"
    assert says in found[0].en and found[0].zh.strip() and found[0].severity == "error"


@pytest.mark.parametrize(
    "formula",
    [
        "0.4 * time + 0.3 * geography + 0.2 * technology + 0.1 * precision",
        "max(time, geography, technology, precision)",
        "(time + geography + technology + precision) / 4",
    ],
)
def test_rating_formula_within_the_scale_is_accepted(formula: str, good_data: Data) -> None:
    good_data["data_quality"]["rating"]["formula"] = formula
    assert not [f for f in check.run(validate_rule(good_data)) if f.code == "PCR-DQ-003"]
