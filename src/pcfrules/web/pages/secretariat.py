"""The secretariat's pages: an association's standards taken through their procedure.

The secretariat opens public comment, records each comment's disposition (the 意见汇总处理表),
starts technical review, follows votes and objections, approves, publishes, recommends,
sends back, and invites people to roles. Each step is one POST form that the registry checks,
acting as the signed-in person: someone without the role is refused by the registry, with
nothing written, whatever a page showed them. After a step the standard's page is shown
again saying what was done (303); a refusal is shown in the registry's words, on the page
(400) or, to someone who may not see the page, on the error page (403).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pcfrules.errors import NotAllowedError, PcfrulesError, RegistryError
from pcfrules.registry import Registry, SessionView, exports, workflow
from pcfrules.web.deps import SignedIn, Svc, csrf_protect
from pcfrules.web.problems import ProblemError
from pcfrules.web.services import Services
from pcfrules.web.templating import error_page, page

router = APIRouter(dependencies=[Depends(csrf_protect)])
TEXT_LENGTH = 4000  # a reason, an answer: what a person writes in a text box
STEP_NAMES: dict[str, tuple[str, str]] = {  # what a step's button says
    "approve_project": ("批准立项", "Approve the project"),
    "start_drafting": ("开始起草", "Start drafting"),
    "open_comment": ("发布征求意见稿", "Open public comment"),
    "start_review": ("结束征求意见，开始技术审查", "Close comment, start technical review"),
    "approve": ("批准", "Approve"),
    "send_back": ("退回起草", "Send back to drafting"),
    "publish": ("发布", "Publish"),
    "recommend": ("列入推荐清单", "Put on a recommended list"),
    "adopt": ("采信/转化", "Adoption"),
    "evaluate": ("实施评估", "Implementation evaluation"),
    "withdraw": ("废止", "Withdraw"),
}
PLAIN_STEPS: dict[str, Callable[[Registry, str], object]] = {  # steps with no field to fill
    "approve-project": Registry.approve_project,
    "start-drafting": Registry.start_drafting,
    "start-review": Registry.start_review,
    "approve": Registry.approve,
}
TEXT_LANGS = ("zh", "en")
DISCLOSURE_EN = {  # the self-declaration record's fields (the platform's own, in Chinese)
    "团体名称": "Association",
    "标准状态": "State",
    "标准编号": "Number",
    "中文标题": "Chinese title",
    "英文标题": "English title",
    "ICS": "ICS",
    "CCS": "CCS",
    "国民经济分类": "Industry classification",
    "发布日期": "Issue date",
    "实施日期": "Implementation date",
    "起草人": "Drafters",
    "起草单位": "Drafting organisations",
    "文本指纹 SHA-256": "Text fingerprint SHA-256",
    "自我声明": "Self-declaration",
}


def held(visitor: SessionView, role: str) -> list[str]:
    """The codes of the associations where the visitor holds ``role``."""
    return sorted(code for code, roles in visitor.account.roles.items() if role in roles)


def working_standard(svc: Services, codes: list[str], rule_id: str) -> dict[str, Any] | None:
    """The standard ``rule_id`` as one of the associations ``codes`` works on it, or None.

    None for a standard of another association as for one that does not exist: a page
    answers both the same.
    """
    registry = svc.registry()
    for code in codes:
        for row in registry.standards_of(code):
            if row["rule_id"] == rule_id:
                return row | {"association": code}
    return None


def not_found(rule_id: str) -> ProblemError:
    """The answer for a standard the visitor's associations do not run."""
    return ProblemError(
        404,
        f"您所在的社会团体没有标准“{rule_id}”",
        f"no standard '{rule_id}' among your associations' standards",
    )


def refusal_status(error: PcfrulesError) -> int:
    """403 when the person may not take the step, else 400 (the step is not allowed now)."""
    return 403 if isinstance(error, NotAllowedError) else 400


