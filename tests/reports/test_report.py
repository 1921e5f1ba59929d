"""The GB/T 24067 study report: every section, the charts, and refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pcfrules.errors import StudyError
from pcfrules.reports.label import result_fingerprint
from pcfrules.reports.report import report_bytes, report_html, write_report
from pcfrules.rules import catalog
from pcfrules.rules.model import RuleStandard
from pcfrules.studies import Result, load_input, rule_for, run_study
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
    assert html.count("<svg") == 6  # boundary, stages, origins, waterfall, histogram, tornado
    assert result.rule is not None
    assert result.rule.fingerprint in html and result_fingerprint(result) in html
    assert f"{result.total.value:,.2f}" in html
    assert "2028-12-31" in html  # valid until: period end + the rule's 3 years


def test_interval_is_the_monte_carlo_percentiles(result: Result, rule: RuleStandard) -> None:
    assert result.uncertainty is not None
    p = result.uncertainty.percentiles
    assert f"95 % [{p.p2_5:,.2f}, {p.p97_5:,.2f}]" in report_html(result, rule, "en")


def test_without_monte_carlo_the_report_says_so(study: Study, rule: RuleStandard) -> None:
    plain = run_study(study, rule)
    assert plain.uncertainty is None
    html = report_html(plain, rule, "en")
    assert "No Monte Carlo analysis was run" in html
    assert html.count("<svg") == 4  # no histogram, no tornado


def test_waterfall_adds_up(result: Result, rule: RuleStandard) -> None:
    html = report_html(result, rule, "en")
    shown = [
        float(v.replace(",", ""))
        for v in re.findall(
            r"<title>[^<:]+: (-?[\d,.]+)</title>", html.split("<h3>6.4")[1].split("<h2>7")[0]
        )
    ]
    assert sum(shown[:-1]) == pytest.approx(shown[-1], abs=0.02 * len(shown))


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
    assert f"{result.total.value:,.2f}" in text
    assert result.rule is not None and result.rule.fingerprint in compact
