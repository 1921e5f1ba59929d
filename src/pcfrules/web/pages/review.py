"""Technical review (技术审查): the 送审稿, what changed since the 征求意见稿, and the vote.

A reviewer of the association votes yes, no or abstain; a "no" needs its reason and opens an
objection. The registry decides who votes (its reviewers, never the drafters) and when (in
technical review); the page offers the form to those it expects the registry to accept, and
shows a refusal as the registry words it, with nothing written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pcfrules.errors import PcfrulesError
from pcfrules.registry import Registry, SessionView
from pcfrules.registry.diff import diff as clause_diff
from pcfrules.registry.workflow import DISPOSITIONS, KINDS, OBJECTIONS, PENDING, STATES, VOTES
from pcfrules.rules.model import RuleStandard, Text
from pcfrules.rules.render.clauses import clause_of
from pcfrules.web.deps import SignedIn, Svc, csrf_protect
from pcfrules.web.i18n import page_lang, pick
from pcfrules.web.problems import ProblemError, from_error
from pcfrules.web.standard_text import draft_text
from pcfrules.web.templating import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
REASON_MAX = 4000
CHANGES = {
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "changed": ("修改", "changed"),
}


@dataclass(frozen=True)
class UnderReview:
    """A standard whose current version has reached the 送审稿."""

    rule_id: str
    version: str
    state: str
    association: str
    drafters: list[str]
    title: Text
    started: datetime


def _under_review(registry: Registry, rule_id: str) -> UnderReview | None:
    shown = registry.show(rule_id)
    current = shown["versions"][-1]
    stages = {row["stage"] for row in registry.stages(rule_id)}
    if "review_draft" not in stages:
        return None
    rule, started = registry.stage_text(rule_id, "review_draft")
    return UnderReview(
        rule_id,
        current["version"],
        current["state"],
        shown["association"],
        list(shown["drafters"]),
        rule.identity.title,
        started,
    )


def _known(registry: Registry, rule_id: str) -> UnderReview:
    """A standard that reached review; the site's 404 for any other id."""
    if rule_id in {row["rule_id"] for row in registry.standards()}:
        found = _under_review(registry, rule_id)
        if found is not None:
            return found
    raise ProblemError(
        404, f"标准“{rule_id}”没有送审稿", f"standard '{rule_id}' has no draft for review"
    )


def _shown(value: Any, lang: str) -> str:
    """A field's value as a reviewer reads it: a bilingual text in the page's language."""
    if value is None:
        return ""
    if isinstance(value, dict) and set(value) <= {"zh", "en"}:
        return pick(lang, str(value.get("zh", "")), str(value.get("en", ""))) or str(
            value.get("zh") or value.get("en") or ""
        )
    if isinstance(value, str):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}"
    return json.dumps(value, ensure_ascii=False, indent=1)


def _by_clause(
    changes: list[dict[str, Any]], lang: str, names: dict[str, str]
) -> list[dict[str, Any]]:
    """Changes found by a clause diff, each under the clause of the text that prints it."""
    return [
        {
            "clause": names.get(clause_of(change["path"])) or _chapter(change, lang),
            "path": change["path"],
            "change": change["change"],
            "old": _shown(change["old"], lang),
            "new": _shown(change["new"], lang),
        }
        for change in changes
    ]


def _chapter(change: dict[str, Any], lang: str) -> str:
    """The diff's chapter, in the page's language ("封面 cover" is both)."""
    zh, _, en = str(change.get("chapter", "")).partition(" ")
    return pick(lang, zh, en or zh)


def _since_comment(registry: Registry, rule_id: str) -> list[dict[str, Any]]:
    """The review draft's changes from the comment draft (kept with the stage)."""
    stages = [row for row in registry.stages(rule_id) if row["stage"] == "review_draft"]
    return list(stages[-1]["changes"]) if stages else []


def _since_previous(
    registry: Registry, rule_id: str, review: RuleStandard
) -> tuple[str, list[dict[str, Any]]]:
    """A revision's changes from the version before it ('' and none for a first version)."""
    versions = registry.show(rule_id)["versions"]
    if len(versions) < 2:
        return "", []
    before = versions[-2]["version"]
    return before, clause_diff(registry.version_rule(rule_id, before), review)


