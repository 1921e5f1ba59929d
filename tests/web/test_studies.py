"""The study wizard and the job pages over HTTP: workbook, upload, findings, compute, result, files.

The cement workbook is the one the page hands out, filled where its labels say with the
catalogue's worked example (``tests.examples``), as a plant would. The attackers: another
enterprise's study, job and files answer exactly as missing ones; an upload without its
CSRF token, too large, or not a workbook writes nothing.
"""

from __future__ import annotations

import io
import json
import re
import time
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pcfrules.registry import make_engine
from pcfrules.spaces.models import KeptStudy
from tests.examples import cement_example_study, fill_workbook
from tests.web.conftest import CEMENT_NUMBER, Platform, csrf_of, sign_in

CEMENT = "DEMO-CEMENT"
STEEL = "DEMO-STEEL"
VERIFIER = "DEMO-VERIFIER"
WAIT = 60.0  # seconds a test waits for a job
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kept(platform: Platform) -> int:
    engine = make_engine(platform.url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(KeptStudy)) or 0)
    finally:
        engine.dispose()


def uncertain_cement() -> dict[str, Any]:
    """The cement worked example, its coal and kiln electricity given a lognormal spread."""
    study = cement_example_study()
    for item in ("coal_consumed", "kiln_electricity"):
        study["activity"][item]["uncertainty"] = {"distribution": "lognormal", "sigma": 0.1}
    return study


def _filled(client: TestClient, lang: str = "zh") -> bytes:
    """The cement workbook as the page gives it, filled with the worked example."""
    response = client.get(f"/studies/workbooks/cement/1.0.0?lang={lang}")
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    fill_workbook(book, uncertain_cement(), "zh" if lang == "zh" else "en")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: TestClient, name: str, data: bytes, csrf: str | None = "") -> object:
    token = csrf_of(client, f"/studies/{CEMENT}/new") if csrf == "" else csrf
    form = {"csrf": token} if token is not None else {}
    return client.post(
        f"/studies/{CEMENT}/upload",
        data=form,
        files={"file": (name, data, XLSX)},
        follow_redirects=False,
    )


def _study_id(response: object) -> int:
    location = response.headers["location"]  # type: ignore[attr-defined]
    found = re.fullmatch(rf"/studies/{CEMENT}/(\d+)", location)
    assert found, location
    return int(found.group(1))


