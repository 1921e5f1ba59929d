"""Public comment (征求意见): the standards out for comment, their text, comments and support.

Anyone reads; commenting and supporting need sign-in, and the registry decides whether the
person may (a stakeholder of the association, or anyone where it takes the public's
comments) and whether the period is open. The page offers the form only where it expects the
registry to accept it, and says why not elsewhere; a refusal is shown on the page as the
registry words it, and nothing is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pcfrules.errors import PcfrulesError
from pcfrules.registry import Registry, SessionView
from pcfrules.registry.workflow import DISPOSITIONS, KINDS, STATES
from pcfrules.rules.model import Text
from pcfrules.web.deps import SignedIn, Svc, Visitor, csrf_protect
from pcfrules.web.i18n import page_lang
from pcfrules.web.problems import ProblemError, from_error
from pcfrules.web.standard_text import draft_text
from pcfrules.web.templating import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
TEXT_MAX = 4000  # characters of a comment or a proposed change
NOTICES = {
    "comment": ("意见已提交。", "Your comment is recorded."),
    "support": ("已附议该意见。", "You support this comment."),
}


@dataclass(frozen=True)
class Period:
    """A standard's public comment period as its current version had it."""

    rule_id: str
    version: str
    state: str
    association: str
    title: Text
    opened: datetime
    closes: datetime
    now: datetime

    @property
    def is_open(self) -> bool:
        """Out for comment and not yet closed (the registry checks it again on each step)."""
        return self.state == "public_comment" and self.now <= self.closes

    @property
    def days_left(self) -> int:
        """Whole days, counting today's part, until the period closes."""
        return max(0, math.ceil((self.closes - self.now).total_seconds() / 86400))


def _period(registry: Registry, rule_id: str, now: datetime) -> Period | None:
    """The comment period of ``rule_id``'s current version, or None if it has had none."""
    shown = registry.show(rule_id)
    current = shown["versions"][-1]
    if current["comment_closes"] is None:
        return None
    rule, opened = registry.stage_text(rule_id, "comment_draft")
    return Period(
        rule_id,
        current["version"],
        current["state"],
        shown["association"],
        rule.identity.title,
        opened,
        datetime.fromisoformat(current["comment_closes"]),
        now,
    )


def _periods(registry: Registry) -> list[Period]:
    now = datetime.now()
    found = (_period(registry, row["rule_id"], now) for row in registry.standards())
    return [p for p in found if p is not None]


def _known_period(registry: Registry, rule_id: str) -> Period:
    """The period of a standard that has one; the site's 404 for any other id."""
    if rule_id in {row["rule_id"] for row in registry.standards()}:
        found = _period(registry, rule_id, datetime.now())
        if found is not None:
            return found
    raise ProblemError(
        404,
        f"没有征求意见的标准“{rule_id}”",
        f"no standard '{rule_id}' has been out for public comment",
    )


def _why_not(period: Period, visitor: SessionView | None, public: bool) -> tuple[str, str] | None:
    """Why this visitor cannot comment here (None if the registry should accept it)."""
    if not period.is_open:
        return ("征求意见期已结束，不再接受意见。", "The comment period has ended.")
    if visitor is None:
        return ("登录后可提交意见和附议。", "Sign in to comment and support comments.")
    if not public and "stakeholder" not in visitor.account.roles.get(period.association, ()):
        return (
            f"{period.association} 只接受其相关方的意见。",
            f"{period.association} takes comments from its stakeholders only.",
        )
    return None


