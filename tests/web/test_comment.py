"""Public comment pages: the periods, the 征求意见稿 with its clauses, comments and support.

The demo registry has the cement revision open for comment (one comment) and the aluminium
revision past its period (one comment answered). Each test writes its own comments; counts
are read from the registry before and after, so a refusal is seen to write nothing.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from pcfrules.registry import Registry, make_engine
from tests.web.conftest import Platform, csrf_of, sign_in

OPEN, ENDED = "cement", "electrolytic-aluminium"


def _registry(platform: Platform) -> Registry:
    return Registry(make_engine(platform.url))


def _comments(platform: Platform, rule_id: str = OPEN) -> list[dict[str, Any]]:
    return _registry(platform).comments(rule_id)


def _post(client: TestClient, rule_id: str, text: str, clause: str = "scope", **fields: str) -> Any:
    data = {"clause": clause, "kind": "te", "text": text, "proposal": "", **fields}
    if "csrf" not in data:
        data["csrf"] = csrf_of(client, f"/comment/{OPEN}")
    return client.post(f"/comment/{rule_id}", data=data, follow_redirects=False)


def _alert(page: str) -> str:
    found = re.search(r'<div class="alert error" role="alert">(.*?)</div>', page, re.S)
    assert found, "no error on the page"
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()


def test_the_periods_open_now_and_those_ended(platform: Platform) -> None:
    page = platform.client().get("/comment").text
    open_part, ended_part = page.split("征求意见已结束")
    assert f'href="/comment/{OPEN}"' in open_part and f"/comment/{ENDED}" not in open_part
    assert re.search(r"剩余 (29|30) 天", open_part)
    assert "温室气体 产品碳足迹量化方法与要求 水泥" in open_part
    assert f'href="/comment/{ENDED}"' in ended_part and "已截止" in ended_part
    assert "技术审查" in ended_part  # where the ended one stands now
    english = platform.client().get("/comment?lang=en").text
    assert "Open for comment" in english and "days left" in english


def test_the_draft_for_comment_is_read_by_anyone_and_commenting_needs_sign_in(
    platform: Platform,
) -> None:
    page = platform.client().get(f"/comment/{OPEN}").text
    assert '<section id="clause-5.4"><h3><span class="no">5.4</span>取舍准则</h3>' in page
    assert "（征求意见稿）" in page  # the text is the draft for comment
    assert 'name="clause"' not in page and "登录后可提交意见和附议。" in page
    assert f'href="/login?next=/comment/{OPEN}"' in page
    assert "累计截断 3% 对小型粉磨站是否过严" in page  # the demo comment, with its supporters
    assert "<style>" not in page.split("<main", 1)[1]  # the renderer's own page styles stay out


def test_a_signed_in_person_picks_a_clause_of_the_text(platform: Platform) -> None:
    page = sign_in(platform, "public").get(f"/comment/{OPEN}").text
    assert '<option value="boundary.cut_off" data-key="5.4">5.4 取舍准则</option>' in page
    assert '<option value="annexes[A]" data-key="annex-A">附录 A ' in page
    assert '<option value="te" selected>技术性意见（te）</option>' in page
    assert 'src="/static/procedure.js"' in page
    kinds = re.findall(r'<option value="(ge|te|ed)"', page)
    assert kinds == ["ge", "te", "ed"]


def test_a_comment_is_posted_as_the_person_and_listed_with_its_kind(platform: Platform) -> None:
    client = sign_in(platform, "public")
    before = len(_comments(platform))
    text = "白水泥是否适用？ / Does this cover white cement? (listed test)"
    response = _post(client, OPEN, text, kind="ge", proposal="增加白水泥。 / Add white cement.")
    assert response.status_code == 303
    made = _comments(platform)
    assert len(made) == before + 1
    mine = made[-1]
    assert (mine["stakeholder"], mine["clause"], mine["kind"], mine["text"]) == (
        platform.account("public").person,
        "scope",
        "ge",
        text,
    )
    assert response.headers["location"] == f"/comment/{OPEN}?done=comment#comment-{mine['no']}"
    page = client.get(response.headers["location"]).text
    assert "意见已提交。" in page
    article = page.split(f'id="comment-{mine["no"]}"')[1].split("</article>")[0]
    assert "一般性意见" in article and "1 范围" in article and "我的意见" in article
    assert "增加白水泥。 / Add white cement." in article
    assert 'action="/comment/cement/support"' not in article  # not one's own


def test_others_support_a_comment_once(platform: Platform) -> None:
    author, supporter = sign_in(platform, "public"), sign_in(platform, "cement")
    _post(author, OPEN, "附议测试 / support test")
    number = _comments(platform)[-1]["no"]
    token = csrf_of(supporter, f"/comment/{OPEN}")
    form = {"comment": str(number), "csrf": token}
    first = supporter.post(f"/comment/{OPEN}/support", data=form, follow_redirects=False)
    assert first.status_code == 303
    again = supporter.post(f"/comment/{OPEN}/support", data=form)
    assert again.status_code == 409
    assert "已附议意见" in _alert(again.text)
    own = author.post(
        f"/comment/{OPEN}/support",
        data={"comment": str(number), "csrf": csrf_of(author, f"/comment/{OPEN}")},
    )
    assert own.status_code == 409 and "不能附议自己的意见" in _alert(own.text)
    found = next(c for c in _comments(platform) if c["no"] == number)
    assert found["supporters"] == [platform.account("cement").person]
    article = supporter.get(f"/comment/{OPEN}").text.split(f'id="comment-{number}"')[1]
    article = article.split("</article>")[0]
    assert '<strong class="count">1</strong>' in article and "您已附议" in article


def test_support_of_a_comment_of_another_standard_is_not_found(platform: Platform) -> None:
    client = sign_in(platform, "cement")
    other = _comments(platform, ENDED)[0]["no"]
    response = client.post(
        f"/comment/{OPEN}/support",
        data={"comment": str(other), "csrf": csrf_of(client, f"/comment/{OPEN}")},
    )
    assert response.status_code == 404
    assert _comments(platform, ENDED)[0]["supporters"] == []


def test_without_sign_in_nothing_is_written(platform: Platform) -> None:
    client = platform.client()
    before = len(_comments(platform))
    response = _post(client, OPEN, "anonymous", csrf=csrf_of(client, "/login"))
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert len(_comments(platform)) == before


def test_after_the_period_comments_and_support_are_refused(platform: Platform) -> None:
    client = sign_in(platform, "public")
    before = _comments(platform, ENDED)
    response = _post(client, ENDED, "too late", clause="boundary.cut_off")
    assert response.status_code == 409
    assert _alert(response.text) == "未能完成： 不在征求意见期内"
    assert "征求意见期已结束，不再接受意见。" in response.text
    support = client.post(
        f"/comment/{ENDED}/support",
        data={"comment": str(before[0]["no"]), "csrf": csrf_of(client, f"/comment/{ENDED}")},
    )
    assert support.status_code == 409
    assert _comments(platform, ENDED) == before


def test_the_ended_period_shows_each_answer(platform: Platform) -> None:
    page = platform.client().get(f"/comment/{ENDED}").text
    assert "处理结果：不采纳" in page
    assert "4% 与同类标准一致，且已留出过渡期。" in page
    assert 'name="clause"' not in page and "附议</button>" not in page


def test_a_commenter_sees_the_answers_to_their_comments(platform: Platform) -> None:
    reviewer = sign_in(platform, "reviewer")  # the demo producer, who commented
    assert 'href="/comment/mine"' in reviewer.get("/account").text  # found from the account
    page = reviewer.get("/comment/mine").text
    row = page.split("<tbody>")[1]
    assert "温室气体 产品碳足迹量化方法与要求 电解铝" in row and "不采纳" in row
    assert "4% 与同类标准一致" in row and "boundary.cut_off" in row
    assert "您还没有提交过意见。" in sign_in(platform, "verifier").get("/comment/mine").text
    away = platform.client().get("/comment/mine", follow_redirects=False)
    assert away.headers["location"] == "/login?next=/comment/mine"


def test_script_in_a_comment_is_shown_as_text(platform: Platform) -> None:
    client = sign_in(platform, "public")
    script = "<script>alert(1)</script>"
    _post(client, OPEN, script, proposal=script)
    page = client.get(f"/comment/{OPEN}").text
    assert script not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_form_without_csrf_is_refused_and_writes_nothing(platform: Platform) -> None:
    client = sign_in(platform, "public")
    before = _comments(platform)
    assert _post(client, OPEN, "no token", csrf="").status_code == 403
    assert _post(client, OPEN, "forged", csrf="x" * 43).status_code == 403
    number = str(before[0]["no"])
    refused = client.post(f"/comment/{OPEN}/support", data={"comment": number})
    assert refused.status_code == 403
    assert _comments(platform) == before


def test_a_wrong_clause_or_kind_is_refused_keeping_what_was_typed(platform: Platform) -> None:
    client = sign_in(platform, "public")
    before = len(_comments(platform))
    for clause in ("' OR 1=1 --", "%", "_", "no.such.clause"):
        response = _post(client, OPEN, f"typed for {clause}", clause=clause)
        assert response.status_code == 409, clause
        assert "规则中没有条款" in _alert(response.text)
    kind = _post(client, OPEN, "typed with a wrong kind", kind="xx")
    assert kind.status_code == 409 and "未知的意见类型" in _alert(kind.text)
    assert "typed with a wrong kind</textarea>" in kind.text
    assert len(_comments(platform)) == before


def test_unknown_standards_are_not_found(platform: Platform) -> None:
    client = platform.client()
    for rule_id in ("no-such-standard", "' OR 1=1 --", "%25", "_"):
        response = client.get(f"/comment/{rule_id}")
        assert response.status_code == 404, rule_id
        assert "没有征求意见的标准" in response.text
    signed = sign_in(platform, "public")
    before = len(_comments(platform))
    assert _post(signed, "no-such-standard", "x").status_code == 404
    assert len(_comments(platform)) == before


def test_the_draft_for_comment_in_english(platform: Platform) -> None:
    page = sign_in(platform, "public").get(f"/comment/{OPEN}?lang=en").text
    assert "Draft for comment" in page and "Submit comment" in page
    assert '<span class="no">5.4</span>Cut-off criteria' in page
    assert ">5.4 Cut-off criteria</option>" in page
