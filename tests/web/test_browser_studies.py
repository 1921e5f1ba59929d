"""The study journey in a real browser, as the cement plant's admin walks it, in Chinese.

Studies → new study → the cement standard's workbook downloaded → filled where its labels
say (the worked example, ``tests.examples``) → uploaded → its findings → computed with
Monte Carlo, the progress followed to its end → the result's charts → the PDF report as a
job, downloaded. Then the verifier opens a study shared with it, in English.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.examples import fill_workbook
from tests.web.conftest import CEMENT_NUMBER, Live
from tests.web.live import shot
from tests.web.test_studies import uncertain_cement

pytestmark = pytest.mark.browser
WAIT_MS = 60_000


def _fill(downloaded: Path, target: Path) -> Path:
    book = openpyxl.load_workbook(downloaded)
    fill_workbook(book, uncertain_cement(), "zh")
    book.save(target)
    return target


def _study_of(tab: Any) -> tuple[str, int]:
    found = re.search(r"/studies/([^/]+)/(\d+)$", tab.url)
    assert found, tab.url
    return found.group(1), int(found.group(2))


def test_the_cement_plant_computes_a_study_from_its_workbook(live: Live, tmp_path: Path) -> None:
    tab = live.page("cement")
    tab.goto("/")
    tab.get_by_role("link", name="企业核算").first.click()
    tab.wait_for_url("**/studies")
    assert tab.get_by_role("heading", name="示例水泥有限公司（虚构，演示用）").is_visible()
    shot(tab, "studies", live.shots)

    tab.get_by_role("link", name="新建核算").click()
    row = tab.get_by_role("row").filter(has_text=CEMENT_NUMBER)
    with tab.expect_download() as waited:
        row.get_by_role("link", name="下载 .xlsx").click()
    download = waited.value
    assert download.suggested_filename == "cement-1.0.0-数据收集表.xlsx"
    blank = tmp_path / download.suggested_filename
    download.save_as(blank)
    filled = _fill(blank, tmp_path / "水泥数据收集表（已填）.xlsx")

    tab.set_input_files("input[type=file][name=file]", str(filled))
    tab.get_by_role("button", name="上传并检查").click()
    tab.wait_for_url(re.compile(r"/studies/DEMO-CEMENT/\d+$"))
    assert tab.get_by_role("heading", name="数据检查").is_visible()
    assert tab.get_by_text("水泥数据收集表（已填）.xlsx").is_visible()
    shot(tab, "study-findings", live.shots)
    code, study = _study_of(tab)

    tab.fill("input[name=samples]", "500")
    tab.get_by_role("button", name="开始计算").click()
    tab.wait_for_url(re.compile(r"/jobs/\d+$"))
    result_link = tab.get_by_role("link", name="查看计算结果")
    result_link.wait_for(timeout=WAIT_MS)  # htmx swapped the fragment in until it ended
    assert tab.locator("#job-progress progress").get_attribute("value") == "100"
    assert tab.locator("#job-progress").get_attribute("hx-trigger") is None  # polling stopped
    shot(tab, "job", live.shots)

    result_link.click()
    tab.wait_for_url(f"**/studies/{code}/{study}")
    for key in ("stage", "process", "origin", "data", "spread"):
        drawn = tab.locator(f'[data-chart="chart-{key}"][data-drawn] svg')
        drawn.first.wait_for()
    assert tab.get_by_role("heading", name="产品碳足迹").is_visible()
    assert tab.get_by_role("heading", name="蒙特卡洛抽样分布", exact=False).is_visible()
    assert tab.locator("table.figure-table").count() == 4
    shot(tab, "result", live.shots)

    tab.get_by_role("button", name="生成 PDF 报告").click()
    tab.wait_for_url(re.compile(r"/jobs/\d+$"))
    report = tab.get_by_role("link", name=re.compile("下载"))
    report.wait_for(timeout=WAIT_MS)
    with tab.expect_download() as waited:
        report.click()
    pdf = waited.value
    assert pdf.suggested_filename.endswith(".report.zh.pdf")
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")

    tab.goto("/studies")
    tab.select_option("select[name=a]", str(study))
    tab.select_option("select[name=b]", "1")
    tab.get_by_role("button", name="比较两项研究").click()
    tab.locator('[data-chart="chart-compare"][data-drawn] svg').first.wait_for()
    assert (
        tab.get_by_role("cell", name="合计").or_(tab.get_by_role("rowheader", name="合计")).count()
    )
    shot(tab, "compare", live.shots)
    tab.context.close()


def test_the_verifier_reads_a_shared_study_in_english(live: Live) -> None:
    tab = live.page("verifier", lang="en")
    tab.goto("/studies?lang=en")
    heading = tab.get_by_role("heading", name="Example Verification Body (fictitious, demo)")
    assert heading.is_visible()
    tab.get_by_role("link", name="连铸板坯 Q235B").first.click()
    tab.wait_for_url(re.compile(r"/studies/DEMO-VERIFIER/\d+$"))
    assert tab.get_by_text("Read-only", exact=False).is_visible()
    assert tab.get_by_role("heading", name="Carbon footprint").is_visible()
    tab.locator('[data-chart="chart-stage"][data-drawn] svg').first.wait_for()
    assert tab.get_by_role("button", name="Compute again").count() == 0
    assert tab.get_by_role("button", name="Publish").count() == 0
    shot(tab, "result-verifier-en", live.shots)
    tab.context.close()
