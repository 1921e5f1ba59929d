"""The annexes of the standard text: data-collection tables, defaults, GWP values and more."""

from __future__ import annotations

from collections.abc import Callable

from pcfrules import datasets
from pcfrules.errors import PcfrulesError
from pcfrules.rules.model import Annex, Lang, RuleStandard
from pcfrules.rules.render.document import AnnexPart, Block, Items, Para, Table
from pcfrules.rules.render.labels import DQ_INDICATORS, label, pick


def annex_letter(rule: RuleStandard, content: str) -> str:
    """The letter of the first annex holding ``content``, or ``?`` when the rule has none."""
    return next((a.id for a in rule.annexes if a.content == content), "?")


def build(rule: RuleStandard, lang: Lang, example: dict[str, object] | None) -> list[AnnexPart]:
    """Every annex of the rule, in order, with its generated body."""
    parts = []
    for annex in rule.annexes:
        counter = _TableNumbers(f"{label('table', lang)} {annex.id}")
        body = _BODIES.get(annex.content, _body_only)(rule, annex, lang, counter, example)
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


Body = Callable[[RuleStandard, Annex, Lang, _TableNumbers, "dict[str, object] | None"], list[Block]]


def _intro(annex: Annex, lang: Lang) -> list[Block]:
    return [Para(annex.body.get(lang))] if annex.body.get(lang).strip() else []


def _body_only(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: dict[str, object] | None,
) -> list[Block]:
    return _intro(annex, lang)


def _data_collection(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: dict[str, object] | None,
) -> list[Block]:
    head = (
        ["编号", "数据项", "单位", "数据类型", "获取方法", "默认值", "必填"]
        if lang == "zh"
        else ["Id", "Item", "Unit", "Type", "How obtained", "Default", "Mandatory"]
    )
    blocks = _intro(annex, lang)
    for stage in rule.boundary.stages:
        for process in stage.processes:
            rows = [
                [
                    i.id,
                    i.name.get(lang),
                    i.unit,
                    label(i.data_type, lang),
                    i.measurement.get(lang),
                    i.default or "—",
                    label("yes" if i.mandatory else "no", lang),
                ]
                for i in rule.data_collection.items
                if i.process == process.id
            ]
            if rows:
                caption = f"{stage.name.get(lang)} — {process.name.get(lang)}"
                blocks.append(Table(n.next(), caption, head, rows))
    return blocks


def _defaults(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: dict[str, object] | None,
) -> list[Block]:
    head = (
        ["编号", "参数", "数值", "单位", "来源", "年份"]
        if lang == "zh"
        else ["Id", "Parameter", "Value", "Unit", "Source", "Year"]
    )
    given = [p for p in rule.inventory.parameters if p.value is not None]
    user = [p for p in rule.inventory.parameters if p.value is None]
    blocks = [
        *_intro(annex, lang),
        Table(
            n.next(),
            pick(("默认值及其来源", "Default values and their sources"), lang),
            head,
            [
                [p.id, p.name.get(lang), f"{p.value:g}", p.unit, p.source, str(p.year)]
                for p in given
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
            Items([f"{p.id} — {p.name.get(lang)} ({p.unit})" for p in user]),
        ]
    return blocks


def _gwp(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: dict[str, object] | None,
) -> list[Block]:
    gases = sorted({f.gas for f in rule.inventory.formulas if f.gas != "CO2e"} | {"CO2"})
    head = ["气体", "GWP100", "来源"] if lang == "zh" else ["Gas", "GWP100", "Source"]
    rows = []
    for gas in gases:
        try:
            value = datasets.gwp(rule.inventory.gwp_set, gas)
        except PcfrulesError:
            rows.append([gas, label("tbd", lang), "—"])
            continue
        rows.append([gas, f"{value.value:g}", value.source])
    caption = (
        pick(("全球变暖潜势", "Global warming potentials"), lang) + f" ({rule.inventory.gwp_set})"
    )
    return [*_intro(annex, lang), Table(n.next(), caption, head, rows)]


def _data_quality(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: dict[str, object] | None,
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
        blocks.append(Para(f"DQR = {rating.formula}"))
    return blocks


def _report_template(
    rule: RuleStandard,
    annex: Annex,
    lang: Lang,
    n: _TableNumbers,
    example: dict[str, object] | None,
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
    example: dict[str, object] | None,
) -> list[Block]:
    blocks = _intro(annex, lang)
    activity = (example or {}).get("activity")
    if not isinstance(activity, dict):
        return blocks
    items = rule.items()
    head = ["数据项", "数值", "单位"] if lang == "zh" else ["Item", "Value", "Unit"]
    rows = []
    for key, entry in activity.items():
        name = items[key].name.get(lang) if key in items else key
        value, unit = (
            (entry.get("value"), entry.get("unit"))
            if isinstance(entry, dict)
            else (entry, items[key].unit if key in items else "")
        )
        rows.append([f"{name} ({key})", f"{value}", f"{unit}"])
    blocks.append(
        Table(n.next(), pick(("示例活动数据", "Example activity data"), lang), head, rows)
    )
    return blocks


_BODIES: dict[str, Body] = {
    "data_collection_tables": _data_collection,
    "default_values": _defaults,
    "gwp_values": _gwp,
    "data_quality_evaluation": _data_quality,
    "report_template": _report_template,
    "worked_example": _worked_example,
}
