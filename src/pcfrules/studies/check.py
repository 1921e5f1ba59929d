"""Checking a study against its rule: items given, cut-off respected, data quality met.

Each finding names the rule clause it rests on, e.g. ``cement 1.0.0, 5.4 取舍准则``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pint

from pcfrules.errors import Location, PcfrulesError
from pcfrules.rules import expr
from pcfrules.rules.model import Formula, RuleStandard
from pcfrules.studies.model import Study
from pcfrules.studies.values import Problem, Value

CLAUSES = {
    "STUDY-RULE-001": "identity (version)",
    "STUDY-ITEM-001": "6.1 数据收集 / data collection (Annex A)",
    "STUDY-ITEM-002": "6.1 数据收集 / data collection (units)",
    "STUDY-ITEM-003": "6.1 数据收集 / data collection",
    "STUDY-ITEM-004": "6.1 数据收集 / data collection (items a formula needs)",
    "STUDY-PARAM-001": "7 影响评价 / default values (Annex B)",
    "STUDY-PARAM-002": "7 影响评价 / default values (Annex B)",
    "STUDY-VALUE-001": "6.1 数据收集 / data collection (values)",
    "STUDY-VALUE-002": "4 功能单位 / functional unit (reference flow)",
    "STUDY-VALUE-003": "6.1 数据收集 / data collection (fractions)",
    "STUDY-DEF-001": "6.1 数据收集 / data collection (defaults)",
    "STUDY-PERIOD-001": "5.5 时间边界 / time boundary",
    "STUDY-CUT-001": "5.4 取舍准则 / cut-off criteria",
    "STUDY-CUT-002": "5.4 取舍准则 / cut-off criteria",
    "STUDY-DQ-001": "6.4 数据质量 / data quality (Annex D)",
    "STUDY-DQ-002": "6.4 数据质量 / data quality (rating criteria, Annex D)",
    "STUDY-DQ-003": "6.4 数据质量 / data quality (rating criteria, Annex D)",
    "STUDY-DQ-004": "6.4 数据质量 / data quality (rating scale, Annex D)",
}
SEVERITY = {"STUDY-DEF-001": "info", "STUDY-CUT-002": "info", "STUDY-ITEM-004": "warning"}


@dataclass(frozen=True)
class StudyFinding:
    """A finding of the study check."""

    code: str
    severity: str
    path: str
    zh: str
    en: str
    clause: str

    def to_dict(self) -> dict[str, object]:
        """JSON shape, like a rule finding."""
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "message": {"zh": self.zh, "en": self.en},
            "clause": self.clause,
        }


def finding(rule: RuleStandard, problem: Problem) -> StudyFinding:
    """A problem as a finding citing the rule's clause."""
    clause = f"{rule.identity.id} {rule.identity.version}, {CLAUSES[problem.code]}"
    return StudyFinding(
        problem.code,
        SEVERITY.get(problem.code, "error"),
        problem.path,
        problem.zh,
        problem.en,
        clause,
    )


def before_calculation(rule: RuleStandard, study: Study) -> list[Problem]:
    """Checks that need no result: rule version, period length, declared exclusions."""
    problems = []
    if study.rule.id != rule.identity.id or study.rule.version != rule.identity.version:
        problems.append(
            Problem(
                "STUDY-RULE-001",
                "rule",
                f"研究引用 {study.rule.id} {study.rule.version}，但规则为 "
                f"{rule.identity.id} {rule.identity.version}",
                f"the study names {study.rule.id} {study.rule.version} but the rule "
                f"is {rule.identity.id} {rule.identity.version}",
            )
        )
    months = _months(study)
    needed = rule.boundary.data_period_months or 0
    if months < needed:
        problems.append(
            Problem(
                "STUDY-PERIOD-001",
                "period",
                f"数据期 {months} 个月，规则要求至少 {needed} 个月",
                f"the data period is {months} months; the rule needs {needed}",
            )
        )
    problems += _cut_off(rule, study)
    return problems


def _months(study: Study) -> int:
    start, end = study.period.start, study.period.end
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day - 1 else 0)


