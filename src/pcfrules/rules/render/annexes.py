"""The annexes of the standard text: data-collection tables, defaults, GWP values and more."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pcfrules import datasets
from pcfrules.errors import PcfrulesError
from pcfrules.rules import catalog
from pcfrules.rules.model import ActivityItem, Annex, Lang, RuleStandard
from pcfrules.rules.render.bibliography import source_text
from pcfrules.rules.render.document import AnnexPart, Block, ExampleResult, Items, Para, Table
from pcfrules.rules.render.equations import Symbols, equations, gas_name, linear
from pcfrules.rules.render.labels import DQ_INDICATORS, ORIGINS, label, pick
from pcfrules.rules.render.units import number, unit_symbol


def annex_letter(rule: RuleStandard, content: str) -> str:
    """The letter of the first annex holding ``content``, or ``?`` when the rule has none."""
    return next((a.id for a in rule.annexes if a.content == content), "?")


@dataclass(frozen=True)
class _Example:
    """The worked example's inputs (as the example file gives them) and its result."""

    inputs: dict[str, object] | None
    result: ExampleResult | None


def build(
    rule: RuleStandard,
    lang: Lang,
    example: dict[str, object] | None,
    result: ExampleResult | None = None,
) -> list[AnnexPart]:
    """Every annex of the rule, in order, with its generated body."""
    parts = []
    for annex in rule.annexes:
        counter = _TableNumbers(f"{label('table', lang)} {annex.id}")
        body = _BODIES.get(annex.content, _body_only)(
            rule, annex, lang, counter, _Example(example, result)
        )
        parts.append(AnnexPart(annex.id, label(annex.kind, lang), annex.title.get(lang), body))
    return parts


class _TableNumbers:
    """Tables inside an annex are numbered 表 A.1, 表 A.2 and so on."""

    def __init__(self, letter: str) -> None:
        self.letter = letter
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"{self.letter}.{self.count}"


Body = Callable[[RuleStandard, Annex, Lang, _TableNumbers, _Example], list[Block]]


def _intro(annex: Annex, lang: Lang) -> list[Block]:
    return [Para(annex.body.get(lang))] if annex.body.get(lang).strip() else []


def _body_only(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: _Example,
) -> list[Block]:
    return _intro(annex, lang)


def _data_collection(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: _Example,
) -> list[Block]:
    head = (
        ["符号", "数据项", "单位", "数据类型", "获取方法", "默认值", "必填"]
        if lang == "zh"
        else ["Symbol", "Item", "Unit", "Type", "How obtained", "Default", "Mandatory"]
    )
    symbols = Symbols(rule)
    blocks = _intro(annex, lang)
    for stage in rule.boundary.stages:
        for process in stage.processes:
            rows = [
                [
                    linear((symbols.of[i.id],)),
                    i.name.get(lang),
                    unit_symbol(i.unit),
                    label(i.data_type, lang),
                    _obtained(i, lang),
                    linear((symbols.of[i.default],)) if i.default in symbols.of else "—",
                    label("yes" if i.mandatory else "no", lang),
                ]
                for i in rule.data_collection.items
                if i.process == process.id
            ]
            if rows:
                caption = f"{stage.name.get(lang)} — {process.name.get(lang)}"
                blocks.append(Table(n.next(), caption, head, rows))
    return blocks


def _obtained(item: ActivityItem, lang: Lang) -> str:
    """How an item is obtained; for an upstream footprint, the order in which it is supplied."""
    text = item.measurement.get(lang)
    if not item.upstream:
        return text
    name = _upstream_name(item.upstream, lang)
    if lang == "zh":
        named = f"（本文件指定 {item.dataset}）" if item.dataset else ""
        return (
            f"{text}；优先采用按{name}核算的碳足迹，其次为供应商 PACT 数据，"
            f"再次为背景数据库数据集{named}，最后为默认值"
        )
    named = f" (this document names {item.dataset})" if item.dataset else ""
    return (
        f"{text}; preferably the footprint quantified under {name}, then a supplier's PACT "
        f"footprint, then a background database's dataset{named}, then the default"
    )


def _upstream_name(rule_id: str, lang: Lang) -> str:
    """The upstream rule as the text names it: its title when it is in the catalogue."""
    if rule_id in catalog.catalog_ids():
        title = catalog.load(rule_id).identity.title.get(lang)
        return f"《{title}》" if lang == "zh" else f"'{title}'"
    return f"“{rule_id}”规则" if lang == "zh" else f"the rule '{rule_id}'"


def _defaults(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: _Example,
) -> list[Block]:
    head = (
        ["符号", "参数", "数值", "单位", "来源", "年份"]
        if lang == "zh"
        else ["Symbol", "Parameter", "Value", "Unit", "Source", "Year"]
    )
    symbols = Symbols(rule)
    given = [p for p in rule.inventory.parameters if p.value is not None]
    user = [p for p in rule.inventory.parameters if p.value is None]
    blocks = [
        *_intro(annex, lang),
        Table(
            n.next(),
            pick(("默认值及其来源", "Default values and their sources"), lang),
            head,
            [
                [
                    linear((symbols.of[p.id],)),
                    p.name.get(lang),
                    number(p.value),
                    unit_symbol(p.unit),
                    source_text(p.source, lang),
                    str(p.year),
                ]
                for p in given
                if p.value is not None
            ],
        ),
    ]
    if user:
        blocks += [
            Para(
                pick(
                    (
                        "以下参数无公开默认值，由用户提供：",
                        "No published default exists for these; the user supplies them:",
                    ),
                    lang,
                )
            ),
            Items(
                [
                    f"{linear((symbols.of[p.id],))}：{p.name.get(lang)}（{unit_symbol(p.unit)}）"
                    if lang == "zh"
                    else f"{linear((symbols.of[p.id],))}: {p.name.get(lang)} ({unit_symbol(p.unit)})"
                    for p in user
                ]
            ),
        ]
    return blocks


