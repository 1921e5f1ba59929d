"""The drafters' pages: their association's standards under way, a draft's check, a new draft.

A drafter sees the conformance findings of the current text, uploads a new draft (the rule
as YAML or JSON, read by the rules loader: an error names the file, the line and the field)
and, once public comment has closed, the comments to answer: the upload names the comments
it answers, and the registry records the clauses it changed. The registry decides whether
the text may change now and whether the person may change it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pcfrules.errors import Location, PcfrulesError, RuleLoadError
from pcfrules.registry import SessionView, workflow
from pcfrules.rules import check
from pcfrules.rules.loader import rule_from_upload
from pcfrules.web.deps import SignedIn, Svc, csrf_protect
from pcfrules.web.pages.secretariat import (
    held,
    not_found,
    outcome_page,
    refusal_status,
    working_standard,
)
from pcfrules.web.problems import ProblemError
from pcfrules.web.services import Services
from pcfrules.web.templating import error_page, page

router = APIRouter(dependencies=[Depends(csrf_protect)])
SETTLED = (*workflow.LIVE, "superseded", "withdrawn")  # no longer drafted
SEVERITIES = {
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "note"),
}


def _drafter_of(visitor: SessionView) -> list[str]:
    codes = held(visitor, "drafter")
    if not codes:
        raise ProblemError(
            403,
            "此页面仅供起草人使用：您在任何社会团体都没有起草人角色",
            "this page is for drafters: you hold the drafter role in no association",
        )
    return codes


def _index_context(svc: Services, visitor: SessionView) -> dict[str, Any]:
    registry = svc.registry()
    named = {a["code"]: a for a in registry.associations()}
    bodies = [
        (named[code], [r for r in registry.standards_of(code) if r["state"] not in SETTLED])
        for code in _drafter_of(visitor)
    ]
    return {"bodies": bodies, "states": workflow.STATES}


def _standard_context(svc: Services, visitor: SessionView, rule_id: str) -> dict[str, Any]:
    row = working_standard(svc, _drafter_of(visitor), rule_id)
    if row is None:
        raise not_found(rule_id)
    registry = svc.registry()
    findings = check.run(registry.version_rule(rule_id))
    return {
        "standard": row,
        "findings": findings,
        "counts": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
        "severities": SEVERITIES,
        "comments": registry.comments(rule_id),
        "revisions": registry.revisions(rule_id),
        "states": workflow.STATES,
        "kinds": workflow.KINDS,
        "dispositions": workflow.DISPOSITIONS,
        "done_named": workflow.DONE,
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
    return outcome_page(request, "drafting/standard.html", context, error, done)


@router.get("/drafting", response_class=HTMLResponse)
def drafting(request: Request, svc: Svc, visitor: SignedIn) -> HTMLResponse:
    """The standards under way in the drafter's associations, and whether each may change now."""
    return page(request, "drafting/index.html", _index_context(svc, visitor))


@router.get("/drafting/{rule_id}", response_class=HTMLResponse)
def standard(
    request: Request, svc: Svc, visitor: SignedIn, rule_id: str, done: str = ""
) -> HTMLResponse:
    """One standard's current draft: its check, the comments to answer, the upload form."""
    return _standard_page(request, svc, visitor, rule_id, done=done)


@router.post("/drafting/{rule_id}/draft", response_class=HTMLResponse)
async def upload_draft(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    draft: UploadFile,
    answers: Annotated[list[int], Form(max_length=1000)] = [],  # noqa: B006 (FastAPI copies it)
) -> Response:
    """Replace the draft's text by the uploaded rule, naming the comments it answers."""
    data = await draft.read()
    try:
        rule = rule_from_upload(data, draft.filename or "upload")
        if rule.identity.id != rule_id:
            raise RuleLoadError(
                zh=f"上传的规则是“{rule.identity.id}”，不是本标准“{rule_id}”",
                en=f"the uploaded rule is '{rule.identity.id}', not this standard '{rule_id}'",
                location=Location(file=draft.filename, path="identity.id"),
            )
        svc.registry(visitor.account.person).update_draft(rule, answers)
    except PcfrulesError as exc:
        if working_standard(svc, held(visitor, "drafter"), rule_id) is None:
            return error_page(request, ProblemError(refusal_status(exc), exc.zh, exc.en))
        return _standard_page(request, svc, visitor, rule_id, exc)
    return RedirectResponse(f"/drafting/{quote(rule_id)}?done=update-draft", status_code=303)
