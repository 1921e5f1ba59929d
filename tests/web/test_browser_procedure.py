"""The procedure as people walk it in a browser, in Chinese: comment, support, review and vote."""

from __future__ import annotations

import pytest

from tests.web.conftest import Live
from tests.web.live import shot

pytestmark = pytest.mark.browser

COMMENT = "熟料系数的取值依据应在 5.4 中说明。（浏览器旅程）"
PROPOSAL = "增加：熟料系数按企业实测值取用，并附检测报告。"


def test_the_public_comments_on_a_clause_and_another_person_supports_it(live: Live) -> None:
    tab = live.page("public")
    tab.goto("/")
    tab.click('nav.main a[href="/comment"]')
    assert tab.locator("h1").inner_text() == "征求意见"
    shot(tab, "comment", live.shots)
    tab.click('table.periods a[href="/comment/cement"]')
    assert "水泥" in tab.locator("main > h1").inner_text()
    heading = tab.locator(".standard-text section[id='clause-5.4'] > h3")
    heading.scroll_into_view_if_needed()
    heading.click()
    assert tab.locator("#clause").input_value() == "boundary.cut_off"
    assert tab.locator("#clause option:checked").inner_text() == "5.4 取舍准则"
    tab.select_option("select[name=kind]", "te")
    tab.fill("textarea[name=text]", COMMENT)
    tab.fill("textarea[name=proposal]", PROPOSAL)
    shot(tab, "comment-standard", live.shots)
    tab.click("#comment-form button[type=submit]")
    tab.wait_for_url("**/comment/cement?done=comment*")
    assert tab.locator(".alert.ok").inner_text() == "意见已提交。"
    mine = tab.locator("article.comment.own", has_text=COMMENT)
    assert "5.4 取舍准则" in mine.inner_text() and "技术性意见" in mine.inner_text()
    assert PROPOSAL in mine.locator(".proposal").inner_text()
    tab.context.close()

    other = live.page("cement")
    other.goto("/comment/cement")
    theirs = other.locator("article.comment", has_text=COMMENT)
    assert theirs.locator(".count").inner_text() == "0"
    theirs.get_by_role("button", name="附议").click()
    other.wait_for_url("**/comment/cement?done=support*")
    theirs = other.locator("article.comment", has_text=COMMENT)
    assert theirs.locator(".count").inner_text() == "1"
    assert live.account("cement").person in theirs.locator(".supporters").inner_text()
    assert "您已附议" in theirs.inner_text()
    other.context.close()


def test_the_reviewer_reads_the_changes_and_votes_no_with_a_reason(live: Live) -> None:
    tab = live.page("reviewer")
    tab.goto("/")
    tab.click('nav.main a[href="/review"]')
    assert tab.locator("h1").inner_text() == "技术审查"
    tab.click('a[href="/review/electrolytic-aluminium"]')
    revised = tab.locator("section#revised")
    row = revised.locator("tr", has_text="boundary.cut_off.cumulative_percent")
    assert "5.4 取舍准则" in row.inner_text()
    assert row.locator("del").inner_text() == "5" and row.locator("ins").inner_text() == "4"
    assert "不采纳" in tab.locator("section#comments").inner_text()
    tab.check("input[name=vote][value=no]")
    tab.fill("textarea[name=reason]", "")
    tab.click("#vote button[type=submit]")
    assert "反对票须说明理由" in tab.locator(".alert.error").inner_text()
    tab.check("input[name=vote][value=no]")
    tab.fill("textarea[name=reason]", "4% 对以再生铝为主的企业过严，建议给出过渡期。")
    tab.click("#vote button[type=submit]")
    tab.wait_for_url("**/review/electrolytic-aluminium?done=vote*")
    mine = tab.locator("section#votes tr.own")
    assert "反对" in mine.inner_text() and "过渡期" in mine.inner_text()
    assert "待答复" in tab.locator("section#objections").inner_text()
    shot(tab, "review", live.shots)
    tab.context.close()
