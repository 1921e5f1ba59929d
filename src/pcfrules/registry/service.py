"""The registry as a Python service.

Every step of the procedure runs in one transaction with an append-only audit record (who,
when, what, the state hash before and after). The step's first statement locks the
standard (its row on PostgreSQL, the database's write lock on SQLite, see ``db.writer``), so
two writers at once are served one after the other: the second sees what the first did and
is refused if the procedure no longer allows its step. Nothing is committed before the audit
record is written, so a process killed in a step leaves it fully done or not at all.

The time of record is the registry's clock. A step that happened earlier (a paper procedure
brought in) is recorded inside ``as_of(moment, reason)``: never in the future, never before
the standard's previous step, always with a reason; its audit record keeps the recorded
moment and the real time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from pcfrules.errors import Location, NotAllowedError, RegistryError
from pcfrules.registry import chain, db, workflow
from pcfrules.registry.diff import diff as clause_diff
from pcfrules.registry.models import (
    Association,
    AuditRecord,
    CoApproval,
    Comment,
    CommentSupport,
    Evaluation,
    Objection,
    Revision,
    Role,
    StageText,
    Stakeholder,
    Standard,
    Version,
    Vote,
)
from pcfrules.rules import check
from pcfrules.rules.loader import validate_rule
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.render.clauses import clause_of

Clock = Callable[[], datetime]
SECRETARIAT = ("secretariat",)
CHAIN_LOCK = 0x70636672  # PostgreSQL advisory lock key of the audit chain ("pcfr")


def _err(zh: str, en: str, path: str = "") -> RegistryError:
    return RegistryError(zh=zh, en=en, location=Location(path=path or None))


def _refused(zh: str, en: str, path: str) -> NotAllowedError:
    return NotAllowedError(zh=zh, en=en, location=Location(path=path))


@dataclass(frozen=True)
class Backdate:
    """Steps recorded as having happened at ``at`` (earlier than now), and why."""

    at: datetime
    reason: str


class Registry:
    """Rule standards through their procedure, persisted with SQLAlchemy."""

    def __init__(
        self, engine: Engine, clock: Clock = datetime.now, person: str | None = None
    ) -> None:
        self.engine = engine
        self.person = person  # who acts: a registered person's name (``--as`` in the CLI)
        self._acting = person or ""  # whom the step being taken is recorded as
        self.sessions = db.session_factory(engine)
        self.step_sessions = db.session_factory(db.writer(engine))
        self.clock = clock
        self.backdate: Backdate | None = None
        self._now = clock()  # the time of record of the step being taken
        if not db.at_head(engine):
            raise _err(
                "登记簿数据库未初始化或版本过旧：请先运行 pcfrules registry init",
                "the registry database is not initialised or out of date: run "
                "'pcfrules registry init'",
            )

    @contextmanager
    def as_of(self, at: datetime, reason: str) -> Iterator[None]:
        """Record the steps taken inside as having happened at ``at``, for ``reason``.

        For bringing in a procedure run on paper: each step is checked (not in the future,
        not before the standard's previous step, a reason given) when it is taken.
        """
        saved, self.backdate = self.backdate, Backdate(at, reason)
        try:
            yield
        finally:
            self.backdate = saved

    def acting_as(self, person: str) -> Registry:
        """The same registry, acting as ``person`` (what a web session or ``--as`` gives)."""
        other = Registry(self.engine, self.clock, person)
        other.backdate = self.backdate
        return other

    # --- people and bodies -----------------------------------------------------------
    def add_association(
        self,
        code: str,
        name_zh: str,
        name_en: str,
        vote_fallback: bool = False,
    ) -> None:
        """Register a standards body with its code; the person acting becomes its secretariat."""
        with self._step("add-association", code, "") as s:
            founder = self._authorise(s, None, (), "add-association")
            body = Association(
                code=code,
                name_zh=name_zh,
                name_en=name_en,
                vote_fallback=vote_fallback,
                public_comments=False,
            )
            s.add(body)
            s.add(Role(person=founder, association=body, role="secretariat"))

    def add_stakeholder(self, name: str, organisation: str, category: str) -> None:
        """Register a stakeholder under one of the seven categories of the guide."""
        workflow.require_known(
            category, workflow.CATEGORIES, "相关方类别", "stakeholder category", "category"
        )
        with self._step("add-stakeholder", name, "") as s:
            if self.backdate is not None:
                raise _err("登记人员不能补记日期", "registering a person cannot be back-dated")
            self._acting = self.person or name  # a person may register themselves
            s.add(Stakeholder(name=name, organisation=organisation, category=category))

    def grant(self, person: str, association: str, role: str) -> None:
        """Give ``person`` a role in ``association`` (by its secretariat)."""
        workflow.require_known(role, workflow.ROLES, "角色", "role", "role")
        with self._step("grant", association, "", {"person": person, "role": role}) as s:
            body = self._association(s, association)
            self._authorise(s, body, ("secretariat",), "grant")
            s.add(Role(person=self._stakeholder(s, person), association=body, role=role))

    def revoke(self, person: str, association: str, role: str) -> None:
        """Take a role back (by the secretariat); the audit keeps that it was held."""
        with self._step("revoke", association, "", {"person": person, "role": role}) as s:
            body = self._association(s, association)
            self._authorise(s, body, ("secretariat",), "revoke")
            held = s.scalar(
                select(Role).where(
                    Role.person_id == self._stakeholder(s, person).id,
                    Role.association_id == body.id,
                    Role.role == role,
                )
            )
            if held is None:
                raise _err(
                    f"“{person}”在 {association} 没有角色“{role}”",
                    f"'{person}' holds no role '{role}' in {association}",
                    "role",
                )
            s.delete(held)

    # --- the procedure ---------------------------------------------------------------
    def propose(
        self,
        rule: RuleStandard,
        association: str,
        sector: str,
        drafters: list[str],
        co_developers: list[str] | None = None,
    ) -> None:
        """立项申请: a new standard (or a new version of none yet) enters as a proposal."""
        with self._step("propose", rule.identity.id, rule.identity.version) as s:
            body = self._association(s, association)
            self._authorise(s, body, ("secretariat", "drafter"), "propose")
            for code in co_developers or []:
                self._association(s, code)
            for name in drafters:
                self._stakeholder(s, name)
            standard = Standard(
                rule_id=rule.identity.id,
                association=body,
                sector=sector,
                industry_code=(rule.product.classification.industry or [""])[0],
                co_developers=list(co_developers or []),
                drafters=drafters,
            )
            s.add(standard)
            s.add(_new_version(standard, rule, "proposed"))

    def approve_project(self, rule_id: str) -> None:
        """立项: the proposal becomes an approved project."""
        self._move(rule_id, "approve_project")

    def start_drafting(self, rule_id: str) -> None:
        """起草 begins."""
        self._move(rule_id, "start_drafting")

    def update_draft(self, rule: RuleStandard, answers: list[int] | None = None) -> list[str]:
        """Replace the text of a version being drafted; returns the clauses changed.

        While drafting, and again after public comment has closed and before review starts
        (the drafters take the comments in), never while the comment draft is out for
        comment nor from review on. ``answers`` are the numbers of the comments the change
        answers; a change after comment is recorded with its clauses and those numbers.
        """
        cited = sorted(set(answers or []))
        detail: dict[str, Any] = {"answers": cited}
        with self._step("update-draft", rule.identity.id, rule.identity.version, detail) as s:
            version = self._version(s, rule.identity.id, rule.identity.version)
            self._authorise(s, version.standard.association, ("drafter", "secretariat"), "update")
            self._require_editable(version)
            unknown = sorted(set(cited) - {c.id for c in version.comments})
            if unknown:
                raise _err(
                    f"该版本没有这些意见：{unknown}",
                    f"this version has no comments numbered {unknown}",
                    "answers",
                )
            text, sha = _canonical(rule)
            if sha == version.sha256:
                raise _err("文本没有变化", "the text is unchanged", "rule")
            clauses = [c["path"] for c in clause_diff(_rule_of(version.rule_json), rule)]
            detail["clauses"] = clauses
            if version.comments:
                s.add(
                    Revision(
                        version_id=version.id,
                        at=self._now,
                        before_sha256=version.sha256,
                        after_sha256=sha,
                        clauses=clauses,
                        answers=cited,
                    )
                )
            version.rule_json, version.sha256 = text, sha
            return clauses

    def _require_editable(self, version: Version) -> None:
        """Drafting, or after public comment closed and before review."""
        if not _editable(version, self._now):
            raise _err(
                "只有起草阶段或征求意见结束后、技术审查前可以修改文本；已发布的只能通过修订改变",
                "the text changes only in drafting, or after public comment has closed and "
                "before review; a frozen (published) text only through a revision",
                "rule",
            )

    def open_comment(self, rule_id: str, days: int = workflow.MIN_COMMENT_DAYS) -> None:
        """征求意见 opens for ``days`` (at least 30); the rule must conform without error."""
        if days < workflow.MIN_COMMENT_DAYS:
            raise _err(
                f"征求意见期不得少于 {workflow.MIN_COMMENT_DAYS} 日（给定 {days} 日）",
                f"public comment lasts at least {workflow.MIN_COMMENT_DAYS} days (given {days})",
                "days",
            )
        with self._step("open-comment", rule_id, "", {"days": days}) as s:
            version = self._current_as(s, rule_id, "open-comment")
            _require_conformance(version)
            version.state = workflow.target("open_comment", version.state, "state")
            self._keep_stage(s, version, "comment_draft")
            version.comment_opened = self._now
            version.comment_closes = version.comment_opened + timedelta(days=days)

    def comment(
        self,
        rule_id: str,
        stakeholder: str,
        clause: str,
        text: str,
        proposal: str = "",
        kind: str = "te",
    ) -> int:
        """A clause-level comment during the comment period; returns its number.

        Made by the stakeholder acting, or recorded by the secretariat from a written
        comment. The commenter holds the stakeholder role in the association, unless the
        association takes comments from the public (any registered person). ``kind`` is the
        comment's type as comment forms have it: ge general, te technical, ed editorial.
        """
        workflow.require_known(kind, workflow.KINDS, "意见类型", "comment kind", "kind")
        detail = {"clause": clause, "by": stakeholder, "kind": kind}
        with self._step("comment", rule_id, "", detail) as s:
            version = self._current(s, rule_id)
            body = version.standard.association
            self._authorise(s, body, () if self.person == stakeholder else SECRETARIAT, "comment")
            commenter = self._stakeholder(s, stakeholder)
            _require_commenter(s, body, commenter)
            self._require_period(version)
            _require_clause(version, clause)
            comment = Comment(
                version=version,
                stakeholder=commenter,
                clause=clause,
                text=text,
                proposal=proposal,
                kind=kind,
                submitted=self._now,
                reason="",
            )
            s.add(comment)
            s.flush()
            return comment.id

    def support(self, comment_id: int) -> None:
        """附议: the person acting supports someone else's comment while its period is open.

        Support shows the secretariat how widely a comment is shared. Once per person and
        comment, never one's own, and only by someone who may comment there (a stakeholder
        of the association, or any registered person where it takes public comments).
        """
        rule_id = self._comment_standard(comment_id)
        with self._step("support-comment", rule_id, "", {"comment": comment_id}) as s:
            comment = s.get(Comment, comment_id)
            assert comment is not None  # found above, and comments are never deleted
            body = comment.version.standard.association
            supporter = self._authorise(s, body, (), "support-comment")
            _require_commenter(s, body, supporter)
            self._require_period(comment.version)
            if comment.stakeholder_id == supporter.id:
                raise _err("不能附议自己的意见", "one cannot support one's own comment", "comment")
            if any(given.stakeholder_id == supporter.id for given in comment.supports):
                raise _err(
                    f"“{supporter.name}”已附议意见 {comment_id}",
                    f"'{supporter.name}' supports comment {comment_id} already",
                    "comment",
                )
            s.add(CommentSupport(comment_id=comment.id, stakeholder=supporter, at=self._now))

    def _require_period(self, version: Version) -> None:
        """The version is out for public comment and its period has not closed."""
        closes = version.comment_closes
        if version.state != "public_comment" or closes is None or self._now > closes:
            raise _err("不在征求意见期内", "the public comment period is not open", "state")

    def dispose(self, comment_id: int, disposition: str, reason: str = "") -> None:
        """处理意见: accepted, partly accepted or not accepted (the last two with a reason)."""
        workflow.require_known(
            disposition, workflow.DISPOSITIONS, "处理结果", "disposition", "disposition"
        )
        if disposition != "accepted" and not reason.strip():
            raise _err(
                "部分采纳或不采纳须说明理由",
                "partly accepted or not accepted needs a reason",
                "reason",
            )
        rule_id = self._comment_standard(comment_id)
        with self._step(
            "dispose", rule_id, "", {"comment": comment_id, "disposition": disposition}
        ) as s:
            comment = self._open_comment(s, comment_id)
            self._authorise(s, comment.version.standard.association, SECRETARIAT, "dispose")
            comment.disposition, comment.reason = disposition, reason

    def reopen(self, comment_id: int, reason: str) -> None:
        """Remove a disposition recorded by mistake: the comment is open again (with a reason).

        Review cannot start while a comment is open, and the step takes the same lock as
        ``start_review``: a review never starts on a disposition being removed.
        """
        if not reason.strip():
            raise _err("撤销处理结果须说明理由", "removing a disposition needs a reason", "reason")
        rule_id = self._comment_standard(comment_id)
        with self._step("reopen", rule_id, "", {"comment": comment_id, "reason": reason}) as s:
            comment = self._open_comment(s, comment_id)
            self._authorise(s, comment.version.standard.association, SECRETARIAT, "reopen")
            if comment.version.state != "public_comment":
                raise _err(
                    "技术审查开始后不能撤销处理结果",
                    "a disposition cannot be removed once technical review has started",
                    "state",
                )
            comment.disposition, comment.reason = None, ""

    def start_review(self, rule_id: str) -> None:
        """技术审查 starts once comment has closed and every comment has a disposition."""
        with self._step("start-review", rule_id, "") as s:
            version = self._current_as(s, rule_id, "review")
            if version.comment_closes is not None and self._now < version.comment_closes:
                raise _err(
                    f"征求意见期至 {version.comment_closes:%Y-%m-%d} 才结束，不能开始审查",
                    f"public comment runs until {version.comment_closes:%Y-%m-%d}: "
                    "review cannot start before",
                    "state",
                )
            open_comments = [c.id for c in version.comments if c.disposition is None]
            if open_comments:
                raise _err(
                    f"以下意见尚未处理：{open_comments}",
                    f"these comments have no disposition yet: {open_comments}",
                    "comments",
                )
            unchanged = [c.id for c in version.comments if _accepted_without_change(version, c)]
            if unchanged:
                raise _err(
                    f"以下意见标为采纳但文本没有相应修改：{unchanged}（修改文本并注明所答复的意见，"
                    "或改变处理结果）",
                    f"these comments are accepted but no change of the text answers them: "
                    f"{unchanged} (update the text citing them, or change the disposition)",
                    "comments",
                )
            version.state = workflow.target("start_review", version.state, "state")
            self._keep_stage(s, version, "review_draft")

    def vote(self, rule_id: str, stakeholder: str, vote: str, reason: str = "") -> None:
        """A reviewer votes yes / no / abstain; drafters do not vote.

        Cast by the reviewer acting, or recorded by the secretariat (a ballot on paper). A
        vote can be changed until approval: the last one counts, each is in the audit. A
        "no" carries its reason and opens an objection; a vote changed from "no" withdraws
        the voter's pending objection.
        """
        if vote not in workflow.VOTES:
            raise _err("表决应为 yes、no 或 abstain", "a vote is yes, no or abstain", "vote")
        if vote == "no" and not reason.strip():
            raise _err("反对票须说明理由", "a 'no' vote needs its reason", "reason")
        detail = {"vote": vote, "by": stakeholder, "reason": reason}
        with self._step("vote", rule_id, "", detail) as s:
            version = self._current(s, rule_id)
            if version.state != "technical_review":
                raise _err(
                    "只能在技术审查中表决", "votes are cast only in technical review", "state"
                )
            if stakeholder in version.standard.drafters:
                raise _refused("起草人不参加表决", "drafters do not vote", "stakeholder")
            body = version.standard.association
            self._authorise(s, body, () if self.person == stakeholder else SECRETARIAT, "vote")
            voter = self._stakeholder(s, stakeholder)
            if "reviewer" not in _roles(s, voter, body):
                raise _refused(
                    f"“{stakeholder}”不是 {body.code} 的审查专家，不能表决",
                    f"'{stakeholder}' is not a reviewer of {body.code}: only reviewers vote",
                    "stakeholder",
                )
            cast = s.scalar(select(Vote).where(Vote.version == version, Vote.stakeholder == voter))
            if cast is None:
                s.add(Vote(version=version, stakeholder=voter, vote=vote, reason=reason))
            else:
                detail["was"] = cast.vote
                cast.vote, cast.reason = vote, reason
            self._objection_follows_vote(s, version, voter, vote, reason)

    @staticmethod
    def _objection_follows_vote(
        s: Session, version: Version, voter: Stakeholder, vote: str, reason: str
    ) -> None:
        """A "no" opens (or restates) the voter's objection; another vote withdraws it."""
        pending = [
            o for o in version.objections if o.stakeholder is voter and o.state in workflow.PENDING
        ]
        if vote == "no" and pending:
            pending[-1].reason = reason
        elif vote == "no":
            s.add(Objection(version=version, stakeholder=voter, reason=reason, state="open"))
        for objection in pending if vote != "no" else []:
            objection.state = "withdrawn"

    def answer_objection(self, objection_id: int, answer: str) -> None:
        """The drafters answer an objection (it stays pending until withdrawn or sustained)."""
        if not answer.strip():
            raise _err("答复不能为空", "an answer cannot be empty", "answer")
        self._objection_step(objection_id, "answer", ("drafter", "secretariat"), answer)

    def withdraw_objection(self, objection_id: int) -> None:
        """The voter (or the secretariat recording it) withdraws an objection."""
        self._objection_step(objection_id, "withdrawn", (), "")

    def sustain_objection(self, objection_id: int) -> None:
        """The secretariat records an answered objection as sustained: no consensus."""
        self._objection_step(objection_id, "sustained", SECRETARIAT, "")

    def _objection_step(
        self, objection_id: int, outcome: str, roles: tuple[str, ...], answer: str
    ) -> None:
        rule_id = self._objection_standard(objection_id)
        detail = {"objection": objection_id, "outcome": outcome}
        with self._step(f"objection-{outcome}", rule_id, "", detail) as s:
            objection = s.get(Objection, objection_id)
            assert objection is not None  # found above, and objections are never deleted
            version = objection.version
            body = version.standard.association
            if outcome == "withdrawn" and self.person != objection.stakeholder.name:
                roles = SECRETARIAT
            self._authorise(s, body, roles, f"objection {outcome}")
            if version.state != "technical_review" or objection.state not in workflow.PENDING:
                raise _err(
                    f"异议 {objection_id} 已了结或不在技术审查中",
                    f"objection {objection_id} is settled or not in technical review",
                    "state",
                )
            if outcome == "sustained" and objection.state != "answered":
                raise _err(
                    "起草人答复后才能记录异议维持",
                    "an objection is recorded as sustained only after the drafters answered it",
                    "state",
                )
            if outcome == "answer":
                objection.answer, objection.state = answer, "answered"
            else:
                objection.state = outcome

    def _objection_standard(self, objection_id: int) -> str:
        with self.sessions() as s:
            found = s.get(Objection, objection_id)
            if found is None:
                raise _err(
                    f"没有编号为 {objection_id} 的异议", f"no objection number {objection_id}"
                )
            return found.version.standard.rule_id

    def send_back(self, rule_id: str, reason: str) -> dict[str, Any]:
        """From technical review back to drafting, with a reason; the review starts over.

        The votes, objections and co-approvals of the review are dropped (each step that made
        them is in the audit, and the dropped tally is in this step's record): the text will
        change and go through public comment again.
        """
        if not reason.strip():
            raise _err("退回起草须说明理由", "sending back to drafting needs a reason", "reason")
        detail: dict[str, Any] = {"reason": reason}
        with self._step("send-back", rule_id, "", detail) as s:
            version = self._current_as(s, rule_id, "send-back")
            version.state = workflow.target("send_back", version.state, "state")
            detail["dropped_tally"] = _tally(version)
            for row in [*version.votes, *version.objections]:
                s.delete(row)
            for approval in s.scalars(
                select(CoApproval).where(CoApproval.version_id == version.id)
            ):
                s.delete(approval)
            return dict(detail["dropped_tally"])

    def update_association(
        self,
        code: str,
        *,
        new_code: str | None = None,
        name_zh: str | None = None,
        name_en: str | None = None,
        vote_fallback: bool | None = None,
        public_comments: bool | None = None,
    ) -> dict[str, list[Any]]:
        """The association's settings, edited by its secretariat; returns what changed.

        Numbers already given keep the code they were given under.
        """
        wanted = {
            "code": new_code,
            "name_zh": name_zh,
            "name_en": name_en,
            "vote_fallback": vote_fallback,
            "public_comments": public_comments,
        }
        changes: dict[str, list[Any]] = {}
        with self._step("edit-association", code, "", {"changes": changes}) as s:
            body = self._association(s, code)
            self._authorise(s, body, SECRETARIAT, "edit-association")
            for field, value in wanted.items():
                if value is not None and value != getattr(body, field):
                    changes[field] = [getattr(body, field), value]
                    setattr(body, field, value)
            if not changes:
                raise _err("没有要修改的设置", "nothing to change", "association")
        return changes

    def co_approve(self, rule_id: str, association: str) -> None:
        """A co-developing association approves a cross-domain standard."""
        with self._step("co-approve", rule_id, "", {"association": association}) as s:
            version = self._current(s, rule_id)
            if association not in version.standard.co_developers:
                raise _err(
                    f"“{association}”不是该标准的共同制定方",
                    f"'{association}' is not a co-developer of this standard",
                )
            self._authorise(s, self._association(s, association), SECRETARIAT, "co-approve")
            s.add(CoApproval(version_id=version.id, association_code=association))

    def approve(self, rule_id: str) -> dict[str, Any]:
        """批准: consensus (or the association's ¾ fallback) and every co-developer's approval."""
        with self._step("approve", rule_id, "") as s:
            version = self._current_as(s, rule_id, "approve")
            tally = _tally(version)
            if tally["pending_objections"]:
                raise _err(
                    f"尚有未了结的异议：{tally['pending_objections']}",
                    f"objections are still pending (answer them; the voter withdraws or the "
                    f"secretariat records them as sustained): {tally['pending_objections']}",
                    "objections",
                )
            fallback = version.standard.association.vote_fallback
            if not (tally["consensus"] or (fallback and tally["three_quarters"])):
                raise _err(
                    f"技术审查未达成一致（赞成 {tally['yes']}，反对 {tally['no']}，"
                    f"维持的异议 {tally['sustained_objections']}）",
                    f"technical review has no consensus (yes {tally['yes']}, no "
                    f"{tally['no']}, sustained objections {tally['sustained_objections']})"
                    + ("" if fallback else "; no ¾ fallback configured"),
                    "votes",
                )
            self._require_co_approvals(s, version)
            version.state = workflow.target("approve", version.state, "state")
            self._keep_stage(s, version, "approval_draft")
            return tally

    def publish(
        self,
        rule_id: str,
        issue: date,
        implementation: date,
        number: str | None = None,
    ) -> dict[str, Any]:
        """发布: numbered, dated, frozen by SHA-256; warns when a stakeholder category is missing."""
        if implementation < issue:
            raise _err(
                "实施日期不得早于发布日期",
                "implementation date is before issue date",
                "implementation",
            )
        detail: dict[str, Any] = {}
        with self._step("publish", rule_id, "", detail) as s:
            version = self._current_as(s, rule_id, "publish")
            closes = version.comment_closes
            if closes is not None and issue < closes.date():
                raise _err(
                    f"发布日期 {issue} 早于征求意见期结束（{closes:%Y-%m-%d}）",
                    f"the issue date {issue} is before public comment closed ({closes:%Y-%m-%d})",
                    "issue",
                )
            _require_conformance(version)
            version.state = workflow.target("publish", version.state, "state")
            version.number = number or self._next_number(s, version.standard, issue.year)
            version.issue_date, version.implementation_date = issue, implementation
            version.frozen = True
            detail.update(version=version.version, number=version.number, sha256=version.sha256)
            self._keep_stage(s, version, "published")
            self._supersede_older(version)
            coverage = _coverage(s, version)
            return {
                "number": version.number,
                "sha256": version.sha256,
                "coverage": coverage,
                "missing_categories": [c for c, n in coverage.items() if n == 0],
            }

    def recommend(self, rule_id: str, batch: str, on: date) -> None:
        """列入推荐清单 (batch and date)."""
        with self._step("recommend", rule_id, "", {"batch": batch}) as s:
            self._not_after_now(on, "on")
            version = self._current_as(s, rule_id, "recommend")
            version.state = workflow.target("recommend", version.state, "state")
            version.recommended_batch, version.recommended_date = batch, on

    def adopt(self, rule_id: str, level: str, number: str) -> None:
        """采信/转化 as an industry or national standard with its new number."""
        if level not in {"industry", "national"}:
            raise _err(
                "采信层级应为 industry 或 national", "level is industry or national", "level"
            )
        with self._step("adopt", rule_id, "", {"level": level, "number": number}) as s:
            version = self._current_as(s, rule_id, "adopt")
            version.state = workflow.target("adopt", version.state, "state")
            version.adopted_level, version.adopted_number = level, number

    def evaluate(
        self,
        rule_id: str,
        on: date,
        conclusion: str,
        findings: str,
        score: float | None = None,
    ) -> None:
        """实施评估, concluding keep, revise or withdraw."""
        if conclusion not in {"keep", "revise", "withdraw"}:
            raise _err(
                "评估结论应为 keep、revise 或 withdraw",
                "conclusion is keep, revise or withdraw",
                "conclusion",
            )
        with self._step("evaluate", rule_id, "", {"conclusion": conclusion}) as s:
            self._not_after_now(on, "on")
            version = self._current_as(s, rule_id, "evaluate")
            version.state = workflow.target("evaluate", version.state, "state")
            s.add(
                Evaluation(
                    version_id=version.id,
                    on=on,
                    conclusion=conclusion,
                    findings=findings,
                    score=score,
                )
            )

    def revise(self, rule: RuleStandard) -> None:
        """修订: a new version enters drafting; the published one stays until it is replaced."""
        with self._step("revise", rule.identity.id, rule.identity.version) as s:
            live = self._current(s, rule.identity.id)
            self._authorise(s, live.standard.association, ("drafter", "secretariat"), "revise")
            if live.state not in workflow.LIVE:
                raise _err(
                    "只有已发布的标准可以修订", "only a published standard can be revised", "state"
                )
            if any(v.version == rule.identity.version for v in live.standard.versions):
                raise _err(
                    f"版本 {rule.identity.version} 已存在",
                    f"version {rule.identity.version} exists already",
                    "identity.version",
                )
            s.add(_new_version(live.standard, rule, "drafting"))

    def withdraw(self, rule_id: str, reason: str) -> None:
        """废止."""
        with self._step("withdraw", rule_id, "", {"reason": reason}) as s:
            version = self._current_as(s, rule_id, "withdraw")
            version.state = workflow.target("withdraw", version.state, "state")

    # --- reading ---------------------------------------------------------------------
    def show(self, rule_id: str) -> dict[str, Any]:
        """A standard and all its versions."""
        with self.sessions() as s:
            standard = self._standard(s, rule_id)
            return {
                "rule_id": standard.rule_id,
                "association": standard.association.code,
                "sector": standard.sector,
                "industry_code": standard.industry_code,
                "co_developers": standard.co_developers,
                "drafters": standard.drafters,
                "stakeholder_coverage": _coverage(s, standard.versions[-1]),
                "versions": [_version_summary(v) for v in standard.versions],
            }

    def history(self, rule_id: str) -> list[dict[str, Any]]:
        """The audit trail of a standard (and of its comments), oldest first."""
        with self.sessions() as s:
            records = s.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()
            return [_audit_dict(r) for r in records if r.standard == rule_id]

    def version_rule(self, rule_id: str, version: str | None = None) -> RuleStandard:
        """The rule text of a version (the current one by default)."""
        with self.sessions() as s:
            row = self._version(s, rule_id, version) if version else self._current(s, rule_id)
            return validate_rule(json.loads(row.rule_json))

    def comments(self, rule_id: str, version: str | None = None) -> list[dict[str, Any]]:
        """Comments and dispositions of a version (the current one by default)."""
        with self.sessions() as s:
            row = self._version(s, rule_id, version) if version else self._current(s, rule_id)
            return [
                {
                    "no": c.id,
                    "clause": c.clause,
                    "clause_no": clause_of(c.clause),  # as the text prints it: 5.4
                    "stakeholder": c.stakeholder.name,
                    "organisation": c.stakeholder.organisation,
                    "text": c.text,
                    "proposal": c.proposal,
                    "kind": c.kind,
                    "supporters": [given.stakeholder.name for given in c.supports],
                    "disposition": c.disposition,
                    "reason": c.reason,
                    "changed": _changed_clauses(row, c.id),
                }
                for c in row.comments
            ]

    def comments_by(self, person: str) -> list[dict[str, Any]]:
        """Every comment ``person`` made, on any standard and version, newest first.

        What a commenter reads to see how each of their comments was answered: the standard,
        the version and its state, the clause, the text and the disposition with its reason.
        """
        with self.sessions() as s:
            commenter = self._stakeholder(s, person)
            rows = s.scalars(
                select(Comment)
                .where(Comment.stakeholder_id == commenter.id)
                .order_by(Comment.id.desc())
            ).all()
            return [
                {
                    "no": c.id,
                    "rule_id": c.version.standard.rule_id,
                    "version": c.version.version,
                    "state": c.version.state,
                    "comment_closes": _iso(c.version.comment_closes),
                    "clause": c.clause,
                    "kind": c.kind,
                    "text": c.text,
                    "proposal": c.proposal,
                    "submitted": c.submitted.isoformat(),
                    "supporters": [given.stakeholder.name for given in c.supports],
                    "disposition": c.disposition,
                    "reason": c.reason,
                }
                for c in rows
            ]

    def stages(self, rule_id: str, version: str | None = None) -> list[dict[str, Any]]:
        """The stages of a version's text: each one's SHA-256 and clause diff to the one before."""
        with self.sessions() as s:
            row = self._version(s, rule_id, version) if version else self._current(s, rule_id)
            return [
                {
                    "stage": t.stage,
                    "name": " / ".join(workflow.TEXT_STAGES[t.stage]),
                    "at": t.at.isoformat(),
                    "sha256": t.sha256,
                    "changes": t.changes,
                }
                for t in row.stages
            ]

    def stage_text(
        self, rule_id: str, stage: str, version: str | None = None
    ) -> tuple[RuleStandard, datetime]:
        """The text of a version as it stood at ``stage`` (e.g. the 征求意见稿), and when.

        The latest record of that stage counts (a text sent back to drafting reaches a stage
        again); a stage the text has not reached is a RegistryError.
        """
        with self.sessions() as s:
            row = self._version(s, rule_id, version) if version else self._current(s, rule_id)
            kept = [t for t in row.stages if t.stage == stage]
            if not kept:
                zh, en = workflow.TEXT_STAGES.get(stage, (stage, stage))
                raise RegistryError(
                    zh=f"{rule_id} {row.version} 的文本尚无{zh}",
                    en=f"the text of {rule_id} {row.version} has no {en} yet",
                    location=Location(path="stage"),
                )
            return validate_rule(json.loads(kept[-1].rule_json)), kept[-1].at

    def revisions(self, rule_id: str, version: str | None = None) -> list[dict[str, Any]]:
        """The drafters' changes after public comment: clauses changed, comments answered."""
        with self.sessions() as s:
            row = self._version(s, rule_id, version) if version else self._current(s, rule_id)
            return [
                {
                    "at": r.at.isoformat(),
                    "before": r.before_sha256,
                    "after": r.after_sha256,
                    "clauses": r.clauses,
                    "answers": r.answers,
                }
                for r in row.revisions
            ]

    def votes(self, rule_id: str) -> list[dict[str, str]]:
        """The votes on the current version as they stand (the last of each voter's)."""
        with self.sessions() as s:
            return [
                {"stakeholder": v.stakeholder.name, "vote": v.vote, "reason": v.reason}
                for v in self._current(s, rule_id).votes
            ]

    def objections(self, rule_id: str) -> list[dict[str, Any]]:
        """The objections of the current version's review and where each stands."""
        with self.sessions() as s:
            return [
                {
                    "no": o.id,
                    "stakeholder": o.stakeholder.name,
                    "reason": o.reason,
                    "answer": o.answer,
                    "state": o.state,
                }
                for o in self._current(s, rule_id).objections
            ]

    def people(self) -> list[dict[str, Any]]:
        """Every registered stakeholder."""
        with self.sessions() as s:
            rows = s.scalars(select(Stakeholder).order_by(Stakeholder.name)).all()
            roles = s.scalars(select(Role).order_by(Role.id)).all()
            return [
                {
                    "name": p.name,
                    "organisation": p.organisation,
                    "category": p.category,
                    "roles": [f"{r.association.code}:{r.role}" for r in roles if r.person is p],
                }
                for p in rows
            ]

    def person_roles(self, person: str) -> dict[str, frozenset[str]]:
        """The roles ``person`` holds, by association code: what a page may offer them."""
        with self.sessions() as s:
            return roles_by_association(s, self._stakeholder(s, person).id)

    def associations(self) -> list[dict[str, Any]]:
        """Every registered association."""
        with self.sessions() as s:
            rows = s.scalars(select(Association).order_by(Association.code)).all()
            return [
                {
                    "code": a.code,
                    "name_zh": a.name_zh,
                    "name_en": a.name_en,
                    "vote_fallback": a.vote_fallback,
                    "public_comments": a.public_comments,
                }
                for a in rows
            ]

    def standards(self) -> list[dict[str, Any]]:
        """Every standard with its current version."""
        with self.sessions() as s:
            rows = s.scalars(select(Standard).order_by(Standard.rule_id)).all()
            return [
                {
                    "rule_id": st.rule_id,
                    "sector": st.sector,
                    "industry_code": st.industry_code,
                    **_version_summary(_live(st)),
                }
                for st in rows
            ]

    def standards_of(self, association: str) -> list[dict[str, Any]]:
        """The standards ``association`` runs, each by the version moving through the procedure.

        Unlike :meth:`standards` (a standard as the public finds it: its live version), a
        row is the newest version, the one its secretariat and drafters act on, with its
        title, its drafters, whether its text may be changed now (``editable``) and the
        number of its live version, if one is published.
        """
        with self.sessions() as s:
            body = self._association(s, association)
            rows = s.scalars(
                select(Standard)
                .where(Standard.association_id == body.id)
                .order_by(Standard.rule_id)
            ).all()
            now = self.clock()
            return [_working_row(st, now) for st in rows]

    def coverage(self, rule_id: str) -> dict[str, int]:
        """Stakeholders of each category who took part (drafting, comments, votes)."""
        with self.sessions() as s:
            return _coverage(s, self._current(s, rule_id))

    def verify(self) -> dict[str, Any]:
        """Recompute the audit chain and every published text's SHA-256; name what is wrong.

        Finds an audit record changed (its hash), removed or inserted (the chain breaks at
        the record after), a published text changed (its SHA-256 against the version's, the
        published stage's and the publish record's), and a standard whose current state is
        not the one its last audit record left (changed outside the registry, or its last
        record removed).
        """
        with self.sessions() as s:
            records = s.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()
            findings = _chain_findings(records)
            versions = s.scalars(select(Version).where(Version.frozen.is_(True))).all()
            for version in versions:
                findings += _text_findings(version, records)
            for standard in s.scalars(select(Standard).order_by(Standard.id)):
                last = [r for r in records if r.standard == standard.rule_id]
                if last and last[-1].after_hash != _state_hash(s, standard.rule_id):
                    findings.append(
                        _finding(
                            standard.rule_id,
                            f"“{standard.rule_id}”的现状与其最后一条审计记录不符（在登记簿之外被修改，"
                            "或最后一条记录被删除）",
                            f"'{standard.rule_id}' is not in the state its last audit record "
                            "left it in (changed outside the registry, or its last record "
                            "removed)",
                        )
                    )
            return {
                "audit_records": len(records),
                "published_versions": len(versions),
                "findings": findings,
            }

    # --- internals -------------------------------------------------------------------
    @contextmanager
    def _step(
        self,
        action: str,
        standard: str,
        version: str,
        detail: dict[str, Any] | None = None,
    ) -> Iterator[Session]:
        """One transaction: lock, check, change and audit record commit together, or nothing."""
        with database_refusals(), self.step_sessions() as s, s.begin():
            _lock(s, standard)
            self._acting = self.person or ""
            real = self.clock()
            self._now = self._time_of_record(s, standard, real)
            before = _state_hash(s, standard)
            yield s
            s.flush()
            self._record(s, action, standard, version, detail or {}, before, real)

    def _record(
        self,
        s: Session,
        action: str,
        standard: str,
        version: str,
        detail: dict[str, Any],
        before: str,
        real: datetime,
    ) -> None:
        """The step's audit record, the last write of its transaction, chained to the one before.

        Appending is serialised (PostgreSQL: a transaction-level advisory lock; SQLite holds
        its write lock already), so the chain never forks under concurrent writers.
        """
        s.expire_all()  # the state hash reads what the step wrote, not stale collections
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
        last = s.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)).first()
        record = AuditRecord(
            at=self._now,
            real_at=real,
            reason=self.backdate.reason.strip() if self.backdate else "",
            actor=self._acting,
            action=action,
            standard=standard,
            version=version,
            detail=_jsonable(detail),
            before_hash=before,
            after_hash=_state_hash(s, standard),
            prev_hash=last.row_hash if last is not None else chain.GENESIS,
            row_hash="",
        )
        s.add(record)
        s.flush()  # gives the id the hash covers
        record.row_hash = chain.record_hash(_audit_fields(record))
        s.flush()

    def _time_of_record(self, s: Session, standard: str, real: datetime) -> datetime:
        """The moment a step counts as taken: now, or a back-date the rules allow."""
        moment = real if self.backdate is None else self.backdate.at
        if self.backdate is not None:
            if moment > real:
                raise _err(
                    f"不能把步骤记录在将来（{moment:%Y-%m-%d %H:%M}，现在是 {real:%Y-%m-%d %H:%M}）",
                    f"a step cannot be recorded in the future ({moment:%Y-%m-%d %H:%M}; it is "
                    f"now {real:%Y-%m-%d %H:%M})",
                    "date",
                )
            if not self.backdate.reason.strip():
                raise _err(
                    "补记以往日期的步骤须说明理由", "a back-dated step needs a reason", "reason"
                )
        previous = s.scalar(
            select(func.max(AuditRecord.at)).where(AuditRecord.standard == standard)
        )
        if previous is not None and moment < previous:
            raise _err(
                f"步骤日期 {moment:%Y-%m-%d %H:%M} 早于该标准的上一步骤（{previous:%Y-%m-%d %H:%M}）",
                f"the step's date {moment:%Y-%m-%d %H:%M} is before the standard's previous "
                f"step ({previous:%Y-%m-%d %H:%M}): steps are recorded in order",
                "date",
            )
        return moment

    def _move(self, rule_id: str, step: str) -> None:
        with self._step(step.replace("_", "-"), rule_id, "") as s:
            version = self._current_as(s, rule_id, step.replace("_", "-"))
            version.state = workflow.target(step, version.state, "state")

    def _keep_stage(self, s: Session, version: Version, stage: str) -> None:
        """Keep the text as it stands at ``stage``, with its clause diff to the stage before."""
        previous = version.stages[-1].rule_json if version.stages else None
        changes = clause_diff(_rule_of(previous), _rule_of(version.rule_json)) if previous else []
        row = StageText(
            version_id=version.id,
            stage=stage,
            at=self._now,
            rule_json=version.rule_json,
            sha256=version.sha256,
            changes=_jsonable({"c": changes})["c"],
        )
        s.add(row)
        version.stages.append(row)

    def _authorise(
        self, s: Session, body: Association | None, roles: tuple[str, ...], step: str
    ) -> Stakeholder:
        """The person acting, registered and holding one of ``roles`` in ``body``.

        No role is needed where ``roles`` is empty; back-dating always needs the
        secretariat of the association concerned.
        """
        if not self.person:
            raise _refused(
                "未指明操作人：请以登记人员身份操作（--as 姓名）",
                "no person named for this step: act as a registered person (--as NAME)",
                "person",
            )
        person = s.scalar(select(Stakeholder).where(Stakeholder.name == self.person))
        if person is None:
            raise _refused(
                f"“{self.person}”不是登记人员（先以 pcfrules registry person 登记）",
                f"'{self.person}' is not a registered person (register with "
                "'pcfrules registry person')",
                "person",
            )
        held = _roles(s, person, body) if body is not None else set()
        code = body.code if body is not None else ""
        if self.backdate is not None and "secretariat" not in held:
            raise _refused(
                f"只有{code or '社会团体'}秘书处可以补记以往日期的步骤",
                f"only the secretariat of {code or 'an association'} may back-date a step",
                "date",
            )
        if roles and not held & set(roles):
            zh = "或".join(workflow.ROLES[r][0] for r in roles)
            en = " or ".join(workflow.ROLES[r][1] for r in roles)
            raise _refused(
                f"“{self.person}”不是 {code} 的{zh}，不能执行“{step}”",
                f"'{self.person}' is not {en} of {code}: '{step}' needs that role",
                "person",
            )
        return person

    def _current_as(self, s: Session, rule_id: str, step: str) -> Version:
        """The current version, for a step its association's secretariat takes."""
        version = self._current(s, rule_id)
        self._authorise(s, version.standard.association, SECRETARIAT, step)
        return version

    def _not_after_now(self, day: date, field: str) -> None:
        """A date a step reports (a list's, an evaluation's) has happened by the step."""
        if day > self._now.date():
            raise _err(
                f"日期 {day} 晚于该步骤的记录日期 {self._now:%Y-%m-%d}",
                f"the date {day} is after the step's time of record ({self._now:%Y-%m-%d})",
                field,
            )

    def _comment_standard(self, comment_id: int) -> str:
        """The standard a comment belongs to (what its step locks)."""
        with self.sessions() as s:
            found = s.get(Comment, comment_id)
            if found is None:
                raise _err(
                    f"没有编号为 {comment_id} 的意见",
                    f"no comment number {comment_id}",
                    "comment_id",
                )
            return found.version.standard.rule_id

    @staticmethod
    def _open_comment(s: Session, comment_id: int) -> Comment:
        """A comment whose disposition may still change (its version not past review)."""
        comment = s.get(Comment, comment_id)
        if comment is None:
            raise _err(
                f"没有编号为 {comment_id} 的意见", f"no comment number {comment_id}", "comment_id"
            )
        if comment.version.state not in {"public_comment", "technical_review"}:
            raise _err("该版本的意见处理已结束", "comments of this version are closed")
        return comment

    def _association(self, s: Session, code: str) -> Association:
        body = s.scalar(select(Association).where(Association.code == code))
        if body is None:
            raise _err(
                f"未登记的社会团体“{code}”", f"no association registered as '{code}'", "association"
            )
        return body

    def _stakeholder(self, s: Session, name: str) -> Stakeholder:
        person = s.scalar(select(Stakeholder).where(Stakeholder.name == name))
        if person is None:
            raise _err(
                f"未登记的相关方“{name}”", f"no stakeholder registered as '{name}'", "stakeholder"
            )
        return person

    def _standard(self, s: Session, rule_id: str) -> Standard:
        standard = s.scalar(select(Standard).where(Standard.rule_id == rule_id))
        if standard is None:
            raise _err(
                f"登记簿中没有标准“{rule_id}”",
                f"no standard '{rule_id}' in the registry",
                "rule_id",
            )
        return standard

    def _current(self, s: Session, rule_id: str) -> Version:
        """The version moving through the procedure: the newest one."""
        return self._standard(s, rule_id).versions[-1]

    def _version(self, s: Session, rule_id: str, version: str) -> Version:
        for row in self._standard(s, rule_id).versions:
            if row.version == version:
                return row
        raise _err(f"没有版本 {version}", f"no version {version} of '{rule_id}'", "version")

    def _next_number(self, s: Session, standard: Standard, year: int) -> str:
        _lock_association(s, standard.association_id)
        code = standard.association.code
        prefix = f"T/{code} "
        numbers = s.scalars(select(Version.number).where(Version.number.like(f"{prefix}%"))).all()
        leading = (re.match(r"\d+", n[len(prefix) :]) for n in numbers if n)
        sequence = max((int(m.group()) for m in leading if m), default=0) + 1
        return f"{prefix}{sequence}—{year}"

    def _require_co_approvals(self, s: Session, version: Version) -> None:
        given = set(
            s.scalars(
                select(CoApproval.association_code).where(CoApproval.version_id == version.id)
            )
        )
        missing = sorted(set(version.standard.co_developers) - given)
        if missing:
            raise _err(
                f"共同制定的社会团体尚未批准：{', '.join(missing)}",
                f"co-developing associations have not approved: {', '.join(missing)}",
                "co_developers",
            )

    @staticmethod
    def _supersede_older(version: Version) -> None:
        for older in version.standard.versions:
            if older is not version and older.state in workflow.LIVE:
                older.state = "superseded"


