"""What every page and endpoint shares: headers, languages, sign-in, CSRF, problems, limits."""

from __future__ import annotations

from tests.web.conftest import Platform, csrf_of, sign_in


def test_every_page_forbids_framing_sniffing_and_foreign_script(platform: Platform) -> None:
    response = platform.client().get("/")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in response.text  # no inline script for the policy to allow


def test_chinese_by_default_and_english_on_request_kept_in_a_cookie(platform: Platform) -> None:
    client = platform.client()
    assert 'lang="zh-CN"' in client.get("/").text
    english = client.get("/?lang=en")
    assert 'lang="en"' in english.text and "Sign in" in english.text
    assert 'lang="en"' in client.get("/").text  # remembered


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(platform: Platform) -> None:
    client = platform.client()
    account = platform.account("secretariat")
    token = csrf_of(client, "/login")
    wrong = client.post(
        "/login", data={"login": account.login, "password": "not-the-password", "csrf": token}
    )
    unknown = client.post(
        "/login", data={"login": "nobody@example.org", "password": "whatever123", "csrf": token}
    )
    assert wrong.status_code == unknown.status_code == 400
    assert "pcfrules_session" not in wrong.cookies

    def alert(page: str) -> str:
        return page.split('role="alert"')[1].split("</div>")[0]

    message = alert(wrong.text)
    assert message == alert(unknown.text)


def test_the_session_cookie_is_httponly_secure_and_samesite(platform: Platform) -> None:
    account = platform.account("secretariat")
    client = platform.client()
    token = csrf_of(client, "/login")
    response = client.post(
        "/login",
        data={"login": account.login, "password": account.password, "csrf": token},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "pcfrules_session=" in cookie
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie


def test_a_form_posted_without_its_csrf_token_is_refused_and_writes_nothing(
    platform: Platform,
) -> None:
    client = sign_in(platform, "secretariat")
    before = client.get("/account").text.count("<tr>")
    refused = client.post("/account/tokens", data={"name": "no-csrf"})
    assert refused.status_code == 403
    forged = client.post("/account/tokens", data={"name": "forged", "csrf": "x" * 43})
    assert forged.status_code == 403
    assert client.get("/account").text.count("<tr>") == before


def test_a_page_that_needs_sign_in_sends_the_visitor_to_sign_in_and_back(
    platform: Platform,
) -> None:
    response = platform.client().get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account"


def test_sign_in_never_sends_the_visitor_to_another_site(platform: Platform) -> None:
    account = platform.account("secretariat")
    client = platform.client()
    token = csrf_of(client, "/login")
    response = client.post(
        "/login",
        data={
            "login": account.login,
            "password": account.password,
            "csrf": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_machines_get_problem_details_and_people_get_a_page(platform: Platform) -> None:
    client = platform.client()
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")
    body = api.json()
    assert body["status"] == 404 and body["title"] and body["detail_zh"]
    person = client.get("/no-such-page")
    assert person.status_code == 404 and person.headers["content-type"].startswith("text/html")
    assert "404" in person.text


def test_an_oversized_upload_is_refused_before_it_is_read(platform: Platform) -> None:
    client = sign_in(platform, "secretariat")
    token = csrf_of(client, "/account")
    too_big = b"x" * (21 * 1024 * 1024)
    response = client.post(
        "/account/tokens", data={"name": "big", "csrf": token}, files={"f": ("big.bin", too_big)}
    )
    assert response.status_code == 413
