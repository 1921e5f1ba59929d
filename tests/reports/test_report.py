"""The GB/T 24067 study report: every section, the charts, and refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pcfrules.errors import RenderRefusedError, StudyError
from pcfrules.reports.label import result_fingerprint
from pcfrules.reports.report import report_bytes, report_html, write_report
from pcfrules.rules import catalog
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.render.units import number
from pcfrules.studies import Result, compute, load_input, rule_for, run_study
from pcfrules.studies.model import Study, UncertaintySpec
from tests.examples import raw_result

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
SECTIONS = {
    "zh": [
        "1 量化目的",
        "2 产品",
        "3 系统边界",
        "4 数据来源与数据质量",
        "5 分配",
        "6 结果",
        "7 不确定性与敏感性",
        "8 局限性",
        "9 研究检查发现",
        "产品碳足迹声明",
    ],
    "en": [
        "1 Goal",
        "2 Product",
        "3 System boundary",
        "4 Data sources and data quality",
        "5 Allocation",
        "6 Results",
        "7 Uncertainty and sensitivity",
        "8 Limitations",
        "9 Findings of the study check",
        "Carbon-footprint declaration",
    ],
}


@pytest.fixture(scope="module")
def study() -> Study:
    data = load_input(EXAMPLE)
    assert isinstance(data, Study)
    data.activity["clinker_output"].uncertainty = UncertaintySpec(distribution="normal", sd=7500)
    return data


@pytest.fixture(scope="module")
def rule() -> RuleStandard:
    return catalog.load("cement")


@pytest.fixture(scope="module")
def result(study: Study) -> Result:
    return run_study(study, rule_for(study, EXAMPLE), samples=200, seed=2)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_in_order_with_figures(result: Result, rule: RuleStandard, lang: str) -> None:
    html = report_html(result, rule, lang)
    positions = [html.find(f"<h2>{heading}</h2>") for heading in SECTIONS[lang]]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert html.count("<svg") == 6  # boundary, stages, origins, waterfall, tornado, histogram
    assert result.rule is not None
    assert result.rule.fingerprint in html and result_fingerprint(result) in html
    assert number(result.total.value, 2) in html
    assert "2028-12-31" in html  # valid until: period end + the rule's 3 years
    assert not re.search(
        r"\d\.\d+e[+-]\d", html.split("<body>")[1].replace("<svg", "\0").split("\0")[0]
    )


def test_interval_is_the_monte_carlo_percentiles(result: Result, rule: RuleStandard) -> None:
    assert result.uncertainty is not None
    p = result.uncertainty.percentiles
    html = report_html(result, rule, "en")
    assert f"95 % interval [{number(p.p2_5, 2)}, {number(p.p97_5, 2)}]" in html
    assert "Monte Carlo draws 200" in html and "seed 2" in html  # the settings
    assert "clinker output" in html.split("Inputs with an uncertainty")[1].split("</table>")[0]


def test_uncertainty_only_where_the_data_carries_it(study: Study, rule: RuleStandard) -> None:
    plain = run_study(study, rule)
    assert plain.uncertainty is None
    html = report_html(plain, rule, "en")
    assert "1 input(s) carry an uncertainty, but no Monte Carlo analysis was run" in html
    assert html.count("<svg") == 5  # no histogram
    certain = study.model_copy(deep=True)
    certain.activity["clinker_output"].uncertainty = None
    drawn = run_study(certain, rule, samples=50, seed=1)
    html = report_html(drawn, rule, "zh")
    assert "没有输入数据给出不确定性，因此未进行不确定性分析，不给出区间" in html
    assert html.count("<svg") == 5 and "95 %" not in html  # no histogram, no interval


def test_every_figure_traces_to_its_input(result: Result, rule: RuleStandard) -> None:
    html = report_html(result, rule, "zh")
    text = re.sub(r"<[^>]+>", " ", html[html.index("<body>") :])
    activity = text.split("4.1 活动数据")[1].split("4.2")[0]
    for item in ("水泥产量", "熟料产量", "入窑煤耗量"):
        assert item in activity
    assert number(1000000) in activity and "核算期" in activity and "初级数据" in activity
    factors = text.split("4.2 默认值与排放因子")[1].split("4.3")[0]
    assert "全国平均电力碳足迹因子" in factors and "2023" in factors and "规则默认值" in factors
    assert "《2006 年 IPCC 国家温室气体清单指南》第 2 卷第 1 章表 1.4" in factors  # source, in zh
    formulas = text.split("6.4 各公式计算结果")[1].split("6.5")[0]
    assert all(f.description.zh in formulas for f in rule.inventory.formulas)
    stages = text.split("6.1 按生命周期阶段")[1].split("6.2")[0]
    assert "原料获取阶段" in stages and "产品生产阶段" in stages and "raw_material" not in stages
    allocation = text.split("5 分配")[1].split("6 结果")[0]
    assert "同时生产的外售熟料" in allocation and "按质量分配" in allocation


def test_sensitivity_on_the_rules_own_inputs_by_name(result: Result, rule: RuleStandard) -> None:
    html = report_html(result, rule, "zh")
    section = html.split("单因素敏感性：每次将一个输入提高 10 %")[1].split("<h2>")[0]
    rows = dict(re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+) %</td></tr>", section))
    assert "熟料产量" in rows and "全国平均电力碳足迹因子（2023 年）" in rows
    assert float(rows["熟料产量"].replace("−", "-")) > 0
    assert not any(name in rows for name in ("clinker_output", "grid_electricity_factor"))


def test_declaration_page(result: Result, rule: RuleStandard, study: Study) -> None:
    html = report_html(result, rule, "en", practitioner="Li Lei, Example LCA Ltd")
    page = html.split('<section class="declaration">')[1]
    assert "(the rule is not published: it has no number)" in page  # never an id for a number
    assert "Li Lei, Example LCA Ltd" in page and "Date of the report" in page
    for field in ("Verification body / verifier", "Statement", "Date of verification"):
        assert field in page
    assert result.rule is not None and result.rule.fingerprint in page
    assert result_fingerprint(result) in page
    numbered = rule.model_copy(deep=True)
    numbered.identity.number = "T/CBMF 7—2026"
    under_it = run_study(study, numbered)
    assert "T/CBMF 7—2026" in report_html(under_it, numbered, "zh").split("产品碳足迹声明")[-1]


def test_a_language_the_rule_has_no_text_in_is_refused(rule: RuleStandard, study: Study) -> None:
    untitled = rule.model_copy(deep=True)
    untitled.identity.title.en = ""
    target = Path("report.en.pdf")
    with pytest.raises(RenderRefusedError) as err:
        write_report(run_study(study, untitled), untitled, "en", target)
    assert err.value.location.path == "identity.title.en" and not target.exists()


def test_numbers_as_people_read_them() -> None:
    assert number(1040) == "1\u2009040" and number(-2315.5) == "−2\u2009315.5"
    assert number(0.6205) == "0.6205" and number(1.04e6) == "1\u2009040\u2009000"
    assert number(742.1258, 2) == "742.13"


def test_refusals(result: Result, rule: RuleStandard) -> None:
    with pytest.raises(StudyError, match="not the rule text") as err:
        report_bytes(result, catalog.load("electrolytic-aluminium"), "en", "html")
    assert err.value.location.path == "rule.fingerprint" and "规则" in err.value.zh
    with pytest.raises(StudyError, match="study under a rule") as err:
        report_bytes(raw_result(), rule, "en", "html")
    assert err.value.location.path == "rule" and "研究结果" in err.value.zh
    with pytest.raises(StudyError, match="zh or en") as err:
        report_bytes(result, rule, "fr", "html")
    assert err.value.location.path == "lang" and "语言" in err.value.zh
    with pytest.raises(StudyError, match=r"\.html or \.pdf") as err:
        report_bytes(result, rule, "en", "docx")
    assert err.value.location.path == "fmt" and "报告格式" in err.value.zh


def test_written_html_is_the_rendered_bytes(
    result: Result, rule: RuleStandard, tmp_path: Path
) -> None:
    path = write_report(result, rule, "en", tmp_path / "report.html")
    assert path.read_bytes() == report_bytes(result, rule, "en", "html")
    assert path.read_text("utf-8") == report_html(result, rule, "en")
    assert "Carbon-footprint study report" in path.read_text("utf-8")


def test_write_refuses_another_suffix_and_writes_nothing(
    result: Result, rule: RuleStandard, tmp_path: Path
) -> None:
    target = tmp_path / "report.doc"
    with pytest.raises(StudyError, match=r"\.pdf") as err:
        write_report(result, rule, "en", target)
    assert err.value.location.file == str(target) and not target.exists()


def _pdf_ready() -> str:
    """Why a PDF cannot be made here, or '' when it can."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        return (
            f"WeasyPrint cannot load Pango ({exc}): "
            "scripts/system-deps.sh installs libpango-1.0-0 and libpangoft2-1.0-0"
        )
    import shutil
    import subprocess

    if (
        shutil.which("fc-list") is None
        or "CJK"
        not in subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout
    ):
        return (
            "no Chinese font (Noto CJK) installed: scripts/system-deps.sh installs fonts-noto-cjk"
        )
    return ""


