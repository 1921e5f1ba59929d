"""The GB/T 24067 study report of a result, in Chinese or English, as HTML or PDF bytes.

It follows the report content the rule prescribes, so that a verifier can trace every
figure: goal, product and unit, boundary (figure), the activity data as given and every
default and factor with its source and year, the allocation applied per co-product, results
by stage, origin, gas and formula with the contribution of each process, uncertainty only
where the data carries it, the one-at-a-time sensitivity on the rule's own inputs by name,
limitations, the study check's findings and the declaration page (the standard's number,
the report's date, the practitioner, the verifier's statement fields, both fingerprints).
Names are the rule's own in the report's language; the charts are drawn by matplotlib.

The report is made from a result and the rule it names, both handed in: finding the rule
(a file, the search path, the catalogue, the registry) is the caller's, so this room never
guesses which text a result was computed under.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pcfrules.errors import Location, RenderRefusedError, StudyError
from pcfrules.files import write_bytes
from pcfrules.reports import charts
from pcfrules.reports import report_tables as tables
from pcfrules.reports.label import result_fingerprint
from pcfrules.rules.model import Lang, RuleStandard
from pcfrules.rules.render import diagram, missing_text, pdf
from pcfrules.rules.render.document import Figure, StageBox
from pcfrules.rules.render.labels import DQ_INDICATORS, GWP_SETS, label, outside_out, pick
from pcfrules.rules.render.units import number, significant, unit_symbol
from pcfrules.studies import Result
from pcfrules.studies.perturb import STEP

TEXT = {
    "zh": {
        "title": "产品碳足迹研究报告",
        "enterprise": "企业",
        "period": "数据期",
        "rule": "依据标准",
        "rule_sha": "规则指纹 SHA-256",
        "also_per": "每{word}提供 {amount} {unit}",
        "result_sha": "结果指纹 SHA-256",
        "goal": "量化目的",
        "product": "产品",
        "unit": "声明单位",
        "boundary": "系统边界",
        "excluded": "按取舍准则排除的估计占比",
        "data": "数据来源与数据质量",
        "primary_share": "初级数据比例",
        "defaults": "采用默认值的数据项",
        "allocation": "分配",
        "process": "过程",
        "method": "方法",
        "factors": "分配系数",
        "results": "结果",
        "by_stage": "按生命周期阶段",
        "by_origin": "按来源（分别报告）",
        "by_gas": "按温室气体",
        "origin": "来源",
        "gas": "气体",
        "contribution": "各过程贡献（瀑布图）",
        "uncertainty": "不确定性与敏感性",
        "mc": "蒙特卡洛次数",
        "mean": "均值",
        "sensitivity": "敏感性（弹性，%/%）",
        "no_mc": "未进行蒙特卡洛分析（计算时加 --samples N）。",
        "limitations": "局限性",
        "findings": "研究检查发现",
        "code": "编号",
        "severity": "级别",
        "message": "说明",
        "clause": "依据",
        "declaration": "产品碳足迹声明",
        "valid_until": "有效期至",
        "total": "合计",
        "activity": "活动数据",
        "item": "数据项",
        "value": "数值",
        "unit_col": "单位",
        "data_type": "数据类型",
        "source": "来源",
        "dq": "数据质量（时间/地理/技术/精度）",
        "default_used": "采用默认值",
        "factors_title": "默认值与排放因子",
        "linked_title": "上游输入的来源",
        "linked_intro": "下列输入为其他产品的碳足迹，规则标明其上游规则；优先顺序为：按上游产品规则核算的足迹、供应商 PACT 数据、背景数据库数据集、规则默认值。",
        "upstream_rule": "上游规则",
        "supplied_by": "提供方式",
        "parameter": "参数",
        "year": "年份",
        "given_by_study": "研究提供",
        "rule_default": "规则默认值",
        "formulas": "各公式计算结果（核算期）",
        "formula": "排放",
        "result_kg": "结果（kg）",
        "share": "占比",
        "stage": "生命周期阶段",
        "co_product": "共生产品",
        "basis": "依据",
        "applied": "实际采用的分配",
        "none_applied": "本研究无多产出过程，未进行分配。",
        "oat": "单因素敏感性：每次将一个输入提高 {step} %，其余不变时产品碳足迹的变化",
        "change": "产品碳足迹变化",
        "no_uncertain_input": "没有输入数据给出不确定性，因此未进行不确定性分析，不给出区间。",
        "uncertain_not_run": "有 {n} 项输入给出了不确定性，但本结果未运行蒙特卡洛分析（计算时加 --samples N）。",
        "mc_settings": "蒙特卡洛设置",
        "uncertain_inputs": "带不确定性的输入",
        "seed": "随机种子",
        "interval": "95 % 区间",
        "report_date": "报告日期",
        "practitioner": "研究执行者",
        "verifier": "核查声明",
        "verifier_name": "核查机构/核查员",
        "verifier_statement": "核查意见",
        "verifier_date": "核查日期",
        "signature": "签字（盖章）",
        "number_missing": "（规则尚未发布，无标准编号）",
        "period_of": "核算期",
    },
    "en": {
        "title": "Carbon-footprint study report",
        "enterprise": "Enterprise",
        "period": "Period",
        "rule": "Rule standard",
        "rule_sha": "Rule fingerprint SHA-256",
        "also_per": "one {word} provides {amount} {unit}",
        "result_sha": "Result fingerprint SHA-256",
        "goal": "Goal",
        "product": "Product",
        "unit": "Declared unit",
        "boundary": "System boundary",
        "excluded": "Estimated share left out under the cut-off",
        "data": "Data sources and data quality",
        "primary_share": "Primary-data share",
        "defaults": "Items taken from defaults",
        "allocation": "Allocation",
        "process": "Process",
        "method": "Method",
        "factors": "Factors",
        "results": "Results",
        "by_stage": "By life-cycle stage",
        "by_origin": "By origin (reported apart)",
        "by_gas": "By greenhouse gas",
        "origin": "Origin",
        "gas": "Gas",
        "contribution": "Contribution of each process (waterfall)",
        "uncertainty": "Uncertainty and sensitivity",
        "mc": "Monte Carlo draws",
        "mean": "mean",
        "sensitivity": "Sensitivity (elasticities, % per %)",
        "no_mc": "No Monte Carlo analysis was run (add --samples N to the calculation).",
        "limitations": "Limitations",
        "findings": "Findings of the study check",
        "code": "Code",
        "severity": "Severity",
        "message": "Message",
        "clause": "Clause",
        "declaration": "Carbon-footprint declaration",
        "valid_until": "Valid until",
        "total": "total",
        "activity": "Activity data",
        "item": "Item",
        "value": "Value",
        "unit_col": "Unit",
        "data_type": "Data type",
        "source": "Source",
        "dq": "Data quality (time/geography/technology/precision)",
        "default_used": "default used",
        "factors_title": "Defaults and emission factors",
        "linked_title": "Sources of upstream inputs",
        "linked_intro": "These inputs are footprints of other products; the rule names the rule of each. In order of preference: a footprint under the upstream product's own rule, a supplier's PACT footprint, a background database's dataset, the rule's default.",
        "upstream_rule": "Upstream rule",
        "supplied_by": "Supplied by",
        "parameter": "Parameter",
        "year": "Year",
        "given_by_study": "given by the study",
        "rule_default": "rule default",
        "formulas": "Result of each formula (period)",
        "formula": "Emission",
        "result_kg": "Result (kg)",
        "share": "Share",
        "stage": "Life-cycle stage",
        "co_product": "Co-product",
        "basis": "Basis",
        "applied": "Allocation applied",
        "none_applied": "No process of this study has several outputs: nothing was allocated.",
        "oat": "One-at-a-time sensitivity: change of the footprint with one input raised by {step} %, all else held",
        "change": "Change of the footprint",
        "no_uncertain_input": "No input datum carries an uncertainty, so no uncertainty analysis was made and no interval is given.",
        "uncertain_not_run": "{n} input(s) carry an uncertainty, but no Monte Carlo analysis was run for this result (add --samples N).",
        "mc_settings": "Monte Carlo settings",
        "uncertain_inputs": "Inputs with an uncertainty",
        "seed": "seed",
        "interval": "95 % interval",
        "report_date": "Date of the report",
        "practitioner": "Practitioner",
        "verifier": "Verification statement",
        "verifier_name": "Verification body / verifier",
        "verifier_statement": "Statement",
        "verifier_date": "Date of verification",
        "signature": "Signature (seal)",
        "number_missing": "(the rule is not published: it has no number)",
        "period_of": "period",
    },
}
SEVERITIES = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
ORIGINS = {
    "zh": {"fossil": "化石", "biogenic": "生物源", "dluc": "直接土地利用变化", "aircraft": "航空"},
    "en": {"fossil": "fossil", "biogenic": "biogenic", "dluc": "dLUC", "aircraft": "aircraft"},
}


FORMATS = ("html", "pdf")
LANGUAGES: dict[str, Lang] = {"zh": "zh", "en": "en"}


def study_of(result: Result, rule: RuleStandard) -> dict[str, Any]:
    """The study a result was computed from, once it is clear ``rule`` is the one it names.

    The caller finds the rule (``pcfrules.rules.sources.find_again``, which refuses a changed
    text); this check keeps a report from ever pairing a result with another rule's text.
    """
    if result.rule is None or not result.study:
        raise StudyError(
            zh="研究报告须基于依据规则的研究结果",
            en="a study report needs the result of a study under a rule",
            location=Location(path="rule"),
        )
    if rule.fingerprint() != result.rule.fingerprint:
        raise StudyError(
            zh="给出的规则文本与结果依据的规则不一致，不能生成报告",
            en="the rule given is not the rule text the result was computed under: no report",
            location=Location(path="rule.fingerprint"),
        )
    return result.study


def _dq_header(rule: RuleStandard, language: Lang) -> str:
    """The data-quality column's header: the rule's rating criteria, in the rule's order."""
    criteria = rule.data_quality.rating.criteria
    if not criteria or list(criteria) == ["time", "geography", "technology", "precision"]:
        return TEXT[language]["dq"]
    names = "/".join(pick(DQ_INDICATORS[c], language) for c in criteria)
    return f"数据质量（{names}）" if language == "zh" else f"Data quality ({names})"


