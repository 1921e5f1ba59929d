"""The PACT v3 API as a data recipient uses it, every answer checked against PACT's OpenAPI.

Client credentials for an access token (RFC 6749 §4.4), footprints listed with filters and
``Link`` pagination, one footprint, events; errors as PACT's ``{code, message}``.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from ruamel.yaml import YAML

from pcfrules.web import Settings, create_app
from tests.oracles import PACT_V3_OPENAPI
from tests.web.conftest import BASE_URL, Platform, seeded_url

SPEC: dict[str, Any] = YAML(typ="safe").load(PACT_V3_OPENAPI.read_text("utf-8"))
NEXT = re.compile(r'^<(https://[^>]+)>; rel="next"$')


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    whole = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    whole["components"] = SPEC["components"]
    return jsonschema.Draft202012Validator(
        whole, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _body_schema(path: str, status: str = "200") -> dict[str, Any]:
    schema: dict[str, Any] = SPEC["paths"][path]["get"]["responses"][status]["content"][
        "application/json"
    ]["schema"]
    return schema


LIST = _validator(_body_schema("/3/footprints"))
GET = _validator(_body_schema("/3/footprints/{id}"))
ERROR = _validator({"$ref": "#/components/schemas/Error"})


def assert_valid(validator: jsonschema.Draft202012Validator, body: Any) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, errors


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert_valid(ERROR, response.json())
    assert response.json()["code"] == code


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """The demo platform with the steel footprint published too (two to page through)."""
    url = seeded_url(tmp_path_factory.mktemp("pact"))
    app = create_app(Settings(database_url=url))
    with TestClient(app, base_url=BASE_URL):
        from pcfrules.spaces.demo import DEMO_ACCOUNTS, STEEL

        spaces = app.state.services.spaces
        steel = spaces.studies(STEEL.code, STEEL.admin)[0]
        spaces.publish(STEEL.code, STEEL.admin, steel.id)
        yield Platform(app, url, list(DEMO_ACCOUNTS))


def _credentials(platform: Platform) -> tuple[str, str]:
    accounts = platform.app.state.services.accounts  # type: ignore[attr-defined]
    account = accounts.account_of_person(platform.account("verifier").person)
    client_id, secret = accounts.pact_client(account.id, "a data recipient")
    return client_id, secret


def _basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


@pytest.fixture(scope="module")
def auth(platform: Platform) -> dict[str, str]:
    response = platform.client().post(
        "/auth/token",
        data={"grant_type": "client_credentials"},
        headers=_basic(*_credentials(platform)),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    assert response.headers["cache-control"] == "no-store"
    return {"Authorization": f"Bearer {body['access_token']}"}


def test_client_credentials_give_an_access_token_and_nothing_else_does(
    platform: Platform,
) -> None:
    client = platform.client()
    client_id, secret = _credentials(platform)
    grant = {"grant_type": "client_credentials"}
    wrong = client.post("/auth/token", data=grant, headers=_basic(client_id, "wrong"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert wrong.headers["www-authenticate"].startswith("Basic")
    unknown = client.post("/auth/token", data=grant, headers=_basic("nobody", secret))
    assert unknown.json() == wrong.json()
    no_auth = client.post("/auth/token", data=grant)
    assert no_auth.status_code == 401 and no_auth.json()["error"] == "invalid_client"
    other = client.post(
        "/auth/token", data={"grant_type": "password"}, headers=_basic(client_id, secret)
    )
    assert other.status_code == 400 and other.json()["error"] == "unsupported_grant_type"
    missing = client.post("/auth/token", data={}, headers=_basic(client_id, secret))
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    garbled = client.post("/auth/token", data=grant, headers={"Authorization": "Basic ***"})
    assert garbled.status_code == 401


def test_the_openid_configuration_names_the_token_endpoint(platform: Platform) -> None:
    body = platform.client().get("/.well-known/openid-configuration").json()
    assert body["token_endpoint"] == f"{BASE_URL}/auth/token"
    assert body["grant_types_supported"] == ["client_credentials"]


def test_footprints_need_a_pact_access_token(platform: Platform) -> None:
    client = platform.client()
    accounts = platform.app.state.services.accounts  # type: ignore[attr-defined]
    account = accounts.account_of_person(platform.account("verifier").person)
    rest_token = accounts.issue_token(account.id, "rest, not PACT")
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": f"Bearer {rest_token}"},
    ):
        assert_error(client.get("/3/footprints", headers=headers), 401, "TokenExpired")
        assert_error(client.get("/3/footprints/x", headers=headers), 401, "TokenExpired")


def test_listed_footprints_follow_the_schema_and_page_by_link(
    platform: Platform, auth: dict[str, str]
) -> None:
    client = platform.client()
    whole = client.get("/3/footprints", headers=auth)
    assert whole.status_code == 200 and "link" not in whole.headers
    assert_valid(LIST, whole.json())
    everything = [f["id"] for f in whole.json()["data"]]
    assert len(everything) == 2
    seen, url = [], "/3/footprints?limit=1"
    while url:
        page = client.get(url, headers=auth)
        assert_valid(LIST, page.json())
        assert len(page.json()["data"]) == 1
        seen += [f["id"] for f in page.json()["data"]]
        found = NEXT.match(page.headers.get("link", ""))
        url = found.group(1) if found else ""
        if url:
            assert url.startswith(f"{BASE_URL}/3/footprints?")  # absolute, the request's host
            assert client.get(url, headers=auth).json() == client.get(url, headers=auth).json()
    assert seen == everything


def test_filters_are_anded_across_criteria_and_ored_within(
    platform: Platform, auth: dict[str, str]
) -> None:
    client = platform.client()
    footprints = client.get("/3/footprints", headers=auth).json()["data"]
    first, second = footprints[0], footprints[1]

    def ids(**params: Any) -> list[str]:
        response = client.get("/3/footprints", params=params, headers=auth)
        assert response.status_code == 200, response.text
        assert_valid(LIST, response.json())
        return [f["id"] for f in response.json()["data"]]

    assert ids(productId=first["productIds"][0].upper()) == [first["id"]]
    both = [first["productIds"][0], second["productIds"][0]]
    assert ids(productId=both) == [first["id"], second["id"]]
    assert ids(productId=both, companyId=second["companyIds"][0]) == [second["id"]]
    assert ids(status="active") == [first["id"], second["id"]]
    assert ids(status="Deprecated") == []
    assert ids(geography="XX") == []
    assert ids(validOn="2200-01-01T00:00:00Z") == []
    assert ids(validBefore="2200-01-01T00:00:00Z") == [first["id"], second["id"]]
    assert ids(productId="' OR 1=1 --") == ids(productId="%") == []


def test_bad_input_is_a_pact_bad_request(platform: Platform, auth: dict[str, str]) -> None:
    client = platform.client()
    for query in ("limit=0", "limit=x", "status=gone", "validOn=yesterday", "offset=-1"):
        assert_error(client.get(f"/3/footprints?{query}", headers=auth), 400, "BadRequest")


def test_one_footprint_by_id_or_not_found(platform: Platform, auth: dict[str, str]) -> None:
    client = platform.client()
    listed = client.get("/3/footprints", headers=auth).json()["data"][0]
    one = client.get(f"/3/footprints/{listed['id']}", headers=auth)
    assert one.status_code == 200
    assert_valid(GET, one.json())
    assert one.json()["data"] == listed
    missing = client.get("/3/footprints/00000000-0000-4000-8000-000000000000", headers=auth)
    assert_error(missing, 404, "NotFound")
    assert_error(client.get("/3/footprints/' OR 1=1 --", headers=auth), 404, "NotFound")


def _event(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": f"org.wbcsd.pact.ProductFootprint.{kind}.3",
        "specversion": "1.0",
        "id": "1934405d-4f9b-4b3b-9c05bc35-68f8",
        "source": "//recipient.example/3/events",
        "time": "2026-03-05T17:31:00Z",
        "data": data,
    }


def _post(client: TestClient, event: Any, auth: dict[str, str]) -> Any:
    headers = {**auth, "Content-Type": "application/cloudevents+json; charset=UTF-8"}
    content = event if isinstance(event, bytes) else json.dumps(event).encode()
    return client.post("/3/events", content=content, headers=headers)


def test_events_are_checked_and_answered_as_the_specification_says(
    platform: Platform, auth: dict[str, str]
) -> None:
    client = platform.client()
    published = _post(client, _event("PublishedEvent", {"pfIds": ["079e425a"]}), auth)
    assert published.status_code == 200 and published.content == b""
    created = _post(client, _event("RequestCreatedEvent", {"productId": ["urn:x"]}), auth)
    assert_error(created, 400, "NotImplemented")
    assert "GET /3/footprints" in created.json()["message"]
    answer = {"requestEventId": "nothing-we-sent", "error": {"code": "NotFound", "message": "m"}}
    assert_error(_post(client, _event("RequestRejectedEvent", answer), auth), 400, "BadRequest")
    fulfilled = _event("RequestFulfilledEvent", {"requestEventId": "r", "pfs": [{"id": "x"}]})
    assert_error(_post(client, fulfilled, auth), 400, "BadRequest")
    for bad in (
        b"not json",
        b"[]",
        _event("Unknown", {}),
        _event("PublishedEvent", {"pfIds": []}),
        {**_event("PublishedEvent", {"pfIds": ["a"]}), "specversion": "0.3"},
        {**_event("PublishedEvent", {"pfIds": ["a"]}), "time": "soon"},
    ):
        assert_error(_post(client, bad, auth), 400, "BadRequest")
    assert_error(_post(client, _event("PublishedEvent", {"pfIds": ["a"]}), {}), 401, "TokenExpired")


def test_a_data_recipient_makes_credentials_on_the_account_page_and_revokes_them(
    platform: Platform,
) -> None:
    """The way a person gets PACT credentials: the account page, the secret shown once."""
    from tests.web.conftest import csrf_of, sign_in

    browser = sign_in(platform, "verifier")
    made = browser.post(
        "/account/pact-clients", data={"name": "buyer's ERP", "csrf": csrf_of(browser, "/account")}
    )
    client_id = re.search(r'<code class="client-id">([^<]+)</code>', made.text)
    secret = re.search(r'<code class="client-secret">([^<]+)</code>', made.text)
    assert made.status_code == 200 and client_id and secret
    assert "buyer&#39;s ERP" in made.text  # the name, escaped
    assert secret.group(1) not in browser.get("/account").text  # shown this once
    machine = platform.client()
    granted = machine.post(
        "/auth/token",
        data={"grant_type": "client_credentials"},
        headers=_basic(client_id.group(1), secret.group(1)),
    )
    assert granted.status_code == 200, granted.text
    bearer = {"Authorization": f"Bearer {granted.json()['access_token']}"}
    assert machine.get("/3/footprints", headers=bearer).status_code == 200
    listed = browser.get("/account").text
    row = re.search(
        rf"{client_id.group(1)}</code>.*?action=\"(/account/tokens/\d+/revoke)\"", listed, re.S
    )
    assert row is not None
    browser.post(row.group(1), data={"csrf": csrf_of(browser, "/account")})
    assert machine.get("/3/footprints", headers=bearer).status_code == 401
