"""SQLAlchemy 2 models of the registry: standards, versions, people, comments, reviews, audit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every registry table."""


class Association(Base):
    """A standards body (社会团体) that develops group standards under its own code."""

    __tablename__ = "associations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    vote_fallback: Mapped[bool] = mapped_column(Boolean, default=False)  # ¾ vote if no consensus
    public_comments: Mapped[bool] = mapped_column(Boolean, default=False)  # the public may comment


class Stakeholder(Base):
    """A registered person, under one of the guide's seven categories (of their organisation).

    What a person may do comes from their ``Role`` in each association.
    """

    __tablename__ = "stakeholders"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    organisation: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))


class Role(Base):
    """A person's role in an association: secretariat, drafter, reviewer or stakeholder."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("person_id", "association_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"))
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    role: Mapped[str] = mapped_column(String(20))
    person: Mapped[Stakeholder] = relationship()
    association: Mapped[Association] = relationship()


class Standard(Base):
    """A rule standard across its versions (one catalogue id)."""

    __tablename__ = "standards"
    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(80), unique=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    sector: Mapped[str] = mapped_column(String(80))
    industry_code: Mapped[str] = mapped_column(String(10))
    co_developers: Mapped[list[str]] = mapped_column(JSON, default=list)  # association codes
    drafters: Mapped[list[str]] = mapped_column(JSON, default=list)  # stakeholder names
    association: Mapped[Association] = relationship()
    versions: Mapped[list[Version]] = relationship(back_populates="standard", order_by="Version.id")


class Version(Base):
    """One version of a standard, carried through the procedure."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("standard_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standards.id"))
    version: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(30))
    rule_json: Mapped[str] = mapped_column(Text)  # canonical JSON of the rule
    sha256: Mapped[str] = mapped_column(String(64))
    frozen: Mapped[bool] = mapped_column(Boolean, default=False)
    number: Mapped[str | None] = mapped_column(String(60), unique=True, nullable=True)
    issue_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    implementation_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    comment_opened: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    comment_closes: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    recommended_batch: Mapped[str | None] = mapped_column(String(60), nullable=True)
    recommended_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    adopted_number: Mapped[str | None] = mapped_column(String(60), unique=True, nullable=True)
    adopted_level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    standard: Mapped[Standard] = relationship(back_populates="versions")
    comments: Mapped[list[Comment]] = relationship(back_populates="version", order_by="Comment.id")
    votes: Mapped[list[Vote]] = relationship(back_populates="version", order_by="Vote.id")
    objections: Mapped[list[Objection]] = relationship(
        back_populates="version", order_by="Objection.id"
    )
    stages: Mapped[list[StageText]] = relationship(order_by="StageText.id")
    revisions: Mapped[list[Revision]] = relationship(order_by="Revision.id")


class StageText(Base):
    """The text of a version as it stood at a stage (征求意见稿, 送审稿, 报批稿, published)."""

    __tablename__ = "stage_texts"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    stage: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(DateTime)
    rule_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # clause diff to the stage before


class Revision(Base):
    """A change of the text by the drafters: the clauses it changed, the comments it answers."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    before_sha256: Mapped[str] = mapped_column(String(64))
    after_sha256: Mapped[str] = mapped_column(String(64))
    clauses: Mapped[list[str]] = mapped_column(JSON)
    answers: Mapped[list[int]] = mapped_column(JSON)  # comment numbers


class Comment(Base):
    """A clause-level comment of the public comment period, and its disposition."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"))
    clause: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    proposal: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(2), default="te")  # ge / te / ed (workflow.KINDS)
    submitted: Mapped[datetime] = mapped_column(DateTime)
    disposition: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[Version] = relationship(back_populates="comments")
    # Loaded with the comments, in one query each, not one per comment: the disposition
    # table, the comment page and the coverage read every comment's person and supporters.
    stakeholder: Mapped[Stakeholder] = relationship(lazy="selectin")
    supports: Mapped[list[CommentSupport]] = relationship(
        order_by="CommentSupport.id", lazy="selectin"
    )