def report_html(
    result: Result,
    rule: RuleStandard,
    lang: str = "zh",
    practitioner: str = "",
    report_date: date | None = None,
) -> str:
    """The study report of ``result`` under ``rule`` in ``lang`` (zh or en), as HTML text."""
    language = _language(lang)
    study = study_of(result, rule)
    _refuse_what_cannot_be_reported(rule, language)
    env = Environment(
        loader=PackageLoader("pcfrules.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    fu = result.functional_unit
    rows = tables.report_tables(result, rule, language)
    end = date.fromisoformat(study["period"]["end"])
    years = rule.declaration.validity_years or 3
    return env.get_template("report.html.j2").render(
        lang=language,
        t={
            **TEXT[language],
            "dq": _dq_header(rule, language),
            "unit": label(f"unit_word_{rule.unit.kind}", language).capitalize()
            if language == "en"
            else label(f"unit_word_{rule.unit.kind}", language),
        },
        result=result,
        rule=rule,
        result_sha=result_fingerprint(result),
        product=study["product"].get(language) or study["product"].get("zh"),
        enterprise=study["enterprise"].get(language) or study["enterprise"].get("zh"),
        fu=f"{fu['quantity']:g} {unit_symbol(fu['unit'])}",
        also_per=_also_per(result, language),
        origin_names=ORIGINS[language],
        severities=SEVERITIES[language],
        valid_until=end.replace(year=end.year + years).isoformat(),
        boundary_svg=Markup(_boundary(rule, language)),
        tables=rows,
        gwp_name=pick(GWP_SETS[result.gwp_set], language)
        if result.gwp_set in GWP_SETS
        else result.gwp_set,
        number=number,
        charts=_charts(result, rule, language, rows),
        practitioner=practitioner,
        report_date=(report_date or date.today()).isoformat(),
        step=round(STEP * 100),
    )


def _also_per(result: Result, lang: Lang) -> list[dict[str, str]]:
    """Each second unit the result is stated in, as the headline and declaration show it."""
    shown = []
    word = label(f"unit_word_{result.functional_unit.get('kind', 'declared')}", lang)
    for also in result.also_per or []:
        unit = unit_symbol(also.unit)
        name = also.name.get(lang) or also.name.get("zh", "")
        sized = TEXT[lang]["also_per"].format(
            word=word, amount=significant(also.per_declared_unit), unit=unit
        )
        note = f"{name}（{sized}）" if lang == "zh" else f"{name} ({sized})"
        shown.append({"value": significant(also.value), "unit": unit, "note": note})
    return shown


def report_bytes(
    result: Result, rule: RuleStandard, lang: str, fmt: str, practitioner: str = ""
) -> bytes:
    """The report as ``html`` (UTF-8) or ``pdf`` (through WeasyPrint) bytes."""
    if fmt not in FORMATS:
        raise _unknown_format(Location(path="fmt"))
    html = report_html(result, rule, lang, practitioner)
    return html.encode("utf-8") if fmt == "html" else pdf.write(html)


def write_report(result: Result, rule: RuleStandard, lang: str, path: Path) -> Path:
    """Write the report as .html or .pdf (chosen by the suffix of ``path``), atomically."""
    fmt = path.suffix.lower().removeprefix(".")
    if fmt not in FORMATS:
        raise _unknown_format(Location(file=str(path)))
    return write_bytes(path, report_bytes(result, rule, lang, fmt), StudyError)


def _refuse_what_cannot_be_reported(rule: RuleStandard, lang: Lang) -> None:
    """A report in a language the rule has no title or names in would be half in the other."""
    missing = missing_text(rule, lang)
    if missing is not None:
        raise RenderRefusedError(
            zh=f"规则没有 {missing} 的文字，不能生成该语言的报告",
            en=f"the rule has no text in {missing}: no report in that language",
            location=Location(path=missing),
        )


def _language(lang: str) -> Lang:
    known = LANGUAGES.get(lang)
    if known is None:
        raise StudyError(
            zh="语言应为 zh 或 en", en="language is zh or en", location=Location(path="lang")
        )
    return known


def _unknown_format(location: Location) -> StudyError:
    return StudyError(
        zh="报告格式应为 .html 或 .pdf", en="a report is .html or .pdf", location=location
    )


def _boundary(rule: RuleStandard, lang: Lang) -> str:
    figure = Figure(
        "",
        "",
        rule.boundary.type,
        [
            StageBox(s.name.get(lang), [p.name.get(lang) for p in s.processes])
            for s in rule.boundary.stages
        ],
        label("outside_in", lang),
        outside_out(rule.boundary.type, lang),
    )
    return diagram.svg(figure)


def _charts(
    result: Result, rule: RuleStandard, lang: Lang, rows: dict[str, Any]
) -> dict[str, Markup]:
    names = tables.Names(rule, lang)
    unit = "kg CO₂e"
    out = {
        "stages": charts.bars({names.stage(k): v for k, v in result.by_stage.items()}, unit),
        "origins": charts.bars({ORIGINS[lang][k]: v for k, v in result.by_origin.items()}, unit),
        "waterfall": charts.waterfall(  # processes that add nothing (the site) left out
            {names.process(k): v for k, v in result.by_process.items() if v},
            TEXT[lang]["total"],
            unit,
        ),
    }
    if rows["sensitivity"]:
        out["tornado"] = charts.tornado(rows["sensitivity"], f"{TEXT[lang]['change']} (%)")
    uncertainty = result.uncertainty
    if uncertainty is not None and rows["uncertain"]:
        p = uncertainty.percentiles
        out["histogram"] = charts.histogram(
            uncertainty.draws, uncertainty.mean, p.p2_5, p.p97_5, unit
        )
    return {k: Markup(v) for k, v in out.items()}