def outcome_page(
    request: Request,
    template: str,
    context: dict[str, Any],
    error: PcfrulesError | None = None,
    done: str = "",
) -> HTMLResponse:
    """A standard's page after a step: the notice of what was done, or the refusal's status."""
    status = refusal_status(error) if error is not None else 200
    return page(request, template, context | {"error": error, "done": done}, status)


def _secretariat_of(visitor: SessionView) -> list[str]:
    codes = held(visitor, "secretariat")
    if not codes:
        raise ProblemError(
            403,
            "此页面仅供社会团体秘书处使用：您在任何社会团体都没有秘书处角色",
            "this page is for an association's secretariat: you hold the secretariat role "
            "in no association",
        )
    return codes


def _index_context(svc: Services, visitor: SessionView) -> dict[str, Any]:
    codes = _secretariat_of(visitor)
    registry = svc.registry()
    named = {a["code"]: a for a in registry.associations()}
    return {
        "bodies": [(named[code], registry.standards_of(code)) for code in codes],
        "step_names": STEP_NAMES,
        "next_steps": workflow.next_steps,
        "states": workflow.STATES,
        "invited": "",
        "error": None,
    }


def _disclosure(registry: Registry, row: dict[str, Any]) -> dict[str, Any] | None:
    """The self-declaration record, once a version is published."""
    return exports.disclosure(registry, row["rule_id"]) if row["live_number"] else None


def _standard_context(svc: Services, visitor: SessionView, rule_id: str) -> dict[str, Any]:
    row = working_standard(svc, _secretariat_of(visitor), rule_id)
    if row is None:
        raise not_found(rule_id)
    registry = svc.registry(visitor.account.person)
    votes = registry.votes(rule_id)
    return {
        "standard": row,
        "info": registry.show(rule_id),
        "steps": workflow.next_steps(row["state"]),
        "step_names": STEP_NAMES,
        "comments": registry.comments(rule_id),
        "votes": votes,
        "tally": {v: sum(cast["vote"] == v for cast in votes) for v in ("yes", "no", "abstain")},
        "objections": registry.objections(rule_id),
        "revisions": registry.revisions(rule_id),
        "stages": registry.stages(rule_id),
        "history": list(reversed(registry.history(rule_id))),
        "disclosure": _disclosure(registry, row),
        "disclosure_en": DISCLOSURE_EN,
        "states": workflow.STATES,
        "kinds": workflow.KINDS,
        "dispositions": workflow.DISPOSITIONS,
        "objection_states": workflow.OBJECTIONS,
        "done_named": workflow.DONE,
        "min_days": workflow.MIN_COMMENT_DAYS,
        "today": date.today().isoformat(),
        "text_langs": TEXT_LANGS,
    }


def _standard_page(
    request: Request,
    svc: Services,
    visitor: SessionView,
    rule_id: str,
    error: PcfrulesError | None = None,
    done: str = "",
) -> HTMLResponse:
    context = _standard_context(svc, visitor, rule_id)
    return outcome_page(request, "secretariat/standard.html", context, error, done)


def _refused(
    request: Request, svc: Services, visitor: SessionView, rule_id: str, error: PcfrulesError
) -> HTMLResponse:
    """The registry's refusal: on the standard's page, or the error page to an outsider."""
    if working_standard(svc, held(visitor, "secretariat"), rule_id) is None:
        return error_page(request, ProblemError(refusal_status(error), error.zh, error.en))
    return _standard_page(request, svc, visitor, rule_id, error)


def _act(
    request: Request,
    svc: Services,
    visitor: SessionView,
    rule_id: str,
    done: str,
    step: Callable[[Registry], object],
) -> Response:
    """Take one step as the visitor; back to the standard's page saying ``done``, or refused."""
    try:
        step(svc.registry(visitor.account.person))
    except PcfrulesError as exc:
        return _refused(request, svc, visitor, rule_id, exc)
    return RedirectResponse(f"/secretariat/{quote(rule_id)}?done={done}", status_code=303)