@contextmanager
def database_refusals() -> Iterator[None]:
    """A write the database refuses (a duplicate, a busy or lost database) as a bilingual error.

    Wraps a whole transaction, its commit included, so what is refused has written nothing.
    """
    try:
        yield
    except IntegrityError as exc:
        raise _err(
            "与已有记录冲突（名称或编号重复）",
            "conflicts with an existing record (duplicate name, role or number)",
        ) from exc
    except OperationalError as exc:
        raise _err(
            "登记簿数据库忙或无法访问，该步骤未执行，请重试",
            f"the registry database is busy or cannot be reached; the step was not "
            f"taken, try again ({type(exc.orig).__name__})",
        ) from exc


def roles_by_association(s: Session, person_id: int) -> dict[str, frozenset[str]]:
    """The roles a person holds, by association code (an account's view, a page's offer)."""
    held: dict[str, set[str]] = {}
    rows = s.execute(
        select(Association.code, Role.role)
        .join(Role, Role.association_id == Association.id)
        .where(Role.person_id == person_id)
    )
    for code, role in rows:
        held.setdefault(code, set()).add(role)
    return {code: frozenset(roles) for code, roles in sorted(held.items())}


def _require_commenter(s: Session, body: Association, person: Stakeholder) -> None:
    """A stakeholder of ``body``, or anyone registered where it takes public comments."""
    if not body.public_comments and "stakeholder" not in _roles(s, person, body):
        raise _refused(
            f"“{person.name}”不是 {body.code} 的相关方（该团体只接受相关方的意见）",
            f"'{person.name}' is not a stakeholder of {body.code} (it takes comments "
            "from its stakeholders only)",
            "stakeholder",
        )


