"""Cookies, CSRF tokens and the response headers every page carries.

- The session cookie holds a random token (only its SHA-256 is stored); it is HttpOnly,
  Secure and SameSite=Lax, so script cannot read it and other sites' forms do not carry it.
- Every form carries a CSRF token checked on the server (``deps.csrf_protect``): the
  session's own token when signed in, else a random token kept in an HttpOnly cookie
  (double submit), compared in constant time.
- Headers: a Content-Security-Policy allowing only this site's scripts and styles, no
  framing, no MIME sniffing, no referrer to other sites.
"""

from __future__ import annotations

import secrets

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pcfrules.web.i18n import LANG_COOKIE

SESSION_COOKIE = "pcfrules_session"
CSRF_COOKIE = "pcfrules_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"  # htmx requests send the token in a header
HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def anonymous_csrf(request: Request) -> str:
    """The CSRF token of a browser not signed in: its cookie's, or a new one to set."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", "")
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def set_cookies(request: Request, response: Response, secure: bool) -> None:
    """Set what this request decided: a new anonymous CSRF token, the language asked for."""
    new = getattr(request.state, "new_csrf", "")
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, secure=secure, samesite="lax")
    lang = request.query_params.get("lang")
    if lang in ("zh", "en") and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, secure=secure, samesite="lax", max_age=31536000)


def set_session(response: Response, token: str, hours: int, secure: bool) -> None:
    """Give the browser its session cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=hours * 3600,
        httponly=True,
        secure=secure,
        samesite="lax",
    )


def clear_session(response: Response, secure: bool) -> None:
    """Take the session cookie away."""
    response.delete_cookie(SESSION_COOKIE, httponly=True, secure=secure, samesite="lax")


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode())
                    for k, v in HEADERS.items()
                    if k.encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
