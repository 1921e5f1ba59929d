"""REST: rule standards and their procedure (comments, support, votes, the secretariat's steps).

Every step is the registry's, taken as the bearer token's person: the registry refuses the
wrong role (403), a step the procedure's state does not allow (409) and a missing standard
or comment (404); this module parses, calls and formats.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from pcfrules.registry import Registry, listing
from pcfrules.registry import exports as registry_exports
from pcfrules.web.api import models
from pcfrules.web.api.common import MAX_ID, PREFIX, page_links, problems
from pcfrules.web.deps import ApiAccount, Svc

router = APIRouter(prefix=PREFIX, tags=["standards · 标准"])
RuleId = Annotated[str, Path(min_length=1, max_length=200, description="e.g. cement")]
CommentId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _acting(svc: Svc, account: ApiAccount) -> Registry:
    return svc.registry(account.person)


def _detail(registry: Registry, rule_id: str) -> models.StandardDetail:
    return models.StandardDetail.model_validate(
        {**registry.show(rule_id), "stages": registry.stages(rule_id)}
    )


@router.get(
    "/standards",
    response_model=models.StandardsPage,
    summary="标准列表（分页、检索）· List standards (paged, searchable)",
    responses=problems(),
)
def list_standards(
    request: Request,
    response: Response,
    svc: Svc,
    account: ApiAccount,
    q: Annotated[
        str,
        Query(max_length=200, description="words of the product, title, number, sector or a code"),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> models.StandardsPage:
    """Standards with their current version; ``Link`` names the next and previous pages."""
    items, total = listing.page(_acting(svc, account), q, offset, limit)
    links = page_links(request, offset, limit, total)
    if links:
        response.headers["Link"] = links
    return models.StandardsPage.model_validate(
        {"items": items, "total": total, "limit": limit, "offset": offset}
    )


@router.get(
    "/standards/{rule_id}",
    response_model=models.StandardDetail,
    summary="标准详情（版本、各稿 SHA-256）· A standard, its versions and stages",
    responses=problems(404),
)
def get_standard(svc: Svc, account: ApiAccount, rule_id: RuleId) -> models.StandardDetail:
    """The standard, every version, and the stages of the current version's text."""
    return _detail(_acting(svc, account), rule_id)


@router.get(
    "/standards/{rule_id}/comments",
    response_model=list[models.Comment],
    summary="意见及处理 · Comments and their dispositions",
    responses=problems(404),
)
def list_comments(svc: Svc, account: ApiAccount, rule_id: RuleId) -> list[models.Comment]:
    """The comments on the current version, each with its supporters and disposition."""
    rows = _acting(svc, account).comments(rule_id)
    return [models.Comment.model_validate(row) for row in rows]


@router.post(
    "/standards/{rule_id}/comments",
    status_code=201,
    response_model=models.Comment,
    summary="提出意见 · Comment on a clause",
    responses=problems(403, 404, 409),
)
def add_comment(
    svc: Svc, account: ApiAccount, rule_id: RuleId, body: models.NewComment
) -> models.Comment:
    """A comment during public comment, as the token's person.

    The secretariat records someone's written comment by naming them in ``stakeholder``.
    """
    registry = _acting(svc, account)
    by = body.stakeholder or account.person
    number = registry.comment(rule_id, by, body.clause, body.text, body.proposal, body.kind)
    made = next(c for c in registry.comments(rule_id) if c["no"] == number)
    return models.Comment.model_validate(made)


@router.post(
    "/comments/{comment_id}/support",
    status_code=204,
    summary="附议意见 · Support someone's comment",
    responses=problems(403, 404, 409),
)
def support_comment(svc: Svc, account: ApiAccount, comment_id: CommentId) -> Response:
    """Support another person's comment while its period is open (once per person)."""
    _acting(svc, account).support(comment_id)
    return Response(status_code=204)


@router.post(
    "/comments/{comment_id}/disposition",
    status_code=204,
    summary="处理意见（秘书处）· Dispose of a comment (secretariat)",
    responses=problems(403, 404, 409),
)
def dispose_comment(
    svc: Svc, account: ApiAccount, comment_id: CommentId, body: models.Disposition
) -> Response:
    """Accepted, partly accepted or not accepted (the last two with a reason)."""
    _acting(svc, account).dispose(comment_id, body.disposition, body.reason)
    return Response(status_code=204)


