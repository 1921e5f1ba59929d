"""The platform: accounts and sessions, comment kinds and support, spaces, studies, jobs.

- ``comments.kind`` (ge general / te technical / ed editorial) and ``comment_supports``;
- ``accounts`` (Argon2 password hashes), ``invitations``, ``web_sessions``, ``api_tokens``
  and ``login_failures`` (rate limiting);
- ``organisations`` (enterprises, verifiers), ``memberships``, ``kept_studies``;
- ``jobs`` (long work on Dask: state, progress, the result or why it failed).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _fk(name: str, target: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey(target), nullable=nullable)


def upgrade() -> None:
    """Add the platform's tables and the comments' kind."""
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("kind", sa.String(2), nullable=False, server_default="te"))
    op.create_table(
        "comment_supports",
        _id(),
        _fk("comment_id", "comments.id"),
        _fk("stakeholder_id", "stakeholders.id"),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("comment_id", "stakeholder_id"),
    )
    _accounts()
    _spaces()
    _jobs()


def _accounts() -> None:
    op.create_table(
        "accounts",
        _id(),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("stakeholders.id"), unique=True),
        sa.Column("login", sa.String(200), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "invitations",
        _id(),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        _fk("association_id", "associations.id"),
        sa.Column("role", sa.String(20), nullable=False),
        _fk("invited_by_id", "stakeholders.id"),
        sa.Column("note", sa.String(200), nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("expires", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime, nullable=True),
        _fk("used_by_id", "stakeholders.id", nullable=True),
    )
    op.create_table(
        "web_sessions",
        _id(),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        _fk("account_id", "accounts.id"),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("expires", sa.DateTime, nullable=False),
    )
    op.create_table(
        "api_tokens",
        _id(),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        _fk("account_id", "accounts.id"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=True, unique=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("expires", sa.DateTime, nullable=True),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "login_failures",
        _id(),
        sa.Column("login", sa.String(200), nullable=False, index=True),
        sa.Column("address", sa.String(64), nullable=False, index=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
    )


def _spaces() -> None:
    op.create_table(
        "organisations",
        _id(),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "memberships",
        _id(),
        _fk("organisation_id", "organisations.id"),
        _fk("person_id", "stakeholders.id"),
        sa.Column("role", sa.String(20), nullable=False, server_default="member"),
        sa.UniqueConstraint("organisation_id", "person_id"),
    )
    op.create_table(
        "kept_studies",
        _id(),
        _fk("organisation_id", "organisations.id"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("rule_id", sa.String(80), nullable=False),
        sa.Column("rule_version", sa.String(20), nullable=False),
        _fk("created_by_id", "stakeholders.id"),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
        sa.Column("source_name", sa.String(200), nullable=False),
        sa.Column("source_bytes", sa.LargeBinary, nullable=False),
        sa.Column("study_json", sa.Text, nullable=False, server_default=""),
        sa.Column("findings", sa.JSON, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False, server_default=""),
        sa.Column("published", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("pact_id", sa.String(36), nullable=True, unique=True),
        sa.Column("shared_with", sa.JSON, nullable=False),
    )


def _jobs() -> None:
    op.create_table(
        "jobs",
        _id(),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False, server_default=""),
        sa.Column("organisation_id", sa.Integer, nullable=True, index=True),
        _fk("person_id", "stakeholders.id", nullable=True),
        sa.Column("state", sa.String(10), nullable=False, server_default="queued"),
        sa.Column("progress", sa.Float, nullable=False, server_default="0"),
        sa.Column("step_zh", sa.String(200), nullable=False, server_default=""),
        sa.Column("step_en", sa.String(200), nullable=False, server_default=""),
        sa.Column("error_zh", sa.Text, nullable=False, server_default=""),
        sa.Column("error_en", sa.Text, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("started", sa.DateTime, nullable=True),
        sa.Column("finished", sa.DateTime, nullable=True),
        sa.Column("result_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("result_type", sa.String(100), nullable=False, server_default=""),
        sa.Column("result_bytes", sa.LargeBinary, nullable=True),
    )


def downgrade() -> None:
    """Drop them."""
    for table in (
        "jobs",
        "kept_studies",
        "memberships",
        "organisations",
        "login_failures",
        "api_tokens",
        "web_sessions",
        "invitations",
        "accounts",
        "comment_supports",
    ):
        op.drop_table(table)
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("kind")
