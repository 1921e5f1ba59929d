"""Errors as the reader expects them: RFC 9457 problem details for machines, a page for people.

Requests under ``/api/`` and ``/3/`` (and the PACT token endpoint) get
``application/problem+json`` with ``type``, ``title``, ``status``, ``detail`` (English),
``detail_zh``, ``instance`` and, for bad input, ``errors`` naming each field at fault. The
PACT API (``/3/``) answers as PACT v3 specifies instead: ``{code, message}`` with PACT's
error codes, and 400 for any bad input. Pages get the same message, in the page's
language, on the site's error page. No traceback ever leaves the server: an unexpected
exception is logged and answered as a bilingual 500.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from pcfrules.errors import (
    DatabaseError,
    JobError,
    NoSuchJobError,
    NotAllowedError,
    NotInSpaceError,
    PcfrulesError,
    RegistryError,
    RuleNotFoundError,
    SpaceError,
)
from pcfrules.web.templating import error_page

LOG = logging.getLogger("pcfrules.web")
PROBLEM_TYPE = "application/problem+json"
MACHINE_PREFIXES = ("/api/", "/3/", "/auth/", "/.well-known/")
PACT_PREFIX = "/3/"
# where a refusal points (its location's path) → its status: missing things are 404 (and
# another organisation's study or job is refused as a missing one), the person's lack of a
# role or membership is 403; any other refused step is 409 (registry) or 422 (input)
REFUSALS: dict[str, int] = {
    "rule_id": 404,
    "version": 404,
    "comment_id": 404,
    "stage": 404,
    "study_id": 404,
    "job_id": 404,
    "study": 409,  # not computed yet, or published (and so not to be computed again)
    "job": 409,  # not done yet
    "person": 403,
    "stakeholder": 403,
    "organisation": 403,
}
PACT_CODES = {  # PACT v3's Error.code by status (its OpenAPI's enumeration)
    400: "BadRequest",
    401: "TokenExpired",
    403: "AccessDenied",
    404: "NotFound",
    500: "InternalError",
    501: "NotImplemented",
}
TITLES: dict[int, tuple[str, str]] = {
    400: ("请求有误", "Bad request"),
    401: ("需要登录", "Sign-in required"),
    403: ("无权操作", "Forbidden"),
    404: ("未找到", "Not found"),
    405: ("不允许的方法", "Method not allowed"),
    409: ("与当前状态冲突", "Conflict with the current state"),
    413: ("上传内容过大", "Content too large"),
    415: ("不支持的内容类型", "Unsupported media type"),
    422: ("内容无法处理", "Unprocessable content"),
    429: ("请求过于频繁", "Too many requests"),
    500: ("服务器内部错误", "Internal server error"),
}


@dataclass
class ProblemError(Exception):
    """An answer that is not a success, in both languages, with the fields at fault."""

    status: int
    zh: str
    en: str
    errors: list[dict[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    pact_code: str = ""  # PACT's error code where the status alone does not say it

    def __post_init__(self) -> None:
        super().__init__(self.en)

    def body(self, instance: str) -> dict[str, Any]:
        """The RFC 9457 JSON object."""
        title_zh, title_en = TITLES.get(self.status, ("错误", "Error"))
        body: dict[str, Any] = {
            "type": f"https://pcfrules.org/problems/{self.status}",
            "title": title_en,
            "title_zh": title_zh,
            "status": self.status,
            "detail": self.en,
            "detail_zh": self.zh,
            "instance": instance,
        }
        if self.errors:
            body["errors"] = self.errors
        return body


def from_error(error: PcfrulesError) -> ProblemError:
    """The problem a pcfrules error is: refused steps 409 or 403, missing things 404, else 422."""
    where = str(error.location)
    errors = [{"field": where, "detail": error.en, "detail_zh": error.zh}] if where else []
    issues = getattr(error, "issues", None) or []
    errors += [
        {"field": str(getattr(i, "location", "")), "detail": i.en, "detail_zh": i.zh}
        for i in issues
        if hasattr(i, "en")
    ]
    return ProblemError(_status_of(error), error.zh, error.en, errors)


def _status_of(error: PcfrulesError) -> int:
    if isinstance(error, RuleNotFoundError | NotInSpaceError | NoSuchJobError):
        return 404
    if isinstance(error, DatabaseError):
        return 503
    if isinstance(error, NotAllowedError):
        return 403
    if isinstance(error, RegistryError | SpaceError | JobError):
        default = 409 if isinstance(error, RegistryError) else 422
        return REFUSALS.get(error.location.path or "", default)
    return 422


def is_machine(request: Request) -> bool:
    """True for API requests, which are answered in JSON, never with a page."""
    return request.url.path.startswith(MACHINE_PREFIXES)


def problem_response(request: Request, problem: ProblemError) -> Response:
    """The problem as JSON (API) or as the error page (a person's browser)."""
    if request.url.path.startswith(PACT_PREFIX):
        return pact_response(problem)
    if is_machine(request):
        return JSONResponse(
            problem.body(request.url.path),
            status_code=problem.status,
            media_type=PROBLEM_TYPE,
            headers=problem.headers,
        )
    return error_page(request, problem)


def pact_response(problem: ProblemError) -> Response:
    """The problem as PACT v3's error response: ``{code, message}``, bad input as 400."""
    status = 400 if problem.status in (413, 415, 422) else problem.status
    fallback = PACT_CODES.get(status, "BadRequest" if status < 500 else "InternalError")
    code = problem.pact_code or fallback
    body = {"code": code, "message": problem.en}
    return JSONResponse(body, status_code=status, headers=problem.headers)


def install(app: FastAPI) -> None:
    """Answer every kind of failure as a problem."""

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ProblemError)
        return problem_response(request, exc)

    async def on_pcfrules(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PcfrulesError)
        return problem_response(request, from_error(exc))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ())),
                "detail": str(e.get("msg", "")),
                "detail_zh": "取值无效（" + str(e.get("msg", "")) + "）",
            }
            for e in exc.errors()
        ]
        fields = ", ".join(e["field"] for e in errors)
        problem = ProblemError(422, f"以下字段有误：{fields}", f"invalid fields: {fields}", errors)
        return problem_response(request, problem)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        zh, en = TITLES.get(exc.status_code, ("错误", "Error"))
        detail = exc.detail if isinstance(exc.detail, str) else en
        headers = dict(exc.headers or {})
        return problem_response(request, ProblemError(exc.status_code, zh, detail, headers=headers))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        LOG.exception("unexpected error on %s %s", request.method, request.url.path)
        problem = ProblemError(
            500,
            "服务器内部错误（已记录，请联系平台管理员）",
            "internal server error (logged; please tell the platform's administrators)",
        )
        return problem_response(request, problem)

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(PcfrulesError, on_pcfrules)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
