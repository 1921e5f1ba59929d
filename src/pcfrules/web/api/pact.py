"""The PACT v3 API: the published footprints, to data recipients with client credentials.

- ``POST /auth/token``: OAuth 2 client credentials (RFC 6749 §4.4) — HTTP Basic with the
  client id and secret, ``grant_type=client_credentials`` form-encoded; failures in RFC 6749
  §5.2's ``{error, error_description}``. ``/.well-known/openid-configuration`` names it.
- ``GET /3/footprints``: the published footprints with PACT's filters, ``limit`` and a
  ``Link: <…>; rel="next"`` header (absolute, on the request's host) while more remain.
- ``GET /3/footprints/{id}``: one footprint, or 404 ``NotFound``.
- ``POST /3/events``: CloudEvents of the four PACT v3 types, checked; a PublishedEvent is
  accepted (200, empty body). This host neither sends events nor requests footprints, so
  it answers a RequestCreatedEvent at once with 400 ``NotImplemented`` (the specification's
  answer for a request the data owner cannot handle; ListFootprints with the same criteria
  gives them), and a RequestFulfilled or RequestRejected event with 400 ``BadRequest`` (no
  request of this host's is pending).

Errors under ``/3/`` are PACT's ``{code, message}`` (``problems.pact_response``). These
routes are documented by PACT's own OpenAPI, not by the platform's.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import unquote_plus

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StringConstraints, ValidationError

from pcfrules.interchange.pact_filter import STATUSES, Criteria
from pcfrules.registry import AccountView
from pcfrules.spaces.service import PAGE
from pcfrules.web.deps import Svc
from pcfrules.web.problems import ProblemError

LOG = logging.getLogger("pcfrules.web.pact")
EVENT_TYPES = {
    "org.wbcsd.pact.ProductFootprint.PublishedEvent.3": "published",
    "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3": "request_created",
    "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3": "request_fulfilled",
    "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3": "request_rejected",
}
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
EVENT_BYTES = 1024 * 1024  # the largest event read (a RequestFulfilled carries footprints)

router = APIRouter(include_in_schema=False)


def pact_account(request: Request, svc: Svc) -> AccountView:
    """The data recipient's account, from a PACT access token (``Authorization: Bearer``)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    found = svc.accounts.pact_token_account(token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        raise ProblemError(
            401,
            "访问令牌无效或已过期：请用客户端凭据重新获取（POST /auth/token）",
            "the access token is invalid or has expired: get a new one with the client "
            "credentials (POST /auth/token)",
            headers={"WWW-Authenticate": 'Bearer realm="pcfrules-pact"'},
        )
    return found


PactAccount = Annotated[AccountView, Depends(pact_account)]


# --- Action Authenticate ---------------------------------------------------------------
def _oauth_error(status: int, error: str, description: str) -> JSONResponse:
    headers = dict(NO_STORE)
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="pcfrules-pact"'
    body = {"error": error, "error_description": description}
    return JSONResponse(body, status_code=status, headers=headers)


def _basic(header: str) -> tuple[str, str] | None:
    """Client id and secret from HTTP Basic (each form-encoded, RFC 6749 §2.3.1)."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    return (unquote_plus(client_id), unquote_plus(secret)) if colon else None


@router.post("/auth/token")
def token(
    request: Request,
    svc: Svc,
    grant_type: Annotated[str | None, Form(max_length=100)] = None,
) -> Response:
    """An access token for the client's id and secret (OAuth 2 client credentials)."""
    if grant_type is None:
        return _oauth_error(400, "invalid_request", "grant_type is missing")
    if grant_type != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "only client_credentials is granted")
    credentials = _basic(request.headers.get("authorization", ""))
    if credentials is None:
        return _oauth_error(401, "invalid_client", "HTTP Basic client authentication needed")
    issued = svc.accounts.pact_access_token(*credentials)
    if issued is None:
        return _oauth_error(401, "invalid_client", "Authentication failed")
    access_token, seconds = issued
    body = {"access_token": access_token, "token_type": "bearer", "expires_in": seconds}
    return JSONResponse(body, headers=NO_STORE)


@router.get("/.well-known/openid-configuration")
def openid_configuration(request: Request) -> dict[str, Any]:
    """Where the token endpoint is, and how clients authenticate there."""
    base = str(request.base_url).rstrip("/")
    return {
        "issuer": base,
        "token_endpoint": f"{base}/auth/token",
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "response_types_supported": ["token"],
        "subject_types_supported": ["public"],
        "scopes_supported": ["footprint:list", "footprint:read"],
    }


# --- Action ListFootprints and GetFootprint -------------------------------------------
def _criteria(
    asked: list[tuple[str, ...]],
    valid: tuple[datetime | None, datetime | None, datetime | None],
    status: str | None,
) -> Criteria:
    """PACT's filters; the status named as PACT spells it (it matches in any case)."""
    named = {s.casefold(): s for s in STATUSES}
    if status is not None and status.casefold() not in named:
        raise ProblemError(
            400, "status 应为 Active 或 Deprecated", "status is Active or Deprecated"
        )
    product_ids, company_ids, geography, classification = asked
    return Criteria(
        product_ids,
        company_ids,
        geography,
        classification,
        *valid,
        status=named[status.casefold()] if status is not None else None,
    )


