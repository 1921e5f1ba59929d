"""Votes and objections: a "no" carries its reason and opens an objection.

An objection stays open until the drafters answer it and the voter withdraws it, or the
secretariat records it as sustained; consensus means no sustained objection.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``votes.reason`` and the ``objections`` table."""
    with op.batch_alter_table("votes") as batch:
        batch.add_column(sa.Column("reason", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "objections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("stakeholder_id", sa.Integer, sa.ForeignKey("stakeholders.id"), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False, server_default=""),
        sa.Column("state", sa.String(20), nullable=False),
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_table("objections")
    with op.batch_alter_table("votes") as batch:
        batch.drop_column("reason")