def _new_version(standard: Standard, rule: RuleStandard, state: str) -> Version:
    text, sha = _canonical(rule)
    return Version(
        standard=standard,
        version=rule.identity.version,
        state=state,
        rule_json=text,
        sha256=sha,
        frozen=False,
    )


def _canonical(rule: RuleStandard) -> tuple[str, str]:
    text = rule.canonical_json()
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rule_of(text: str) -> RuleStandard:
    return validate_rule(json.loads(text))


def _editable(version: Version, now: datetime) -> bool:
    """Drafting, or after public comment closed and before review (never a frozen text)."""
    closes = version.comment_closes
    after_comment = version.state == "public_comment" and closes is not None and now >= closes
    return not version.frozen and (version.state in workflow.EDITABLE or after_comment)


def _working_row(standard: Standard, now: datetime) -> dict[str, Any]:
    """A standard as its association works on it: the newest version, its title, its live one."""
    current = standard.versions[-1]
    live = _live(standard)
    title = json.loads(current.rule_json)["identity"]["title"]
    return {
        "rule_id": standard.rule_id,
        "sector": standard.sector,
        "drafters": list(standard.drafters),
        "title_zh": title["zh"],
        "title_en": title["en"],
        "editable": _editable(current, now),
        "live_number": live.number if live.state in workflow.LIVE else None,
        **_version_summary(current),
    }


