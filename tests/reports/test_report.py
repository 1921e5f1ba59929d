"""The GB/T 24067 study report: every section, the charts, and refusals."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import StudyError
from pcfrules.reports.label import result_fingerprint
from pcfrules.reports.report import report_html
from pcfrules.rules import catalog
from pcfrules.studies import load_input, rule_for, run_study
from pcfrules.studies.model import UncertaintySpec
from tests.output import assert_shows

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
def result() -> dict:
    data = load_input(EXAMPLE)
    data.activity["clinker_output"].uncertainty = UncertaintySpec(distribution="normal", sd=7500)
    return run_study(data, rule_for(data), samples=200, seed=2)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_in_order_with_figures(result: dict, lang: str) -> None:
    html = report_html(result, lang)
    positions = [html.find(f"<h2>{heading}</h2>") for heading in SECTIONS[lang]]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert html.count("<svg") == 6  # boundary, stages, origins, waterfall, histogram, tornado
    assert result["rule"]["fingerprint"] in html and result_fingerprint(result) in html
    assert f"{result['total']['value']:,.2f}" in html
    assert "2028-12-31" in html  # valid until: period end + the rule's 3 years


def test_waterfall_adds_up(result: dict) -> None:
    html = report_html(result, "en")
    shown = [
        float(v.replace(",", ""))
        for v in re.findall(
            r"<title>[^<:]+: (-?[\d,.]+)</title>", html.split("<h3>6.4")[1].split("<h2>7")[0]
        )
    ]
    assert sum(shown[:-1]) == pytest.approx(shown[-1], abs=0.02 * len(shown))


def test_refusals(result: dict) -> None:
    changed = copy.deepcopy(result)
    changed["rule"]["fingerprint"] = "0" * 64
    with pytest.raises(StudyError, match="differs from the rule installed"):
        report_html(changed)
    with pytest.raises(StudyError, match="study under a rule"):
        report_html(dict(result, rule=None))


def test_cli_from_study_and_format_refusal(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    outcome = CliRunner().invoke(app, ["report", str(EXAMPLE), "--lang", "en", "-o", str(out)])
    assert outcome.exit_code == 0, outcome.output
    assert "Carbon-footprint study report" in out.read_text("utf-8")
    refused = CliRunner().invoke(app, ["report", str(EXAMPLE), "-o", str(tmp_path / "r.doc")])
    assert refused.exit_code == 2
    assert_shows(refused.output, ".pdf")


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
def test_pdf_has_the_chinese_headings_and_figures(result: dict, tmp_path: Path) -> None:
    import pypdf

    from pcfrules.reports.report import write_report

    pdf = write_report(result, "zh", tmp_path / "report.pdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    compact = re.sub(r"\s+", "", text)
    for heading in SECTIONS["zh"]:
        assert re.sub(r"\s+", "", heading) in compact, heading
    assert f"{result['total']['value']:,.2f}" in text
    assert result["rule"]["fingerprint"] in compact
