"""Checks on the functional/declared unit, the system boundary and the cut-off criteria."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pcfrules.rules.check.base import Hit, blank, check, missing, thin
from pcfrules.rules.model import RuleStandard
from pcfrules.units import is_valid_unit, same_dimension, sizes

ISO = "GB/T 24067—2024 (ISO 14067:2018)"
REQUIRED_STAGES = {
    "cradle-to-gate": {"raw_material_acquisition", "production"},
    "cradle-to-grave": {"raw_material_acquisition", "production", "use", "end_of_life"},
    "gate-to-gate": {"production"},
}
ALLOWED_STAGES = {
    "cradle-to-gate": {"raw_material_acquisition", "production"},
    "cradle-to-grave": {
        "raw_material_acquisition",
        "production",
        "distribution",
        "use",
        "end_of_life",
    },
    "gate-to-gate": {"production"},
}


@check(
    "PCR-FU-001",
    "error",
    f"{ISO} 5.3, 6.3 (functional or declared unit)",
    "功能单位/声明单位的单位无效或数量不为正",
    "unit of the functional/declared unit invalid",
)
def unit_valid(rule: RuleStandard) -> Iterator[Hit]:
    fu = rule.unit
    if not is_valid_unit(fu.unit):
        yield Hit("unit.unit", f"无法识别的单位“{fu.unit}”", f"'{fu.unit}' is not a known unit")
    if fu.quantity <= 0:
        yield Hit("unit.quantity", "数量应大于 0", "quantity must be greater than 0")
    if blank(fu.description):
        yield missing("unit.description", "单位的文字描述", "description of the unit")


@check(
    "PCR-FU-002",
    "error",
    f"{ISO} 6.3 (reference flow)",
    "基准流与功能/声明单位不一致",
    "reference flow inconsistent with the unit",
)
def reference_flow_consistent(rule: RuleStandard) -> Iterator[Hit]:
    fu, flow = rule.unit, rule.unit.reference_flow
    if not is_valid_unit(flow.unit):
        yield Hit(
            "unit.reference_flow.unit",
            f"无法识别的单位“{flow.unit}”",
            f"'{flow.unit}' is not a known unit",
        )
        return
    if flow.quantity <= 0:
        yield Hit(
            "unit.reference_flow.quantity",
            "基准流数量应大于 0",
            "reference flow quantity must be greater than 0",
        )
    converts = same_dimension(flow.unit, fu.unit) or any(
        same_dimension(c.from_unit, flow.unit) and same_dimension(c.to_unit, fu.unit)
        for c in fu.conversions
    )
    if is_valid_unit(fu.unit) and not converts:
        yield Hit(
            "unit.reference_flow.unit",
            f"基准流单位“{flow.unit}”不能换算为“{fu.unit}”，且无换算规则",
            f"reference flow unit '{flow.unit}' does not convert to '{fu.unit}' and no "
            "conversion rule is given",
        )


@check(
    "PCR-FU-003",
    "error",
    f"{ISO} 6.3 (reference flow)",
    "基准流未关联产量数据项",
    "reference flow not tied to a product-output activity item",
)
def reference_flow_item(rule: RuleStandard) -> Iterator[Hit]:
    flow = rule.unit.reference_flow
    item = rule.items().get(flow.item)
    if item is None:
        yield Hit(
            "unit.reference_flow.item",
            f"基准流数据项“{flow.item}”未在数据收集中定义",
            f"reference flow item '{flow.item}' is not an activity item",
        )
    elif is_valid_unit(flow.unit) and not same_dimension(item.unit, flow.unit):
        yield Hit(
            "unit.reference_flow.item",
            f"产量数据项单位“{item.unit}”与基准流单位不一致",
            f"output item unit '{item.unit}' does not convert to '{flow.unit}'",
        )


@check(
    "PCR-FU-004",
    "error",
    f"{ISO} 5.3; 3.1.3 (declared unit for partial CFP)",
    "未说明选择功能单位或声明单位的理由，或与边界不符",
    "no reason for functional vs declared unit, or the choice contradicts the boundary",
)
def unit_choice(rule: RuleStandard) -> Iterator[Hit]:
    if thin(rule.unit.rationale):
        yield missing(
            "unit.rationale",
            "选择功能单位或声明单位的理由",
            "why a functional or a declared unit is used",
        )
    if rule.unit.kind == "functional" and rule.boundary.type != "cradle-to-grave":
        yield Hit(
            "unit.kind",
            "非全生命周期（部分碳足迹）应使用声明单位",
            "a partial footprint (not cradle-to-grave) uses a declared unit",
        )


@check(
    "PCR-FU-006",
    "error",
    f"{ISO} 6.3.3 (functional or declared unit)",
    "以第二单位表述结果的数据项无效",
    "a second unit the result is stated in is not sized by a valid item",
)
def also_per_items(rule: RuleStandard) -> Iterator[Hit]:
    """Each ``also_per`` names an item or parameter giving the second unit per declared unit."""
    for k, also in enumerate(rule.unit.also_per):
        where = f"unit.also_per[{k}]"
        if not is_valid_unit(also.unit):
            yield Hit(
                f"{where}.unit",
                f"无法识别的单位“{also.unit}”",
                f"'{also.unit}' is not a known unit",
            )
            continue
        if blank(also.name):
            yield missing(f"{where}.name", "第二单位的名称", "the name of the second unit")
        entry = rule.items().get(also.item) or rule.parameters().get(also.item)
        if entry is None:
            yield Hit(
                f"{where}.item",
                f"“{also.item}”既不是活动数据项也不是参数",
                f"'{also.item}' is neither an activity item nor a parameter",
            )
        elif is_valid_unit(entry.unit) and not sizes(entry.unit, rule.unit.unit, also.unit):
            yield Hit(
                f"{where}.item",
                f"“{also.item}”的单位“{entry.unit}”乘以声明单位“{rule.unit.unit}”不能换算为"
                f"“{also.unit}”",
                f"the unit '{entry.unit}' of '{also.item}' times the declared unit "
                f"'{rule.unit.unit}' does not convert to '{also.unit}'",
            )


@check(
    "PCR-FU-007",
    "error",
    f"{ISO} 6.3.3 (reference flow); PACT productMassPerDeclaredUnit",
    "产品质量数据项无效",
    "product mass item invalid",
)
def mass_item(rule: RuleStandard) -> Iterator[Hit]:
    """The item giving the product's mass per declared unit exists and is a mass per it."""
    name = rule.unit.mass_item
    if not name:
        return
    entry = rule.items().get(name) or rule.parameters().get(name)
    if entry is None:
        yield Hit(
            "unit.mass_item",
            f"“{name}”既不是活动数据项也不是参数",
            f"'{name}' is neither an activity item nor a parameter",
        )
    elif is_valid_unit(entry.unit) and not sizes(entry.unit, rule.unit.unit, "kg"):
        yield Hit(
            "unit.mass_item",
            f"“{name}”的单位“{entry.unit}”不是每{rule.unit.unit}的质量",
            f"the unit '{entry.unit}' of '{name}' is not a mass per {rule.unit.unit}",
        )


