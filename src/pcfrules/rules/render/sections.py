"""Cover, 前言, chapters 1–10 and 参考文献 of the standard text, built from the rule model.

Every sentence is in the text's language: enums, units, gases, sources and the names of
items and parameters come from the rule's own bilingual names or from ``labels``; an
identifier of the rule (``cement_output``) never appears in running text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pcfrules.rules.model import Lang, RuleStandard, Text
from pcfrules.rules.render import annexes, bibliography
from pcfrules.rules.render.document import (
    STAGES,
    Block,
    Clause,
    Cover,
    Document,
    Edition,
    ExampleResult,
    Figure,
    Items,
    Para,
    StageBox,
    Table,
    Term,
)
from pcfrules.rules.render.equations import equations, gas_name
from pcfrules.rules.render.labels import (
    ALLOCATION_STEPS,
    BOUNDARY_TYPES,
    CO_PRODUCT_METHODS,
    CUT_OFF_BASES,
    DQ_INDICATORS,
    DRAFTING_RULES,
    GWP_SETS,
    ORIGINS,
    PATENT_NOTICE,
    REFS_INTRO,
    TERMS_INTRO,
    label,
    outside_out,
    pick,
)
from pcfrules.rules.render.units import unit_symbol


class _Counter:
    """Numbers tables and figures in order of appearance (表 1, 表 2 …)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.tables = 0
        self.figures = 0

    def table(self) -> str:
        self.tables += 1
        return f"{label('table', self.lang)} {self.tables}"

    def figure(self) -> str:
        self.figures += 1
        return f"{label('figure', self.lang)} {self.figures}"


def document(
    rule: RuleStandard,
    lang: Lang,
    edition: Edition,
    example: dict[str, object] | None,
    result: ExampleResult | None,
) -> Document:
    """The whole standard text."""
    n = _Counter(lang)
    t = _T(lang)
    clauses = [
        Clause("1", label("scope", lang), [Para(t(rule.scope))]),
        _references(rule, lang),
        _terms(rule, lang),
        _goal(rule, lang),
        _quantification_scope(rule, lang, n),
        _inventory_analysis(rule, lang, n),
        _impact_assessment(rule, lang, n),
        _interpretation(rule, lang),
        _report(rule, lang),
        _declaration(rule, lang),
    ]
    return Document(
        lang=lang,
        cover=_cover(rule, lang, edition),
        foreword_title=label("foreword", lang),
        foreword=_foreword(rule, lang),
        clauses=clauses,
        annexes=annexes.build(rule, lang, example, result),
        bibliography_title=label("bibliography", lang),
        bibliography=bibliography.entries(rule, lang),
        contents_title=label("contents", lang),
        fingerprint=rule.fingerprint(),
        rule_id=rule.identity.id,
        version=rule.identity.version,
    )


