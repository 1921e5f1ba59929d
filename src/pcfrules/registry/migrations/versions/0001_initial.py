"""The registry's first schema: standards, versions, stakeholders, comments, votes, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "associations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("vote_fallback", sa.Boolean, nullable=False),
    )
    op.create_table(
        "stakeholders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
    )
    op.create_table(
        "standards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("rule_id", sa.String(80), nullable=False, unique=True),
        sa.Column("association_id", sa.Integer, sa.ForeignKey("associations.id"), nullable=False),
        sa.Column("sector", sa.String(80), nullable=False),
        sa.Column("industry_code", sa.String(10), nullable=False),
        sa.Column("co_developers", sa.JSON, nullable=False),
        sa.Column("drafters", sa.JSON, nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("standard_id", sa.Integer, sa.ForeignKey("standards.id"), nullable=False),
        sa.Column("version", sa.String(20), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("rule_json", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("frozen", sa.Boolean, nullable=False),
        sa.Column("number", sa.String(60), unique=True),
        sa.Column("issue_date", sa.Date),
        sa.Column("implementation_date", sa.Date),
        sa.Column("comment_opened", sa.DateTime),
        sa.Column("comment_closes", sa.DateTime),
        sa.Column("recommended_batch", sa.String(60)),
        sa.Column("recommended_date", sa.Date),
        sa.Column("adopted_number", sa.String(60), unique=True),
        sa.Column("adopted_level", sa.String(20)),
        sa.UniqueConstraint("standard_id", "version"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("stakeholder_id", sa.Integer, sa.ForeignKey("stakeholders.id"), nullable=False),
        sa.Column("clause", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("proposal", sa.Text, nullable=False),
        sa.Column("submitted", sa.DateTime, nullable=False),
        sa.Column("disposition", sa.String(20)),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("stakeholder_id", sa.Integer, sa.ForeignKey("stakeholders.id"), nullable=False),
        sa.Column("vote", sa.String(10), nullable=False),
        sa.UniqueConstraint("version_id", "stakeholder_id"),
    )
    op.create_table(
        "co_approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("association_code", sa.String(20), nullable=False),
        sa.UniqueConstraint("version_id", "association_code"),
    )
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("conclusion", sa.String(20), nullable=False),
        sa.Column("findings", sa.Text, nullable=False),
        sa.Column("score", sa.Float),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("standard", sa.String(80), nullable=False),
        sa.Column("version", sa.String(20), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.Column("before_hash", sa.String(64), nullable=False),
        sa.Column("after_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    """Drop every table."""
    for table in (
        "audit",
        "evaluations",
        "co_approvals",
        "votes",
        "comments",
        "versions",
        "standards",
        "stakeholders",
        "associations",
    ):
        op.drop_table(table)