def _changed_clauses(version: Version, comment_id: int) -> list[str]:
    """The clauses changed by the revisions that answer a comment."""
    found = (r.clauses for r in version.revisions if comment_id in r.answers)
    return sorted({clause for clauses in found for clause in clauses})


def _accepted_without_change(version: Version, comment: Comment) -> bool:
    accepted = comment.disposition in ("accepted", "partly_accepted")
    return accepted and not _changed_clauses(version, comment.id)


def _require_conformance(version: Version) -> None:
    findings = check.run(validate_rule(json.loads(version.rule_json)))
    errors = [f.code for f in findings if f.severity == "error"]
    if errors:
        raise _err(
            f"规则未通过符合性检查（{len(errors)} 项错误：{', '.join(errors[:5])}）",
            f"the rule fails the conformance check ({len(errors)} error(s): "
            f"{', '.join(errors[:5])})",
            "rule",
        )


def _require_clause(version: Version, clause: str) -> None:
    """A comment's clause is a field path that exists in the rule, at any depth."""
    if not workflow.clause_exists(json.loads(version.rule_json), clause):
        raise _err(
            f"规则中没有条款“{clause}”",
            f"the rule has no clause '{clause}' (use a field path such as boundary.cut_off "
            "or inventory.parameters[clinker_ratio])",
            "clause",
        )