class CommentSupport(Base):
    """Another person's support of a comment (附议): one per person and comment."""

    __tablename__ = "comment_supports"
    __table_args__ = (UniqueConstraint("comment_id", "stakeholder_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"))
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    stakeholder: Mapped[Stakeholder] = relationship(lazy="selectin")


class Vote(Base):
    """A technical-review participant's vote (drafters do not vote)."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("version_id", "stakeholder_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"))
    vote: Mapped[str] = mapped_column(String(10))  # yes / no / abstain
    reason: Mapped[str] = mapped_column(Text, default="")  # why (a "no" must say)
    version: Mapped[Version] = relationship(back_populates="votes")
    stakeholder: Mapped[Stakeholder] = relationship(lazy="selectin")


class Objection(Base):
    """A reviewer's objection (a "no" and its reason) and how it ended.

    open → answered (by the drafters) → withdrawn (by the voter) or sustained (recorded by
    the secretariat); an open or answered objection is still pending.
    """

    __tablename__ = "objections"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"))
    reason: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20))
    version: Mapped[Version] = relationship(back_populates="objections")
    stakeholder: Mapped[Stakeholder] = relationship(lazy="selectin")


class CoApproval(Base):
    """A co-developing association's approval of a cross-domain standard version."""

    __tablename__ = "co_approvals"
    __table_args__ = (UniqueConstraint("version_id", "association_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    association_code: Mapped[str] = mapped_column(String(20))


class Evaluation(Base):
    """An implementation evaluation (实施评估) of a published version."""

    __tablename__ = "evaluations"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    on: Mapped[date] = mapped_column(Date)
    conclusion: Mapped[str] = mapped_column(String(20))  # keep / revise / withdraw
    findings: Mapped[str] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)


class AuditRecord(Base):
    """Append-only trail: who did what, when, and the state hash before and after.

    ``at`` is the time of record (the registry's clock, or the earlier date a back-dated
    step happened on); ``real_at`` is when the registry took the step; ``reason`` says why a
    step was back-dated (empty when it was not). The records form a hash chain
    (``registry.chain``): ``verify`` finds a record changed, removed or inserted.
    """

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    real_at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    standard: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    before_hash: Mapped[str] = mapped_column(String(64))
    after_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))  # row_hash of the record before
    row_hash: Mapped[str] = mapped_column(String(64))  # chain.record_hash of this record


class Account(Base):
    """How a registered person signs in: a login and an Argon2 hash of the password.

    One account per person; the person's roles (``Role``) say what the account may do.
    """

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"), unique=True)
    login: Mapped[str] = mapped_column(String(200), unique=True)  # lower-cased e-mail or name
    password_hash: Mapped[str] = mapped_column(String(200))
    created: Mapped[datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    person: Mapped[Stakeholder] = relationship()


class Invitation(Base):
    """A secretariat's invitation to take a role in its association (single use, expiring).

    Only the SHA-256 of the invitation's token is kept; the token itself is shown once.
    """

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    role: Mapped[str] = mapped_column(String(20))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"))
    note: Mapped[str] = mapped_column(String(200), default="")  # whom it is for (shown)
    created: Mapped[datetime] = mapped_column(DateTime)
    expires: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id"), nullable=True)
    association: Mapped[Association] = relationship()


class WebSession(Base):
    """A signed-in browser: the SHA-256 of its cookie's token, its CSRF token, its expiry."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(DateTime)
    expires: Mapped[datetime] = mapped_column(DateTime)
    account: Mapped[Account] = relationship()


class ApiToken(Base):
    """A bearer token of a machine client (REST API), or a PACT access token (expiring).

    ``client_id`` is set on a PACT client's credentials (its secret is the token); access
    tokens the PACT auth flow issues have ``expires`` set. Only SHA-256 digests are kept.
    """

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    name: Mapped[str] = mapped_column(String(100))
    client_id: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime)
    expires: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    account: Mapped[Account] = relationship()


class LoginFailure(Base):
    """A failed sign-in, kept to rate-limit guessing (by login and by address)."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