class _T:
    """Picks the language of a :class:`Text`."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __call__(self, text: Text) -> str:
        return text.get(self.lang)

    def all(self, texts: list[Text]) -> list[str]:
        return [t.get(self.lang) for t in texts]


def _cover(rule: RuleStandard, lang: Lang, edition: Edition) -> Cover:
    """The cover of a published 团体标准, or of a draft with its stage and 本稿完成日期."""
    ident = rule.identity
    other: Lang = "en" if lang == "zh" else "zh"
    placeholder = label("placeholder_date", lang)
    published = edition.stage == "published"
    number = edition.number if published else ""
    code = (number or ident.number).split(" ")[0] if (number or ident.number) else ""
    stage = pick(STAGES[edition.stage], lang)
    if stage:
        stage = f"（{stage}）" if lang == "zh" else f"({stage})"
    body = ident.issuing_body.get(lang)
    completed = ""
    if not published and edition.completed is not None:
        completed = f"{label('completed', lang)}：{edition.completed}"
        if lang == "en":
            completed = f"{label('completed', lang)}: {edition.completed}"
    return Cover(
        level=label(f"level_{ident.level}", lang),
        code=code,
        number=number or (f"{code} XXXX—XXXX" if code else "XXXX—XXXX"),
        ics=ident.ics,
        ccs=ident.ccs,
        title=ident.title.get(lang),
        title_other=ident.title.get(other),
        stage=stage,
        completed=completed,
        issue_date=str(edition.issue_date) if published else placeholder,
        implementation_date=str(edition.implementation_date) if published else placeholder,
        issued=label("issued", lang),
        implemented=label("implemented", lang),
        issuing_body=f"{body} {label('issued_by', lang)}"
        if lang == "zh"
        else f"{label('issued_by', lang)} {body}",
        header=number
        if published
        else f"{ident.title.get(lang)}{'' if lang == 'zh' else ' '}{stage}",
    )


def _foreword(rule: RuleStandard, lang: Lang) -> list[Block]:
    """前言: the drafting statement of GB/T 1.1-2020 9.2, then who proposed and drafted it."""
    fw, t = rule.foreword, _T(lang)
    orgs = ("、" if lang == "zh" else ", ").join(t.all(fw.drafting_organisations))
    lines = [
        t(fw.drafting_rules) or pick(DRAFTING_RULES, lang),
        t(fw.patent_notice) or pick(PATENT_NOTICE, lang),
    ]
    if lang == "zh":
        lines += [
            f"本文件由{t(fw.proposer)}提出。" if t(fw.proposer) else "",
            f"本文件由{t(fw.responsible_body)}归口。" if t(fw.responsible_body) else "",
        ]
        lines += [f"本文件起草单位：{orgs}。" if orgs else ""]
        if fw.drafters:
            lines.append(f"本文件主要起草人：{'、'.join(fw.drafters)}。")
    else:
        lines += [
            f"This document was proposed by {t(fw.proposer)}." if t(fw.proposer) else "",
            f"This document is under the responsibility of {t(fw.responsible_body)}."
            if t(fw.responsible_body)
            else "",
        ]
        lines += [f"Drafting organisations: {orgs}." if orgs else ""]
        if fw.drafters:
            lines.append(f"Main drafters: {', '.join(fw.drafters)}.")
    return [Para(line) for line in lines if line.strip()]


def _references(rule: RuleStandard, lang: Lang) -> Clause:
    refs = [f"{r.code}\u2002{r.title.get(lang)}" for r in rule.normative_references]
    return Clause("2", label("refs", lang), [Para(pick(REFS_INTRO, lang)), *map(Para, refs)])


def _terms(rule: RuleStandard, lang: Lang) -> Clause:
    """Each term with its English equivalent (zh text) and its source, as GB/T 1.1-2020 8.5."""
    blocks: list[Block] = [Para(pick(TERMS_INTRO, lang))]
    for i, term in enumerate(rule.terms, start=1):
        source = ""
        if term.source:
            source = f"[来源：{term.source}]" if lang == "zh" else f"[SOURCE: {term.source}]"
        equivalent = term.term.en if lang == "zh" else ""
        blocks.append(
            Term(f"3.{i}", term.term.get(lang), equivalent, term.definition.get(lang), source)
        )
    return Clause("3", label("terms", lang), blocks)


def _goal(rule: RuleStandard, lang: Lang) -> Clause:
    t, goal = _T(lang), rule.goal
    apps = "预期应用：" if lang == "zh" else "Intended applications:"
    aud = "目标受众：" if lang == "zh" else "Intended audience:"
    kind = {
        "cfp": ("产品碳足迹", "carbon footprint of the product (CFP)"),
        "partial_cfp": ("产品部分碳足迹", "partial carbon footprint of the product"),
    }
    study = ("量化对象：" if lang == "zh" else "What is quantified: ") + pick(
        kind[goal.study_type], lang
    )
    return Clause(
        "4",
        label("goal", lang),
        [
            Para(t(goal.purpose)),
            Para(study),
            Para(apps),
            Items(t.all(goal.applications)),
            Para(aud),
            Items(t.all(goal.audience)),
        ],
    )


def _quantification_scope(rule: RuleStandard, lang: Lang, n: _Counter) -> Clause:
    return Clause(
        "5",
        label("qscope", lang),
        children=[
            _product(rule, lang, n),
            _unit(rule, lang),
            _boundary(rule, lang, n),
            _cut_off(rule, lang),
            _time_geo(rule, lang),
        ],
    )


def _product(rule: RuleStandard, lang: Lang, n: _Counter) -> Clause:
    t, p = _T(lang), rule.product
    cls = p.classification
    head = ["分类", "代码"] if lang == "zh" else ["Classification", "Code"]
    rows = [
        [
            pick(("国民经济行业分类（GB/T 4754—2017）", "GB/T 4754-2017 industry"), lang),
            ", ".join(cls.industry),
        ]
    ]
    if cls.statistical_product:
        rows.append(
            [
                pick(("统计用产品分类目录", "Statistical product classification"), lang),
                ", ".join(cls.statistical_product),
            ]
        )
    if cls.consumer_goods:
        rows.append(
            [
                pick(("消费品分类与代码（GB/T 36431）", "Consumer goods (GB/T 36431)"), lang),
                ", ".join(cls.consumer_goods),
            ]
        )
    blocks: list[Block] = [
        Para(t(p.definition)),
        Para(pick(("本文件适用的产品类型：", "Product types covered:"), lang)),
        Items(t.all(p.included_types)),
    ]
    if p.excluded_types:
        blocks += [Para(pick(("不适用：", "Not covered:"), lang)), Items(t.all(p.excluded_types))]
    if p.technical_standards:
        blocks += [
            Para(pick(("产品技术标准：", "Product technical standards:"), lang)),
            Items([f"{r.code}  {t(r.title)}" for r in p.technical_standards]),
        ]
    blocks.append(
        Table(n.table(), pick(("产品分类代码", "Classification codes"), lang), head, rows)
    )
    return Clause("5.1", label("product", lang), blocks)


def _unit(rule: RuleStandard, lang: Lang) -> Clause:
    t, u = _T(lang), rule.unit
    flow = u.reference_flow
    item = rule.items().get(flow.item)
    output = f"{t(item.name)}" if item else ""
    quantity = f"{u.quantity:g} {unit_symbol(u.unit)}"
    blocks: list[Block] = [
        Para(
            f"{t(u.description)}（{quantity}）"
            if lang == "zh"
            else f"{t(u.description)} ({quantity})"
        ),
        Para(t(u.rationale)),
        Para(
            pick(("基准流：", "Reference flow: "), lang)
            + t(flow.description)
            + (
                f"（{flow.quantity:g} {unit_symbol(flow.unit)}；{output}）"
                if lang == "zh"
                else f" ({flow.quantity:g} {unit_symbol(flow.unit)}; {output})"
            )
        ),
    ]
    for conv in u.conversions:
        blocks.append(
            Para(
                f"{unit_symbol(conv.from_unit)} → {unit_symbol(conv.to_unit)}：{t(conv.description)}"
                if lang == "zh"
                else f"{unit_symbol(conv.from_unit)} → {unit_symbol(conv.to_unit)}: {t(conv.description)}"
            )
        )
    blocks.extend(_also_per(rule, lang))
    return Clause("5.2", label(f"unit_{u.kind}", lang), blocks)


def _also_per(rule: RuleStandard, lang: Lang) -> Iterator[Block]:
    """Each second unit the result is also stated in, and the value that sizes it."""
    t, word = _T(lang), label(f"unit_word_{rule.unit.kind}", lang)
    for also in rule.unit.also_per:
        entry = rule.items().get(also.item) or rule.parameters().get(also.item)
        sized = t(entry.name) if entry is not None else also.item
        per = unit_symbol(also.unit)
        yield Para(
            f"结果还应按{t(also.name)}（kg CO2e/{per}）表述：每{word}的结果除以“{sized}”"
            f"（一个{word}提供的 {per} 数）。{t(also.description)}"
            if lang == "zh"
            else f"The result shall also be stated {t(also.name)} (kg CO2e/{per}): the result "
            f"per {word} divided by '{sized}' (the {per} one {word} provides). "
            f"{t(also.description)}"
        )


def _boundary(rule: RuleStandard, lang: Lang, n: _Counter) -> Clause:
    t, b = _T(lang), rule.boundary
    kind = pick(BOUNDARY_TYPES[b.type], lang)
    figure = Figure(
        n.figure(),
        pick(("系统边界", "System boundary"), lang),
        kind,
        [StageBox(t(s.name), [t(p.name) for p in s.processes]) for s in b.stages],
        label("outside_in", lang),
        outside_out(b.type, lang),
    )
    head = (
        ["生命周期阶段", "单元过程", "说明"]
        if lang == "zh"
        else ["Life-cycle stage", "Unit process", "Description"]
    )
    rows = [[t(s.name), t(p.name), t(p.description)] for s in b.stages for p in s.processes]
    blocks: list[Block] = [
        Para(pick(("系统边界类型：", "Boundary type: "), lang) + kind),
        Para(t(b.description)),
        figure,
        Table(
            n.table(),
            pick(("生命周期阶段和单元过程", "Stages and unit processes"), lang),
            head,
            rows,
        ),
    ]
    if b.inclusions:
        blocks += [
            Para(pick(("边界内还包括：", "Also included:"), lang)),
            Items(t.all(b.inclusions)),
        ]
    if b.exclusions:
        blocks += [
            Para(pick(("排除项：", "Excluded:"), lang)),
            Items([f"{t(e.item)} — {t(e.reason)}" for e in b.exclusions]),
        ]
    return Clause("5.3", label("boundary", lang), blocks)


def _cut_off(rule: RuleStandard, lang: Lang) -> Clause:
    c = rule.boundary.cut_off
    if c.per_item_percent is None or c.cumulative_percent is None:
        line = label("tbd", lang)
    else:
        bases = ("、" if lang == "zh" else ", ").join(pick(CUT_OFF_BASES[b], lang) for b in c.basis)
        line = (
            f"单项阈值：{c.per_item_percent:g}%；累计阈值：{c.cumulative_percent:g}%；依据：{bases}。"
            if lang == "zh"
            else f"Per-item threshold: {c.per_item_percent:g} %; cumulative threshold: "
            f"{c.cumulative_percent:g} %; basis: {bases}."
        )
    return Clause("5.4", label("cutoff", lang), [Para(c.description.get(lang)), Para(line)])


def _time_geo(rule: RuleStandard, lang: Lang) -> Clause:
    b = rule.boundary
    return Clause(
        "5.5",
        label("time_geo", lang),
        [Para(b.time_boundary.get(lang)), Para(b.geography.get(lang))],
    )


def _inventory_analysis(rule: RuleStandard, lang: Lang, n: _Counter) -> Clause:
    t = _T(lang)

    def letter(content: str) -> str:
        return annexes.annex_letter(rule, content)

    dc, dq, alloc = rule.data_collection, rule.data_quality, rule.allocation
    ref = rule.unit.reference_flow
    output = rule.items()[ref.item].name.get(lang) if ref.item in rule.items() else ""
    declared = f"{rule.unit.quantity:g} {unit_symbol(rule.unit.unit)}"
    collection = Clause(
        "6.1",
        label("collection", lang),
        [
            Para(
                pick(
                    ("数据来源按以下优先顺序选用：", "Data sources, in order of preference:"), lang
                )
            ),
            Items(t.all(dc.source_preference), ordered=True),
            Para(
                pick(
                    (
                        f"各单元过程应收集的活动数据见附录 {letter('data_collection_tables')}。",
                        "The activity data to collect per unit process are listed in Annex "
                        f"{letter('data_collection_tables')}.",
                    ),
                    lang,
                )
            ),
        ],
    )
    relating = Clause(
        "6.3",
        label("relating", lang),
        [
            Para(
                pick(
                    (
                        f"核算期内各单元过程的排放量之和除以核算期产量（{output}），折算为每 {declared} 的排放。",
                        f"The emissions of all unit processes over the period are divided by the output of the "
                        f"period ({output}) and expressed per {declared}.",
                    ),
                    lang,
                )
            )
        ],
    )
    dq_head = ["指标", "要求"] if lang == "zh" else ["Indicator", "Requirement"]
    dq_rows = [[pick(DQ_INDICATORS[r.indicator], lang), t(r.requirement)] for r in dq.requirements]
    quality = Clause(
        "6.4",
        label("dq", lang),
        [
            Table(n.table(), label("dq", lang), dq_head, dq_rows),
            Para(
                pick(
                    (
                        f"数据质量评价方法见附录 {letter('data_quality_evaluation')}。",
                        f"Data quality is evaluated as in Annex {letter('data_quality_evaluation')}.",
                    ),
                    lang,
                )
            ),
        ],
    )
    co_head = ["共生产品", "方法", "依据"] if lang == "zh" else ["Co-product", "Method", "Basis"]
    co_rows = [
        [t(c.product), pick(CO_PRODUCT_METHODS[c.method], lang), t(c.basis)]
        for c in alloc.co_products
    ]
    alloc_blocks: list[Block] = [
        Items([pick(ALLOCATION_STEPS[s], lang) for s in alloc.hierarchy], ordered=True)
    ]
    if co_rows:
        alloc_blocks.append(
            Table(
                n.table(), pick(("共生产品分配", "Co-product allocation"), lang), co_head, co_rows
            )
        )
    alloc_blocks += [Para(t(alloc.recycling)), Para(t(alloc.waste)), Para(t(alloc.sensitivity))]
    return Clause(
        "6",
        label("lci", lang),
        children=[
            collection,
            Clause("6.2", label("validation", lang), [Para(t(dc.validation))]),
            relating,
            quality,
            Clause("6.5", label("allocation", lang), alloc_blocks),
        ],
    )


def _impact_assessment(rule: RuleStandard, lang: Lang, n: _Counter) -> Clause:
    t, inv = _T(lang), rule.inventory
    gwp_annex = annexes.annex_letter(rule, "gwp_values")
    gwp_name = pick(GWP_SETS[inv.gwp_set], lang) if inv.gwp_set in GWP_SETS else label("tbd", lang)
    gwp = Clause(
        "7.1",
        label("gwp", lang),
        [
            Para(
                pick(
                    (
                        f"采用{gwp_name}，数值见附录 {gwp_annex}。",
                        f"The {gwp_name} are used; values in Annex {gwp_annex}.",
                    ),
                    lang,
                )
            )
        ],
    )
    elec = Clause(
        "7.2",
        label("electricity", lang),
        [Para(t(inv.electricity.treatment)), Para(t(inv.electricity.green_power))],
    )
    numbered = equations(rule, lang)
    processes = rule.processes()
    stage_clauses = []
    for i, stage in enumerate(rule.boundary.stages, start=1):
        blocks: list[Block] = []
        for f in inv.formulas:
            _, process = processes[f.process]
            if f.process not in {p.id for p in stage.processes}:
                continue
            eq = numbered[f.id]
            origin = pick(ORIGINS[f.origin], lang)
            lead = (
                f"{t(process.name)}的{t(f.description)}（{origin}{gas_name(f.gas)}）按式{eq.number}计算："
                if lang == "zh"
                else f"{t(process.name)}: {t(f.description)} ({origin} {gas_name(f.gas)}) is "
                f"calculated with Formula {eq.number}:"
            )
            blocks.append(replace(eq, lead=lead))
        if blocks:
            stage_clauses.append(Clause(f"7.3.{i}", t(stage.name), blocks))
    total = Clause(
        "7.4",
        label("total", lang),
        [
            Para(
                pick(
                    (
                        "产品碳足迹为各式计算的温室气体排放量乘以其全球变暖潜势之和，除以核算期产量，"
                        "再乘以声明单位的数量；以 CO₂e 给出的上游数据直接计入。化石、生物源、直接土地利用变化"
                        "和航空排放分别汇总。",
                        "The carbon footprint of the product is the sum of the greenhouse-gas emissions of "
                        "the formulas, each multiplied by its GWP, divided by the output of the period and "
                        "multiplied by the quantity of the unit; upstream data given in CO₂e enter as they "
                        "are. Fossil, biogenic, dLUC and aircraft emissions are summed apart.",
                    ),
                    lang,
                )
            )
        ],
    )
    by_stage = Clause("7.3", label("by_stage", lang), children=stage_clauses)
    return Clause("7", label("lcia", lang), children=[gwp, elec, by_stage, total])


def _interpretation(rule: RuleStandard, lang: Lang) -> Clause:
    t, i = _T(lang), rule.interpretation
    return Clause(
        "8",
        label("interp", lang),
        [
            Para(t(i.sensitivity)),
            Para(t(i.uncertainty)),
            Para(pick(("局限性：", "Limitations:"), lang)),
            Items(t.all(i.limitations)),
        ],
    )


def _report(rule: RuleStandard, lang: Lang) -> Clause:
    t, r = _T(lang), rule.report
    apart = ", ".join(pick(ORIGINS[o], lang) for o in r.separate_reporting)
    template = annexes.annex_letter(rule, "report_template")
    return Clause(
        "9",
        label("report", lang),
        [
            Para(pick(("报告应包括：", "The report shall contain:"), lang)),
            Items(t.all(r.content)),
            Para(pick(("应分别报告：", "Reported apart: "), lang) + apart),
            Para(
                pick(
                    (
                        f"报告模板见附录 {template}。",
                        f"A report template is given in Annex {template}.",
                    ),
                    lang,
                )
            ),
        ],
    )


def _declaration(rule: RuleStandard, lang: Lang) -> Clause:
    t, d = _T(lang), rule.declaration
    years = d.validity_years if d.validity_years is not None else label("tbd", lang)
    return Clause(
        "10",
        label("declaration", lang),
        [
            Para(pick(("产品碳足迹声明应包括：", "A declaration shall state:"), lang)),
            Items(t.all(d.content)),
            Para(
                pick(
                    (f"声明有效期为 {years} 年。", f"A declaration is valid for {years} years."),
                    lang,
                )
            ),
        ],
    )