def _cut_off(rule: RuleStandard, study: Study) -> list[Problem]:
    cut = rule.boundary.cut_off
    problems = []
    total = 0.0
    for i, exclusion in enumerate(study.exclusions):
        share = exclusion.estimated_share_percent
        total += share
        if cut.per_item_percent is not None and share > cut.per_item_percent:
            problems.append(
                Problem(
                    "STUDY-CUT-001",
                    f"exclusions[{i}]",
                    f"“{exclusion.item.zh}”估计占 {share}%，超过单项阈值 {cut.per_item_percent}%",
                    f"'{exclusion.item.en}' is estimated at {share} %, above the "
                    f"per-item threshold of {cut.per_item_percent} %",
                )
            )
    if cut.cumulative_percent is not None and total > cut.cumulative_percent:
        problems.append(
            Problem(
                "STUDY-CUT-001",
                "exclusions",
                f"被取舍部分合计 {total:g}%，超过累计阈值 {cut.cumulative_percent}%",
                f"left-out inputs total {total:g} %, above the cumulative threshold "
                f"of {cut.cumulative_percent} %",
            )
        )
    if study.exclusions:
        problems.append(
            Problem(
                "STUDY-CUT-002",
                "exclusions",
                f"按取舍准则排除的部分估计占产品碳足迹的 {total:g}%",
                f"inputs left out under the cut-off are estimated at {total:g} % of the footprint",
            )
        )
    return problems


def defaults(values: dict[str, Value]) -> list[Problem]:
    """An info finding for each item computed from the rule's default instead of a measurement."""
    return [
        Problem(
            "STUDY-DEF-001",
            f"activity.{name}",
            f"“{name}”未提供实测值，采用规则默认值",
            f"'{name}' was not measured: the rule's default was used",
        )
        for name, v in sorted(values.items())
        if v.origin == "default"
    ]


def data_quality(rule: RuleStandard, dqr: float | None) -> list[Problem]:
    """The aggregated DQR must not exceed the rule's threshold (lower is better)."""
    threshold = rule.data_quality.rating.threshold
    if dqr is None or threshold is None or dqr <= threshold:
        return []
    return [
        Problem(
            "STUDY-DQ-001",
            "activity",
            f"数据质量评级 {dqr:.2f} 高于规则阈值 {threshold:g}",
            f"the data-quality rating {dqr:.2f} is above the rule's threshold {threshold:g}",
        )
    ]


def absent_but_needed(rule: RuleStandard, values: dict[str, Value]) -> list[Problem]:
    """Optional factors left out that a formula still needs, so that none counts as zero unseen.

    An optional item not given counts as zero: right for an amount (no methane sold, no
    captive power: ``captive_electricity * captive_factor`` is zero either way), wrong for a
    factor of an amount the plant has (the footprint of the coal it burns,
    ``coal_used * coal_footprint``). A factor — an item the rule links to an upstream rule or
    whose unit is per something — left out is needed when giving it any value would change its
    formula's result: a warning the result carries (the rule may offer the factor as one of
    two methods, beside a measured amount).
    """
    factors = {i.id for i in rule.data_collection.items if i.upstream or "/" in i.unit}
    problems = []
    for formula in rule.inventory.formulas:
        for name in _needed_absent(formula, values, factors):
            item = rule.items()[name]
            problems.append(
                Problem(
                    "STUDY-ITEM-004",
                    f"activity.{name}",
                    f"未填写“{name}”（{item.name.zh}，{item.unit}），按零计；但公式“{formula.id}”"
                    "中与其相乘的数据不为零：如该因子适用，请填写并注明来源",
                    f"'{name}' ({item.name.en}, {item.unit}) is not given and counts as zero, "
                    f"but what it multiplies in formula '{formula.id}' is not zero: give it "
                    "where it applies",
                )
            )
    return problems


def _needed_absent(formula: Formula, values: dict[str, Value], factors: set[str]) -> list[str]:
    parsed = expr.parse(formula.expression, Location(path=f"inventory.formulas.{formula.id}"))
    absent = sorted(
        n for n in parsed.names & factors if n in values and values[n].origin == "absent"
    )
    if not absent or not parsed.names <= set(values):
        return []
    given = {n: values[n].quantity for n in parsed.names}
    baseline = _kg(parsed, given)
    needed = []
    for name in absent:
        unit = given[name].units
        changed = _kg(parsed, {**given, name: 1.0 * unit})
        if baseline is not None and changed is not None and not math.isclose(changed, baseline):
            needed.append(name)
    return needed


def _kg(parsed: expr.Expression, quantities: dict[str, Any]) -> float | None:
    """The formula's value in kg, or None where it cannot be evaluated with these values."""
    try:
        value = float(parsed.evaluate(quantities).to("kg").magnitude)
    except (PcfrulesError, pint.errors.PintError, ZeroDivisionError, ArithmeticError):
        return None
    return value if math.isfinite(value) else None
