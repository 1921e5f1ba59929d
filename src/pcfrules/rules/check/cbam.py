"""Checks on a rule's CBAM mapping: what the official template accepts, and formulas that run.

A rule needs no CBAM mapping; one it has must name a goods category, route and CN code the
EU communication template knows, so that the filled template is accepted, and formulas over
the rule's own items and parameters, so that the embedded emissions can be computed.
"""

from __future__ import annotations

from collections.abc import Iterator

from pcfrules import datasets
from pcfrules.errors import ExpressionError
from pcfrules.rules import expr
from pcfrules.rules.check.base import Hit, check
from pcfrules.rules.model import RuleStandard

CBAM = "Reg. (EU) 2023/956 Annex I; CBAM communication template for installations (2024-12-13)"


@check(
    "PCR-CBAM-001",
    "error",
    CBAM,
    "CBAM 映射的货物类别、生产路线或 CN 编码不在官方模板中",
    "CBAM mapping names a goods category, route or CN code the official template lacks",
)
def cbam_goods_known(rule: RuleStandard) -> Iterator[Hit]:
    if rule.cbam is None:
        return
    goods = datasets.cbam_goods()
    good = goods.get(rule.cbam.good.strip())
    if good is None:
        yield Hit(
            "cbam.good",
            f"未知货物类别“{rule.cbam.good}”",
            f"unknown goods category '{rule.cbam.good}'; allowed: {', '.join(goods)}",
        )
        return
    if rule.cbam.route and rule.cbam.route not in good.routes:
        allowed = ", ".join(good.routes) or "none (all production routes)"
        yield Hit(
            "cbam.route",
            f"“{good.name}”没有生产路线“{rule.cbam.route}”",
            f"'{good.name.strip()}' has no route '{rule.cbam.route}'; allowed: {allowed}",
        )
    cn = datasets.cbam_cn_codes().get(rule.cbam.cn_code)
    if cn is None or cn[0] != good.name.strip():
        yield Hit(
            "cbam.cn_code",
            f"CN 编码“{rule.cbam.cn_code}”不属于“{good.name}”",
            f"CN code '{rule.cbam.cn_code}' is not a code of '{good.name.strip()}'",
        )
    for i, precursor in enumerate(rule.cbam.precursors):
        if precursor.good.strip() not in goods:
            yield Hit(
                f"cbam.precursors[{i}].good",
                f"未知前体货物类别“{precursor.good}”",
                f"unknown goods category '{precursor.good}'",
            )


@check(
    "PCR-CBAM-002",
    "error",
    CBAM,
    "CBAM 映射的公式无法解析或引用了未声明的名称",
    "CBAM mapping formula does not parse or uses an undeclared name",
)
def cbam_formulas_run(rule: RuleStandard) -> Iterator[Hit]:
    if rule.cbam is None:
        return
    declared = set(rule.items()) | set(rule.parameters())
    for path, text in rule.cbam.formulas().items():
        try:
            parsed = expr.parse(text)
        except ExpressionError as exc:
            yield Hit(path, exc.zh, exc.en)
            continue
        for name in sorted(parsed.names - declared):
            yield Hit(
                path,
                f"“{name}”既不是活动数据项也不是参数",
                f"'{name}' is neither an activity item nor a parameter",
            )
