"""Tables of the spaces: organisations, their members, and the studies they keep.

An organisation is an enterprise (it computes and declares footprints) or a verifier (it
reads the studies an enterprise shares with it). A study is kept with the file it came from
(the filled workbook, or study YAML/JSON), the findings of its check, and its result once
computed; a published study's footprint is served by the PACT API under ``pact_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pcfrules.registry.models import Base, Stakeholder

KINDS = {
    "enterprise": ("企业", "enterprise"),
    "verifier": ("核查机构", "verifier"),
}


class Organisation(Base):
    """An enterprise's or a verifier's space."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # KINDS
    created: Mapped[datetime] = mapped_column(DateTime)


class Membership(Base):
    """A person's place in an organisation (``admin`` may add members)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("organisation_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"))
    role: Mapped[str] = mapped_column(String(20), default="member")  # member / admin
    organisation: Mapped[Organisation] = relationship()
    person: Mapped[Stakeholder] = relationship()


class KeptStudy(Base):
    """A study an organisation keeps: its source file, its check, its result."""

    __tablename__ = "kept_studies"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(200))
    rule_id: Mapped[str] = mapped_column(String(80))
    rule_version: Mapped[str] = mapped_column(String(20))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id"))
    created: Mapped[datetime] = mapped_column(DateTime)
    updated: Mapped[datetime] = mapped_column(DateTime)
    source_name: Mapped[str] = mapped_column(String(200))  # the uploaded file's name
    source_bytes: Mapped[bytes] = mapped_column(LargeBinary)
    study_json: Mapped[str] = mapped_column(Text, default="")  # the Study read from it
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    result_json: Mapped[str] = mapped_column(Text, default="")  # the Result, once computed
    published: Mapped[bool] = mapped_column(Boolean, default=False)  # served by /3/footprints
    pact_id: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)
    shared_with: Mapped[list[str]] = mapped_column(JSON, default=list)  # verifier codes
    organisation: Mapped[Organisation] = relationship()
