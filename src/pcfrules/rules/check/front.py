"""Checks on scope, references, terms, goal, declaration and product category."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pcfrules.rules.check.base import Hit, blank, check, missing, thin
from pcfrules.rules.model import RuleStandard

ISO14067 = "GB/T 24067—2024 (ISO 14067:2018)"
REFERENCE_CODE = re.compile(
    r"^(GB|GB/T|GB/Z|[A-Z]{2}/T|T/[A-Z][A-Z0-9]*|ISO|ISO/TS|ISO/IEC|IEC|EN)\s?\d+(\.\d+)*"
    r"(\s?[—－:-]\s?\d{4})?$"
)
INDUSTRY_CODE = re.compile(r"^[A-T]\d{4}$")
# GB/T 4754-2017: the section letter of each range of two-digit divisions.
SECTION_DIVISIONS = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 97),
    "T": (98, 98),
}


@check("PCR-SCOPE-001", "error", "GB/T 1.1—2020 范围", "范围不完整", "scope missing or too thin")
def scope_present(rule: RuleStandard) -> Iterator[Hit]:
    if thin(rule.scope, 15, 40):
        yield Hit(
            "scope",
            "范围应说明本文件规定的内容和适用对象（中英文）",
            "the scope must say what the document specifies and what it applies to (zh+en)",
        )


@check(
    "PCR-REF-001",
    "error",
    f"MIIT guide 四(一); {ISO14067}",
    "规范性引用文件未包含 GB/T 24067",
    "normative references do not include GB/T 24067",
)
def cites_gbt24067(rule: RuleStandard) -> Iterator[Hit]:
    if not any(
        ref.code.replace(" ", "").startswith("GB/T24067") for ref in rule.normative_references
    ):
        yield Hit(
            "normative_references",
            "规范性引用文件应包含 GB/T 24067《温室气体 产品碳足迹 量化要求和指南》",
            "normative references must include GB/T 24067 (carbon footprint of products)",
        )


GBT24067_EDITION = "GB/T 24067—2024"
_GBT24067 = re.compile(r"^GB/T\s?24067(\s?[—－:-]\s?(?P<year>\d{4}))?$")


@check(
    "PCR-REF-003",
    "error",
    f"MIIT guide 四(一); GB/T 1.1—2020 规范性引用文件（注日期引用）; {ISO14067}",
    "规范性引用文件未注明 GB/T 24067—2024",
    "normative references do not name GB/T 24067—2024 (the edition)",
)
def cites_gbt24067_edition(rule: RuleStandard) -> Iterator[Hit]:
    """GB/T 24067 is cited, but not as the 2024 edition (undated, or another year).

    A rule without any GB/T 24067 reference is PCR-REF-001's finding, not this one's.
    """
    cited = [
        (i, match)
        for i, ref in enumerate(rule.normative_references)
        if (match := _GBT24067.match(ref.code.strip())) is not None
    ]
    if not cited or any(match["year"] == "2024" for _, match in cited):
        return
    for i, match in cited:
        edition = f"—{match['year']}" if match["year"] else ""
        yield Hit(
            f"normative_references[{i}].code",
            f"规范性引用文件应注日期引用 {GBT24067_EDITION}（而非 GB/T 24067{edition or '（未注日期）'}）"
            "，本文件的量化要求依据该版本",
            f"normative references must name {GBT24067_EDITION} (not GB/T 24067"
            f"{edition or ', undated'}): the rule's quantification rests on that edition",
        )


@check(
    "PCR-REF-002",
    "error",
    "GB/T 1.1—2020 规范性引用文件",
    "引用文件编号格式错误或标题缺失",
    "reference number malformed or title missing",
)
def reference_form(rule: RuleStandard) -> Iterator[Hit]:
    refs = [("normative_references", r) for r in rule.normative_references]
    refs += [("product.technical_standards", r) for r in rule.product.technical_standards]
    counters: Counter[str] = Counter()
    for base, ref in refs:
        index = counters[base]
        counters[base] += 1
        if not REFERENCE_CODE.match(ref.code.strip()):
            yield Hit(
                f"{base}[{index}].code",
                f"引用文件编号“{ref.code}”格式错误",
                f"reference number '{ref.code}' is not a standard number",
            )
        if blank(ref.title):
            yield missing(f"{base}[{index}].title", "引用文件标题", "reference title")


@check(
    "PCR-TERM-001",
    "error",
    "GB/T 1.1—2020 术语和定义",
    "术语和定义缺失或重复",
    "terms missing, duplicated or undefined",
)
def terms_defined(rule: RuleStandard) -> Iterator[Hit]:
    if not rule.terms:
        yield missing("terms", "术语和定义", "terms and definitions")
    seen: set[str] = set()
    for i, term in enumerate(rule.terms):
        if term.id in seen:
            yield Hit(
                f"terms[{i}].id", f"术语编号“{term.id}”重复", f"duplicate term id '{term.id}'"
            )
        seen.add(term.id)
        if blank(term.definition) and not term.source:
            yield missing(f"terms[{i}].definition", "术语定义", "definition (or a source)")


@check(
    "PCR-GOAL-001",
    "error",
    f"{ISO14067} 6.2 (goal)",
    "量化目的不完整",
    "goal of quantification incomplete",
)
def goal_stated(rule: RuleStandard) -> Iterator[Hit]:
    if thin(rule.goal.purpose):
        yield missing("goal.purpose", "量化目的", "purpose of the quantification")
    if not rule.goal.applications:
        yield missing("goal.applications", "预期应用", "intended applications")
    if not rule.goal.audience:
        yield missing("goal.audience", "目标受众", "intended audience")


@check(
    "PCR-DECL-001",
    "error",
    "GB/T 24067—2024 产品碳足迹声明 (addition to ISO 14067)",
    "产品碳足迹声明内容或有效期缺失",
    "declaration content or validity missing",
)
def declaration(rule: RuleStandard) -> Iterator[Hit]:
    if not rule.declaration.content:
        yield missing("declaration.content", "声明内容", "declaration content")
    years = rule.declaration.validity_years
    if years is None or not 1 <= years <= 10:
        yield Hit(
            "declaration.validity_years",
            "声明有效期应为 1–10 年",
            "declaration validity must be 1 to 10 years",
        )


@check(
    "PCR-PROD-001",
    "error",
    f"MIIT guide 四(一) 产品种类选取; {ISO14067} 6.3",
    "产品种类定义或所含产品类型缺失",
    "product category definition or types missing",
)
def product_defined(rule: RuleStandard) -> Iterator[Hit]:
    if thin(rule.product.definition):
        yield missing("product.definition", "产品定义", "product definition")
    if not rule.product.included_types:
        yield missing("product.included_types", "包含的产品类型", "included product types")


@check(
    "PCR-CLS-001",
    "error",
    "MIIT guide 二 制定范围 (国民经济行业分类)",
    "缺少国民经济行业分类代码",
    "no GB/T 4754 industry code",
)
def has_industry_code(rule: RuleStandard) -> Iterator[Hit]:
    if not rule.product.classification.industry:
        yield missing(
            "product.classification.industry",
            "国民经济行业分类（GB/T 4754—2017）代码",
            "GB/T 4754-2017 industry code",
        )


@check(
    "PCR-CLS-002",
    "error",
    "GB/T 4754—2017 (code structure)",
    "行业分类代码格式错误（字母 + 4 位数字）",
    "industry code malformed (letter + 4 digits)",
)
def industry_code_format(rule: RuleStandard) -> Iterator[Hit]:
    for i, code in enumerate(rule.product.classification.industry):
        if not INDUSTRY_CODE.match(code):
            yield Hit(
                f"product.classification.industry[{i}]",
                f"行业代码“{code}”应为门类字母加 4 位数字（如 C3011）",
                f"industry code '{code}' must be a section letter and 4 digits (e.g. C3011)",
            )


@check(
    "PCR-CLS-003",
    "error",
    "GB/T 4754—2017 (sections A–T and their divisions)",
    "行业代码门类字母与大类不符",
    "industry code section letter does not match its division",
)
def industry_section_matches(rule: RuleStandard) -> Iterator[Hit]:
    for i, code in enumerate(rule.product.classification.industry):
        if not INDUSTRY_CODE.match(code):
            continue
        low, high = SECTION_DIVISIONS[code[0]]
        if not low <= int(code[1:3]) <= high:
            yield Hit(
                f"product.classification.industry[{i}]",
                f"大类 {code[1:3]} 不属于门类 {code[0]}（{low:02d}–{high:02d}）",
                f"division {code[1:3]} is not in section {code[0]} ({low:02d}–{high:02d})",
            )


@check(
    "PCR-CLS-004",
    "error",
    "统计用产品分类目录 (2-digit levels, up to 10 digits); GB/T 36431",
    "统计用产品代码或消费品代码格式错误",
    "statistical product or consumer-goods code malformed",
)
def product_codes_format(rule: RuleStandard) -> Iterator[Hit]:
    cls = rule.product.classification
    for i, code in enumerate(cls.statistical_product):
        if not (code.isdigit() and len(code) in {2, 4, 6, 8, 10}):
            yield Hit(
                f"product.classification.statistical_product[{i}]",
                f"统计用产品代码“{code}”应为 2、4、6、8 或 10 位数字",
                f"statistical product code '{code}' must be 2, 4, 6, 8 or 10 digits",
            )
    for i, code in enumerate(cls.consumer_goods):
        if not code.isdigit():
            yield Hit(
                f"product.classification.consumer_goods[{i}]",
                f"消费品代码“{code}”应为数字",
                f"consumer-goods code '{code}' must be digits",
            )