@pytest.mark.skipif(bool(_pdf_ready()), reason=_pdf_ready() or "ready")
def test_pdf_has_the_chinese_headings_and_figures(
    result: Result, rule: RuleStandard, tmp_path: Path
) -> None:
    import pypdf

    pdf = write_report(result, rule, "zh", tmp_path / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    compact = re.sub(r"\s+", "", text)
    for heading in SECTIONS["zh"]:
        assert re.sub(r"\s+", "", heading) in compact, heading
    assert re.sub(r"\s+", "", number(result.total.value, 2)) in compact
    assert result.rule is not None and result.rule.fingerprint in compact


@pytest.mark.parametrize(
    ("lang", "title", "supplied_by"),
    [
        ("zh", "4.3 上游输入的来源", "按上游规则核算的研究"),
        ("en", "4.3 Sources of upstream inputs", "a study under the upstream rule"),
    ],
)
def test_upstream_inputs_are_shown_with_what_supplied_them(
    lang: str, title: str, supplied_by: str
) -> None:
    urea = catalog.catalog_dir() / "urea" / "example.yaml"
    result = compute(urea)  # its ammonia is the ammonia example, computed with it
    html = report_html(result, catalog.load("urea"), lang)
    assert title in html and supplied_by in html
    ammonia = compute(catalog.catalog_dir() / "ammonia" / "example.yaml").total.value
    assert number(ammonia) in html  # the value used is the upstream study's footprint
    assert (result.input_sources or {})["ammonia_footprint"]["rule"]["fingerprint"][:16] in html