def _require_comment(registry: Registry, rule_id: str, number: int) -> None:
    """A comment of this standard's current version (another's is answered as missing)."""
    if number not in {c["no"] for c in registry.comments(rule_id)}:
        raise ProblemError(
            404, f"该标准没有意见 {number}", f"this standard has no comment {number}"
        )


def _require_objection(registry: Registry, rule_id: str, number: int) -> None:
    if number not in {o["no"] for o in registry.objections(rule_id)}:
        raise ProblemError(
            404, f"该标准没有异议 {number}", f"this standard has no objection {number}"
        )


@router.get("/secretariat", response_class=HTMLResponse)
def secretariat(request: Request, svc: Svc, visitor: SignedIn) -> HTMLResponse:
    """The standards of the visitor's associations, their stages and next steps; invitations."""
    return page(request, "secretariat/index.html", _index_context(svc, visitor))


@router.post("/secretariat/invite", response_class=HTMLResponse)
def invite(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    association: Annotated[str, Form(max_length=40)],
    role: Annotated[str, Form(max_length=40)],
    note: Annotated[str, Form(max_length=200)] = "",
    days: Annotated[int, Form(ge=0, le=3650)] = 14,
) -> HTMLResponse:
    """Invite someone to a role of the association; the link is shown this once."""
    try:
        token = svc.accounts.invite(visitor.account.person, association, role, note, days)
    except PcfrulesError as exc:
        if not held(visitor, "secretariat"):
            return error_page(request, ProblemError(refusal_status(exc), exc.zh, exc.en))
        context = _index_context(svc, visitor) | {"error": exc}
        return page(request, "secretariat/index.html", context, refusal_status(exc))
    link = f"{str(request.base_url).rstrip('/')}/invitation/{token}"
    context = _index_context(svc, visitor) | {"invited": link, "invited_role": role}
    return page(request, "secretariat/index.html", context)


@router.get("/secretariat/{rule_id}", response_class=HTMLResponse)
def standard(
    request: Request, svc: Svc, visitor: SignedIn, rule_id: str, done: str = ""
) -> HTMLResponse:
    """One standard: its next steps, comments and dispositions, review, texts and history."""
    return _standard_page(request, svc, visitor, rule_id, done=done)


@router.post("/secretariat/{rule_id}/step/{step}")
def plain_step(request: Request, svc: Svc, visitor: SignedIn, rule_id: str, step: str) -> Response:
    """A step with nothing to fill in: approve the project, start drafting or review, approve."""
    if step not in PLAIN_STEPS:
        raise ProblemError(404, f"没有步骤“{step}”", f"no step '{step}'")
    return _act(request, svc, visitor, rule_id, step, lambda r: PLAIN_STEPS[step](r, rule_id))


@router.post("/secretariat/{rule_id}/open-comment")
def open_comment(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    days: Annotated[int, Form(ge=0, le=3650)],
) -> Response:
    """Put the draft out for public comment for ``days`` (the registry requires 30 or more)."""
    return _act(
        request, svc, visitor, rule_id, "open-comment", lambda r: r.open_comment(rule_id, days)
    )


@router.post("/secretariat/{rule_id}/comments/{number}/dispose")
def dispose(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    number: int,
    disposition: Annotated[str, Form(max_length=40)],
    reason: Annotated[str, Form(max_length=TEXT_LENGTH)] = "",
) -> Response:
    """Record a comment's disposition (a reason unless it is accepted)."""
    _require_comment(svc.registry(), rule_id, number)
    return _act(
        request,
        svc,
        visitor,
        rule_id,
        "dispose",
        lambda r: r.dispose(number, disposition, reason),
    )


@router.post("/secretariat/{rule_id}/comments/{number}/reopen")
def reopen(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    number: int,
    reason: Annotated[str, Form(max_length=TEXT_LENGTH)] = "",
) -> Response:
    """Remove a disposition recorded by mistake, with a reason."""
    _require_comment(svc.registry(), rule_id, number)
    return _act(request, svc, visitor, rule_id, "reopen", lambda r: r.reopen(number, reason))