def _standard_context(
    request: Request, svc: Svc, visitor: Visitor, rule_id: str, **extra: Any
) -> dict[str, Any]:
    registry = svc.registry()
    period = _known_period(registry, rule_id)
    rule, _ = registry.stage_text(rule_id, "comment_draft")
    text = draft_text(rule, page_lang(request), "consultation", period.opened.date())
    names: dict[str, str] = {}
    for ref in text.clauses:
        names.setdefault(ref.path, f"{ref.number} {ref.title}")
    body = next(a for a in registry.associations() if a["code"] == period.association)
    comments = registry.comments(rule_id)
    person = visitor.account.person if visitor is not None else ""
    return {
        "period": period,
        "association": body,
        "text": text,
        "clause_names": names,
        "comments": comments,
        "mine": [c for c in comments if c["stakeholder"] == person],
        "person": person,
        "why_not": _why_not(period, visitor, bool(body["public_comments"])),
        "kinds": KINDS,
        "dispositions": DISPOSITIONS,
        "form": {"clause": "", "kind": "te", "text": "", "proposal": ""},
        "text_max": TEXT_MAX,
        "notice": NOTICES.get(str(request.query_params.get("done", ""))),
        **extra,
    }


@router.get("/comment", response_class=HTMLResponse)
def periods(request: Request, svc: Svc, visitor: Visitor) -> HTMLResponse:
    """The standards out for public comment now, and those whose period has ended."""
    found = _periods(svc.registry())
    current = sorted((p for p in found if p.is_open), key=lambda p: p.closes)
    ended = sorted((p for p in found if not p.is_open), key=lambda p: p.closes, reverse=True)
    context = {"current": current, "ended": ended, "states": STATES}
    return page(request, "comment/index.html", context)


@router.get("/comment/mine", response_class=HTMLResponse)
def mine(request: Request, svc: Svc, visitor: SignedIn) -> HTMLResponse:
    """Every comment the signed-in person made, with the answer each was given."""
    registry = svc.registry()
    comments = registry.comments_by(visitor.account.person)
    titles = {
        (c["rule_id"], c["version"]): registry.version_rule(
            c["rule_id"], c["version"]
        ).identity.title
        for c in comments
    }
    context = {"comments": comments, "titles": titles, "kinds": KINDS, "dispositions": DISPOSITIONS}
    return page(request, "comment/mine.html", context)


@router.get("/comment/{rule_id}", response_class=HTMLResponse)
def standard(request: Request, svc: Svc, visitor: Visitor, rule_id: str) -> HTMLResponse:
    """The 征求意见稿, its comments so far, and the form to comment on a clause."""
    return page(request, "comment/standard.html", _standard_context(request, svc, visitor, rule_id))


@router.post("/comment/{rule_id}", response_class=HTMLResponse)
def comment(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    clause: Annotated[str, Form(max_length=200)],
    kind: Annotated[str, Form(max_length=2)],
    text: Annotated[str, Form(min_length=1, max_length=TEXT_MAX)],
    proposal: Annotated[str, Form(max_length=TEXT_MAX)] = "",
) -> Response:
    """Comment on a clause, as the signed-in person (the registry checks who and when)."""
    person = visitor.account.person
    try:
        number = svc.registry(person).comment(rule_id, person, clause, text, proposal, kind)
    except PcfrulesError as exc:
        typed = {"clause": clause, "kind": kind, "text": text, "proposal": proposal}
        context = _standard_context(request, svc, visitor, rule_id, error=exc, form=typed)
        return page(request, "comment/standard.html", context, from_error(exc).status)
    return RedirectResponse(f"/comment/{rule_id}?done=comment#comment-{number}", status_code=303)


@router.post("/comment/{rule_id}/support", response_class=HTMLResponse)
def support(
    request: Request, svc: Svc, visitor: SignedIn, rule_id: str, comment: Annotated[int, Form()]
) -> Response:
    """附议 another person's comment on this standard (once; never one's own)."""
    registry = svc.registry(visitor.account.person)
    if comment not in {
        c["no"] for c in registry.comments(_known_period(registry, rule_id).rule_id)
    }:
        raise ProblemError(
            404, f"该标准没有编号为 {comment} 的意见", f"this standard has no comment {comment}"
        )
    try:
        registry.support(comment)
    except PcfrulesError as exc:
        context = _standard_context(request, svc, visitor, rule_id, error=exc)
        return page(request, "comment/standard.html", context, from_error(exc).status)
    return RedirectResponse(f"/comment/{rule_id}?done=support#comment-{comment}", status_code=303)
