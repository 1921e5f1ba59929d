"""Who acts: roles of registered persons per association, and public comments.

A person (a row of ``stakeholders``, registered under one of the seven categories) holds
roles in associations: secretariat, drafter, reviewer, stakeholder. An association may let
the public (any registered person) comment.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the ``roles`` table and ``associations.public_comments``."""
    op.create_table(
        "roles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("stakeholders.id"), nullable=False),
        sa.Column("association_id", sa.Integer, sa.ForeignKey("associations.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.UniqueConstraint("person_id", "association_id", "role"),
    )
    with op.batch_alter_table("associations") as batch:
        batch.add_column(
            sa.Column("public_comments", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("associations") as batch:
        batch.drop_column("public_comments")
    op.drop_table("roles")
