"""Background databases: imported releases of ILCD databases (TianGong and others).

- ``bg_databases``: one row per release (name, release, source, licence, the digest of the
  files read, when it was imported, how many records of each kind), unique by name and
  release;
- ``bg_flows``, ``bg_processes``, ``bg_exchanges``, ``bg_methods``, ``bg_factors``,
  ``bg_problems``, ``bg_links``: its records, keyed by the release and the dataset's UUID
  (exchanges, problems and links by their position too).

The tables are written and read by ``pcfrules.background.store``, which the registry may not
import; they are spelled out here, and a test compares the migrated schema with the store's
own metadata so the two never drift.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

KEY = 100  # length of an identifier column (ILCD UUIDs have 36 characters)


def _key(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(KEY), nullable=False)


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text, nullable=False)


def _database_id(table: str) -> sa.Column[int]:
    return sa.Column(
        "database_id",
        sa.Integer,
        sa.ForeignKey("bg_databases.id", name=f"fk_{table}_database"),
        nullable=False,
    )


def upgrade() -> None:
    """Create the background tables."""
    op.create_table(
        "bg_databases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("release", sa.String(100), nullable=False),
        _text("source"),
        _text("licence"),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.UniqueConstraint("name", "release", name="uq_bg_databases_name_release"),
    )
    _datasets()
    _inventories()
    _readiness()


def _datasets() -> None:
    op.create_table(
        "bg_flows",
        _database_id("bg_flows"),
        _key("uuid"),
        sa.Column("kind", sa.String(20), nullable=False),
        _text("name_en"),
        _text("name_zh"),
        _key("unit"),
        _text("quantity"),
        _key("cas"),
        _text("category"),
        _key("gas"),
        _key("origin"),
        sa.PrimaryKeyConstraint("database_id", "uuid", name="pk_bg_flows"),
    )
    op.create_table(
        "bg_processes",
        _database_id("bg_processes"),
        _key("uuid"),
        _key("version"),
        _text("name_en"),
        _text("name_zh"),
        _key("location"),
        _text("classification"),
        _key("kind"),
        sa.Column("year", sa.Integer, nullable=True),
        _key("reference"),
        sa.Column("reference_amount", sa.Float, nullable=False),
        _text("licence"),
        sa.PrimaryKeyConstraint("database_id", "uuid", name="pk_bg_processes"),
    )
    op.create_index("ix_bg_processes_name_en", "bg_processes", ["database_id", "name_en"])
    op.create_index("ix_bg_processes_name_zh", "bg_processes", ["database_id", "name_zh"])
    op.create_index("ix_bg_processes_location", "bg_processes", ["database_id", "location"])


def _inventories() -> None:
    op.create_table(
        "bg_exchanges",
        sa.Column("database_id", sa.Integer, nullable=False),
        _key("process"),
        sa.Column("position", sa.Integer, nullable=False),
        _key("flow"),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("amount", sa.Float, nullable=False),
        sa.Column("reference", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("database_id", "process", "position", name="pk_bg_exchanges"),
        sa.ForeignKeyConstraint(
            ["database_id", "process"],
            ["bg_processes.database_id", "bg_processes.uuid"],
            name="fk_bg_exchanges_process",
        ),
    )
    op.create_index("ix_bg_exchanges_flow", "bg_exchanges", ["database_id", "flow"])
    op.create_table(
        "bg_methods",
        _database_id("bg_methods"),
        _key("uuid"),
        _text("name"),
        _key("unit"),
        sa.PrimaryKeyConstraint("database_id", "uuid", name="pk_bg_methods"),
    )
    op.create_table(
        "bg_factors",
        sa.Column("database_id", sa.Integer, nullable=False),
        _key("method"),
        _key("flow"),
        sa.Column("value", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("database_id", "method", "flow", name="pk_bg_factors"),
        sa.ForeignKeyConstraint(
            ["database_id", "method"],
            ["bg_methods.database_id", "bg_methods.uuid"],
            name="fk_bg_factors_method",
        ),
    )


def _readiness() -> None:
    op.create_table(
        "bg_problems",
        _database_id("bg_problems"),
        sa.Column("position", sa.Integer, nullable=False),
        _key("code"),
        _key("subject"),
        sa.Column("datasets", sa.JSON, nullable=False),
        _text("detail"),
        sa.Column("action", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("database_id", "position", name="pk_bg_problems"),
    )
    op.create_index("ix_bg_problems_subject", "bg_problems", ["database_id", "subject"])
    op.create_index("ix_bg_problems_code", "bg_problems", ["database_id", "code"])
    op.create_table(
        "bg_links",
        _database_id("bg_links"),
        sa.Column("position", sa.Integer, nullable=False),
        _key("consumer"),
        _key("flow"),
        _key("provider"),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("database_id", "position", name="pk_bg_links"),
    )
    op.create_index("ix_bg_links_consumer", "bg_links", ["database_id", "consumer"])


def downgrade() -> None:
    """Drop them, the tables that point to others first."""
    for table in (
        "bg_links",
        "bg_problems",
        "bg_factors",
        "bg_methods",
        "bg_exchanges",
        "bg_processes",
        "bg_flows",
        "bg_databases",
    ):
        op.drop_table(table)
