"""Pages from Jinja2 templates, with what every page needs: language, visitor, CSRF, menu.

Templates autoescape: text a person typed (a comment, a name) is shown as text, never run.
In a template, ``t("中文", "English")`` picks the page's language; ``lang``, ``visitor``
(a ``SessionView`` or None), ``csrf`` and ``roles`` are always there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from pcfrules.registry import SessionView
from pcfrules.registry.workflow import CATEGORIES, ROLES
from pcfrules.web.i18n import page_lang, pick
from pcfrules.web.security import SESSION_COOKIE, anonymous_csrf, set_cookies

if TYPE_CHECKING:
    from pcfrules.web.problems import ProblemError

TEMPLATES = Jinja2Templates(directory=str(Path(str(resources.files("pcfrules.web"))) / "templates"))


@pass_context
def _t(context: Context, zh: str, en: str) -> str:
    return pick(str(context.get("lang", "zh")), zh, en)


TEMPLATES.env.globals["t"] = _t


def current_visitor(request: Request) -> SessionView | None:
    """The signed-in session of this request's browser (looked up once per request)."""
    if not hasattr(request.state, "visitor"):
        token = request.cookies.get(SESSION_COOKIE)
        request.state.visitor = (
            request.app.state.services.accounts.session(token) if token else None
        )
    found: SessionView | None = request.state.visitor
    return found


def _mounted(request: Request) -> frozenset[str]:
    """The paths this app serves, so that the menu links only to journeys that exist.

    Walked once per app (its routes do not change once it serves), not on every page.
    """
    state = request.app.state
    if not hasattr(state, "mounted"):
        state.mounted = frozenset(_paths(request.app.routes, ""))
    found: frozenset[str] = state.mounted
    return found


def _paths(routes: Iterable[Any], prefix: str) -> Iterator[str]:
    """Every route's path, into included routers (FastAPI keeps them as one route each)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _paths(inner.routes, prefix + str(getattr(context, "prefix", "")))
        else:
            yield prefix + str(getattr(route, "path", ""))


def page(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render ``template`` for this request in its language, with the common context."""
    visitor = current_visitor(request)
    roles = visitor.account.roles if visitor is not None else {}
    everything: dict[str, Any] = {
        "lang": page_lang(request),
        "visitor": visitor,
        "csrf": visitor.csrf if visitor is not None else anonymous_csrf(request),
        "roles": roles,
        "any_role": lambda role: any(role in held for held in roles.values()),
        "path": request.url.path,
        "pages": _mounted(request),
        "categories_named": CATEGORIES,
        "roles_named": ROLES,
        **(context or {}),
    }
    response = TEMPLATES.TemplateResponse(request, template, everything, status_code=status)
    set_cookies(request, response, request.app.state.services.settings.secure_cookies)
    return response


def error_page(request: Request, problem: ProblemError) -> HTMLResponse:
    """The site's error page for ``problem``."""
    return page(request, "errors/problem.html", {"problem": problem}, problem.status)
