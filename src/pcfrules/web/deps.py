"""Dependencies every page and endpoint is given: the services, who is asking, CSRF.

Authentication happens here, once: a page's visitor by the session cookie, a machine
client by its bearer token. Authorisation is the rooms' (the registry checks roles, the
spaces check membership); a handler never decides it by hiding a button.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pcfrules.registry import AccountView, SessionView
from pcfrules.web.problems import ProblemError
from pcfrules.web.security import CSRF_FIELD, CSRF_HEADER, anonymous_csrf
from pcfrules.web.services import Services
from pcfrules.web.templating import current_visitor

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def services(request: Request) -> Services:
    """The platform's services, made in the app's lifespan."""
    svc: Services = request.app.state.services
    return svc


Svc = Annotated[Services, Depends(services)]


def visitor(request: Request) -> SessionView | None:
    """The signed-in session of this browser, or None."""
    return current_visitor(request)


Visitor = Annotated[SessionView | None, Depends(visitor)]


class SignInRequiredError(Exception):
    """A page that needs a signed-in person was asked for without one (→ the sign-in page)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def signed_in(request: Request, found: Visitor) -> SessionView:
    """The signed-in session, or off to the sign-in page and back here afterwards."""
    if found is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequiredError(quote(path, safe="/?=&"))
    return found


SignedIn = Annotated[SessionView, Depends(signed_in)]


def csrf_token(request: Request, found: Visitor) -> str:
    """The token this browser's forms must send back."""
    return found.csrf if found is not None else anonymous_csrf(request)


async def csrf_protect(request: Request, found: Visitor) -> None:
    """Refuse an unsafe request whose form (or htmx header) lacks this browser's token."""
    if request.method in SAFE_METHODS:
        return
    expected = csrf_token(request, found)
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent:
        form = await request.form()
        value = form.get(CSRF_FIELD, "")
        sent = value if isinstance(value, str) else ""
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise ProblemError(
            403,
            "表单已失效或来源不明（缺少 CSRF 令牌）：请刷新页面后重试",
            "the form is stale or not from this site (CSRF token missing or wrong): "
            "reload the page and try again",
        )


BEARER = HTTPBearer(auto_error=False, description="a token made on the account page")


def api_account(
    svc: Svc, bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]
) -> AccountView:
    """The machine client's account, from ``Authorization: Bearer <token>``.

    The ``HTTPBearer`` scheme only reads the header, and so names it in the OpenAPI.
    """
    account = svc.accounts.token_account(bearer.credentials.strip()) if bearer else None
    if account is None:
        raise ProblemError(
            401,
            "需要有效的访问令牌（Authorization: Bearer …）",
            "a valid access token is required (Authorization: Bearer …)",
            headers={"WWW-Authenticate": 'Bearer realm="pcfrules"'},
        )
    return account


ApiAccount = Annotated[AccountView, Depends(api_account)]
