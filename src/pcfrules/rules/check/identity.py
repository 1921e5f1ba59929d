"""Checks on identity, naming and the foreword (GB/T 1.1-2020, MIIT guide 四(二))."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pcfrules.rules.check.base import Hit, blank, check, missing
from pcfrules.rules.model import RuleStandard

TITLE_ZH_PREFIX = "温室气体 产品碳足迹量化方法与要求 "
TITLE_EN_PREFIX = (
    "Greenhouse gases — Carbon footprint of products — Quantification methods and requirements — "
)
DASH = "[—－-]"
NUMBER_PATTERNS = {
    "group": re.compile(rf"^T/[A-Z][A-Z0-9]{{1,15}} \d{{1,6}}(\.\d+)?{DASH}\d{{4}}$"),
    "industry": re.compile(rf"^(?!GB/)[A-Z]{{2}}/T \d{{1,6}}(\.\d+)?{DASH}\d{{4}}$"),
    "national": re.compile(rf"^GB/T \d{{4,6}}(\.\d+)?{DASH}\d{{4}}$"),
}
NUMBER_FORMS = {
    "group": "T/<org> <seq>—<year>",
    "industry": "<XX>/T <n>—<year>",
    "national": "GB/T <n>—<year>",
}
ICS = re.compile(r"^\d{2}\.\d{3}(\.\d{2})?$")
CCS = re.compile(r"^[A-Z]\d{2}$")
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")
GUIDE_NAMING = "MIIT guide 四(二) 标准框架 (naming)"


@check(
    "PCR-NAME-001",
    "error",
    GUIDE_NAMING,
    "中文名称应为“温室气体 产品碳足迹量化方法与要求 <产品>”",
    "Chinese title must be '温室气体 产品碳足迹量化方法与要求 <product>'",
)
def zh_title(rule: RuleStandard) -> Iterator[Hit]:
    expected = TITLE_ZH_PREFIX + rule.identity.product.zh.strip()
    if rule.identity.title.zh.strip() != expected:
        yield Hit(
            "identity.title.zh", f"中文名称应为“{expected}”", f"Chinese title must be '{expected}'"
        )


@check(
    "PCR-NAME-002",
    "error",
    GUIDE_NAMING,
    "英文名称应为“Greenhouse gases — … — <product>”",
    "English title must be 'Greenhouse gases — Carbon footprint of products — "
    "Quantification methods and requirements — <product>'",
)
def en_title(rule: RuleStandard) -> Iterator[Hit]:
    expected = TITLE_EN_PREFIX + rule.identity.product.en.strip()
    if rule.identity.title.en.strip() != expected:
        yield Hit(
            "identity.title.en", f"英文名称应为“{expected}”", f"English title must be '{expected}'"
        )


@check(
    "PCR-ID-001",
    "error",
    "GB/T 1.1—2020 封面 (document number); 团体标准管理规定 (T/ numbering)",
    "标准编号格式与标准层级不符",
    "standard number does not match the form of its level",
)
def number_format(rule: RuleStandard) -> Iterator[Hit]:
    number, level = rule.identity.number.strip(), rule.identity.level
    if number and not NUMBER_PATTERNS[level].match(number):
        yield Hit(
            "identity.number",
            f"{level} 标准编号应为 {NUMBER_FORMS[level]}，实际为“{number}”",
            f"a {level} standard is numbered {NUMBER_FORMS[level]}; got '{number}'",
        )


@check(
    "PCR-ID-002",
    "info",
    "GB/T 1.1—2020 封面 (document number)",
    "尚无标准编号（草案）",
    "no standard number yet (draft)",
)
def number_present(rule: RuleStandard) -> Iterator[Hit]:
    if not rule.identity.number.strip():
        yield Hit(
            "identity.number",
            "尚无标准编号：发布时由登记簿分配",
            "no number yet: the registry assigns one at publication",
        )


@check(
    "PCR-ID-003",
    "error",
    "GB/T 1.1—2020 封面 (ICS)",
    "ICS 分类号格式错误",
    "ICS code malformed (NN.NNN or NN.NNN.NN)",
)
def ics_format(rule: RuleStandard) -> Iterator[Hit]:
    if not ICS.match(rule.identity.ics.strip()):
        yield Hit(
            "identity.ics",
            f"ICS 应为 NN.NNN 或 NN.NNN.NN，实际为“{rule.identity.ics}”",
            f"ICS must be NN.NNN or NN.NNN.NN; got '{rule.identity.ics}'",
        )


@check(
    "PCR-ID-004",
    "error",
    "GB/T 1.1—2020 封面 (CCS)",
    "CCS 分类号格式错误",
    "CCS code malformed (letter + two digits)",
)
def ccs_format(rule: RuleStandard) -> Iterator[Hit]:
    if not CCS.match(rule.identity.ccs.strip()):
        yield Hit(
            "identity.ccs",
            f"CCS 应为一个字母加两位数字（如 Z04），实际为“{rule.identity.ccs}”",
            f"CCS must be a letter and two digits (e.g. Z04); got '{rule.identity.ccs}'",
        )


@check(
    "PCR-ID-005",
    "error",
    "pcfrules versioning (rules as code)",
    "规则编号或版本号格式错误",
    "rule id or version malformed",
)
def id_and_version(rule: RuleStandard) -> Iterator[Hit]:
    if not RULE_ID.match(rule.identity.id):
        yield Hit(
            "identity.id",
            "规则编号只能含小写字母、数字和连字符",
            "rule id must be lower-case letters, digits and hyphens",
        )
    if not VERSION.match(rule.identity.version):
        yield Hit("identity.version", "版本号应为 X.Y 或 X.Y.Z", "version must be X.Y or X.Y.Z")


@check(
    "PCR-ID-006",
    "error",
    "GB/T 1.1—2020 封面 (issue and implementation dates)",
    "实施日期早于发布日期",
    "implementation date before issue date",
)
def dates_in_order(rule: RuleStandard) -> Iterator[Hit]:
    issued, effective = rule.identity.issue_date, rule.identity.implementation_date
    if issued and effective and effective < issued:
        yield Hit(
            "identity.implementation_date",
            f"实施日期 {effective} 早于发布日期 {issued}",
            f"implementation date {effective} is before issue date {issued}",
        )


@check(
    "PCR-FWD-001",
    "error",
    "GB/T 1.1—2020 前言; MIIT guide 四(二)",
    "前言未声明按 GB/T 1.1—2020 起草",
    "foreword does not state drafting to GB/T 1.1—2020",
)
def drafting_statement(rule: RuleStandard) -> Iterator[Hit]:
    text = rule.foreword.drafting_rules
    zh_ok = re.search(r"GB/T\s*1\.1[—－-]2020", text.zh)
    en_ok = re.search(r"GB/T\s*1\.1[—－-]2020", text.en)
    if not (zh_ok and en_ok):
        yield Hit(
            "foreword.drafting_rules",
            "前言应写明“本文件按照 GB/T 1.1—2020 …的规定起草”",
            "the foreword must say the document was drafted according to GB/T 1.1—2020",
        )


@check(
    "PCR-FWD-002",
    "error",
    "GB/T 1.1—2020 前言 (提出/归口)",
    "前言缺少提出单位或归口单位",
    "foreword lacks proposer or responsible body",
)
def proposer_and_owner(rule: RuleStandard) -> Iterator[Hit]:
    if blank(rule.foreword.proposer):
        yield missing("foreword.proposer", "提出单位", "proposing body (提出)")
    if blank(rule.foreword.responsible_body):
        yield missing("foreword.responsible_body", "归口单位", "responsible body (归口)")


@check(
    "PCR-FWD-003",
    "error",
    "GB/T 1.1—2020 前言 (起草单位)",
    "前言缺少起草单位",
    "foreword lists no drafting organisation",
)
def drafting_organisations(rule: RuleStandard) -> Iterator[Hit]:
    if not rule.foreword.drafting_organisations:
        yield missing("foreword.drafting_organisations", "起草单位", "drafting organisations")
