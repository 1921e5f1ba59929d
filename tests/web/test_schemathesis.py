"""Generated requests against both APIs: whatever is sent, the server never answers 5xx.

Schemathesis reads the platform's own OpenAPI (``/api/v1/openapi.json``) and PACT's official
one, and calls the app in-process (ASGI) with a valid token, so requests get past
authentication into the rooms. A bounded number of examples per operation keeps the run
under a minute; the REST answers are also checked against the schemas they declare.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from ruamel.yaml import YAML
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from pcfrules.web import Settings, create_app
from tests.oracles import PACT_V3_OPENAPI
from tests.web.conftest import BASE_URL, Platform

EXAMPLES = 6  # per operation (the whole module runs in under a minute)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _pact_spec() -> dict[str, Any]:
    """PACT's OpenAPI as schemathesis can read it: the token URL absolute, and the event
    schemas' descriptions that are references (to parameters' texts) as plain text."""
    spec: dict[str, Any] = YAML(typ="safe").load(PACT_V3_OPENAPI.read_text("utf-8"))
    flows = spec["components"]["securitySchemes"]["BearerAuth"]["flows"]
    flows["clientCredentials"]["tokenUrl"] = f"{BASE_URL}/auth/token"
    _plain_descriptions(spec)
    return spec


def _plain_descriptions(node: Any) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("description"), dict):
            node["description"] = str(node["description"].get("$ref", ""))
        for value in node.values():
            _plain_descriptions(value)
    elif isinstance(node, list):
        for value in node:
            _plain_descriptions(value)


# the platform's OpenAPI as the app makes it (no database needed), and PACT's official one
REST = schemathesis.openapi.from_dict(create_app(Settings(database_url="sqlite://")).openapi())
PACT = schemathesis.openapi.from_dict(_pact_spec())


def _call(platform: Platform, case: schemathesis.Case, headers: dict[str, str], ours: bool) -> int:
    """Send the generated request to the running app in-process (ASGI), then check it.

    Our answers must also match the schemas our OpenAPI declares; PACT's must not be 5xx
    (PACT's own schemas are checked in ``test_pact_api``). Returns the answer's status.
    """
    checks = [not_a_server_error, response_schema_conformance] if ours else [not_a_server_error]
    response = case.call_and_validate(
        base_url=BASE_URL, headers=headers, checks=checks, app=platform.app
    )
    return int(response.status_code)


@pytest.fixture(scope="module")
def rest_token(platform: Platform) -> dict[str, str]:
    accounts = platform.app.state.services.accounts  # type: ignore[attr-defined]
    account = accounts.account_of_person(platform.account("secretariat").person)
    return {"Authorization": f"Bearer {accounts.issue_token(account.id, 'schemathesis')}"}


@pytest.fixture(scope="module")
def pact_token(platform: Platform) -> dict[str, str]:
    accounts = platform.app.state.services.accounts  # type: ignore[attr-defined]
    account = accounts.account_of_person(platform.account("verifier").person)
    client_id, secret = accounts.pact_client(account.id, "schemathesis")
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = platform.client().post(
        "/auth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@REST.parametrize()
@SETTINGS
def test_the_rest_api_never_fails_on_the_server(
    platform: Platform, case: schemathesis.Case, rest_token: dict[str, str]
) -> None:
    assert _call(platform, case, rest_token, ours=True) < 500


@PACT.parametrize()
@SETTINGS
def test_the_pact_api_never_fails_on_the_server(
    platform: Platform, case: schemathesis.Case, pact_token: dict[str, str]
) -> None:
    assert _call(platform, case, pact_token, ours=False) < 500