def _ended(client: TestClient, job: int) -> str:
    """The job's fragment once it says done or failed (polled as htmx would)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        fragment = client.get(f"/jobs/{job}/progress").text
        if "hx-trigger" not in fragment:
            return fragment
        time.sleep(0.1)
    raise AssertionError(f"job {job} did not end")


def _job_of(response: object) -> int:
    location = response.headers["location"]  # type: ignore[attr-defined]
    found = re.fullmatch(r"/jobs/(\d+)", location)
    assert found, location
    return int(found.group(1))


@pytest.fixture(scope="module")
def cement(platform: Platform) -> TestClient:
    return sign_in(platform, "cement")


@pytest.fixture(scope="module")
def computed(platform: Platform, cement: TestClient) -> int:
    """A study uploaded from the filled workbook and computed with Monte Carlo, as a job."""
    study = _study_id(_upload(cement, "水泥数据.xlsx", _filled(cement)))
    token = csrf_of(cement, f"/studies/{CEMENT}/{study}")
    response = cement.post(
        f"/studies/{CEMENT}/{study}/compute",
        data={"csrf": token, "samples": "200"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "查看计算结果" in _ended(cement, _job_of(response))
    return study


# --- the list and the new study ---------------------------------------------------------
def test_the_list_shows_each_organisations_studies_with_standard_state_and_value(
    cement: TestClient,
) -> None:
    page = cement.get("/studies")
    assert page.status_code == 200
    assert "示例水泥有限公司（虚构，演示用）" in page.text
    assert "P·O 42.5 普通硅酸盐水泥" in page.text and "cement" in page.text
    assert "742.17" in page.text and "kg CO2e / 1 t" in page.text  # the demo's footprint
    assert "已发布" in page.text and f'href="/studies/{CEMENT}/new"' in page.text
    assert "示例钢铁" not in page.text  # only one's own organisations


def test_signed_out_the_studies_send_to_sign_in(platform: Platform) -> None:
    response = platform.client().get("/studies", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_new_study_offers_published_standards_and_their_workbooks(cement: TestClient) -> None:
    page = cement.get(f"/studies/{CEMENT}/new")
    assert page.status_code == 200
    assert CEMENT_NUMBER in page.text and 'href="/studies/workbooks/cement/1.0.0"' in page.text
    assert 'enctype="multipart/form-data"' in page.text and 'name="csrf"' in page.text
    english = cement.get("/studies/workbooks/cement/1.0.0?lang=en")
    name = unquote(english.headers["content-disposition"].split("filename*=UTF-8''")[1])
    assert name == "cement-1.0.0-workbook.xlsx"
    assert "Instructions" in openpyxl.load_workbook(io.BytesIO(english.content)).sheetnames
    chinese = cement.get("/studies/workbooks/cement/1.0.0?lang=zh")
    name = unquote(chinese.headers["content-disposition"].split("filename*=UTF-8''")[1])
    assert name == "cement-1.0.0-数据收集表.xlsx"
    assert "说明" in openpyxl.load_workbook(io.BytesIO(chinese.content)).sheetnames
    cement.get("/?lang=zh")
    unknown = cement.get("/studies/workbooks/cement/9.9.9")
    assert unknown.status_code == 404 and "9.9.9" in _alert(unknown.text)  # the registry's


# --- upload and findings ----------------------------------------------------------------
def test_a_filled_workbook_is_kept_and_its_page_names_the_cells(
    platform: Platform, cement: TestClient
) -> None:
    filled = _filled(cement)
    book = openpyxl.load_workbook(io.BytesIO(filled))
    before = _kept(platform)
    response = _upload(cement, "水泥数据.xlsx", filled)
    assert response.status_code == 303 and _kept(platform) == before + 1  # type: ignore[attr-defined]
    page = cement.get(f"/studies/{CEMENT}/{_study_id(response)}")
    assert page.status_code == 200 and "水泥数据.xlsx" in page.text
    assert "数据检查" in page.text and "开始计算" in page.text
    assert book.sheetnames  # the workbook reads back
    cells = re.findall(r"<code>([^<!]+)!([A-Z]+\d+)</code>", page.text)
    assert all(sheet in book.sheetnames for sheet, _ in cells)


def test_a_workbook_with_a_bad_cell_is_refused_naming_it_and_nothing_is_kept(
    platform: Platform, cement: TestClient
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_filled(cement)))
    sheet = next(s for s in book.worksheets if s.title not in ("说明", "研究信息"))
    target = next(c for c in sheet[2] if isinstance(c.value, int | float))
    target.value = "not a number"
    out = io.BytesIO()
    book.save(out)
    before = _kept(platform)
    response = _upload(cement, "bad.xlsx", out.getvalue())
    assert response.status_code == 422 and _kept(platform) == before  # type: ignore[attr-defined]
    assert "未保存任何内容" in response.text  # type: ignore[attr-defined]
    assert f"{sheet.title}!{target.coordinate}" in response.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("garbage.xlsx", b"PK\x03\x04 this is not a zip"),
        ("notes.txt", b"hello"),
        ("empty.xlsx", b""),
    ],
)
def test_garbage_is_a_clear_bilingual_finding_and_nothing_is_kept(
    platform: Platform, cement: TestClient, name: str, data: bytes
) -> None:
    before = _kept(platform)
    response = _upload(cement, name, data)
    assert response.status_code == 422 and _kept(platform) == before  # type: ignore[attr-defined]
    alert = response.text.split('role="alert"')[1].split("</div>")[0]  # type: ignore[attr-defined]
    assert "未能读取上传的文件" in alert and len(alert) > 40
    english = cement.post(
        f"/studies/{CEMENT}/upload?lang=en",
        data={"csrf": csrf_of(cement, f"/studies/{CEMENT}/new")},
        files={"file": (name, data, XLSX)},
    )
    assert "could not be read; nothing was kept" in english.text
    cement.get("/?lang=zh")


def test_an_upload_over_twenty_mib_is_413_and_nothing_is_kept(
    platform: Platform, cement: TestClient
) -> None:
    before = _kept(platform)
    response = _upload(cement, "big.xlsx", b"0" * (20 * 1024 * 1024 + 1))
    assert response.status_code == 413 and _kept(platform) == before  # type: ignore[attr-defined]


def test_an_upload_without_its_csrf_token_is_403_and_nothing_is_kept(
    platform: Platform, cement: TestClient
) -> None:
    before = _kept(platform)
    for token in (None, "forged"):
        response = _upload(cement, "水泥数据.xlsx", _filled(cement), csrf=token)
        assert response.status_code == 403  # type: ignore[attr-defined]
    assert _kept(platform) == before


def test_a_name_with_script_is_shown_as_text(cement: TestClient) -> None:
    response = _upload(cement, "<script>alert(1).xlsx", _filled(cement))
    page = cement.get(f"/studies/{CEMENT}/{_study_id(response)}")
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;alert(1).xlsx" in page.text


# --- compute, the job, the result ---------------------------------------------------------
def test_the_job_page_polls_a_fragment_until_it_ends(cement: TestClient, computed: int) -> None:
    token = csrf_of(cement, f"/studies/{CEMENT}/{computed}")
    job = _job_of(
        cement.post(
            f"/studies/{CEMENT}/{computed}/report",
            data={"csrf": token, "lang": "zh"},
            follow_redirects=False,
        )
    )
    page = cement.get(f"/jobs/{job}")
    assert page.status_code == 200 and "生成 PDF 研究报告" in page.text
    assert "<progress" in page.text and "<script>" not in page.text
    done = _ended(cement, job)
    assert "已完成" in done and f'href="/jobs/{job}/download"' in done
    pdf = cement.get(f"/jobs/{job}/download")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert ".report.zh.pdf" in pdf.headers["content-disposition"]


def test_the_result_page_has_charts_with_tables_and_the_uncertainty(
    cement: TestClient, computed: int
) -> None:
    page = cement.get(f"/studies/{CEMENT}/{computed}")
    assert page.status_code == 200
    assert "742.17" not in page.text or "kg CO2e" in page.text
    for key in ("stage", "process", "origin", "data", "spread"):
        assert f'data-chart="chart-{key}"' in page.text
        chart = page.text.split(f'id="chart-{key}">')[1].split("</script>")[0]
        assert json.loads(chart)["series"]
    assert "熟料煅烧" in page.text or "clinker" in page.text.lower()  # named by the rule
    assert "生物源碳" in page.text and "初级数据" in page.text
    assert "蒙特卡洛抽样分布" in page.text and "97.5" in page.text
    assert "/static/vendor/echarts/echarts.common.min.js" in page.text


def test_every_file_downloads_and_the_inapplicable_say_why(
    cement: TestClient, computed: int
) -> None:
    base = f"/studies/{CEMENT}/{computed}"
    page = cement.get(base).text
    assert "电池法规碳足迹声明仅适用于电池" in page  # cement is no battery: said, not offered
    assert "CBAM" in page
    pact = cement.get(f"{base}/export/pact")
    assert pact.status_code == 200 and json.loads(pact.content)["specVersion"].startswith("3")
    assert cement.get(f"{base}/export/label-svg").content.lstrip().startswith((b"<svg", b"<?xml"))
    assert cement.get(f"{base}/export/label-png").content.startswith(b"\x89PNG")
    html = cement.get(f"{base}/report.html?lang=en")
    assert html.status_code == 200 and b"<html" in html.content
    assert "attachment" in html.headers["content-disposition"]
    battery = cement.get(f"{base}/export/battery?energy_kwh=100")
    assert battery.status_code == 422 and "电池" in battery.text
    assert cement.get(f"{base}/export/docx").status_code == 422


def test_share_publish_and_unpublish(platform: Platform, cement: TestClient, computed: int) -> None:
    base = f"/studies/{CEMENT}/{computed}"
    token = csrf_of(cement, base)
    shared = cement.post(f"{base}/share", data={"csrf": token, "verifier": VERIFIER})
    assert shared.status_code == 200 and VERIFIER in shared.text
    wrong = cement.post(f"{base}/share", data={"csrf": token, "verifier": "' OR 1=1 --"})
    assert wrong.status_code == 422 and "没有代码为" in wrong.text
    published = cement.post(f"{base}/publish", data={"csrf": token})
    assert "已发布，PACT 编号" in published.text
    again = cement.post(f"{base}/compute", data={"csrf": token}, follow_redirects=False)
    assert again.status_code == 409  # a published footprint is not recomputed
    unpublished = cement.post(f"{base}/unpublish", data={"csrf": token})
    assert "已发布，PACT 编号" not in unpublished.text
    verifier = sign_in(platform, "verifier")
    seen = verifier.get(f"/studies/{VERIFIER}/{computed}?lang=en")
    assert seen.status_code == 200 and "Read-only" in seen.text
    assert "/compute" not in seen.text and "/publish" not in seen.text
    refused = verifier.post(
        f"/studies/{VERIFIER}/{computed}/publish", data={"csrf": csrf_of(verifier, "/studies")}
    )
    assert refused.status_code == 403 and "only an enterprise" in refused.text


def test_compare_two_studies_of_one_standard_and_refuse_two(
    platform: Platform, cement: TestClient, computed: int
) -> None:
    demo = 1  # the demo cement study (seeded first)
    page = cement.get(f"/studies/{CEMENT}/compare?a={demo}&b={computed}")
    assert (
        page.status_code == 200
        and "合计" in page.text
        and 'data-chart="chart-compare"' in page.text
    )
    assert json.loads(page.text.split('id="chart-compare">')[1].split("</script>")[0])["series"]
    verifier = sign_in(platform, "verifier")
    steel = next(s for s in _studies_of(platform, "steel", STEEL))
    refused = verifier.get(f"/studies/{VERIFIER}/compare?a={computed}&b={steel}")
    assert refused.status_code == 422 and "不可比较" in refused.text


def _studies_of(platform: Platform, key: str, code: str) -> list[int]:
    page = sign_in(platform, key).get("/studies").text
    return [int(n) for n in re.findall(rf'href="/studies/{code}/(\d+)"', page)]


# --- attackers ----------------------------------------------------------------------------
def test_another_enterprises_study_job_and_files_answer_as_missing_ones(
    platform: Platform, cement: TestClient, computed: int
) -> None:
    steel = sign_in(platform, "steel")
    token = csrf_of(cement, f"/studies/{CEMENT}/{computed}")
    job = _job_of(
        cement.post(
            f"/studies/{CEMENT}/{computed}/report",
            data={"csrf": token, "lang": "en"},
            follow_redirects=False,
        )
    )
    missing_study, missing_job = 999_999, 999_999
    pairs = [
        (f"/studies/{CEMENT}/{computed}", f"/studies/{CEMENT}/{missing_study}"),
        (f"/studies/{STEEL}/{computed}", f"/studies/{STEEL}/{missing_study}"),
        (
            f"/studies/{STEEL}/{computed}/export/pact",
            f"/studies/{STEEL}/{missing_study}/export/pact",
        ),
        (
            f"/studies/{CEMENT}/{computed}/export/pact",
            f"/studies/{CEMENT}/{missing_study}/export/pact",
        ),
        (f"/jobs/{job}", f"/jobs/{missing_job}"),
        (f"/jobs/{job}/progress", f"/jobs/{missing_job}/progress"),
        (f"/jobs/{job}/download", f"/jobs/{missing_job}/download"),
    ]
    for theirs, missing in pairs:
        a, b = steel.get(theirs), steel.get(missing)
        assert a.status_code == b.status_code == 404, theirs
        assert _alert(a.text).replace(str(computed), "N").replace(str(job), "N") == _alert(
            b.text
        ).replace(str(missing_study), "N"), theirs
    posted = steel.post(
        f"/studies/{STEEL}/{computed}/share",
        data={"csrf": csrf_of(steel, "/studies"), "verifier": VERIFIER},
    )
    assert posted.status_code == 404


def _alert(page: str) -> str:
    return page.split('role="alert"')[1].split("</div>")[0]


def test_search_like_fields_take_metacharacters_without_error(cement: TestClient) -> None:
    for text in ("' OR 1=1 --", "%", "_"):
        page = cement.get("/studies", params={"org": text})
        assert page.status_code == 200 and "示例水泥有限公司" not in page.text
    assert cement.get("/studies/%25/1").status_code == 404
    for rule_id, version in (("%25", "_"), ("' OR 1=1 --", "1.0.0"), ("cement", "%25")):
        refused = cement.get(f"/studies/workbooks/{rule_id}/{version}")
        assert refused.status_code == 404 and "alert" in refused.text  # the registry: no such


def test_a_monte_carlo_without_uncertain_inputs_says_so(cement: TestClient) -> None:
    book = openpyxl.load_workbook(
        io.BytesIO(cement.get("/studies/workbooks/cement/1.0.0?lang=zh").content)
    )
    fill_workbook(book, cement_example_study(), "zh")
    out = io.BytesIO()
    book.save(out)
    study = _study_id(_upload(cement, "no-spread.xlsx", out.getvalue()))
    token = csrf_of(cement, f"/studies/{CEMENT}/{study}")
    job = cement.post(
        f"/studies/{CEMENT}/{study}/compute",
        data={"csrf": token, "samples": "50"},
        follow_redirects=False,
    )
    _ended(cement, _job_of(job))
    page = cement.get(f"/studies/{CEMENT}/{study}").text
    assert "每次抽样结果相同" in page and 'data-chart="chart-spread"' not in page
