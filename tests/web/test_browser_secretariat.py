"""The procedure in a real browser, in Chinese: the secretariat answers the cement comment,
the drafter uploads the revised draft that answers it, the secretariat starts review."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.conftest import Live, live_on, needs_chromium
from tests.web.live import shot
from tests.web.procedure_state import revision_yaml, seeded_closed_comment

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The demo, cement's comment period closed, served on loopback with a headless Chromium."""
    needs_chromium()
    url = seeded_closed_comment(tmp_path_factory.mktemp("live-secretariat"))
    with live_on(url, tmp_path_factory) as served:
        yield served


def test_comment_answered_draft_revised_and_review_started(
    live: Live, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secretary = live.page("secretariat")
    secretary.click("nav.main >> text=秘书处")
    assert secretary.locator("h1").inner_text() == "秘书处工作台"
    shot(secretary, "secretariat", live.shots)

    secretary.click('a[href="/secretariat/cement"]')
    row = secretary.locator("#comment-1")
    row.locator("select[name=disposition]").select_option(label="部分采纳")
    row.locator("textarea[name=reason]").fill("过渡期另行规定，截断改为 4%。")
    row.locator("button[type=submit]", has_text="记录处理结果").click()
    assert secretary.locator('.alert.ok[role="status"]').inner_text() == "已处理意见"
    assert "部分采纳" in secretary.locator("#comment-1").inner_text()
    shot(secretary, "secretariat-standard", live.shots)

    drafter = live.page("drafter")
    drafter.click("nav.main >> text=起草")
    drafter.click('a[href="/drafting/cement"]')
    draft = tmp_path_factory.mktemp("draft") / "cement-1.1.0.yaml"
    draft.write_bytes(revision_yaml("cement", 4))
    drafter.set_input_files("input[name=draft]", str(draft))
    drafter.check('input[name=answers][value="1"]')
    drafter.click("text=上传并替换草案")
    assert drafter.locator('.alert.ok[role="status"]').inner_text() == "已更新文本"
    assert "boundary.cut_off.cumulative_percent" in drafter.locator("#comments").inner_text()
    shot(drafter, "drafting", live.shots)

    secretary.goto("/secretariat/cement")
    secretary.click("text=结束征求意见，开始技术审查")
    assert secretary.locator('.alert.ok[role="status"]').inner_text() == "已开始技术审查"
    assert secretary.locator("dl.facts .badge").inner_text() == "技术审查"
    secretary.context.close()
    drafter.context.close()