@router.get(
    "/standards/{rule_id}/votes",
    response_model=list[models.Vote],
    summary="技术审查表决 · Votes of technical review",
    responses=problems(404),
)
def list_votes(svc: Svc, account: ApiAccount, rule_id: RuleId) -> list[models.Vote]:
    """The votes on the current version as they stand."""
    return [models.Vote.model_validate(v) for v in _acting(svc, account).votes(rule_id)]


@router.post(
    "/standards/{rule_id}/votes",
    response_model=list[models.Vote],
    summary="表决（审查专家）· Vote (reviewer)",
    responses=problems(403, 404, 409),
)
def vote(svc: Svc, account: ApiAccount, rule_id: RuleId, body: models.NewVote) -> list[models.Vote]:
    """A reviewer's yes, no (with its reason) or abstain; the last vote of each counts."""
    registry = _acting(svc, account)
    registry.vote(rule_id, body.stakeholder or account.person, body.vote, body.reason)
    return [models.Vote.model_validate(v) for v in registry.votes(rule_id)]


@router.post(
    "/standards/{rule_id}/open-comment",
    response_model=models.StandardDetail,
    summary="开始征求意见（秘书处）· Open public comment (secretariat)",
    responses=problems(403, 404, 409),
)
def open_comment(
    svc: Svc, account: ApiAccount, rule_id: RuleId, body: models.OpenComment
) -> models.StandardDetail:
    """Public comment opens for ``days`` (at least 30); the text must conform."""
    registry = _acting(svc, account)
    registry.open_comment(rule_id, body.days)
    return _detail(registry, rule_id)


@router.post(
    "/standards/{rule_id}/start-review",
    response_model=models.StandardDetail,
    summary="开始技术审查（秘书处）· Start technical review (secretariat)",
    responses=problems(403, 404, 409),
)
def start_review(svc: Svc, account: ApiAccount, rule_id: RuleId) -> models.StandardDetail:
    """Once comment has closed and every comment has its disposition."""
    registry = _acting(svc, account)
    registry.start_review(rule_id)
    return _detail(registry, rule_id)


@router.post(
    "/standards/{rule_id}/approve",
    response_model=models.Tally,
    summary="批准（秘书处）· Approve (secretariat)",
    responses=problems(403, 404, 409),
)
def approve(svc: Svc, account: ApiAccount, rule_id: RuleId) -> models.Tally:
    """On consensus (or the association's ¾ fallback); the tally it was approved on."""
    return models.Tally.model_validate(_acting(svc, account).approve(rule_id))


@router.post(
    "/standards/{rule_id}/publish",
    response_model=models.Published,
    summary="发布（秘书处）· Publish (secretariat)",
    responses=problems(403, 404, 409),
)
def publish(
    svc: Svc, account: ApiAccount, rule_id: RuleId, body: models.Publication
) -> models.Published:
    """Numbered, dated and frozen by SHA-256."""
    made = _acting(svc, account).publish(rule_id, body.issue, body.implementation, body.number)
    return models.Published.model_validate(made)


@router.post(
    "/standards/{rule_id}/recommend",
    response_model=models.StandardDetail,
    summary="列入推荐清单（秘书处）· Put on the recommended list (secretariat)",
    responses=problems(403, 404, 409),
)
def recommend(
    svc: Svc, account: ApiAccount, rule_id: RuleId, body: models.Recommendation
) -> models.StandardDetail:
    """The batch of the recommended list and its date (not after today)."""
    registry = _acting(svc, account)
    registry.recommend(rule_id, body.batch, body.on)
    return _detail(registry, rule_id)


@router.get(
    "/dashboard",
    response_model=models.Dashboard,
    summary="统计看板 · Dashboard",
    responses=problems(),
    tags=["dashboard · 看板"],
)
def dashboard(svc: Svc, account: ApiAccount) -> models.Dashboard:
    """Standards by state, sector and classification; priority products; 2027 progress."""
    return models.Dashboard.model_validate(registry_exports.dashboard(_acting(svc, account)))