def _roles(s: Session, person: Stakeholder, body: Association) -> set[str]:
    """The roles ``person`` holds in ``body``."""
    rows = s.scalars(
        select(Role.role).where(Role.person_id == person.id, Role.association_id == body.id)
    )
    return set(rows)


def _lock(s: Session, rule_id: str) -> None:
    """Lock the standard's row for the step (PostgreSQL; SQLite holds its write lock)."""
    s.execute(select(Standard.id).where(Standard.rule_id == rule_id).with_for_update())


def _lock_association(s: Session, association_id: int) -> None:
    """Lock the association while a number in its sequence is given."""
    s.execute(select(Association.id).where(Association.id == association_id).with_for_update())


def _tally(version: Version) -> dict[str, Any]:
    """The votes as they stand; consensus means no sustained objection."""
    yes = sum(v.vote == "yes" for v in version.votes)
    no = sum(v.vote == "no" for v in version.votes)
    cast = yes + no
    sustained = [o.id for o in version.objections if o.state == "sustained"]
    return {
        "yes": yes,
        "no": no,
        "abstain": len(version.votes) - cast,
        "pending_objections": [o.id for o in version.objections if o.state in workflow.PENDING],
        "sustained_objections": sustained,
        "consensus": cast > 0 and not sustained,
        "three_quarters": cast > 0 and 4 * yes >= 3 * cast,
    }