def _reviewer(visitor: SessionView, review: UnderReview) -> bool:
    """Whether the registry should take this person's vote (it checks again)."""
    held = visitor.account.roles.get(review.association, frozenset())
    return (
        review.state == "technical_review"
        and "reviewer" in held
        and visitor.account.person not in review.drafters
    )


def _review_context(
    request: Request, svc: Svc, visitor: SessionView, rule_id: str, **extra: Any
) -> dict[str, Any]:
    registry = svc.registry()
    review = _known(registry, rule_id)
    lang = page_lang(request)
    rule, _ = registry.stage_text(rule_id, "review_draft")
    text = draft_text(rule, lang, "review", review.started.date())
    names = {ref.key: f"{ref.number} {ref.title}" for ref in text.clauses}
    paths: dict[str, str] = {}
    for ref in text.clauses:
        paths.setdefault(ref.path, names[ref.key])
    previous, revised = _since_previous(registry, rule_id, rule)
    votes = registry.votes(rule_id)
    person = visitor.account.person
    return {
        "review": review,
        "text": text,
        "changes": _by_clause(_since_comment(registry, rule_id), lang, names),
        "previous": previous,
        "revised": _by_clause(revised, lang, names),
        "change_kinds": CHANGES,
        "comments": registry.comments(rule_id),
        "clause_names": paths,
        "votes": votes,
        "tally": {v: sum(row["vote"] == v for row in votes) for v in VOTES},
        "my_vote": next((row for row in votes if row["stakeholder"] == person), None),
        "objections": registry.objections(rule_id),
        "can_vote": _reviewer(visitor, review),
        "person": person,
        "kinds": KINDS,
        "dispositions": DISPOSITIONS,
        "vote_names": VOTES,
        "objection_states": OBJECTIONS,
        "states": STATES,
        "form": {"vote": "", "reason": ""},
        "reason_max": REASON_MAX,
        "voted": request.query_params.get("done") == "vote",
        **extra,
    }


@router.get("/review", response_class=HTMLResponse)
def reviews(request: Request, svc: Svc, visitor: SignedIn) -> HTMLResponse:
    """The standards in technical review, and whether the signed-in reviewer has voted."""
    registry = svc.registry()
    found = (_under_review(registry, row["rule_id"]) for row in registry.standards())
    current = [r for r in found if r is not None and r.state == "technical_review"]
    person = visitor.account.person
    votes = {r.rule_id: registry.votes(r.rule_id) for r in current}
    context = {
        "current": current,
        "votes": votes,
        "mine": {
            rule_id: next((v["vote"] for v in rows if v["stakeholder"] == person), "")
            for rule_id, rows in votes.items()
        },
        "pending": {
            r.rule_id: sum(o["state"] in PENDING for o in registry.objections(r.rule_id))
            for r in current
        },
        "reviewer_of": sorted(
            code for code, held in visitor.account.roles.items() if "reviewer" in held
        ),
        "vote_names": VOTES,
    }
    return page(request, "review/index.html", context)


@router.get("/review/{rule_id}", response_class=HTMLResponse)
def review(request: Request, svc: Svc, visitor: SignedIn, rule_id: str) -> HTMLResponse:
    """The 送审稿 with its changes, the comments and their answers, the votes, the vote form."""
    return page(request, "review/standard.html", _review_context(request, svc, visitor, rule_id))


@router.post("/review/{rule_id}/vote", response_class=HTMLResponse)
def vote(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    rule_id: str,
    vote: Annotated[str, Form(max_length=10)],
    reason: Annotated[str, Form(max_length=REASON_MAX)] = "",
) -> Response:
    """Vote as the signed-in reviewer (the registry refuses anyone else, and a bare "no")."""
    person = visitor.account.person
    try:
        svc.registry(person).vote(rule_id, person, vote, reason)
    except PcfrulesError as exc:
        typed = {"vote": vote, "reason": reason}
        context = _review_context(request, svc, visitor, rule_id, error=exc, form=typed)
        return page(request, "review/standard.html", context, from_error(exc).status)
    return RedirectResponse(f"/review/{rule_id}?done=vote#votes", status_code=303)
