"""The REST API as an integrator uses it, and as an attacker tries it.

Bearer tokens only (a browser's session cookie is not one); pages of standards with their
``Link``; the procedure's steps refused by the registry for the wrong role (403, nothing
written); another organisation's study refused like a missing one (404); an upload computed
as a job (202 → done) and its result and files; every error an RFC 9457 problem.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pcfrules.rules import catalog
from tests.interchange.test_pact import product_footprint_validator
from tests.web.conftest import Platform, sign_in

API = "/api/v1"
WAIT = 90.0  # seconds a test waits for a job
LINK = re.compile(r'<([^>]+)>; rel="(next|prev)"')


def bearer(platform: Platform, key: str) -> dict[str, str]:
    """The Authorization header of a new REST token of the demo account ``key``."""
    accounts = platform.app.state.services.accounts  # type: ignore[attr-defined]
    account = accounts.account_of_person(platform.account(key).person)
    return {"Authorization": f"Bearer {accounts.issue_token(account.id, f'test {key}')}"}


def links(response: Any) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(response.headers.get("link", ""))}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["detail"] and body["detail_zh"]
    assert body["type"].endswith(str(status)) and body["instance"].startswith(API)
    return body


def test_without_a_valid_bearer_token_the_api_answers_401(platform: Platform) -> None:
    client = platform.client()
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}):
        body = assert_problem(client.get(f"{API}/standards", headers=headers), 401)
        assert "Bearer" in body["detail"]
    signed_in = sign_in(platform, "secretariat")  # a session cookie is no token
    refused = signed_in.post(f"{API}/standards/cement/open-comment", json={"days": 30})
    assert_problem(refused, 401)
    assert (
        client.get(f"{API}/standards", headers={"Authorization": "Bearer x"})
        .headers["www-authenticate"]
        .startswith("Bearer")
    )


def test_standards_come_in_pages_linked_by_the_link_header(platform: Platform) -> None:
    client, headers = platform.client(), bearer(platform, "public")
    everything = client.get(f"{API}/standards", params={"limit": 100}, headers=headers).json()
    total = everything["total"]
    assert total == len(everything["items"]) >= 3
    seen, url = [], f"https://testserver{API}/standards?limit=2"
    while url:
        page = client.get(url, headers=headers)
        assert page.status_code == 200
        body = page.json()
        assert body["total"] == total and body["limit"] == 2 and len(body["items"]) <= 2
        if body["offset"]:
            assert "prev" in links(page)
        seen += [item["rule_id"] for item in body["items"]]
        url = links(page).get("next", "")
    assert seen == [item["rule_id"] for item in everything["items"]]
    assert len(set(seen)) == total
    for limit in (0, 101):
        assert_problem(client.get(f"{API}/standards?limit={limit}", headers=headers), 422)


def test_search_finds_by_id_and_treats_sql_metacharacters_as_text(platform: Platform) -> None:
    client, headers = platform.client(), bearer(platform, "public")
    found = client.get(f"{API}/standards", params={"q": "CEMENT"}, headers=headers).json()
    assert [item["rule_id"] for item in found["items"]] == ["cement"]
    for q in ("' OR 1=1 --", "%", "_", '"; DROP TABLE standards; --'):
        response = client.get(f"{API}/standards", params={"q": q}, headers=headers)
        assert response.status_code == 200
        assert response.json() == {"items": [], "total": 0, "limit": 20, "offset": 0}


def test_a_standard_shows_its_versions_and_stages_with_their_sha256(platform: Platform) -> None:
    client, headers = platform.client(), bearer(platform, "public")
    body = client.get(f"{API}/standards/cement", headers=headers).json()
    assert body["association"] == "PCFR"
    states = {v["version"]: v["state"] for v in body["versions"]}
    assert states == {"1.0.0": "published", "1.1.0": "public_comment"}
    assert body["stages"][0]["stage"] == "comment_draft"
    assert all(re.fullmatch(r"[0-9a-f]{64}", s["sha256"]) for s in body["stages"])
    missing = assert_problem(client.get(f"{API}/standards/no-such", headers=headers), 404)
    assert "no-such" in missing["detail"] and "no-such" in missing["detail_zh"]


def test_comment_support_and_the_secretariats_disposition(platform: Platform) -> None:
    client = platform.client()
    public, reviewer = bearer(platform, "public"), bearer(platform, "secretariat")
    text = "<script>alert(1)</script> 5.2 的取值依据？ ' OR 1=1 --"
    made = client.post(
        f"{API}/standards/cement/comments",
        json={"clause": "boundary.cut_off", "kind": "ed", "text": text},
        headers=public,
    )
    assert made.status_code == 201, made.text
    comment = made.json()
    assert comment["text"] == text and comment["kind"] == "ed"
    assert made.headers["content-type"] == "application/json"  # JSON, never HTML
    listed = client.get(f"{API}/standards/cement/comments", headers=public).json()
    assert comment in listed
    supported = client.post(f"{API}/comments/{comment['no']}/support", headers=reviewer)
    assert supported.status_code == 204, supported.text
    again = client.get(f"{API}/standards/cement/comments", headers=public).json()
    mine = next(c for c in again if c["no"] == comment["no"])
    assert mine["supporters"] == [platform.account("secretariat").person]
    assert_problem(client.post(f"{API}/comments/{comment['no']}/support", headers=public), 409)
    disposed = client.post(
        f"{API}/comments/{comment['no']}/disposition",
        json={"disposition": "not_accepted", "reason": "已在 5.2 说明 / explained in 5.2"},
        headers=bearer(platform, "secretariat"),
    )
    assert disposed.status_code == 204, disposed.text
    assert_problem(client.post(f"{API}/comments/999999/support", headers=public), 404)


def test_a_422_names_the_field_at_fault_in_both_languages(platform: Platform) -> None:
    response = platform.client().post(
        f"{API}/standards/cement/comments",
        json={"clause": "boundary.cut_off", "kind": "xx", "text": "t"},
        headers=bearer(platform, "public"),
    )
    body = assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["body.kind"]
    assert "body.kind" in body["detail"] and "body.kind" in body["detail_zh"]
    assert body["errors"][0]["detail_zh"].startswith("取值无效")


PUBLICATION = {"issue": "2026-01-01", "implementation": "2026-06-01"}


@pytest.mark.parametrize(
    ("key", "path", "body"),
    [
        ("public", "/standards/cement/open-comment", {"days": 30}),
        ("reviewer", "/standards/electrolytic-aluminium/approve", None),
        ("drafter", "/standards/cement/start-review", None),
        ("public", "/standards/cement/recommend", {"batch": "2026-1", "on": "2026-01-01"}),
        ("reviewer", "/comments/1/disposition", {"disposition": "accepted"}),
        ("public", "/standards/cement/publish", PUBLICATION),
    ],
)
def test_the_wrong_role_is_refused_403_and_nothing_is_written(
    platform: Platform, key: str, path: str, body: dict[str, Any] | None
) -> None:
    client, headers = platform.client(), bearer(platform, key)
    rule_id = path.split("/")[2] if path.startswith("/standards") else "cement"
    before = client.get(f"{API}/standards/{rule_id}", headers=headers).json()
    comments = client.get(f"{API}/standards/{rule_id}/comments", headers=headers).json()
    refused = assert_problem(client.post(f"{API}{path}", json=body, headers=headers), 403)
    assert refused["errors"][0]["field"] == "person"
    assert client.get(f"{API}/standards/{rule_id}", headers=headers).json() == before
    assert client.get(f"{API}/standards/{rule_id}/comments", headers=headers).json() == comments


def test_a_reviewer_votes_and_others_may_not(platform: Platform) -> None:
    client = platform.client()
    path = f"{API}/standards/electrolytic-aluminium/votes"
    before = client.get(path, headers=bearer(platform, "public")).json()
    assert_problem(client.post(path, json={"vote": "yes"}, headers=bearer(platform, "public")), 403)
    assert client.get(path, headers=bearer(platform, "public")).json() == before
    cast = client.post(path, json={"vote": "abstain"}, headers=bearer(platform, "reviewer"))
    assert cast.status_code == 200, cast.text
    reviewer = platform.account("reviewer").person
    assert {"stakeholder": reviewer, "vote": "abstain", "reason": ""} in cast.json()
    no_reason = client.post(path, json={"vote": "no"}, headers=bearer(platform, "reviewer"))
    assert "reason" in assert_problem(no_reason, 409)["detail"]


def test_the_dashboard_counts_standards(platform: Platform) -> None:
    body = platform.client().get(f"{API}/dashboard", headers=bearer(platform, "public")).json()
    assert sum(body["by_state"].values()) >= 3
    assert body["progress_2027"]["published"] >= 3


def test_another_organisations_study_is_refused_like_a_missing_one(platform: Platform) -> None:
    client = platform.client()
    cement, steel = bearer(platform, "cement"), bearer(platform, "steel")
    assert [o["code"] for o in client.get(f"{API}/organisations", headers=cement).json()] == [
        "DEMO-CEMENT"
    ]
    study_id = client.get(f"{API}/organisations/DEMO-CEMENT/studies", headers=cement).json()[0][
        "id"
    ]
    theirs = client.get(f"{API}/organisations/DEMO-STEEL/studies/{study_id}", headers=steel)
    missing = client.get(f"{API}/organisations/DEMO-STEEL/studies/999999", headers=steel)
    body, none = assert_problem(theirs, 404), assert_problem(missing, 404)
    assert body["detail"].replace(str(study_id), "N") == none["detail"].replace("999999", "N")
    nowhere = assert_problem(client.get(f"{API}/organisations/NO-SUCH/studies", headers=steel), 404)
    for path in ("", f"/{study_id}", f"/{study_id}/result", f"/{study_id}/exports/pact"):
        not_mine = client.get(f"{API}/organisations/DEMO-CEMENT/studies{path}", headers=steel)
        detail = assert_problem(not_mine, 404)["detail"]  # as if the organisation were not there
        assert detail == nowhere["detail"].replace("NO-SUCH", "DEMO-CEMENT")
    refused = client.post(
        f"{API}/organisations/DEMO-CEMENT/studies/{study_id}/compute", headers=steel
    )
    assert_problem(refused, 404)


def _wait(client: TestClient, location: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(location, headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"the job at {location} did not end in {WAIT} s")


def test_upload_compute_as_a_job_then_the_result_and_its_files(platform: Platform) -> None:
    client, cement = platform.client(), bearer(platform, "cement")
    example = (catalog.catalog_dir() / "cement" / "example.yaml").read_bytes()
    studies = f"{API}/organisations/DEMO-CEMENT/studies"
    uploaded = client.post(studies, files={"file": ("mine.yaml", example)}, headers=cement)
    assert uploaded.status_code == 201, uploaded.text
    study = uploaded.json()
    assert study["rule_id"] == "cement" and not study["computed"]
    assert uploaded.headers["location"].endswith(f"{studies}/{study['id']}")
    assert client.get(uploaded.headers["location"], headers=cement).json() == study
    assert_problem(client.get(f"{studies}/{study['id']}/result", headers=cement), 409)
    queued = client.post(f"{studies}/{study['id']}/compute", json={"samples": 0}, headers=cement)
    assert queued.status_code == 202, queued.text
    location = queued.headers["location"]
    assert location.endswith(f"{API}/jobs/{queued.json()['id']}")
    assert queued.json()["state"] in ("queued", "running", "done")
    job = _wait(client, location, cement)
    assert job["state"] == "done" and job["error"] is None and job["progress"] == 1
    assert_problem(client.get(location, headers=bearer(platform, "steel")), 404)
    result = client.get(f"{studies}/{study['id']}/result", headers=cement).json()
    computed = client.get(f"{studies}/{study['id']}", headers=cement).json()
    assert computed["computed"] and computed["total"] == pytest.approx(result["total"]["value"])
    pact = client.get(f"{studies}/{study['id']}/exports/pact", headers=cement)
    assert pact.status_code == 200 and "attachment" in pact.headers["content-disposition"]
    assert not list(product_footprint_validator("3").iter_errors(pact.json()))
    label = client.get(f"{studies}/{study['id']}/exports/label-svg?lang=en", headers=cement)
    assert label.status_code == 200 and label.text.lstrip().startswith("<")
    assert_problem(client.get(f"{studies}/{study['id']}/exports/nothing", headers=cement), 422)


def test_an_unreadable_upload_keeps_nothing_and_says_why(platform: Platform) -> None:
    client, cement = platform.client(), bearer(platform, "cement")
    studies = f"{API}/organisations/DEMO-CEMENT/studies"
    before = len(client.get(studies, headers=cement).json())
    bad = client.post(studies, files={"file": ("x.yaml", b"{not: [yaml")}, headers=cement)
    body = assert_problem(bad, 422)
    assert body["detail"] and body["detail_zh"] != body["detail"]
    assert len(client.get(studies, headers=cement).json()) == before
    assert_problem(client.post(studies, headers=cement), 422)  # no file at all


def test_the_openapi_is_complete_with_bilingual_summaries(platform: Platform) -> None:
    spec = platform.client().get(f"{API}/openapi.json").json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert len(operations) >= 20
    assert all(re.search(r"[\u4e00-\u9fff].*·.*[A-Za-z]", op["summary"]) for op in operations)
    assert all(op.get("tags") and op.get("security") for op in operations)
    assert all("401" in op["responses"] for op in operations)
    assert "/3/footprints" not in spec["paths"]  # PACT's own OpenAPI documents it
