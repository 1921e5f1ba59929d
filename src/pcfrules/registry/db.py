"""Where the registry lives: the database URL, the engine, sessions and migrations.

SQLite file by default (``pcfrules-registry.db`` in the working folder); PostgreSQL (or any
SQLAlchemy URL) via ``PCFRULES_DATABASE_URL`` or ``--db``. The schema is made and updated
only by the Alembic migrations in ``registry/migrations``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///pcfrules-registry.db"
URL_VARIABLE = "PCFRULES_DATABASE_URL"


def database_url(url: str | None = None) -> str:
    """The URL to use: given, else ``PCFRULES_DATABASE_URL``, else the SQLite default."""
    return url or os.environ.get(URL_VARIABLE) or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    """An engine; SQLite gets foreign keys switched on."""
    engine = create_engine(database_url(url), future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(connection: DBAPIConnection, _record: object) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """Alembic configuration pointing at the packaged migrations."""
    config = Config()
    config.set_main_option(
        "script_location", str(Path(str(resources.files("pcfrules.registry"))) / "migrations")
    )
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def migrate(engine: Engine) -> str:
    """Bring the schema to the newest migration; returns the revision now in force."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return current_revision(engine)


def current_revision(engine: Engine) -> str:
    """The migration the database is at ('' for a new database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() or ""


def head_revision(engine: Engine) -> str:
    """The newest migration shipped."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head() or ""


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` (objects stay readable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
