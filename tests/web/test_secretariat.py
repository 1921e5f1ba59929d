"""The secretariat's pages: each step as a form the registry checks, and every refusal.

The module's own platform: the demo with cement's comment period closed (one comment open),
steel's revision in drafting, an objection in aluminium's review, and a second association
whose secretariat runs no demo standard.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from pcfrules.registry import Accounts, Registry, make_engine
from pcfrules.registry.seed import DEMO_SECRETARIAT
from pcfrules.rules import catalog
from pcfrules.spaces.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from pcfrules.web import Settings, create_app
from tests.web.conftest import BASE_URL, Platform, csrf_of, sign_in
from tests.web.procedure_state import COMMENT, revision, seeded_closed_comment

CEMENT, STEEL, ALUMINIUM = "cement", "crude-steel-bf-bof", "electrolytic-aluminium"
OBJECTOR = "示例 demo producer"  # a demo reviewer
OTHER_SECRETARY = "另一团体秘书 other secretary"
ATTACKERS = ("drafter", "public", "cement")


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    url = seeded_closed_comment(tmp_path_factory.mktemp("secretariat"))
    engine = make_engine(url)
    registry = Registry(engine, person=DEMO_SECRETARIAT)
    registry.revise(revision(STEEL, 4))
    registry.acting_as(OBJECTOR).vote(ALUMINIUM, OBJECTOR, "no", "4% 过严 / 4 % is too strict")
    other = Registry(engine)
    other.add_stakeholder(OTHER_SECRETARY, "Other body", "government")
    other.acting_as(OTHER_SECRETARY).add_association("OTHR", "另一团体", "Another association")
    Accounts(engine).create_account(OTHER_SECRETARY, "other@demo", DEMO_PASSWORD)
    engine.dispose()
    app = create_app(Settings(database_url=url))
    with TestClient(app, base_url=BASE_URL):
        yield Platform(app, url, list(DEMO_ACCOUNTS))


def _registry(platform: Platform, person: str | None = None) -> Registry:
    return Registry(make_engine(platform.url), person=person)


def _history(platform: Platform, rule_id: str) -> int:
    return len(_registry(platform).history(rule_id))


def _other(platform: Platform) -> TestClient:
    client = platform.client()
    token = csrf_of(client, "/login")
    data = {"login": "other@demo", "password": DEMO_PASSWORD, "csrf": token}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    return client


def _alert(html: str) -> str:
    found = re.search(r'class="alert (?:error|ok)" role="(?:alert|status)">(.*?)</div>', html, re.S)
    assert found, "no alert on the page"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def _post(client: TestClient, path: str, data: dict[str, str]) -> httpx.Response:
    token = csrf_of(client, "/account")
    return client.post(path, data={**data, "csrf": token}, follow_redirects=False)


def _comment(platform: Platform, number: int) -> dict[str, object]:
    return next(c for c in _registry(platform).comments(CEMENT) if c["no"] == number)


def test_the_secretariat_sees_its_standards_their_stages_and_next_steps(
    platform: Platform,
) -> None:
    page = sign_in(platform, "secretariat").get("/secretariat")
    assert page.status_code == 200
    assert "pcfrules 示例团体（演示用）" in page.text
    for rule_id in (CEMENT, STEEL, ALUMINIUM):
        assert f'href="/secretariat/{rule_id}"' in page.text
    row = page.text.split('href="/secretariat/electrolytic-aluminium"')[0].rsplit("<tr>", 1)[1]
    assert "技术审查" in row and "批准" in row and "退回起草" in row
    assert 'action="/secretariat/invite"' in page.text
    assert '<a href="/secretariat" aria-current="page">秘书处</a>' in page.text  # the menu
    assert 'href="/secretariat"' not in sign_in(platform, "drafter").get("/drafting").text


@pytest.mark.parametrize("key", ATTACKERS)
def test_others_get_a_bilingual_403_page(platform: Platform, key: str) -> None:
    client = sign_in(platform, key)
    for path in ("/secretariat", f"/secretariat/{CEMENT}"):
        page = client.get(path)
        assert page.status_code == 403, path
        assert "秘书处" in _alert(page.text)
    english = client.get("/secretariat?lang=en")
    assert "secretariat role in no association" in _alert(english.text)


def test_another_associations_standard_is_answered_as_a_missing_one(platform: Platform) -> None:
    client = _other(platform)
    index = client.get("/secretariat")
    assert index.status_code == 200 and "另一团体" in index.text and "该团体尚无标准" in index.text
    theirs, missing = client.get(f"/secretariat/{CEMENT}"), client.get("/secretariat/no-such")
    assert theirs.status_code == missing.status_code == 404
    assert _alert(theirs.text).replace(CEMENT, "X") == _alert(missing.text).replace("no-such", "X")
    before = _history(platform, CEMENT)
    refused = _post(
        client, f"/secretariat/{CEMENT}/comments/1/dispose", {"disposition": "accepted"}
    )
    assert refused.status_code == 403
    assert _history(platform, CEMENT) == before


def _attacks() -> list[tuple[str, str, dict[str, str]]]:
    """Every secretariat action as (standard, path, form) for a refused person to post."""
    day = date.today().isoformat()
    return [
        (CEMENT, "step/start-review", {}),
        (ALUMINIUM, "step/approve", {}),
        (STEEL, "step/approve-project", {}),
        (STEEL, "step/start-drafting", {}),
        (STEEL, "open-comment", {"days": "30"}),
        (CEMENT, "comments/1/dispose", {"disposition": "not_accepted", "reason": "x"}),
        (CEMENT, "comments/1/reopen", {"reason": "x"}),
        (ALUMINIUM, "objections/{objection}/answer", {"answer": "x"}),
        (ALUMINIUM, "objections/{objection}/sustain", {}),
        (ALUMINIUM, "send-back", {"reason": "x"}),
        (ALUMINIUM, "publish", {"issue": day, "implementation": day}),
        (STEEL, "recommend", {"batch": "x", "on": day}),
        (STEEL, "withdraw", {"reason": "x"}),
    ]


@pytest.mark.parametrize("key", ATTACKERS)
def test_every_secretariat_action_by_another_person_is_refused_and_writes_nothing(
    platform: Platform, key: str
) -> None:
    client = sign_in(platform, key)
    objection = _registry(platform).objections(ALUMINIUM)[0]["no"]
    for rule_id, action, form in _attacks():
        if key == "drafter" and action.endswith("/answer"):
            continue  # the drafters answer objections: the registry allows it
        before = _history(platform, rule_id)
        path = f"/secretariat/{rule_id}/{action.format(objection=objection)}"
        response = _post(client, path, form)
        assert response.status_code == 403, (key, path)
        assert "不是 PCFR 的" in _alert(response.text), path
        assert _history(platform, rule_id) == before, (key, path)
    invited = _post(client, "/secretariat/invite", {"association": "PCFR", "role": "secretariat"})
    assert invited.status_code == 403
    assert "invitation/" not in invited.text


def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(platform: Platform) -> None:
    client = sign_in(platform, "secretariat")
    before = _history(platform, CEMENT)
    response = client.post(
        f"/secretariat/{CEMENT}/comments/1/dispose", data={"disposition": "accepted"}
    )
    assert response.status_code == 403 and "CSRF" in response.text
    assert _history(platform, CEMENT) == before


def test_a_comment_period_of_29_days_is_refused_and_30_opens_it(platform: Platform) -> None:
    client = sign_in(platform, "secretariat")
    page = client.get(f"/secretariat/{STEEL}")
    assert "不得少于 30 日" in page.text and 'name="days"' in page.text
    before = _history(platform, STEEL)
    refused = _post(client, f"/secretariat/{STEEL}/open-comment", {"days": "29"})
    assert refused.status_code == 400
    assert "征求意见期不得少于 30 日（给定 29 日）" in _alert(refused.text)
    assert _history(platform, STEEL) == before
    opened = _post(client, f"/secretariat/{STEEL}/open-comment", {"days": "30"})
    assert opened.headers["location"] == f"/secretariat/{STEEL}?done=open-comment"
    shown = client.get(f"/secretariat/{STEEL}?done=open-comment")
    assert _alert(shown.text) == "已开始征求意见"
    rows = _registry(platform).standards_of("PCFR")
    assert next(r for r in rows if r["rule_id"] == STEEL)["state"] == "public_comment"


def test_a_disposition_is_recorded_shown_escaped_and_in_the_workbook(platform: Platform) -> None:
    client = sign_in(platform, "secretariat")
    reason = "<script>alert(1)</script> ' OR 1=1 -- 100% a_b"
    refused = _post(
        client, f"/secretariat/{CEMENT}/comments/1/dispose", {"disposition": "not_accepted"}
    )
    assert refused.status_code == 400
    assert "须说明理由" in _alert(refused.text)
    done = _post(
        client,
        f"/secretariat/{CEMENT}/comments/1/dispose",
        {"disposition": "partly_accepted", "reason": reason},
    )
    assert done.status_code == 303
    assert _comment(platform, 1)["disposition"] == "partly_accepted"
    assert _comment(platform, 1)["reason"] == reason
    page = client.get(f"/secretariat/{CEMENT}?done=dispose")
    assert _alert(page.text) == "已处理意见"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#39; OR 1=1 -- 100% a_b" in page.text
    assert "<script>alert(1)" not in page.text and COMMENT in page.text
    assert "示例秘书处 demo secretariat" in page.text.split('id="history"')[1]
    book = client.get(f"/secretariat/{CEMENT}/dispositions.xlsx")
    rows = list(load_workbook(io.BytesIO(book.content)).active.values)
    assert rows[2][0] == 1 and rows[2][8] == "部分采纳 partly accepted" and rows[2][9] == reason


def test_a_comment_of_another_standard_is_answered_as_missing(platform: Platform) -> None:
    client = sign_in(platform, "secretariat")
    aluminium_comment = _registry(platform).comments(ALUMINIUM)[0]["no"]
    before = _history(platform, ALUMINIUM)
    for number in (aluminium_comment, 999):
        response = _post(
            client,
            f"/secretariat/{CEMENT}/comments/{number}/dispose",
            {"disposition": "accepted"},
        )
        assert response.status_code == 404
    assert _history(platform, ALUMINIUM) == before


def test_review_follows_objections_then_approval_publication_and_recommendation(
    platform: Platform,
) -> None:
    client = sign_in(platform, "secretariat")
    page = client.get(f"/secretariat/{ALUMINIUM}")
    assert "4% 过严 / 4 % is too strict" in page.text and "待答复" in page.text
    objection = _registry(platform).objections(ALUMINIUM)[0]["no"]
    pending = _post(client, f"/secretariat/{ALUMINIUM}/step/approve", {})
    assert pending.status_code == 400
    assert "尚有未了结的异议" in _alert(pending.text)
    answer = f"/secretariat/{ALUMINIUM}/objections/{objection}/answer"
    assert _post(client, answer, {"answer": "见编制说明 / see the notes"}).status_code == 303
    answered = client.get(f"/secretariat/{ALUMINIUM}?done=objection-answer").text
    assert "已答复" in answered and "记录为维持" in answered
    _registry(platform, OBJECTOR).vote(ALUMINIUM, OBJECTOR, "yes")  # the objection withdrawn
    assert _post(client, f"/secretariat/{ALUMINIUM}/step/approve", {}).status_code == 303
    issue = date.today()
    bad = _post(
        client,
        f"/secretariat/{ALUMINIUM}/publish",
        {"issue": issue.isoformat(), "implementation": (issue - timedelta(days=1)).isoformat()},
    )
    assert bad.status_code == 400
    assert "实施日期不得早于发布日期" in _alert(bad.text)
    published = _post(
        client,
        f"/secretariat/{ALUMINIUM}/publish",
        {"issue": issue.isoformat(), "implementation": (issue + timedelta(days=90)).isoformat()},
    )
    assert published.status_code == 303
    shown = client.get(f"/secretariat/{ALUMINIUM}?done=publish").text
    number = _registry(platform).show(ALUMINIUM)["versions"][-1]["number"]
    after_the_catalogue = len(catalog.catalog_ids()) + 1  # the demo numbers the catalogue first
    assert number == f"T/PCFR {after_the_catalogue}—{issue.year}" and number in shown
    assert "自我声明公开信息" in shown and "本标准遵循开放、公平、透明" in shown
    text = client.get(f"/secretariat/{ALUMINIUM}/texts/published/zh")
    assert text.status_code == 200 and number.encode() in text.content
    assert "attachment" in text.headers["content-disposition"]
    listed = _post(
        client,
        f"/secretariat/{ALUMINIUM}/recommend",
        {"batch": "2026 第一批", "on": issue.isoformat()},
    )
    assert listed.status_code == 303
    assert _registry(platform).show(ALUMINIUM)["versions"][-1]["recommended"] == "2026 第一批"


def test_a_published_standards_public_text_is_downloadable(platform: Platform) -> None:
    client = sign_in(platform, "secretariat")
    page = client.get(f"/secretariat/{STEEL}")
    assert f'href="/secretariat/{STEEL}/texts/published/en"' in page.text
    for lang in ("zh", "en"):
        text = client.get(f"/secretariat/{STEEL}/texts/published/{lang}")
        assert text.status_code == 200 and text.headers["content-type"].startswith("text/html")
        steel = catalog.catalog_ids().index(STEEL) + 1
        assert f"T/PCFR {steel}—".encode() in text.content
        assert f".{lang}.html" in text.headers["content-disposition"]
    assert client.get(f"/secretariat/{STEEL}/texts/published/fr").status_code == 404
    assert client.get(f"/secretariat/{STEEL}/texts/nonsense/zh").status_code == 404
    assert (
        sign_in(platform, "drafter").get(f"/secretariat/{STEEL}/texts/published/zh").status_code
        == 403
    )


def test_an_invitation_link_is_shown_once_and_opens_the_invitation(platform: Platform) -> None:
    client = sign_in(platform, "secretariat")
    before = len(_registry(platform).history("PCFR"))
    page = _post(
        client,
        "/secretariat/invite",
        {"association": "PCFR", "role": "reviewer", "note": "<b>王工</b>", "days": "14"},
    )
    text = page.text
    link = re.search(r"https://testserver/invitation/[\w-]+", text)
    assert page.status_code == 200 and link
    assert len(_registry(platform).history("PCFR")) == before + 1
    opened = platform.client().get(link.group(0).removeprefix("https://testserver"))
    assert opened.status_code == 200 and "&lt;b&gt;王工&lt;/b&gt;" in opened.text
    assert "invitation/" not in client.get("/secretariat").text.split('id="invite"')[1]
    bad = _post(client, "/secretariat/invite", {"association": "PCFR", "role": "king"})
    assert bad.status_code == 400 and "未知的角色" in _alert(bad.text)