def _gwp(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: _Example,
) -> list[Block]:
    gases = sorted({f.gas for f in rule.inventory.formulas if f.gas != "CO2e"} | {"CO2"})
    head = ["气体", "GWP100", "来源"] if lang == "zh" else ["Gas", "GWP100", "Source"]
    rows = []
    for gas in gases:
        try:
            value = datasets.gwp(rule.inventory.gwp_set, gas)
        except PcfrulesError:
            rows.append([gas_name(gas), label("tbd", lang), "—"])
            continue
        origins = sorted({f.origin for f in rule.inventory.formulas if f.gas == gas})
        by_origin = [(o, datasets.gwp_of(rule.inventory.gwp_set, gas, o)) for o in origins]
        if len({v.value for _, v in by_origin}) <= 1 and all(v == value for _, v in by_origin):
            rows.append([gas_name(gas), number(value.value), _gwp_source(value.source, lang)])
            continue
        for origin, of_origin in by_origin:  # methane: fossil and non-fossil values differ
            name = (
                f"{gas_name(gas)}（{pick(ORIGINS[origin], 'zh')}）"
                if lang == "zh"
                else (f"{gas_name(gas)} ({pick(ORIGINS[origin], 'en')})")
            )
            rows.append([name, number(of_origin.value), _gwp_source(of_origin.source, lang)])
    caption = (
        pick(("全球变暖潜势", "Global warming potentials"), lang) + f" ({rule.inventory.gwp_set})"
    )
    return [*_intro(annex, lang), Table(n.next(), caption, head, rows)]


def _data_quality(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: _Example,
) -> list[Block]:
    rating = rule.data_quality.rating
    criteria = [pick(DQ_INDICATORS[c], lang) for c in rating.criteria]
    threshold = f"{rating.threshold:g}" if rating.threshold is not None else label("tbd", lang)
    text = (
        f"评分范围 {rating.scale_min}（最好）至 {rating.scale_max}（最差）；加权 DQR 不得高于 {threshold}。"
        if lang == "zh"
        else f"Scores run from {rating.scale_min} (best) to {rating.scale_max} (worst); the weighted "
        f"DQR shall not exceed {threshold}."
    )
    blocks = [*_intro(annex, lang), Para(rating.method.get(lang)), Items(criteria), Para(text)]
    if rating.formula:
        formula = rating.formula
        for key, names in DQ_INDICATORS.items():
            formula = re.sub(rf"\b{key}\b", pick(names, lang), formula)
        blocks.append(Para(f"DQR = {formula.replace('*', ' × ')}"))
    return blocks


def _report_template(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: _Example,
) -> list[Block]:
    head = ["章节", "内容", "填写"] if lang == "zh" else ["Section", "Content", "Entry"]
    rows = [[str(i), c.get(lang), "…"] for i, c in enumerate(rule.report.content, start=1)]
    return [
        *_intro(annex, lang),
        Table(n.next(), pick(("报告模板", "Report template"), lang), head, rows),
    ]


def _worked_example(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: _Example,
) -> list[Block]:
    """The example's inputs by symbol and name, then each formula's result and the total."""
    blocks = _intro(annex, lang)
    activity = (example.inputs or {}).get("activity")
    if not isinstance(activity, dict):
        return blocks
    items, symbols = rule.items(), Symbols(rule)
    head = (
        ["符号", "数据项", "数值", "单位"] if lang == "zh" else ["Symbol", "Item", "Value", "Unit"]
    )
    rows = []
    for key, entry in activity.items():
        if key not in items or not isinstance(entry, dict):
            continue
        value = entry.get("value")
        shown = number(value) if isinstance(value, int | float) else str(value)
        rows.append(
            [
                linear((symbols.of[key],)),
                items[key].name.get(lang),
                shown,
                unit_symbol(str(entry.get("unit", ""))),
            ]
        )
    blocks.append(
        Table(n.next(), pick(("示例活动数据", "Example activity data"), lang), head, rows)
    )
    if example.result is not None:
        blocks += _example_result(rule, lang, n, example.result)
    return blocks


def _example_result(
    rule: RuleStandard, lang: Lang, n: _TableNumbers, result: ExampleResult
) -> list[Block]:
    numbered = equations(rule, lang)
    head = ["式", "排放", "结果（kg）"] if lang == "zh" else ["Formula", "Emission", "Result (kg)"]
    rows = [
        [eq.number, eq.where[0].meaning, number(result.formulas[fid])]
        for fid, eq in numbered.items()
        if fid in result.formulas
    ]
    total = f"{number(result.total)} {unit_symbol(result.unit)}"
    unit = rule.unit
    per = f"{unit.quantity:g} {unit_symbol(unit.unit)}"
    return [
        Table(
            n.next(),
            pick(("各式计算结果（核算期）", "Result of each formula (period)"), lang),
            head,
            rows,
        ),
        Para(
            f"按本文件计算，示例产品的碳足迹为每 {per} {total}。"
            if lang == "zh"
            else f"Computed as this document specifies, the example's carbon footprint is {total} per {per}."
        ),
    ]


def _gwp_source(source: str, lang: Lang) -> str:
    if lang == "en":
        return source
    if source.startswith("Reference gas"):
        return "基准气体：CO₂ 的 GWP 按定义为 1（IPCC）"
    return source_text(source, lang)


_BODIES: dict[str, Body] = {
    "data_collection_tables": _data_collection,
    "default_values": _defaults,
    "gwp_values": _gwp,
    "data_quality_evaluation": _data_quality,
    "report_template": _report_template,
    "worked_example": _worked_example,
}