@check(
    "PCR-BND-001",
    "error",
    f"{ISO} 6.3 (system boundary); GB/T 24067 边界类型",
    "生命周期阶段与系统边界类型不一致",
    "life-cycle stages inconsistent with boundary type",
)
def stages_match_type(rule: RuleStandard) -> Iterator[Hit]:
    kinds = {s.kind for s in rule.boundary.stages}
    btype = rule.boundary.type
    for kind in sorted(REQUIRED_STAGES[btype] - kinds):
        yield Hit(
            "boundary.stages",
            f"{btype} 边界缺少“{kind}”阶段",
            f"a {btype} boundary needs a '{kind}' stage",
        )
    for i, stage in enumerate(rule.boundary.stages):
        if stage.kind not in ALLOWED_STAGES[btype]:
            yield Hit(
                f"boundary.stages[{i}].kind",
                f"{btype} 边界不应包含“{stage.kind}”阶段",
                f"a {btype} boundary must not contain a '{stage.kind}' stage",
            )


@check(
    "PCR-BND-002",
    "error",
    f"{ISO} 6.3 (unit processes in the boundary)",
    "阶段无单元过程，或编号重复",
    "stage without unit processes, or duplicate ids",
)
def stages_have_processes(rule: RuleStandard) -> Iterator[Hit]:
    ids: Counter[str] = Counter()
    for i, stage in enumerate(rule.boundary.stages):
        ids[stage.id] += 1
        if not stage.processes:
            yield Hit(
                f"boundary.stages[{i}].processes",
                f"阶段“{stage.id}”没有单元过程",
                f"stage '{stage.id}' has no unit process",
            )
        for process in stage.processes:
            ids[process.id] += 1
    for name, count in sorted(ids.items()):
        if count > 1:
            yield Hit(
                "boundary.stages",
                f"编号“{name}”重复 {count} 次",
                f"id '{name}' is used {count} times",
            )


@check(
    "PCR-BND-003",
    "error",
    f"{ISO} 6.3 (time boundary, geography)",
    "时间边界、数据期或地理边界缺失",
    "time boundary, data period or geography missing",
)
def time_and_place(rule: RuleStandard) -> Iterator[Hit]:
    b = rule.boundary
    if blank(b.time_boundary):
        yield missing("boundary.time_boundary", "时间边界", "time boundary")
    if b.data_period_months is None or b.data_period_months < 12:
        yield Hit(
            "boundary.data_period_months",
            "数据期应至少 12 个月（覆盖一个完整年度）",
            "the data period must be at least 12 months (a full year)",
        )
    if blank(b.geography):
        yield missing("boundary.geography", "地理边界", "geographical boundary")


