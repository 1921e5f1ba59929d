"""How the platform is configured: the database, the Dask scheduler, cookies and limits.

Read once from the environment when the app is made (``Settings.from_env``); tests build
their own. The database is the registry's (one SQLAlchemy database, one Alembic history).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pcfrules.registry.db import database_url

SCHEDULER_VARIABLE = "PCFRULES_DASK_SCHEDULER"
SECURE_VARIABLE = "PCFRULES_COOKIE_SECURE"  # "0" only behind plain HTTP on another host
UPLOAD_MIB = 20  # the largest request body (a filled workbook), in MiB


@dataclass(frozen=True)
class Settings:
    """What one running platform is configured with."""

    database_url: str
    dask_scheduler: str | None = None  # None: an in-process LocalCluster
    secure_cookies: bool = True  # browsers keep Secure cookies on http://127.0.0.1 too
    max_body_bytes: int = UPLOAD_MIB * 1024 * 1024
    session_hours: int = 12

    @classmethod
    def from_env(cls, url: str | None = None) -> Settings:
        """Settings from ``PCFRULES_DATABASE_URL``, ``PCFRULES_DASK_SCHEDULER`` and friends."""
        return cls(
            database_url=database_url(url),
            dask_scheduler=os.environ.get(SCHEDULER_VARIABLE) or None,
            secure_cookies=os.environ.get(SECURE_VARIABLE, "1") != "0",
        )
