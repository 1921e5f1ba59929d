"""Checks on data collection, data quality, allocation and the inventory calculation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any, get_args

import pint

from pcfrules import datasets
from pcfrules.errors import ExpressionError, PcfrulesError
from pcfrules.rules import expr
from pcfrules.rules.check.base import Hit, blank, check, missing, thin
from pcfrules.rules.model import CoProductRule, DQIndicator, Formula, RuleStandard
from pcfrules.units import is_valid_unit, registry, same_dimension

ISO = "GB/T 24067—2024 (ISO 14067:2018)"
GUIDE = "MIIT guide 四(一)"
REQUIRED_DQ = tuple(i for i in get_args(DQIndicator) if i != "reproducibility")
ALLOCATION_ORDER = ["avoid", "physical", "economic"]
CHARACTERISED = "CO2e"


@check(
    "PCR-DATA-001",
    "error",
    f"{ISO} 6.4 (data collection); {GUIDE} 数据收集",
    "单元过程没有活动数据项",
    "unit process has no activity-data item",
)
def every_process_has_data(rule: RuleStandard) -> Iterator[Hit]:
    used = {item.process for item in rule.data_collection.items}
    for pid, (stage, _) in rule.processes().items():
        if pid not in used:
            yield Hit(
                "data_collection.items",
                f"单元过程“{pid}”（{stage.id}）没有活动数据项",
                f"unit process '{pid}' (stage {stage.id}) has no activity-data item",
            )


@check(
    "PCR-DATA-002",
    "error",
    f"{ISO} 6.4 (relating data to unit processes)",
    "活动数据项引用未知单元过程或编号重复",
    "activity item names an unknown process or repeats an id",
)
def items_reference_processes(rule: RuleStandard) -> Iterator[Hit]:
    processes = rule.processes()
    counts = Counter(item.id for item in rule.data_collection.items)
    for i, item in enumerate(rule.data_collection.items):
        if item.process not in processes:
            yield Hit(
                f"data_collection.items[{i}].process",
                f"未知单元过程“{item.process}”",
                f"unknown unit process '{item.process}'",
            )
        if counts[item.id] > 1:
            yield Hit(
                f"data_collection.items[{i}].id",
                f"数据项编号“{item.id}”重复",
                f"duplicate activity item id '{item.id}'",
            )


@check(
    "PCR-DATA-003",
    "error",
    f"{ISO} 6.4 (data collection: units)",
    "活动数据项单位无效或缺少测量方法",
    "activity item unit invalid or measurement not stated",
)
def items_well_formed(rule: RuleStandard) -> Iterator[Hit]:
    for i, item in enumerate(rule.data_collection.items):
        if not is_valid_unit(item.unit):
            yield Hit(
                f"data_collection.items[{i}].unit",
                f"无法识别的单位“{item.unit}”",
                f"'{item.unit}' is not a known unit",
            )
        if blank(item.measurement):
            yield missing(
                f"data_collection.items[{i}].measurement",
                "测量或获取方法",
                "how the item is measured or obtained",
            )


@check(
    "PCR-DATA-004",
    "error",
    f"{ISO} 6.3 (data and data quality); {GUIDE}",
    "未规定数据来源优先顺序或数据审定",
    "no data-source order of preference or validation",
)
def data_sources_ordered(rule: RuleStandard) -> Iterator[Hit]:
    if len(rule.data_collection.source_preference) < 2:
        yield Hit(
            "data_collection.source_preference",
            "应列出至少两级数据来源优先顺序",
            "list at least two data sources in order of preference",
        )
    if thin(rule.data_collection.validation):
        yield missing("data_collection.validation", "数据审定要求", "data validation requirements")


@check(
    "PCR-DATA-005",
    "error",
    f"{ISO} 6.4 (data collection: defaults)",
    "活动数据项的默认值引用无效",
    "activity item default refers to an unknown or incompatible parameter",
)
def item_defaults_valid(rule: RuleStandard) -> Iterator[Hit]:
    params = rule.parameters()
    for i, item in enumerate(rule.data_collection.items):
        if item.default is None:
            continue
        param = params.get(item.default)
        if param is None:
            yield Hit(
                f"data_collection.items[{i}].default",
                f"未知参数“{item.default}”",
                f"unknown parameter '{item.default}'",
            )
        elif not same_dimension(param.unit, item.unit):
            yield Hit(
                f"data_collection.items[{i}].default",
                f"默认参数单位“{param.unit}”与数据项单位“{item.unit}”不一致",
                f"default unit '{param.unit}' does not convert to item unit '{item.unit}'",
            )


@check(
    "PCR-DQ-001",
    "error",
    f"{ISO} 6.3 (data quality requirements); ISO 14044 4.2.3.6",
    "缺少某一数据质量指标的要求",
    "a data-quality indicator has no requirement",
)
def dq_requirements(rule: RuleStandard) -> Iterator[Hit]:
    given = {r.indicator for r in rule.data_quality.requirements if not blank(r.requirement)}
    for indicator in REQUIRED_DQ:
        if indicator not in given:
            yield Hit(
                "data_quality.requirements",
                f"缺少数据质量指标“{indicator}”的要求",
                f"no requirement for data-quality indicator '{indicator}'",
            )


@check(
    "PCR-DQ-002",
    "error",
    f"{ISO} 6.3 (data quality); PEF 2021/2279 DQR",
    "数据质量评级方法或阈值不合理",
    "data-quality rating method or threshold not sane",
)
def dq_rating(rule: RuleStandard) -> Iterator[Hit]:
    rating = rule.data_quality.rating
    if thin(rating.method):
        yield missing("data_quality.rating.method", "数据质量评级方法", "rating method")
    if not rating.criteria:
        yield missing("data_quality.rating.criteria", "评级准则", "rating criteria")
    if rating.scale_min >= rating.scale_max:
        yield Hit("data_quality.rating", "评分下限应小于上限", "scale_min must be below scale_max")
    if rating.threshold is None or not rating.scale_min <= rating.threshold <= rating.scale_max:
        yield Hit(
            "data_quality.rating.threshold",
            "评级阈值应位于评分范围之内",
            "threshold must lie within the rating scale",
        )


@check(
    "PCR-DQ-003",
    "error",
    f"{ISO} 6.3 (data quality requirements); ISO 14044 4.2.3.6",
    "数据质量评级公式无法计算、引用了非评级准则或超出评分范围",
    "data-quality rating formula does not parse, names a non-criterion or leaves the scale",
)
def dq_rating_formula(rule: RuleStandard) -> Iterator[Hit]:
    """The rating formula is what a study's DQR is computed with, so it must be one.

    It must parse in the formula language, read only the rating's criteria, and give a
    value within ``scale_min`` … ``scale_max`` wherever each criterion is at either bound.
    """
    rating = rule.data_quality.rating
    path = "data_quality.rating.formula"
    if not rating.formula.strip():
        if rating.criteria:
            yield missing(path, "数据质量评级公式", "rating formula")
        return
    try:
        formula = expr.parse(rating.formula)
    except ExpressionError as exc:
        yield Hit(
            path, f"评级公式无法解析：{exc.zh}", f"the rating formula does not parse: {exc.en}"
        )
        return
    undeclared = sorted(formula.names - set(rating.criteria))
    if undeclared:
        names = ", ".join(undeclared)
        yield Hit(
            path,
            f"评级公式引用了未列入评级准则（criteria）的名称：{names}",
            f"the rating formula names what is not a rating criterion: {names}",
        )
        return
    low, high = rating.scale_min, rating.scale_max
    if low >= high or len(formula.names) > 10:
        return  # PCR-DQ-002 reports the scale; ten criteria at most (the DQIndicator list)
    for corner in _corners(sorted(formula.names), float(low), float(high)):
        try:
            value = float(formula.evaluate(corner))
        except ExpressionError as exc:
            yield Hit(
                path, f"评级公式在评分边界处无法计算：{exc.zh}", f"at the scale's bounds: {exc.en}"
            )
            return
        if not low - 1e-9 <= value <= high + 1e-9:
            scores = ", ".join(f"{k}={v:g}" for k, v in corner.items())
            yield Hit(
                path,
                f"评级公式在 {scores} 时得 {value:g}，超出评分范围 {low}～{high}",
                f"the rating formula gives {value:g} at {scores}: outside the scale {low} to {high}",
            )
            return


def _corners(names: list[str], low: float, high: float) -> Iterator[dict[str, float]]:
    """Every assignment of ``low`` or ``high`` to each name (2^n of them)."""
    for mask in range(2 ** len(names)):
        yield {n: (high if mask >> i & 1 else low) for i, n in enumerate(names)}


@check(
    "PCR-ALLOC-001",
    "error",
    f"{ISO} 6.4 (allocation); ISO 14044 4.3.4.2",
    "分配层级顺序不符合“避免 → 物理 → 经济”",
    "allocation hierarchy not avoid → physical → economic",
)
def allocation_hierarchy(rule: RuleStandard) -> Iterator[Hit]:
    hierarchy = rule.allocation.hierarchy
    ranks = [ALLOCATION_ORDER.index(step) for step in hierarchy]
    if not hierarchy or hierarchy[0] != "avoid" or ranks != sorted(set(ranks)):
        yield Hit(
            "allocation.hierarchy",
            "分配层级应以“避免分配”开头，依次为物理关系、经济关系",
            "the hierarchy must start with 'avoid', then 'physical', then 'economic'",
        )


@check(
    "PCR-ALLOC-002",
    "error",
    f"{ISO} 6.4 (allocation; recycling)",
    "回收、废物或共生产品分配规则缺失",
    "recycling, waste or co-product rule missing",
)
def allocation_rules(rule: RuleStandard) -> Iterator[Hit]:
    alloc = rule.allocation
    if thin(alloc.recycling):
        yield missing("allocation.recycling", "回收利用的分配规则", "recycling allocation rule")
    if thin(alloc.waste):
        yield missing("allocation.waste", "废物处理的分配规则", "waste treatment rule")
    for i, co in enumerate(alloc.co_products):
        if blank(co.basis):
            yield missing(f"allocation.co_products[{i}].basis", "分配依据", "allocation basis")


@check(
    "PCR-GWP-001",
    "error",
    f"{ISO} 6.5 (GWP100 of IPCC); {GUIDE} 清单计算",
    "GWP 集未知",
    "unknown GWP set",
)
def gwp_known(rule: RuleStandard) -> Iterator[Hit]:
    if rule.inventory.gwp_set not in datasets.gwp_sets():
        known = ", ".join(datasets.gwp_sets())
        yield Hit(
            "inventory.gwp_set",
            f"未知的 GWP 集“{rule.inventory.gwp_set}”（可用：{known}）",
            f"unknown GWP set '{rule.inventory.gwp_set}' (available: {known})",
        )


@check(
    "PCR-GWP-002",
    "warning",
    f"{ISO} 6.5 (latest IPCC values); PACT v3 (AR6)",
    "未采用最新的 IPCC AR6 GWP100",
    "not the latest IPCC GWP100 (AR6)",
)
def gwp_latest(rule: RuleStandard) -> Iterator[Hit]:
    gwp_set = rule.inventory.gwp_set
    if gwp_set in datasets.gwp_sets() and gwp_set != datasets.DEFAULT_GWP_SET:
        yield Hit(
            "inventory.gwp_set",
            f"宜采用 {datasets.DEFAULT_GWP_SET}，而非 {gwp_set}",
            f"use {datasets.DEFAULT_GWP_SET} rather than {gwp_set}",
        )


@check(
    "PCR-DEF-001",
    "error",
    f"pcfrules data policy; {ISO} 5.11 transparency",
    "默认值缺少来源或年份",
    "default value without source or year",
)
def defaults_sourced(rule: RuleStandard) -> Iterator[Hit]:
    for i, p in enumerate(rule.inventory.parameters):
        if p.value is None:
            continue
        if not p.source.strip():
            yield missing(
                f"inventory.parameters[{i}].source",
                f"参数“{p.id}”的来源",
                f"source of parameter '{p.id}'",
            )
        if p.year is None or not 1900 <= p.year <= 2100:
            yield missing(
                f"inventory.parameters[{i}].year",
                f"参数“{p.id}”的年份",
                f"year of parameter '{p.id}'",
            )


@check(
    "PCR-DEF-002",
    "error",
    "pcfrules data policy (never invent a value)",
    "参数无取值却未标为用户提供，或单位无效",
    "parameter without value not marked user-supplied, or bad unit",
)
def parameters_well_formed(rule: RuleStandard) -> Iterator[Hit]:
    counts = Counter(p.id for p in rule.inventory.parameters)
    for i, p in enumerate(rule.inventory.parameters):
        if p.value is None and not p.user_supplied:
            yield Hit(
                f"inventory.parameters[{i}]",
                f"参数“{p.id}”无取值，应标为 user_supplied",
                f"parameter '{p.id}' has no value: mark it user_supplied",
            )
        if p.value is not None and p.user_supplied:
            yield Hit(
                f"inventory.parameters[{i}]",
                f"参数“{p.id}”有默认值却标为用户提供",
                f"parameter '{p.id}' has a default yet is marked user_supplied",
            )
        if not is_valid_unit(p.unit):
            yield Hit(
                f"inventory.parameters[{i}].unit",
                f"无法识别的单位“{p.unit}”",
                f"'{p.unit}' is not a known unit",
            )
        if counts[p.id] > 1:
            yield Hit(
                f"inventory.parameters[{i}].id",
                f"参数编号“{p.id}”重复",
                f"duplicate parameter id '{p.id}'",
            )
        if p.id in rule.items():
            yield Hit(
                f"inventory.parameters[{i}].id",
                f"参数“{p.id}”与活动数据项同名",
                f"parameter '{p.id}' has the same id as an activity item",
            )


@check(
    "PCR-FORM-001",
    "error",
    f"{GUIDE} 清单计算 (safe formulas)",
    "公式无法解析或使用了不允许的语法",
    "formula does not parse in the safe expression language",
)
def formulas_parse(rule: RuleStandard) -> Iterator[Hit]:
    for i, formula in enumerate(rule.inventory.formulas):
        try:
            expr.parse(formula.expression)
        except ExpressionError as exc:
            yield Hit(f"inventory.formulas[{i}].expression", exc.zh, exc.en)


@check(
    "PCR-FORM-002",
    "error",
    f"{GUIDE} 清单计算; {ISO} 6.4",
    "公式引用了未声明的活动数据项或参数",
    "formula uses an undeclared item or parameter",
)
def formulas_use_declared_names(rule: RuleStandard) -> Iterator[Hit]:
    declared = set(rule.items()) | set(rule.parameters())
    for i, formula in enumerate(rule.inventory.formulas):
        parsed = _parsed(formula)
        for name in sorted((parsed.names if parsed else set()) - declared):
            yield Hit(
                f"inventory.formulas[{i}].expression",
                f"“{name}”既不是活动数据项也不是参数",
                f"'{name}' is neither an activity item nor a parameter",
            )


@check(
    "PCR-FORM-003",
    "error",
    f"{ISO} 6.4 (relating data to unit processes)",
    "公式所属单元过程未知或编号重复",
    "formula names an unknown unit process or repeats an id",
)
def formulas_have_process(rule: RuleStandard) -> Iterator[Hit]:
    processes = rule.processes()
    counts = Counter(f.id for f in rule.inventory.formulas)
    for i, formula in enumerate(rule.inventory.formulas):
        if formula.process not in processes:
            yield Hit(
                f"inventory.formulas[{i}].process",
                f"未知单元过程“{formula.process}”",
                f"unknown unit process '{formula.process}'",
            )
        if counts[formula.id] > 1:
            yield Hit(
                f"inventory.formulas[{i}].id",
                f"公式编号“{formula.id}”重复",
                f"duplicate formula id '{formula.id}'",
            )


@check(
    "PCR-FORM-004",
    "error",
    f"{ISO} 6.4 (calculation; units)",
    "公式的单位不一致或结果不是温室气体质量",
    "formula units inconsistent or result not a mass of gas",
)
def formulas_dimension(rule: RuleStandard) -> Iterator[Hit]:
    for i, formula in enumerate(rule.inventory.formulas):
        hit = _dimension_hit(rule, formula, f"inventory.formulas[{i}]")
        if hit is not None:
            yield hit


@check(
    "PCR-FORM-005",
    "error",
    f"{ISO} 6.5 (GHGs characterised by IPCC GWP100)",
    "公式的气体不在 GWP 集中",
    "formula gas has no GWP in the rule's set",
)
def formulas_gas_known(rule: RuleStandard) -> Iterator[Hit]:
    if rule.inventory.gwp_set not in datasets.gwp_sets():
        return
    known = datasets.known_gases(rule.inventory.gwp_set) | {CHARACTERISED}
    for i, formula in enumerate(rule.inventory.formulas):
        if formula.gas not in known:
            yield Hit(
                f"inventory.formulas[{i}].gas",
                f"气体“{formula.gas}”在 {rule.inventory.gwp_set} 中没有 GWP 值",
                f"gas '{formula.gas}' has no GWP in {rule.inventory.gwp_set}",
            )


@check(
    "PCR-FORM-006",
    "warning",
    f"{ISO} 5.7 completeness",
    "单元过程有活动数据却没有排放公式",
    "unit process has activity data but no formula",
)
def processes_have_formulas(rule: RuleStandard) -> Iterator[Hit]:
    with_formula = {f.process for f in rule.inventory.formulas}
    product_item = rule.unit.reference_flow.item
    with_data = {i.process for i in rule.data_collection.items if i.id != product_item}
    for pid in sorted(with_data - with_formula):
        yield Hit(
            "inventory.formulas",
            f"单元过程“{pid}”没有排放公式",
            f"unit process '{pid}' has no emission formula",
        )


@check(
    "PCR-ELEC-001",
    "error",
    f"{ISO} 6.4 (electricity); GB/T 24067—2024 电力",
    "电力核算方法缺失或电网因子未定义",
    "electricity treatment missing or grid factor undefined",
)
def electricity(rule: RuleStandard) -> Iterator[Hit]:
    elec = rule.inventory.electricity
    if thin(elec.treatment):
        yield missing("inventory.electricity.treatment", "电力核算方法", "electricity treatment")
    if thin(elec.green_power):
        yield missing(
            "inventory.electricity.green_power", "绿色电力的处理", "green-power treatment"
        )
    if elec.grid_factor not in rule.parameters():
        yield Hit(
            "inventory.electricity.grid_factor",
            f"电网因子参数“{elec.grid_factor}”未定义",
            f"grid factor parameter '{elec.grid_factor}' is not defined",
        )


def _parsed(formula: Formula) -> expr.Expression | None:
    try:
        return expr.parse(formula.expression)
    except ExpressionError:
        return None


def _dimension_hit(rule: RuleStandard, formula: Formula, path: str) -> Hit | None:
    """Evaluate the formula on unit quantities; the result must be a mass."""
    parsed = _parsed(formula)
    if parsed is None:
        return None
    ureg = registry()
    values: dict[str, pint.Quantity[Any]] = {}
    units = {name: item.unit for name, item in rule.items().items()}
    units.update({name: parameter.unit for name, parameter in rule.parameters().items()})
    for name, unit in units.items():
        if name in parsed.names and is_valid_unit(unit):
            values[name] = ureg.Quantity(1.0, unit)
    if not parsed.names <= set(values):
        return None
    try:
        result = ureg.Quantity(parsed.evaluate(values))
    except (pint.errors.DimensionalityError, PcfrulesError, TypeError, ValueError) as exc:
        return Hit(f"{path}.expression", f"公式单位不一致：{exc}", f"units do not combine: {exc}")
    if result.dimensionality != ureg.kilogram.dimensionality:
        return Hit(
            f"{path}.expression",
            f"公式结果单位为“{result.units:~}”，应为质量（如 kg）",
            f"formula gives '{result.units:~}', not a mass (e.g. kg)",
        )
    if not same_dimension(formula.unit, "kg"):
        return Hit(f"{path}.unit", "公式结果单位应为质量", "formula unit must be a mass")
    return None


@check(
    "PCR-ALLOC-003",
    "error",
    f"{ISO} 6.4 (allocation; system expansion)",
    "共生产品的计算数据不完整",
    "co-product rule lacks the data to compute it",
)
def co_products_computable(rule: RuleStandard) -> Iterator[Hit]:
    names = set(rule.items()) | set(rule.parameters())
    for i, co in enumerate(rule.allocation.co_products):
        if not co.item:
            continue
        path = f"allocation.co_products[{i}]"
        if co.item not in rule.items():
            yield Hit(
                f"{path}.item",
                f"共生产品数据项“{co.item}”未定义",
                f"co-product item '{co.item}' is not an activity item",
            )
        needs = {
            "substitution": ("substitute", "被替代产品的排放因子", "burden avoided per unit"),
            "system_expansion": ("substitute", "被替代产品的排放因子", "burden avoided per unit"),
            "economic": ("property", "单价", "price per unit"),
            "physical_energy": ("property", "单位热值", "energy per unit"),
        }
        if co.method in needs:
            field, zh, en = needs[co.method]
            if not _names_known(getattr(co, field), names, substitute=field == "substitute"):
                yield Hit(
                    f"{path}.{field}",
                    f"缺少{zh}（数据项或参数）",
                    f"{en} missing (an item or parameter)",
                )
        if (
            co.method in {"economic", "physical_energy"}
            and rule.allocation.main_property not in names
        ):
            yield Hit(
                "allocation.main_property",
                "缺少主产品的分配属性",
                "allocation property of the main product missing",
            )
        if co.method == "subdivision":
            yield Hit(
                f"{path}.method",
                "过程细分不能用于按数据项计算的共生产品",
                "subdivision cannot apply to a co-product computed from an item",
            )
        yield from _made_by(rule, co, path)


def _names_known(text: str, names: set[str], substitute: bool) -> bool:
    """An item or parameter; for a substitution credit also a formula of them."""
    if text in names:
        return True
    if not substitute or not text:
        return False
    try:
        return expr.parse(text).names <= names
    except ExpressionError:
        return False


def _made_by(rule: RuleStandard, co: CoProductRule, path: str) -> Iterator[Hit]:
    """A co-product sold from an intermediate names its processes and the amount used."""
    if not co.made_by and not co.main_item:
        return
    unknown = [p for p in co.made_by if p not in rule.processes()]
    if unknown or not co.made_by:
        yield Hit(
            f"{path}.made_by",
            f"中间产品的生产过程未定义：{', '.join(unknown) or '（空）'}",
            f"processes making the intermediate are not unit processes: "
            f"{', '.join(unknown) or '(none)'}",
        )
    if co.main_item not in rule.items():
        yield Hit(
            f"{path}.main_item",
            "缺少主产品使用的中间产品数量（数据项）",
            "amount of the intermediate the main product uses (an item) missing",
        )
    if co.method not in {"physical_mass", "physical_energy", "economic"}:
        yield Hit(
            f"{path}.method",
            "按中间产品分摊只能采用质量、能量或经济价值分配",
            "sharing an intermediate needs mass, energy or economic allocation",
        )
