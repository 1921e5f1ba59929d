"""Technical review pages: the 送审稿 and its changes, dispositions, votes, objections, voting.

The demo registry has the aluminium revision in technical review with one yes vote (the demo
government reviewer's); the demo ``reviewer`` account (the demo producer) has not voted.
Refusals are checked against the registry's votes before and after: nothing written.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from pcfrules.registry import Registry, make_engine
from tests.web.conftest import Platform, csrf_of, sign_in

REVIEWING, COMMENTING = "electrolytic-aluminium", "cement"
PAGE = f"/review/{REVIEWING}"


def _votes(platform: Platform) -> list[dict[str, str]]:
    return Registry(make_engine(platform.url)).votes(REVIEWING)


def _objections(platform: Platform) -> list[dict[str, Any]]:
    return Registry(make_engine(platform.url)).objections(REVIEWING)


def _vote(client: TestClient, vote: str, reason: str = "", **fields: str) -> Any:
    data = {"vote": vote, "reason": reason, **fields}
    if "csrf" not in data:
        data["csrf"] = csrf_of(client, PAGE)
    return client.post(f"{PAGE}/vote", data=data, follow_redirects=False)


def _alert(page: str) -> str:
    found = re.search(r'<div class="alert error" role="alert">(.*?)</div>', page, re.S)
    assert found, "no error on the page"
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()


def _section(page: str, name: str) -> str:
    return page.split(f'<section id="{name}">')[1].split("</section>")[0]


def test_a_reviewer_sees_the_standards_in_review(platform: Platform) -> None:
    page = sign_in(platform, "reviewer").get("/review").text
    assert "您是以下社会团体的审查专家：<strong>PCFR</strong>" in page
    row = page.split("<tbody>")[1].split("</tbody>")[0]
    assert f'href="{PAGE}"' in row and "温室气体 产品碳足迹量化方法与要求 电解铝" in row
    assert f"/review/{COMMENTING}" not in page  # in public comment, not review
    assert 'href="/review"' in page  # the menu offers review to a reviewer
    other = sign_in(platform, "public").get("/review").text
    assert (
        "您不是任何社会团体的审查专家" in other and 'href="/review"' not in other.split("<main")[0]
    )


def test_review_needs_sign_in(platform: Platform) -> None:
    response = platform.client().get(PAGE, follow_redirects=False)
    assert response.headers["location"] == f"/login?next={PAGE}"


def test_the_review_shows_changes_dispositions_votes_and_the_form(platform: Platform) -> None:
    page = sign_in(platform, "reviewer").get(PAGE).text
    since_comment = _section(page, "changes")
    assert "送审稿与征求意见稿相同" in since_comment
    revised = _section(page, "revised")
    assert "与上一版本 1.0.0 相比的修改" in revised
    cut_off = revised.split("boundary.cut_off.cumulative_percent")[1].split("</tr>")[0]
    assert "<del>5</del>" in cut_off and "<ins>4</ins>" in cut_off
    assert "5.4 取舍准则" in revised.split("boundary.cut_off.cumulative_percent")[0][-200:]
    comments = _section(page, "comments")
    assert "不采纳" in comments and "4% 与同类标准一致，且已留出过渡期。" in comments
    votes = _section(page, "votes")
    assert "示例 demo government" in votes and "赞成" in votes
    assert f'action="{PAGE}/vote"' in page
    assert [v for v in re.findall(r'name="vote" value="(\w+)"', page)] == ["yes", "no", "abstain"]
    assert "投反对票必须说明理由" in page
    assert "（送审稿）" in page  # the full text, as the draft for review


def test_drafter_and_public_cannot_vote_and_nothing_is_written(platform: Platform) -> None:
    before = _votes(platform)
    drafter = sign_in(platform, "drafter")
    assert f'action="{PAGE}/vote"' not in drafter.get(PAGE).text
    refused = _vote(drafter, "yes")
    assert refused.status_code == 403  # the person, not the step's order
    assert _alert(refused.text) == "未能完成： 起草人不参加表决"
    public = sign_in(platform, "public")
    page = public.get(PAGE).text
    assert f'action="{PAGE}/vote"' not in page and "只有 PCFR 的审查专家可以表决。" in page
    refused = _vote(public, "no", "I object")
    assert refused.status_code == 403  # the person, not the step's order
    assert "不是 PCFR 的审查专家，不能表决" in _alert(refused.text)
    assert _votes(platform) == before


def test_a_no_without_its_reason_is_refused(platform: Platform) -> None:
    client = sign_in(platform, "reviewer")
    before, objections = _votes(platform), _objections(platform)
    for reason in ("", "   "):
        refused = _vote(client, "no", reason)
        assert refused.status_code == 409
        assert _alert(refused.text) == "未能完成： 反对票须说明理由"
        assert 'value="no" required checked' in refused.text  # the choice kept
    wrong = _vote(client, "maybe")
    assert wrong.status_code == 409 and "表决应为 yes、no 或 abstain" in _alert(wrong.text)
    assert _votes(platform) == before and _objections(platform) == objections


def test_a_no_with_its_reason_opens_an_objection_and_a_yes_withdraws_it(
    platform: Platform,
) -> None:
    client = sign_in(platform, "reviewer")
    person = platform.account("reviewer").person
    reason = "<script>alert(1)</script> 4% 对再生铝过严"
    response = _vote(client, "no", reason)
    assert response.status_code == 303
    assert response.headers["location"] == f"{PAGE}?done=vote#votes"
    assert {"stakeholder": person, "vote": "no", "reason": reason} in _votes(platform)
    page = client.get(response.headers["location"]).text
    assert "您的表决已记录。" in page and "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 4% 对再生铝过严" in _section(page, "votes")
    objection = _section(page, "objections")
    assert "待答复" in objection and person in objection
    assert _vote(client, "yes").status_code == 303
    mine = [v for v in _votes(platform) if v["stakeholder"] == person]
    assert [v["vote"] for v in mine] == ["yes"]  # the last one counts
    assert "已撤回" in _section(client.get(PAGE).text, "objections")


def test_a_vote_without_csrf_is_refused_and_writes_nothing(platform: Platform) -> None:
    client = sign_in(platform, "reviewer")
    before = _votes(platform)
    assert _vote(client, "abstain", csrf="").status_code == 403
    assert _vote(client, "abstain", csrf="x" * 43).status_code == 403
    assert _votes(platform) == before


def test_standards_not_in_review_are_not_found(platform: Platform) -> None:
    client = sign_in(platform, "reviewer")
    for rule_id in (COMMENTING, "no-such-standard", "' OR 1=1 --", "%25"):
        response = client.get(f"/review/{rule_id}")
        assert response.status_code == 404, rule_id
        assert "没有送审稿" in response.text
    before = Registry(make_engine(platform.url)).votes(COMMENTING)
    response = client.post(
        f"/review/{COMMENTING}/vote",
        data={"vote": "yes", "reason": "", "csrf": csrf_of(client, PAGE)},
    )
    assert response.status_code == 404
    assert Registry(make_engine(platform.url)).votes(COMMENTING) == before


def test_the_review_in_english(platform: Platform) -> None:
    page = sign_in(platform, "reviewer").get(f"{PAGE}?lang=en").text
    assert "Changes from the previous version 1.0.0" in page and "Cast the vote" in page
    assert "5.4 Cut-off criteria" in page and "not accepted" in page