def _coverage(s: Session, version: Version) -> dict[str, int]:
    names = (
        set(version.standard.drafters)
        | {c.stakeholder.name for c in version.comments}
        | {v.stakeholder.name for v in version.votes}
    )
    people = (
        s.scalars(select(Stakeholder).where(Stakeholder.name.in_(names))).all() if names else []
    )
    return {
        category: sum(p.category == category for p in people) for category in workflow.CATEGORIES
    }


def _live(standard: Standard) -> Version:
    for version in reversed(standard.versions):
        if version.state in workflow.LIVE:
            return version
    return standard.versions[-1]


def _version_summary(v: Version) -> dict[str, Any]:
    return {
        "version": v.version,
        "state": v.state,
        "number": v.number,
        "sha256": v.sha256,
        "frozen": v.frozen,
        "issue_date": _iso(v.issue_date),
        "implementation_date": _iso(v.implementation_date),
        "comment_closes": _iso(v.comment_closes),
        "recommended": v.recommended_batch,
        "adopted_number": v.adopted_number,
        "adopted_level": v.adopted_level,
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _finding(where: str, zh: str, en: str) -> dict[str, str]:
    return {"where": where, "zh": zh, "en": en}


def _chain_findings(records: Sequence[AuditRecord]) -> list[dict[str, str]]:
    """Each record whose content or link to the one before does not hold."""
    findings = []
    previous: AuditRecord | None = None
    for record in records:
        expected = previous.row_hash if previous is not None else chain.GENESIS
        where = f"audit {record.id}"
        if record.prev_hash != expected:
            first, last = (previous.id + 1 if previous else 1), record.id - 1
            gap = str(first) if first == last else f"{first}–{last}"
            missing = record.id - (previous.id if previous else 0) > 1
            findings.append(
                _finding(
                    where,
                    f"审计记录 {record.id} 之前的记录"
                    + (f"（{gap}）被删除" if missing else "被改动或插入"),
                    f"the chain breaks before audit record {record.id}: "
                    + (
                        f"record(s) {gap} removed"
                        if missing
                        else "the record before it was changed, or one was inserted"
                    ),
                )
            )
        if chain.record_hash(_audit_fields(record)) != record.row_hash:
            findings.append(
                _finding(
                    where,
                    f"审计记录 {record.id}（{record.action}，{record.standard}）的内容被改动",
                    f"audit record {record.id} ({record.action}, {record.standard}) was "
                    "changed: its content does not match its hash",
                )
            )
        previous = record
    return findings


def _text_findings(version: Version, records: Sequence[AuditRecord]) -> list[dict[str, str]]:
    """A published text whose SHA-256 is no longer the one it was published with."""
    actual = hashlib.sha256(version.rule_json.encode("utf-8")).hexdigest()
    published = [
        r.detail.get("sha256")
        for r in records
        if r.action == "publish"
        and r.standard == version.standard.rule_id
        and r.detail.get("version") == version.version
    ]
    stage = [t.sha256 for t in version.stages if t.stage == "published"]
    recorded = {h for h in (version.sha256, *published, *stage) if isinstance(h, str)}
    if recorded == {actual}:
        return []
    name = f"{version.number or version.standard.rule_id} ({version.standard.rule_id} "
    name += f"{version.version})"
    return [
        _finding(
            name,
            f"已发布文本 {name} 被改动：存储文本的 SHA-256 为 {actual[:16]}…，"
            f"发布时为 {', '.join(sorted(h[:16] + '…' for h in recorded))}",
            f"the published text of {name} was changed: its stored text hashes to "
            f"{actual[:16]}…, it was published as "
            f"{', '.join(sorted(h[:16] + '…' for h in recorded))}",
        )
    ]


def _audit_fields(r: AuditRecord) -> dict[str, Any]:
    """What a record's hash covers."""
    return {name: getattr(r, name) for name in chain.FIELDS}


def _audit_dict(r: AuditRecord) -> dict[str, Any]:
    return {
        "at": r.at.isoformat(),
        "real_at": r.real_at.isoformat(),
        "reason": r.reason,
        "actor": r.actor,
        "action": r.action,
        "version": r.version,
        "detail": r.detail,
        "before": r.before_hash,
        "after": r.after_hash,
        "hash": r.row_hash,
    }


def _jsonable(detail: dict[str, Any]) -> dict[str, Any]:
    plain: dict[str, Any] = json.loads(json.dumps(detail, default=str))
    return plain


def _state_hash(s: Session, rule_id: str) -> str:
    """SHA-256 of a standard's versions as they stand (or of nothing, before it exists)."""
    standard = s.scalar(select(Standard).where(Standard.rule_id == rule_id))
    if standard is None:
        return hashlib.sha256(b"").hexdigest()
    s.flush()
    rows = [
        _version_summary(v) | {"comments": len(v.comments), "votes": len(v.votes)}
        for v in standard.versions
    ]
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
