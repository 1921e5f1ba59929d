"""The registry clock: each audit record keeps the real time beside the recorded one.

A step brought in from a paper procedure is recorded at the date it happened (``at``);
``real_at`` is when the registry took it, and ``reason`` why it was back-dated. Rows made
before this migration were recorded at the time they were taken: ``real_at`` is their ``at``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``real_at`` (filled from ``at``) and ``reason`` to the audit trail."""
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("real_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("reason", sa.Text, nullable=False, server_default=""))
    op.execute("UPDATE audit SET real_at = at")
    with op.batch_alter_table("audit") as batch:
        batch.alter_column("real_at", existing_type=sa.DateTime, nullable=False)


def downgrade() -> None:
    """Drop the two columns."""
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("reason")
        batch.drop_column("real_at")