Ids = Annotated[
    list[Annotated[str, StringConstraints(max_length=500)]] | None, Query(max_length=20)
]


@router.get("/3/footprints")
def list_footprints(
    request: Request,
    response: Response,
    svc: Svc,
    account: PactAccount,
    limit: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    productId: Ids = None,  # noqa: N803 (PACT's names)
    companyId: Ids = None,  # noqa: N803
    geography: Ids = None,
    classification: Ids = None,
    validOn: datetime | None = None,  # noqa: N803
    validAfter: datetime | None = None,  # noqa: N803
    validBefore: datetime | None = None,  # noqa: N803
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    """A page of the published footprints that meet the criteria (at most 100 a page)."""
    asked = [tuple(values or ()) for values in (productId, companyId, geography, classification)]
    criteria = _criteria(asked, (validOn, validAfter, validBefore), status)
    size = min(limit or PAGE, PAGE)
    footprints, total = svc.spaces.published_footprints(offset, size, criteria)
    if offset + size < total:
        following = request.url.include_query_params(offset=offset + size, limit=size)
        response.headers["Link"] = f'<{following}>; rel="next"'
    return {"data": footprints}


@router.get("/3/footprints/{footprint_id}")
def get_footprint(svc: Svc, account: PactAccount, footprint_id: str) -> dict[str, Any]:
    """One published footprint by its id."""
    found = svc.spaces.published_footprint(footprint_id[:100])
    if found is None:
        raise ProblemError(
            404,
            "所请求的产品碳足迹不存在",
            "The requested footprint could not be found.",
        )
    return {"data": found}


# --- Action Events --------------------------------------------------------------------
class _CloudEvent(BaseModel):
    """What every PACT event carries (CloudEvents 1.0, structured content mode)."""

    type: str = Field(max_length=200)
    specversion: Literal["1.0"]
    id: str = Field(min_length=1, max_length=500)
    source: str = Field(min_length=1, max_length=2000)
    time: datetime
    data: dict[str, Any]


class _Published(BaseModel):
    pfIds: list[str] = Field(min_length=1)  # noqa: N815


class _RequestCreated(BaseModel):
    productId: list[str] = []  # noqa: N815
    companyId: list[str] = []  # noqa: N815
    geography: list[str] = []
    classification: list[str] = []
    validOn: datetime | None = None  # noqa: N815
    validAfter: datetime | None = None  # noqa: N815
    validBefore: datetime | None = None  # noqa: N815
    status: Literal["Active", "Deprecated"] | None = None
    comment: str | None = None


class _Error(BaseModel):
    code: str
    message: str


class _RequestAnswered(BaseModel):
    requestEventId: str = Field(min_length=1)  # noqa: N815
    pfs: list[dict[str, Any]] | None = Field(None, min_length=1)
    error: _Error | None = None


def _bad_event(en: str, zh: str) -> ProblemError:
    return ProblemError(400, zh, en)


async def _event(request: Request) -> tuple[str, _CloudEvent]:
    """The posted CloudEvent and its kind; 400 when it is not a PACT v3 event."""
    raw = await request.body()
    if len(raw) > EVENT_BYTES:
        raise _bad_event("the event is too large", "事件过大")
    try:
        event = _CloudEvent.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as exc:
        raise _bad_event(f"not a CloudEvent: {exc}", "不是有效的 CloudEvent 事件") from exc
    kind = EVENT_TYPES.get(event.type)
    if kind is None:
        raise _bad_event(f"unknown event type '{event.type}'", f"未知的事件类型“{event.type}”")
    shapes: dict[str, type[BaseModel]] = {
        "published": _Published,
        "request_created": _RequestCreated,
    }
    shape = shapes.get(kind, _RequestAnswered)
    try:
        shape.model_validate(event.data)
    except ValidationError as exc:
        raise _bad_event(f"the event's data is invalid: {exc}", "事件的 data 无效") from exc
    return kind, event


@router.post("/3/events")
async def events(request: Request, account: PactAccount) -> Response:
    """Take a PACT v3 event: a PublishedEvent is accepted; requests are answered at once."""
    kind, event = await _event(request)
    LOG.info("PACT event %s %s from %s (%s)", kind, event.id, event.source, account.login)
    if kind == "published":
        return Response(status_code=200)
    if kind == "request_created":
        raise ProblemError(
            400,
            "本平台不处理异步请求：请以相同条件调用 GET /3/footprints 获取",
            "this host does not answer requests asynchronously: ListFootprints "
            "(GET /3/footprints) with the same criteria returns the footprints",
            pact_code="NotImplemented",
        )
    raise _bad_event(
        f"no request '{_request_id(event)}' of this host is pending: it sends none",
        "本平台没有待答复的请求（本平台不发送请求）",
    )


def _request_id(event: _CloudEvent) -> str:
    return str(event.data.get("requestEventId", ""))[:200]
