"""Checks on interpretation, report, annexes and bilingual text."""

from __future__ import annotations

import string
from collections.abc import Iterator

from pydantic import BaseModel

from pcfrules.rules.check.base import Hit, blank, check, missing, thin
from pcfrules.rules.model import RuleStandard, Text

ISO = "GB/T 24067—2024 (ISO 14067:2018)"
SEPARATE_ORIGINS = ("fossil", "biogenic", "dluc", "aircraft")
REQUIRED_ANNEXES = {
    "data_collection_tables": ("数据收集表", "data-collection tables"),
    "default_values": ("常用参数参考值（默认值）", "default values"),
    "gwp_values": ("GWP 值", "GWP values"),
    "report_template": ("报告模板", "report template"),
    "data_quality_evaluation": ("数据质量评价", "data-quality evaluation"),
    "worked_example": ("计算示例", "worked example"),
}


@check(
    "PCR-INT-001",
    "error",
    f"{ISO} 6.6 (interpretation: sensitivity, uncertainty)",
    "结果解释缺少敏感性或不确定性要求",
    "interpretation lacks sensitivity or uncertainty requirements",
)
def interpretation(rule: RuleStandard) -> Iterator[Hit]:
    if thin(rule.interpretation.sensitivity):
        yield missing("interpretation.sensitivity", "敏感性分析要求", "sensitivity requirements")
    if thin(rule.interpretation.uncertainty):
        yield missing("interpretation.uncertainty", "不确定性分析要求", "uncertainty requirements")


@check(
    "PCR-INT-002",
    "error",
    f"{ISO} 6.6; Annex A (limitations of the CFP)",
    "未说明局限性",
    "limitations not stated",
)
def limitations(rule: RuleStandard) -> Iterator[Hit]:
    if not rule.interpretation.limitations:
        yield missing("interpretation.limitations", "局限性说明", "limitations")


@check(
    "PCR-REP-001",
    "error",
    f"{ISO} 7 (CFP study report: GHG values reported separately)",
    "未要求分别报告化石、生物源、直接土地利用变化和航空排放",
    "report does not require fossil, biogenic, dLUC and aircraft emissions apart",
)
def separate_reporting(rule: RuleStandard) -> Iterator[Hit]:
    given = set(rule.report.separate_reporting)
    for origin in SEPARATE_ORIGINS:
        if origin not in given:
            yield Hit(
                "report.separate_reporting",
                f"报告应单独列出“{origin}”排放",
                f"the report must show '{origin}' emissions apart",
            )


@check(
    "PCR-REP-002",
    "error",
    f"{ISO} 7 (CFP study report content)",
    "报告内容要求缺失",
    "report content not specified",
)
def report_content(rule: RuleStandard) -> Iterator[Hit]:
    if len(rule.report.content) < 5:
        yield Hit(
            "report.content",
            "报告内容要求至少应列出 5 项",
            "the report content must list at least 5 items",
        )


@check(
    "PCR-ANX-001",
    "error",
    f"{ISO} (annexes); research §2.1 common template",
    "缺少必需的附录",
    "a required annex is missing",
)
def required_annexes(rule: RuleStandard) -> Iterator[Hit]:
    present = {a.content for a in rule.annexes}
    for content, (zh, en) in REQUIRED_ANNEXES.items():
        if content not in present:
            yield missing("annexes", f"附录：{zh}", f"annex: {en}")


@check(
    "PCR-ANX-002",
    "error",
    "GB/T 1.1—2020 附录 (numbering A, B, C …; 规范性/资料性)",
    "附录编号不连续或标题缺失",
    "annex numbering not sequential or title missing",
)
def annex_numbering(rule: RuleStandard) -> Iterator[Hit]:
    for i, annex in enumerate(rule.annexes):
        expected = string.ascii_uppercase[i] if i < 26 else "?"
        if annex.id != expected:
            yield Hit(
                f"annexes[{i}].id",
                f"附录编号应为 {expected}，实际为 {annex.id}",
                f"annex should be numbered {expected}, not {annex.id}",
            )
        if blank(annex.title):
            yield missing(f"annexes[{i}].title", "附录标题", "annex title")


@check(
    "PCR-ANX-003",
    "error",
    "GB/T 1.1—2020 附录 (规范性附录)",
    "数据收集表与默认值附录应为规范性附录",
    "data-collection and default-value annexes must be normative",
)
def annexes_normative(rule: RuleStandard) -> Iterator[Hit]:
    for i, annex in enumerate(rule.annexes):
        if (
            annex.content in {"data_collection_tables", "default_values", "gwp_values"}
            and annex.kind != "normative"
        ):
            yield Hit(
                f"annexes[{i}].kind",
                f"附录 {annex.id} 应为规范性附录",
                f"annex {annex.id} must be normative",
            )


@check(
    "PCR-LANG-001",
    "error",
    "MIIT guide 四(四) 宣贯实施; pcfrules bilingual policy",
    "文本缺少中文或英文",
    "text present in one language only",
)
def bilingual(rule: RuleStandard) -> Iterator[Hit]:
    for path, text in _texts(rule, ""):
        if bool(text.zh.strip()) != bool(text.en.strip()):
            lang = "en" if text.zh.strip() else "zh"
            yield Hit(
                f"{path}.{lang}",
                f"缺少{'英文' if lang == 'en' else '中文'}文本",
                f"the {'English' if lang == 'en' else 'Chinese'} text is missing",
            )


def _texts(node: object, path: str) -> Iterator[tuple[str, Text]]:
    """Every :class:`Text` in the model, with its field path."""
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")
