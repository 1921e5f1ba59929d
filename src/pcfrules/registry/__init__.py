"""The registry: rule standards through their procedure (the guide's 工作程序 and 制修订程序).

Owns the procedure as a state machine, its persistence (SQLAlchemy 2 + Alembic; SQLite by
default, PostgreSQL via ``PCFRULES_DATABASE_URL``), the audit trail, comment dispositions,
version diffs, what the registry hands out, and the accounts people sign in with. It reads
rules; it never computes footprints.
"""

from __future__ import annotations

from pcfrules.registry.accounts import (
    Accounts,
    AccountView,
    InvitationView,
    SessionView,
    TokenView,
)
from pcfrules.registry.db import database_url, make_engine, migrate
from pcfrules.registry.service import Registry

__all__ = [
    "AccountView",
    "Accounts",
    "InvitationView",
    "Registry",
    "SessionView",
    "TokenView",
    "database_url",
    "make_engine",
    "migrate",
]
