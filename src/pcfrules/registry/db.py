"""Where the registry lives: the database URL, the engine, sessions and migrations.

SQLite file by default (``pcfrules-registry.db`` in the working folder); PostgreSQL (or any
SQLAlchemy URL) via ``PCFRULES_DATABASE_URL`` or ``--db``. The schema is made and updated
only by the Alembic migrations in ``registry/migrations``.

A registry step must check the state and write it in one transaction that no other writer
can interleave with. PostgreSQL locks the standard's row (``SELECT … FOR UPDATE``); SQLite
has no row locks, so a step's transaction starts with ``BEGIN IMMEDIATE`` (the database's
write lock, taken before the first read) — see ``writer``. The Python driver's own implicit
transactions are switched off so that pcfrules, not the driver, decides how each begins.
"""

from __future__ import annotations

import functools
import os
import weakref
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pcfrules.errors import DatabaseError, Location

DEFAULT_URL = "sqlite:///pcfrules-registry.db"
URL_VARIABLE = "PCFRULES_DATABASE_URL"
SQLITE_BUSY_SECONDS = 30  # how long a SQLite step waits for another writer before refusing
IMMEDIATE = "pcfrules_immediate"  # execution option: begin the SQLite transaction IMMEDIATE


def database_url(url: str | None = None) -> str:
    """The URL to use: given, else ``PCFRULES_DATABASE_URL``, else the SQLite default."""
    return url or os.environ.get(URL_VARIABLE) or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    """An engine that has connected once; SQLite's with foreign keys and a busy wait.

    On SQLite pcfrules begins the transactions itself (``BEGIN IMMEDIATE`` for a step's
    writes, see :func:`writer`).

    Text that is no database URL, a driver that is not installed, a SQLite file in a folder
    that does not exist or a server that does not answer is a :class:`DatabaseError`
    naming the URL (its password hidden), said before any command does its work.
    """
    text = database_url(url)
    try:
        sqlite = make_url(text).get_backend_name() == "sqlite"
        options = {"connect_args": {"timeout": SQLITE_BUSY_SECONDS}} if sqlite else {}
        engine = create_engine(text, **options)
    except (ArgumentError, ValueError) as exc:  # a missing driver is an ArgumentError too
        raise _unusable(
            text, "不是数据库地址，或缺少其驱动", "not a database URL, or no driver for it"
        ) from exc
    if sqlite:
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        folder = Path(engine.url.database or "").expanduser().parent
        if engine.url.database not in (None, "", ":memory:") and not folder.is_dir():
            raise _unusable(text, f"文件夹 {folder} 不存在", f"there is no folder {folder}")
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise _unusable(text, f"无法连接（{reason}）", f"cannot connect ({reason})") from exc
    return engine


def _unusable(url: str, zh: str, en: str) -> DatabaseError:
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        shown = url.split("@")[-1]  # whatever it is, never a password before an @
    return DatabaseError(
        zh=f"无法打开数据库 {shown}：{zh}",
        en=f"cannot open the database {shown}: {en}",
        location=Location(path="--db"),
    )


def existing_engine(url: str | None = None) -> Engine | None:
    """The database if it is there and at the newest migration; None for no SQLite file.

    What only reads (a study looking up a background dataset) must not leave an empty SQLite
    file behind; a database that is there but behind the code is said, not migrated.
    """
    text = database_url(url)
    try:
        parsed = make_url(text)
    except ArgumentError:
        parsed = None
    if parsed is not None and parsed.get_backend_name() == "sqlite":
        name = parsed.database or ""
        if name in ("", ":memory:") or not Path(name).expanduser().is_file():
            return None
    engine = make_engine(text)
    if not at_head(engine):
        raise not_initialised()
    return engine


def not_initialised() -> DatabaseError:
    """The refusal of a database that is missing, not initialised or behind the code."""
    return DatabaseError(
        zh="数据库不存在、未初始化或版本过旧：请先运行 pcfrules registry init",
        en="the database is missing, not initialised or out of date: run 'pcfrules registry init'",
        location=Location(path="--db"),
    )


def writer(engine: Engine) -> Engine:
    """The same engine, its SQLite transactions begun IMMEDIATE (a registry step's writes)."""
    return engine.execution_options(**{IMMEDIATE: True})


def _sqlite_connect(connection: DBAPIConnection, _record: object) -> None:
    """Foreign keys on; the driver's implicit BEGIN off (``_sqlite_begin`` emits it)."""
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """BEGIN IMMEDIATE for a step (the write lock first), a plain BEGIN for reading."""
    immediate = connection.get_execution_options().get(IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _migrations() -> str:
    return str(Path(str(resources.files("pcfrules.registry"))) / "migrations")


def alembic_config(engine: Engine) -> Config:
    """Alembic configuration pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", _migrations())
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
    return _shipped_head()


@functools.cache
def _shipped_head() -> str:
    """Read once per process: Alembic walks the migration files on disk to find it."""
    config = Config()
    config.set_main_option("script_location", _migrations())
    return ScriptDirectory.from_config(config).get_current_head() or ""


_AT_HEAD: weakref.WeakSet[Engine] = weakref.WeakSet()


def at_head(engine: Engine) -> bool:
    """Whether the database is at the newest migration; once found so, not asked again.

    A registry is made for every request of the platform; the schema does not go back under
    a running process, so one look per engine is enough.
    """
    if engine in _AT_HEAD:
        return True
    if current_revision(engine) != head_revision(engine):
        return False
    _AT_HEAD.add(engine)
    return True


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` (objects stay readable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
