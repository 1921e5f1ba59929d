"""The GB/T 24067 study report of a result, in Chinese or English, as one HTML file.

It follows the report content the rule prescribes: goal, product and unit, boundary (figure),
data sources and quality, allocation, results by stage, origin and gas with the
contribution of each process, uncertainty and sensitivity, limitations, the study check's
findings and the declaration page (rule, fingerprints, result, period, validity).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pcfrules.errors import Location, StudyError
from pcfrules.files import write_atomically, write_text
from pcfrules.reports import charts
from pcfrules.reports.label import result_fingerprint
from pcfrules.rules import catalog
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.render import diagram
from pcfrules.rules.render.document import Figure, StageBox

TEXT = {
    "zh": {
        "title": "产品碳足迹研究报告",
        "enterprise": "企业",
        "period": "数据期",
        "rule": "依据标准",
        "rule_sha": "规则指纹 SHA-256",
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
    },
    "en": {
        "title": "Carbon-footprint study report",
        "enterprise": "Enterprise",
        "period": "Period",
        "rule": "Rule standard",
        "rule_sha": "Rule fingerprint SHA-256",
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
    },
}
ORIGINS = {
    "zh": {"fossil": "化石", "biogenic": "生物源", "dluc": "直接土地利用变化", "aircraft": "航空"},
    "en": {"fossil": "fossil", "biogenic": "biogenic", "dluc": "dLUC", "aircraft": "aircraft"},
}


def rule_of(result: dict[str, Any]) -> RuleStandard:
    """The installed rule the result was computed under; refused if its text has changed."""
    stamp = result.get("rule") or {}
    if not stamp or not result.get("study"):
        raise StudyError(
            zh="研究报告须基于依据规则的研究结果",
            en="a study report needs the result of a study under a rule",
            location=Location(path="rule"),
        )
    rule = catalog.load(stamp["id"])
    if rule.fingerprint() != stamp["fingerprint"]:
        raise StudyError(
            zh="结果依据的规则文本与当前安装的规则不一致，不能生成报告",
            en="the result was computed under a rule text that differs from the "
            "rule installed now: no report",
            location=Location(path="rule.fingerprint"),
        )
    return rule


def report_html(result: dict[str, Any], lang: str = "zh") -> str:
    """The study report of ``result`` in ``lang`` (zh or en)."""
    if lang not in TEXT:
        raise StudyError(
            zh="语言应为 zh 或 en", en="language is zh or en", location=Location(path="lang")
        )
    rule = rule_of(result)
    env = Environment(
        loader=PackageLoader("pcfrules.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    study = result["study"]
    fu = result["functional_unit"]
    end = date.fromisoformat(study["period"]["end"])
    years = rule.declaration.validity_years or 3
    return env.get_template("report.html.j2").render(
        lang=lang,
        t=TEXT[lang],
        result=result,
        rule=rule,
        result_sha=result_fingerprint(result),
        product=study["product"].get(lang) or study["product"].get("zh"),
        enterprise=study["enterprise"].get(lang) or study["enterprise"].get("zh"),
        fu=f"{fu['quantity']:g} {fu['unit']}",
        origin_names=ORIGINS[lang],
        valid_until=end.replace(year=end.year + years).isoformat(),
        boundary_svg=Markup(_boundary(rule, lang)),
        charts=_charts(result, lang),
    )


def write_report(result: dict[str, Any], lang: str, path: Path) -> Path:
    """Write the report as .html, or as .pdf through WeasyPrint, atomically."""
    suffix = path.suffix.lower()
    if suffix not in {".html", ".pdf"}:
        raise StudyError(
            zh="报告格式应为 .html 或 .pdf",
            en="a report is .html or .pdf",
            location=Location(file=str(path)),
        )
    html = report_html(result, lang)
    if suffix == ".html":
        return write_text(path, html)
    return write_atomically(path, lambda tmp: _pdf(html, tmp))


def _pdf(html: str, target: Path) -> None:
    """Render with WeasyPrint; needs Pango and CJK fonts (Debian: see scripts/system-deps.sh)."""
    try:
        import weasyprint  # heavy, and needs system libraries: imported only for PDFs
    except OSError as exc:
        raise StudyError(
            zh=f"无法生成 PDF：缺少系统库（{exc}）。请安装 Pango 与 Noto CJK 字体",
            en=f"cannot write PDF: system libraries missing ({exc}); install Pango "
            "and the Noto CJK fonts (scripts/system-deps.sh)",
            location=Location(file=str(target)),
        ) from exc
    weasyprint.HTML(string=html).write_pdf(target)


def _boundary(rule: RuleStandard, lang: str) -> str:
    figure = Figure(
        "",
        "",
        rule.boundary.type,
        [
            StageBox(s.name.get(lang), [p.name.get(lang) for p in s.processes])
            for s in rule.boundary.stages
        ],
        "原料、能源输入" if lang == "zh" else "materials and energy in",
        "产品出厂" if lang == "zh" else "product at the gate",
    )
    return diagram.svg(figure)


def _charts(result: dict[str, Any], lang: str) -> dict[str, Markup]:
    out = {
        "stages": charts.bars(result["by_stage"]),
        "origins": charts.bars({ORIGINS[lang][k]: v for k, v in result["by_origin"].items()}),
        "waterfall": charts.waterfall(result["by_process"], TEXT[lang]["total"]),
    }
    uncertainty = result.get("uncertainty")
    if uncertainty:
        p = uncertainty["percentiles"]
        out["histogram"] = charts.histogram(
            uncertainty["draws"], uncertainty["mean"], p["2.5"], p["97.5"]
        )
        out["tornado"] = charts.tornado(uncertainty["sensitivity"]["elasticities"])
    return {k: Markup(v) for k, v in out.items()}
