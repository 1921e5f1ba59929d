"""What a running platform holds: its settings, the database, and the rooms' services.

Made once in the app's lifespan and handed to every page and endpoint by dependency
injection (``deps.services``); the job runner (Dask) is closed when the app stops.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from pcfrules.jobs.runner import JobRunner
from pcfrules.registry import Accounts, Registry, make_engine, migrate
from pcfrules.spaces import Spaces
from pcfrules.web.settings import Settings


@dataclass
class Services:
    """The platform's one database and the services over it."""

    settings: Settings
    engine: Engine
    accounts: Accounts
    spaces: Spaces
    runner: JobRunner

    @classmethod
    def start(cls, settings: Settings) -> Services:
        """Open (and migrate) the database and start the job runner."""
        engine = make_engine(settings.database_url)
        migrate(engine)
        runner = JobRunner(settings.database_url, settings.dask_scheduler)
        return cls(settings, engine, Accounts(engine), Spaces(engine, runner), runner)

    def registry(self, person: str | None = None) -> Registry:
        """The registry, acting as ``person`` (the signed-in person's registered name)."""
        return Registry(self.engine, person=person)

    def close(self) -> None:
        """Stop the job runner and release the database's connections."""
        self.runner.close()
        self.engine.dispose()