@router.post("/secretariat/{rule_id}/objections/{number}/answer")
def answer_objection(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    number: int,
    answer: Annotated[str, Form(max_length=TEXT_LENGTH)] = "",
) -> Response:
    """Answer an objection (recorded for the drafters)."""
    _require_objection(svc.registry(), rule_id, number)
    return _act(
        request,
        svc,
        visitor,
        rule_id,
        "objection-answer",
        lambda r: r.answer_objection(number, answer),
    )


@router.post("/secretariat/{rule_id}/objections/{number}/sustain")
def sustain_objection(
    request: Request, svc: Svc, visitor: SignedIn, rule_id: str, number: int
) -> Response:
    """Record an answered objection as sustained (there is then no consensus)."""
    _require_objection(svc.registry(), rule_id, number)
    return _act(
        request,
        svc,
        visitor,
        rule_id,
        "objection-sustained",
        lambda r: r.sustain_objection(number),
    )


@router.post("/secretariat/{rule_id}/send-back")
def send_back(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    reason: Annotated[str, Form(max_length=TEXT_LENGTH)] = "",
) -> Response:
    """Send the standard from technical review back to drafting, with a reason."""
    return _act(request, svc, visitor, rule_id, "send-back", lambda r: r.send_back(rule_id, reason))


@router.post("/secretariat/{rule_id}/publish")
def publish(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    issue: Annotated[date, Form()],
    implementation: Annotated[date, Form()],
    number: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Publish: the number (the association's next one when left empty) and the two dates."""
    return _act(
        request,
        svc,
        visitor,
        rule_id,
        "publish",
        lambda r: r.publish(rule_id, issue, implementation, number.strip() or None),
    )


@router.post("/secretariat/{rule_id}/recommend")
def recommend(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    batch: Annotated[str, Form(max_length=200)],
    on: Annotated[date, Form()],
) -> Response:
    """Record the standard on a recommended list (its batch and date)."""
    return _act(
        request, svc, visitor, rule_id, "recommend", lambda r: r.recommend(rule_id, batch, on)
    )


@router.post("/secretariat/{rule_id}/withdraw")
def withdraw(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    reason: Annotated[str, Form(max_length=TEXT_LENGTH)] = "",
) -> Response:
    """Withdraw a published standard, with a reason."""
    return _act(request, svc, visitor, rule_id, "withdraw", lambda r: r.withdraw(rule_id, reason))


@router.get("/secretariat/{rule_id}/dispositions.xlsx")
def dispositions(svc: Svc, visitor: SignedIn, rule_id: str) -> Response:
    """The 意见汇总处理表 of the current version as a workbook."""
    if working_standard(svc, _secretariat_of(visitor), rule_id) is None:
        raise not_found(rule_id)
    data = exports.disposition_bytes(svc.registry(), rule_id)
    return _download(data, f"{rule_id}-意见汇总处理表.xlsx", _XLSX)


@router.get("/secretariat/{rule_id}/texts/{stage}/{lang}")
def text(svc: Svc, visitor: SignedIn, rule_id: str, stage: str, lang: str) -> Response:
    """The text at a stage (征求意见稿 …) or the published public text, as HTML."""
    if working_standard(svc, _secretariat_of(visitor), rule_id) is None or lang not in TEXT_LANGS:
        raise not_found(rule_id)
    registry = svc.registry()
    try:
        texts = (
            exports.public_texts(registry, rule_id)
            if stage == "published"
            else exports.stage_texts(registry, rule_id, stage)
        )
    except RegistryError as exc:
        raise ProblemError(404, exc.zh, exc.en) from exc
    name = next(n for n in texts if n.endswith(f".{lang}.html"))
    return _download(texts[name], name, "text/html; charset=utf-8")


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, name: str, media_type: str) -> Response:
    """Bytes to save, under their file name (RFC 6266, UTF-8 for a Chinese name)."""
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})
