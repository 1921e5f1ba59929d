"""The drafters' pages: a draft's check, a new draft uploaded, the comments it answers.

The module's own platform: the demo with cement's comment period closed (its text may change
before review) and aluminium in technical review (its text may not).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from pcfrules.registry import Registry, make_engine
from pcfrules.rules import catalog
from pcfrules.spaces.demo import DEMO_ACCOUNTS
from pcfrules.web import Settings, create_app
from tests.web.conftest import BASE_URL, Platform, csrf_of, sign_in
from tests.web.procedure_state import COMMENT, revision_yaml, seeded_closed_comment

CEMENT, ALUMINIUM = "cement", "electrolytic-aluminium"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    url = seeded_closed_comment(tmp_path_factory.mktemp("drafting"))
    app = create_app(Settings(database_url=url))
    with TestClient(app, base_url=BASE_URL):
        yield Platform(app, url, list(DEMO_ACCOUNTS))


def _registry(platform: Platform) -> Registry:
    return Registry(make_engine(platform.url))


def _history(platform: Platform, rule_id: str) -> int:
    return len(_registry(platform).history(rule_id))


def _upload(
    client: TestClient,
    rule_id: str,
    name: str,
    data: bytes,
    answers: tuple[int, ...] = (),
    csrf: bool = True,
) -> httpx.Response:
    form: dict[str, object] = {"answers": [str(a) for a in answers]}
    if csrf:
        form["csrf"] = csrf_of(client, "/account")
    return client.post(
        f"/drafting/{rule_id}/draft",
        data=form,
        files={"draft": (name, data, "application/yaml")},
        follow_redirects=False,
    )


def _alert(html: str) -> str:
    return html.split('role="alert">')[1].split("</div>")[0]


def test_the_drafter_sees_the_standards_under_way_and_whether_each_may_change(
    platform: Platform,
) -> None:
    page = sign_in(platform, "drafter").get("/drafting")
    assert page.status_code == 200
    rows = {
        r: page.text.split(f'href="/drafting/{r}"')[0].rsplit("<tr>", 1)[1]
        for r in (CEMENT, ALUMINIUM)
    }
    assert "征求意见" in rows[CEMENT] and "可修改" in rows[CEMENT]
    assert "技术审查" in rows[ALUMINIUM] and "暂不可修改" in rows[ALUMINIUM]
    assert 'href="/drafting/crude-steel-bf-bof"' not in page.text  # published, not drafted
    assert 'href="/drafting"' in page.text  # in the menu


def test_a_draft_shows_its_check_and_the_comments_to_answer(platform: Platform) -> None:
    page = sign_in(platform, "drafter").get(f"/drafting/{CEMENT}")
    assert page.status_code == 200
    assert "符合性检查" in page.text and "无错误" in page.text
    assert COMMENT in page.text and 'name="answers" value="1"' in page.text
    assert 'enctype="multipart/form-data"' in page.text


@pytest.mark.parametrize("key", ["secretariat", "public", "cement"])
def test_others_get_a_bilingual_403_page(platform: Platform, key: str) -> None:
    client = sign_in(platform, key)
    for path in ("/drafting", f"/drafting/{CEMENT}"):
        page = client.get(path)
        assert page.status_code == 403 and "起草人" in _alert(page.text)


@pytest.mark.parametrize("key", ["public", "cement"])
def test_an_upload_by_someone_not_drafting_is_refused_and_writes_nothing(
    platform: Platform, key: str
) -> None:
    before = _history(platform, CEMENT)
    response = _upload(sign_in(platform, key), CEMENT, "cement.yaml", revision_yaml(CEMENT, 4))
    assert response.status_code == 403
    assert "不是 PCFR 的起草人或秘书处" in _alert(response.text)
    assert _history(platform, CEMENT) == before


def test_an_upload_without_its_csrf_token_is_refused(platform: Platform) -> None:
    before = _history(platform, CEMENT)
    client = sign_in(platform, "drafter")
    response = _upload(client, CEMENT, "cement.yaml", revision_yaml(CEMENT, 4), csrf=False)
    assert response.status_code == 403 and "CSRF" in response.text
    assert _history(platform, CEMENT) == before


def test_a_broken_file_is_answered_with_its_file_line_and_field_escaped(
    platform: Platform,
) -> None:
    client = sign_in(platform, "drafter")
    before = _history(platform, CEMENT)
    broken = revision_yaml(CEMENT, 4).replace(b"\nboundary:", b"\n<script>x</script>: 1\nboundary:")
    response = _upload(client, CEMENT, "C:\\drafts\\cement-new.yaml", broken)
    assert response.status_code == 400
    alert = _alert(response.text)
    assert "不符合 RuleStandard 模型" in alert and "不允许的字段" in alert
    assert "cement-new.yaml:" in alert and "&lt;script&gt;x&lt;/script&gt;" in alert
    assert "<script>x" not in response.text
    syntax = _upload(client, CEMENT, "bad.yaml", b"identity: [1, 2\n")
    assert syntax.status_code == 400 and "YAML 语法错误" in _alert(syntax.text)
    assert _history(platform, CEMENT) == before


def test_a_file_of_another_standard_or_a_locked_text_is_refused(platform: Platform) -> None:
    client = sign_in(platform, "drafter")
    before = _history(platform, CEMENT)
    other = _upload(client, CEMENT, "alu.yaml", catalog.rule_file(ALUMINIUM).read_bytes())
    assert other.status_code == 400 and "不是本标准“cement”" in _alert(other.text)
    locked = _upload(client, ALUMINIUM, "alu.yaml", revision_yaml(ALUMINIUM, 2))
    assert locked.status_code == 400 and "技术审查前可以修改文本" in _alert(locked.text)
    unknown = _upload(client, CEMENT, "cement.yaml", revision_yaml(CEMENT, 4), answers=(99,))
    assert unknown.status_code == 400 and "没有这些意见" in _alert(unknown.text)
    assert _history(platform, CEMENT) == before


def test_a_revised_draft_answering_a_comment_is_recorded_with_its_clauses(
    platform: Platform,
) -> None:
    client = sign_in(platform, "drafter")
    response = _upload(client, CEMENT, "cement.yaml", revision_yaml(CEMENT, 4), answers=(1,))
    assert response.status_code == 303
    assert response.headers["location"] == f"/drafting/{CEMENT}?done=update-draft"
    [change] = _registry(platform).revisions(CEMENT)
    assert change["answers"] == [1] and change["clauses"] == ["boundary.cut_off.cumulative_percent"]
    page = client.get(response.headers["location"]).text
    assert "已更新文本" in page
    changes = page.split("征求意见后的文本修改")[1]
    assert "boundary.cut_off.cumulative_percent" in changes and "<td>1</td>" in changes
