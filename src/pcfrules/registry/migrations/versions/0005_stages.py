"""Stages of the text: each stage's text kept, and the drafters' revisions between them.

征求意见稿 (comment draft) → 送审稿 (review draft) → 报批稿 (approval draft) → published:
each stage keeps its text, its SHA-256 and the clause diff to the stage before. A revision
made after public comment closes records the clauses it changed and the comments it answers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``stage_texts`` and ``revisions``."""
    op.create_table(
        "stage_texts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("stage", sa.String(30), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("rule_json", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("before_sha256", sa.String(64), nullable=False),
        sa.Column("after_sha256", sa.String(64), nullable=False),
        sa.Column("clauses", sa.JSON, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_table("revisions")
    op.drop_table("stage_texts")