@check(
    "PCR-BND-004",
    "error",
    f"{ISO} 6.3 (exclusions, capital goods); 5.11 transparency",
    "排除项未说明理由，或未说明资本货物的处理",
    "exclusion without reason, or capital goods unstated",
)
def exclusions_explained(rule: RuleStandard) -> Iterator[Hit]:
    b = rule.boundary
    if blank(b.description):
        yield missing("boundary.description", "系统边界说明", "boundary description")
    for i, exclusion in enumerate(b.exclusions):
        if blank(exclusion.reason):
            yield missing(f"boundary.exclusions[{i}].reason", "排除理由", "reason for exclusion")
    mentions = [t.en.lower() for t in b.inclusions] + [e.item.en.lower() for e in b.exclusions]
    if not any("capital goods" in text for text in mentions):
        yield Hit(
            "boundary.exclusions",
            "应说明资本货物（厂房、设备）是否纳入",
            "the rule must say whether capital goods (buildings, equipment) are included",
        )


@check(
    "PCR-CUT-001",
    "error",
    f"{ISO} 6.3 (cut-off criteria)",
    "取舍准则阈值缺失",
    "cut-off thresholds missing",
)
def cut_off_present(rule: RuleStandard) -> Iterator[Hit]:
    c = rule.boundary.cut_off
    if c.per_item_percent is None:
        yield missing("boundary.cut_off.per_item_percent", "单项取舍阈值", "per-item threshold")
    if c.cumulative_percent is None:
        yield missing("boundary.cut_off.cumulative_percent", "累计取舍阈值", "cumulative threshold")
    if not c.basis:
        yield missing(
            "boundary.cut_off.basis",
            "取舍依据（质量、能量、排放）",
            "basis (mass, energy, emissions)",
        )


@check(
    "PCR-CUT-002",
    "error",
    f"{ISO} 6.3 (cut-off criteria); 5.7 completeness",
    "取舍阈值不合理",
    "cut-off thresholds not sane",
)
def cut_off_sane(rule: RuleStandard) -> Iterator[Hit]:
    c = rule.boundary.cut_off
    item, total = c.per_item_percent, c.cumulative_percent
    if item is not None and not 0 < item <= 5:
        yield Hit(
            "boundary.cut_off.per_item_percent",
            f"单项阈值 {item}% 应在 (0, 5] 之间",
            f"per-item threshold {item}% must be in (0, 5]",
        )
    if total is not None and not 0 < total <= 10:
        yield Hit(
            "boundary.cut_off.cumulative_percent",
            f"累计阈值 {total}% 应在 (0, 10] 之间",
            f"cumulative threshold {total}% must be in (0, 10]",
        )
    if item is not None and total is not None and item > total:
        yield Hit(
            "boundary.cut_off",
            "单项阈值不应大于累计阈值",
            "the per-item threshold must not exceed the cumulative one",
        )


@check(
    "PCR-CUT-003",
    "warning",
    f"{ISO} 5.7 completeness; GB/T 44905—2024 (1 % / 5 %)",
    "累计取舍阈值大于 5%",
    "cumulative cut-off above 5 %",
)
def cut_off_generous(rule: RuleStandard) -> Iterator[Hit]:
    total = rule.boundary.cut_off.cumulative_percent
    if total is not None and 5 < total <= 10:
        yield Hit(
            "boundary.cut_off.cumulative_percent",
            f"累计阈值 {total}% 高于已发布国家标准通行的 5%",
            f"cumulative threshold {total}% is above the 5 % published national rules use",
        )


@check(
    "PCR-FU-005",
    "error",
    f"{ISO} 6.4 (carbon content of the product)",
    "产品碳含量（生物源、化石）的数据项无效",
    "carbon content item (biogenic, fossil) invalid",
)
def carbon_content_items(rule: RuleStandard) -> Iterator[Hit]:
    for field in ("biogenic_carbon_item", "fossil_carbon_item"):
        name = getattr(rule.unit, field)
        if not name:
            continue
        entry = rule.items().get(name) or rule.parameters().get(name)
        if entry is None:
            yield Hit(
                f"unit.{field}",
                f"“{name}”既不是活动数据项也不是参数",
                f"'{name}' is neither an activity item nor a parameter",
            )
        elif not same_dimension(entry.unit, "dimensionless"):
            yield Hit(
                f"unit.{field}",
                f"“{name}”应为无量纲的质量分数（kg C/kg 产品）",
                f"'{name}' must be a dimensionless mass fraction (kg C per kg of product)",
            )
