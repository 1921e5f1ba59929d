"""A record that cannot be altered unseen: the audit trail becomes a hash chain.

Each audit record gets ``prev_hash`` (the hash of the record before it) and ``row_hash``
(``registry.chain.record_hash`` of its content, ``prev_hash`` included). Existing records
are chained in the order they were written.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pcfrules.registry.chain import GENESIS, record_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

AUDIT = sa.table(
    "audit",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("real_at", sa.DateTime),
    sa.column("reason", sa.Text),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("standard", sa.String),
    sa.column("version", sa.String),
    sa.column("detail", sa.JSON),
    sa.column("before_hash", sa.String),
    sa.column("after_hash", sa.String),
    sa.column("prev_hash", sa.String),
    sa.column("row_hash", sa.String),
)


def upgrade() -> None:
    """Add the two columns and chain the records already there."""
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("row_hash", sa.String(64), nullable=False, server_default=""))
    bind = op.get_bind()
    previous = GENESIS
    for row in bind.execute(sa.select(AUDIT).order_by(AUDIT.c.id)).mappings().all():
        record = dict(row) | {"prev_hash": previous}
        previous = record_hash(record)
        bind.execute(
            AUDIT.update()
            .where(AUDIT.c.id == row["id"])
            .values(prev_hash=record["prev_hash"], row_hash=previous)
        )


def downgrade() -> None:
    """Drop the chain."""
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
