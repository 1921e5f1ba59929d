"""The public reading pages: the catalogue, a standard's page and files, the dashboard, /verify."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from html import unescape

import openpyxl
import pytest
from fastapi.testclient import TestClient

from pcfrules.registry import Registry, exports, make_engine
from pcfrules.rules import catalog
from pcfrules.spaces import Spaces
from pcfrules.spaces.demo import CEMENT, STEEL
from tests.web.conftest import CEMENT_NUMBER, Platform

ROWS = re.compile(r'<tr>\s*<td class="nowrap"><a href="/standards/([^"]+)">')
IDS = re.compile(r'\sid="([^"]+)"')


def _listed(client: TestClient, **params: str) -> list[str]:
    response = client.get("/standards", params=params)
    assert response.status_code == 200
    return ROWS.findall(response.text)


def _payload(platform: Platform, org: str, admin: str) -> str:
    engine = make_engine(platform.url)
    spaces = Spaces(engine)
    study = spaces.studies(org, admin)[-1]
    svg = spaces.export(org, admin, study.id, "label-svg", "zh")[2].decode()
    engine.dispose()
    return unescape(svg[svg.index("<title>") + 7 : svg.index("</title>")])


def test_the_catalogue_lists_every_standard_with_its_codes_and_stage(platform: Platform) -> None:
    page = platform.client().get("/standards").text
    assert ROWS.findall(page) == catalog.catalog_ids()
    assert (
        f"T/PCFR {catalog.catalog_ids().index('cement') + 1}—2026" in page
        and "水泥" in page
        and "<code>C3011</code>" in page
    )
    assert "修订 1.1.0" in page and "征求意见" in page  # the revision under way
    assert '<a href="/standards"' in page  # the menu finds the mounted page
    english = platform.client().get("/standards?lang=en").text
    assert "Cement" in english and "Standards catalogue" in english


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "水泥"}, ["cement"]),
        ({"q": "aluminium"}, ["electrolytic-aluminium"]),
        ({"q": "c3120"}, ["crude-steel-bf-bof", "crude-steel-eaf"]),
        ({"code": "C3011"}, ["cement"]),
        ({"code": "C30"}, ["cement", "flat-glass", "lime"]),
        ({"stage": "technical_review"}, ["electrolytic-aluminium"]),
        ({"stage": "published", "sector": "钢铁 steel"}, ["crude-steel-bf-bof", "crude-steel-eaf"]),
        ({"q": "水泥", "sector": "钢铁 steel"}, []),
    ],
)
def test_search_and_filters_are_get_parameters(
    platform: Platform, params: dict[str, str], expected: list[str]
) -> None:
    assert _listed(platform.client(), **params) == expected


@pytest.mark.parametrize("typed", ["' OR 1=1 --", "%", "_", "%' --", "<script>alert(1)</script>"])
def test_what_a_reader_types_is_plain_text_in_every_field(platform: Platform, typed: str) -> None:
    client = platform.client()
    for field in ("q", "sector", "stage", "code"):
        response = client.get("/standards", params={field: typed})
        assert response.status_code == 200
        assert ROWS.findall(response.text) == []
        assert "没有符合条件的标准" in response.text
        assert "<script>alert" not in response.text


def test_a_standards_page_shows_its_procedure_versions_dispositions_and_text(
    platform: Platform,
) -> None:
    page = platform.client().get("/standards/electrolytic-aluminium").text
    registry = Registry(make_engine(platform.url))
    live = registry.show("electrolytic-aluminium")["versions"][0]
    assert "温室气体 产品碳足迹量化方法与要求 电解铝" in page and live["number"] in page
    for stage in registry.stages("electrolytic-aluminium", "1.0.0"):
        assert stage["sha256"] in page
    assert page.count('<ol class="timeline">') == 1 and "发布稿" in page
    ids = set(IDS.findall(page))
    assert {"clause-1", "clause-5.2", "clause-5.4", "clause-7.1", "cover"} <= ids
    assert 'href="#clause-5.2"' in page  # the text's contents
    assert 'id="fingerprint"' in page and live["sha256"] in page
    revision = platform.client().get("/standards/electrolytic-aluminium?version=1.1.0").text
    assert "这是一个未发布的版本" in revision and "送审稿" in revision
    row = revision.split('<tr id="comment-')[1].split("</tr>")[0]
    assert 'href="#clause-5.4"' in row and "<code>boundary.cut_off</code>" in row
    assert "不采纳" in row and "4% 与同类标准一致" in row
    assert "1 处修改" in revision or "处修改" in revision  # the clause diff to 1.0.0
    assert 'href="#clause-5.4"' in revision.split('class="diff"')[1]


def test_a_comments_text_is_shown_as_text(platform: Platform) -> None:
    person = platform.account("public").person
    registry = Registry(make_engine(platform.url), person=person)
    registry.comment(
        "cement",
        person,
        "unit",
        "<script>alert('x')</script> ' OR 1=1 --",
        "",
    )
    page = platform.client().get("/standards/cement?version=1.1.0").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert 'href="#clause-5.2"' in page.split("&lt;script&gt;")[0].rsplit("<tr", 1)[1]


def test_an_unknown_standard_or_version_is_the_sites_404(platform: Platform) -> None:
    client = platform.client()
    missing = client.get("/standards/no-such-rule")
    assert missing.status_code == 404 and "404 · 未找到" in missing.text
    assert "登记簿中没有标准“no-such-rule”" in missing.text
    english = client.get("/standards/no-such-rule?lang=en")
    assert "no standard &#39;no-such-rule&#39; in the registry" in english.text
    for path in (
        "/standards/cement?version=9.9.9",
        "/standards/cement/text.pdf?version=9.9.9",
        "/standards/cement/workbook.xlsx?version=9.9.9",
        "/standards/cement/dispositions.xlsx?version=9.9.9",
        "/standards/cement/text.exe",
        "/standards/nope/workbook.xlsx",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/standards/cement?version=' OR 1=1 --").status_code == 422


@pytest.mark.parametrize(
    ("path", "media", "magic"),
    [
        ("/standards/cement/text.html?lang=en", "text/html", b"<!DOCTYPE html>"),
        ("/standards/cement/text.pdf", "application/pdf", b"%PDF"),
        ("/standards/cement/text.docx?version=1.1.0", "wordprocessingml", b"PK"),
        ("/standards/cement/workbook.xlsx", "spreadsheetml", b"PK"),
        ("/standards/cement/dispositions.xlsx?version=1.1.0", "spreadsheetml", b"PK"),
    ],
)
def test_downloads_are_the_files_they_say(
    platform: Platform, path: str, media: str, magic: bytes
) -> None:
    response = platform.client().get(path)
    assert response.status_code == 200
    assert media in response.headers["content-type"]
    assert response.content.startswith(magic)
    assert response.headers["content-disposition"].startswith("attachment; filename=")


def test_the_files_hold_the_versions_text_and_comments(platform: Platform) -> None:
    client = platform.client()
    registry = Registry(make_engine(platform.url))
    html = client.get("/standards/cement/text.html?lang=en").content.decode()
    assert registry.show("cement")["versions"][0]["sha256"] in html
    assert CEMENT_NUMBER in html and 'id="clause-5.2"' in html
    book = openpyxl.load_workbook(io.BytesIO(client.get("/standards/cement/workbook.xlsx").content))
    assert len(book.sheetnames) > 1
    table = client.get("/standards/cement/dispositions.xlsx?version=1.1.0").content
    rows = list(openpyxl.load_workbook(io.BytesIO(table)).active.iter_rows(values_only=True))
    assert rows[1] == tuple(exports.DISPOSITION_HEADERS) and rows[2][1] == "5.4（boundary.cut_off）"


def test_the_dashboards_numbers_are_the_registrys(platform: Platform) -> None:
    board = exports.dashboard(Registry(make_engine(platform.url)))
    page = platform.client().get("/dashboard").text
    published = board["progress_2027"]["published"]
    assert f'<span class="kpi-value" id="kpi-published">{published}</span>' in page
    assert f'id="kpi-coverage">{board["priority_coverage"]}<' in page
    charts = dict(
        re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, re.S)
    )
    assert set(charts) == {"chart-state", "chart-sector", "chart-classification", "chart-progress"}
    sectors = json.loads(charts["chart-sector"])
    assert (
        dict(zip(sectors["xAxis"]["data"], sectors["series"][0]["data"], strict=True))
        == (board["by_sector"])
    )
    codes = json.loads(charts["chart-classification"])
    assert codes["series"][0]["data"] == list(board["by_classification"].values())
    for product, numbers in board["priority_products"].items():
        assert product in page and all(n in page for n in numbers)
    for sector, count in board["by_sector"].items():
        assert f'<tr><td>{sector}</td><td class="num">{count}</td></tr>' in page
    assert "<script>" not in page  # no inline script: JSON only


def test_verify_a_published_label(platform: Platform) -> None:
    payload = _payload(platform, CEMENT.code, CEMENT.admin)
    response = platform.client().get("/verify", params={"code": payload})
    assert response.status_code == 200
    verdict = response.text.split('id="verdict">')[1].split("</div>")[0]
    assert "有效：与平台公开的碳足迹一致" in verdict
    assert "742.172" in response.text and "Example Cement Co." in response.text
    assert "kg CO₂e / 1000 kg</dd>" in response.text  # PACT's "kilogram" as its symbol
    assert 'href="/standards/cement?version=1.0.0"' in response.text


def test_verify_an_unpublished_label_says_it_is_unknown(platform: Platform) -> None:
    payload = _payload(platform, STEEL.code, STEEL.admin)
    page = platform.client().get("/verify", params={"code": payload}).text
    assert "平台未公开与之对应的碳足迹" in page.split('id="verdict">')[1]


def test_verify_a_tampered_or_forged_label(platform: Platform) -> None:
    client = platform.client()
    payload = _payload(platform, CEMENT.code, CEMENT.admin)
    prefix, body, digest = payload.split(".")
    altered = client.get("/verify", params={"code": f"{prefix}.{body}.{digest[::-1]}"})
    assert altered.status_code == 422
    assert "二维码内容与其摘要不符（被改动或抄错）" in altered.text
    english = client.get("/verify", params={"code": f"{prefix}.{body}x.{digest}", "lang": "en"})
    assert "Cannot verify" in english.text
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["f"] = 1.0
    text = json.dumps(claims, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    forged = ".".join(
        (
            "PCF1",
            base64.urlsafe_b64encode(text.encode()).decode().rstrip("="),
            hashlib.sha256(text.encode()).hexdigest()[:16],
        )
    )
    page = platform.client().get("/verify", params={"code": forged}).text
    assert "与平台公开的碳足迹不一致" in page and "<code>f</code>" in page


@pytest.mark.parametrize("typed", ["' OR 1=1 --", "%", "_", "<script>alert(1)</script>"])
def test_verify_takes_anything_typed_as_text(platform: Platform, typed: str) -> None:
    response = platform.client().get("/verify", params={"code": typed})
    assert response.status_code == 422 and "不是 pcfrules 碳标识的二维码内容" in response.text
    assert "<script>alert" not in response.text
    assert platform.client().get("/verify", params={"code": "x" * 2001}).status_code == 422
    empty = platform.client().get("/verify")
    assert empty.status_code == 200 and 'id="verdict"' not in empty.text
