"""Signing in and out, the public's sign-up, accepting an invitation, one's API tokens.

Sign-in is rate-limited by the registry's accounts (by login and by address); the session
cookie is replaced at sign-in, so a token planted before it is worthless after.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pcfrules.errors import PcfrulesError
from pcfrules.registry import SessionView
from pcfrules.registry.workflow import CATEGORIES
from pcfrules.web.deps import SignedIn, Svc, Visitor, csrf_protect
from pcfrules.web.security import SESSION_COOKIE, clear_session, set_session
from pcfrules.web.templating import page

router = APIRouter(dependencies=[Depends(csrf_protect)])


def _safe_next(target: str) -> str:
    """Only a path on this site (never ``//elsewhere`` or a full URL) to go back to."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _typed(login: str, name: str, organisation: str, category: str) -> dict[str, str]:
    """What the person typed into a person form (never the password), to show it again."""
    return {"login": login, "name": name, "organisation": organisation, "category": category}


def _account_context(
    svc: Svc,
    visitor: SessionView,
    new_token: str = "",
    new_client: tuple[str, str] | None = None,
) -> dict[str, object]:
    held = svc.accounts.tokens(visitor.account.id)
    return {
        "tokens": [tok for tok in held if tok.client_id is None],
        "clients": [tok for tok in held if tok.client_id is not None],
        "organisations": svc.spaces.organisations_of(visitor.account.person),
        "new_token": new_token,
        "new_client": new_client,
    }


def _signed_in(svc: Svc, account_id: int, target: str) -> Response:
    token, _ = svc.accounts.open_session(account_id, svc.settings.session_hours)
    response = RedirectResponse(_safe_next(target), status_code=303)
    set_session(response, token, svc.settings.session_hours, svc.settings.secure_cookies)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, visitor: Visitor, next: str = "/") -> HTMLResponse:
    """The sign-in form."""
    return page(request, "auth/login.html", {"next": _safe_next(next), "login": ""})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    svc: Svc,
    login: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password and open a session (a wrong one says only that it is wrong)."""
    address = request.client.host if request.client else ""
    try:
        account = svc.accounts.authenticate(login, password, address)
    except PcfrulesError as exc:
        context = {"next": _safe_next(next), "login": login, "error": exc}
        return page(request, "auth/login.html", context, status=400)
    return _signed_in(svc, account.id, next)


@router.post("/logout")
def logout(request: Request, svc: Svc, visitor: Visitor) -> Response:
    """Close the session here and on the server."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        svc.accounts.close_session(token)
    response = RedirectResponse("/", status_code=303)
    clear_session(response, svc.settings.secure_cookies)
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, visitor: Visitor) -> HTMLResponse:
    """The public's sign-up form (to read and, where an association allows, to comment)."""
    return page(request, "auth/signup.html", {"categories": CATEGORIES, "form": {}})


@router.post("/signup", response_class=HTMLResponse)
def signup(
    request: Request,
    svc: Svc,
    login: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    name: Annotated[str, Form(max_length=200)],
    organisation: Annotated[str, Form(max_length=200)],
    category: Annotated[str, Form(max_length=40)],
) -> Response:
    """Register the person and their account, then sign them in."""
    try:
        account = svc.accounts.sign_up(login, password, name, organisation, category)
    except PcfrulesError as exc:
        form = _typed(login, name, organisation, category)
        context = {"categories": CATEGORIES, "form": form, "error": exc}
        return page(request, "auth/signup.html", context, status=400)
    return _signed_in(svc, account.id, "/")


@router.get("/invitation/{token}", response_class=HTMLResponse)
def invitation(request: Request, svc: Svc, visitor: Visitor, token: str) -> HTMLResponse:
    """What the invitation offers, and the form to accept it."""
    found = svc.accounts.invitation(token)
    context = {"invitation": found, "token": token, "categories": CATEGORIES, "form": {}}
    return page(request, "auth/invitation.html", context, status=200 if found else 404)


@router.post("/invitation/{token}", response_class=HTMLResponse)
def accept(
    request: Request,
    svc: Svc,
    visitor: Visitor,
    token: str,
    login: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    organisation: Annotated[str, Form(max_length=200)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Take the invited role: as the person signed in, or as a new person with an account."""
    try:
        if visitor is not None:
            svc.accounts.accept_as(token, visitor.account.id)
            return RedirectResponse("/account", status_code=303)
        account = svc.accounts.accept(token, login, password, name, organisation, category)
    except PcfrulesError as exc:
        context = {
            "invitation": svc.accounts.invitation(token),
            "token": token,
            "categories": CATEGORIES,
            "form": _typed(login, name, organisation, category),
            "error": exc,
        }
        return page(request, "auth/invitation.html", context, status=400)
    return _signed_in(svc, account.id, "/account")


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, svc: Svc, visitor: SignedIn) -> HTMLResponse:
    """Who one is, one's roles and organisations, and one's API tokens."""
    return page(request, "auth/account.html", _account_context(svc, visitor))


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(
    request: Request, svc: Svc, visitor: SignedIn, name: Annotated[str, Form(max_length=100)]
) -> HTMLResponse:
    """Make an API token and show it once."""
    token = svc.accounts.issue_token(visitor.account.id, name)
    return page(request, "auth/account.html", _account_context(svc, visitor, token))


@router.post("/account/pact-clients", response_class=HTMLResponse)
def new_pact_client(
    request: Request, svc: Svc, visitor: SignedIn, name: Annotated[str, Form(max_length=100)]
) -> HTMLResponse:
    """Make PACT client credentials (for a data recipient's system) and show the secret once."""
    client = svc.accounts.pact_client(visitor.account.id, name)
    return page(request, "auth/account.html", _account_context(svc, visitor, new_client=client))


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(svc: Svc, visitor: SignedIn, token_id: int) -> Response:
    """Revoke one of one's own tokens or PACT clients (a client's access tokens end too)."""
    svc.accounts.revoke_token(visitor.account.id, token_id)
    return RedirectResponse("/account", status_code=303)
