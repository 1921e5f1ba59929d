"""A member of the public reads the standards in a real browser, and checks a carbon label."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from pcfrules.registry import make_engine
from pcfrules.rules import catalog
from pcfrules.spaces import Spaces
from pcfrules.spaces.demo import CEMENT
from tests.web.conftest import CEMENT_NUMBER, Live, live_on, needs_chromium, seeded_url
from tests.web.live import shot

pytestmark = pytest.mark.browser


@dataclass
class Reading:
    """The served platform and the payload of the published cement footprint's label."""

    live: Live
    payload: str


@pytest.fixture(scope="module")
def reading(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reading]:
    """Like ``live``, with the demo cement label's QR payload read from the same database."""
    needs_chromium()
    url = seeded_url(tmp_path_factory.mktemp("reading"))
    engine = make_engine(url)
    spaces = Spaces(engine)
    study = spaces.studies(CEMENT.code, CEMENT.admin)[-1]
    svg = spaces.export(CEMENT.code, CEMENT.admin, study.id, "label-svg", "zh")[2].decode()
    engine.dispose()
    payload = unescape(svg[svg.index("<title>") + 7 : svg.index("</title>")])
    with live_on(url, tmp_path_factory) as served:
        yield Reading(served, payload)


def test_the_public_finds_a_standard_jumps_to_a_clause_and_downloads_its_workbook(
    reading: Reading, tmp_path: Path
) -> None:
    tab = reading.live.page("public")
    tab.goto("/")
    tab.click('nav.main a[href="/standards"]')
    tab.fill("input[name=q]", "水泥")
    tab.click("form.catalogue-search button[type=submit]")
    tab.wait_for_url("**/standards?q=*")
    rows = tab.locator("table.catalogue tbody tr")
    assert rows.count() == 1 and CEMENT_NUMBER in rows.first.inner_text()
    shot(tab, "standards", reading.live.shots)
    tab.click("table.catalogue tbody tr >> text=水泥")
    tab.wait_for_url("**/standards/cement")
    assert "温室气体 产品碳足迹量化方法与要求 水泥" in tab.locator("h1.standard-title").inner_text()
    assert tab.locator(".standard-text #clause-5\\.2").count() == 1
    shot(tab, "standard", reading.live.shots)
    tab.click("text=查看修订版")
    tab.wait_for_url("**/standards/cement?version=1.1.0")
    tab.locator("table.dispositions a.clause-link").first.click()
    assert tab.url.endswith("#clause-5.4")
    target = tab.locator(".standard-text :target")
    assert target.get_attribute("id") == "clause-5.4" and target.is_visible()
    assert "5.4" in target.locator("h3").first.inner_text()
    with tab.expect_download() as download:
        tab.click("a.workbook")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "cement-1.1.0.workbook.zh.xlsx"
    assert saved.read_bytes()[:2] == b"PK"
    tab.context.close()


def test_the_dashboards_charts_are_drawn_with_a_table_under_each(reading: Reading) -> None:
    tab = reading.live.page()
    tab.goto("/dashboard")
    tab.wait_for_selector("[data-chart][data-drawn] svg, [data-chart][data-drawn] canvas")
    tab.wait_for_function("document.querySelectorAll('[data-chart][data-drawn]').length === 4")
    for chart in tab.locator("[data-chart]").all():
        assert chart.locator("svg, canvas").count() >= 1
        box = chart.bounding_box()
        assert box is not None and box["height"] > 100
    assert tab.locator("#kpi-published").inner_text() == str(len(catalog.catalog_ids()))
    assert tab.locator("table.priority tbody tr").count() == 19
    shot(tab, "dashboard", reading.live.shots)
    tab.context.close()


def test_a_buyer_pastes_a_labels_payload_and_sees_it_verified(reading: Reading) -> None:
    tab = reading.live.page()
    tab.goto("/verify")
    tab.fill("textarea[name=code]", reading.payload)
    tab.click("form.verify-form button[type=submit]")
    tab.wait_for_selector("#verdict")
    assert "有效" in tab.locator("#verdict").inner_text()
    assert "742.172" in tab.locator("main").inner_text()
    shot(tab, "verify", reading.live.shots)
    altered = reading.payload[:-2] + ("11" if reading.payload.endswith("00") else "00")
    tab.fill("textarea[name=code]", altered)
    tab.click("form.verify-form button[type=submit]")
    tab.wait_for_selector("#verdict.error, .alert.error")
    assert "摘要不符" in tab.locator(".alert.error").inner_text()
    tab.context.close()
